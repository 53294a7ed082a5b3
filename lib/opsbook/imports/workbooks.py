"""Excel exports (.xlsx and legacy .xls), read by calamine after the checks that keep a hostile
workbook from taking the machine down (:mod:`opsbook.imports.xlsx_checks`,
:mod:`opsbook.imports.xls_checks`).

Only the first sheet is read. Cells become the text the user sees (whole numbers without ".0",
dates in ISO); only the columns asked for are turned into text, so a wide sheet costs little.
A formula that was never calculated (a file written by a program, not saved by Excel) has no
value: its cell is marked :data:`~opsbook.imports.sheet.FORMULA` and reported as such.
"""

import math
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pyarrow as pa

from opsbook.core.errors import DatasetError
from opsbook.core.i18n import pick
from opsbook.imports.sheet import FORMULA, PREVIEW_ROWS, Cells, Sheet
from opsbook.imports.xls_checks import check_xls
from opsbook.imports.xlsx_checks import MAX_SHEET_CELLS, check_xlsx, too_large

EXACT_DIGITS = 15  # a spreadsheet number keeps at most 15 significant digits
MAX_WORKBOOK_BYTES = 200_000_000  # Excel caps a sheet at ~1M rows; larger exports come as CSV


def _excel_text(value) -> str:
    """A spreadsheet cell as the text the user sees (whole numbers without ".0", dates in ISO);
    a whole number beyond 15 digits has lost digits and keeps its scientific form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)  # "nan", "inf": reported as not a number
        if value.is_integer() and abs(value) < 10**EXACT_DIGITS:
            return str(int(value))
        return repr(value) if abs(value) < 10**EXACT_DIGITS else f"{value:.5E}"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**EXACT_DIGITS else f"{float(value):.5E}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def _damaged(shown: str, error: Exception) -> DatasetError:
    detail = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
    return DatasetError(
        pick(
            f"{shown}: the workbook cannot be opened ({detail}) — open it in Excel or WPS and "
            "save it again as .xlsx.",
            f"{shown}：无法打开这个工作簿（{detail}）— 请用 Excel 或 WPS 打开，重新另存为 .xlsx。",
        )
    )


def open_workbook(path: Path, shown: str, kind: str) -> Sheet:
    """The first sheet of a workbook; ``kind`` is "zip" (an .xlsx) or "xls"."""
    from python_calamine import CalamineWorkbook

    size = path.stat().st_size
    if size > MAX_WORKBOOK_BYTES:
        raise DatasetError(
            pick(
                f"{shown}: the workbook is {size / 1e6:,.0f} MB, more than the course reads "
                f"({MAX_WORKBOOK_BYTES / 1e6:,.0f} MB) — export the report as CSV instead.",
                f"{shown}：工作簿有 {size / 1e6:,.0f} MB，超过本课程能读取的 "
                f"{MAX_WORKBOOK_BYTES / 1e6:,.0f} MB — 请改为导出 CSV。",
            )
        )
    data = path.read_bytes()
    if kind == "zip":
        kind, formulas = "xlsx", check_xlsx(data, shown)
    else:
        formulas = {}
        check_xls(data, shown)
    try:
        book = CalamineWorkbook.from_path(str(path))
        found = book.get_sheet_by_index(0)
    except Exception as error:  # calamine raises its own types (and ValueError) for broken files
        raise _damaged(shown, error) from None
    height, width = found.total_height, found.total_width
    if height * width > MAX_SHEET_CELLS:  # the checks above bound this; a last guard
        raise too_large(shown, height, width)
    offset = found.start[1] if found.start else 0  # calamine leaves out empty columns on the left

    def rows():
        return enumerate(found.iter_rows())

    def cell(index: int, row: list, column: int) -> str:
        marked = formulas.get((index, column))
        if marked is not None:
            return FORMULA + marked
        j = column - offset
        return _excel_text(row[j]) if 0 <= j < len(row) else ""

    preview = []
    for index, row in rows():
        if index >= PREVIEW_ROWS:
            break
        used = max([offset + len(row)] + [c + 1 for r, c in formulas if r == index])
        preview.append([cell(index, row, c) for c in range(used)])
    sheet = Sheet(shown, kind, "", preview)

    def read(sheet: Sheet, columns: list[int]) -> Cells:
        body: dict[str, list[str]] = {f"c{i}": [] for i in columns}
        lists = [(body[f"c{i}"], i) for i in columns]
        for index, row in rows():
            if index <= sheet.header_index:
                continue
            for out, column in lists:
                out.append(cell(index, row, column))
        schema = pa.schema([(k, pa.string()) for k in body])
        return Cells(pa.table(body, schema=schema), sheet.header_index + 2, formulas=bool(formulas))

    sheet.read_columns = read
    return sheet

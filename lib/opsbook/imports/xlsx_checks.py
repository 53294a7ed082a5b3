"""Checks of an .xlsx file before calamine opens it, which would otherwise trust it:

- the archive's parts must not unpack past :data:`MAX_UNZIPPED_BYTES` (a 1.5 MB file can unpack
  to gigabytes; :func:`opsbook.core.bounds.zip_members`);
- the shared-strings count must fit the part (calamine reserves memory for the count given);
- the first sheet must span at most :data:`MAX_SHEET_CELLS` cells from A1 to its farthest cell
  (calamine allocates the whole rectangle: one stray value at XFD1048576 asks for 512 GB). The
  declared size (``<dimension>``) is checked first; the cells themselves are then scanned for
  one beyond the size seen, with a pattern that matches only such cells, so the scan runs at
  the speed of a text search;
- formulas without a calculated value are found, so their cells are named as such instead of
  being read as empty.
"""

import html
import io
import re
import zipfile
import zlib
from xml.etree import ElementTree

import pyarrow as pa
import pyarrow.compute as pc

from opsbook.core.bounds import zip_members
from opsbook.core.errors import DatasetError
from opsbook.core.i18n import pick
from opsbook.imports.sheet import column_letter

MAX_UNZIPPED_BYTES = 300_000_000  # ~100,000 rows of 40 columns unpack to about 150 MB
MAX_SHEET_CELLS = 10_000_000  # rows × columns from A1 to the farthest cell
MAX_PART_BYTES = 10_000_000  # the workbook's list of sheets and its links
MAX_FORMULAS = 10_000  # uncalculated formulas marked one by one; more: the file is refused
CHUNK_BYTES = 4 * 1024 * 1024
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=[\"']([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?")
_REF = re.compile(rb"""\sr=["']([A-Z]{0,4})([0-9]{1,9})["']""")
_UNCALCULATED = re.compile(
    rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?"
    rb"\s*</(?:\w+:)?c>"
)
_CELL_START = re.compile(rb"<(?:\w+:)?c(\s[^>]*)?>")
_FORMULA_TEXT = re.compile(rb"<(?:\w+:)?f\b[^>]*>([^<]*)")
_UNIQUE_COUNT = re.compile(rb"""uniqueCount\s*=\s*["']\s*(\d+)""")


def _column_number(letters: bytes | str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter if isinstance(letter, int) else ord(letter)) - 64
    return number


def too_large(shown: str, rows: int, columns: int) -> DatasetError:
    corner = f"{column_letter(max(columns, 1) - 1)}{rows}"
    return DatasetError(
        pick(
            f"{shown}: the sheet reaches cell {corner} ({rows:,} rows × {columns:,} columns), "
            f"more than the course reads ({MAX_SHEET_CELLS:,} cells) — most often one stray "
            "value or format far below or right of the table. In Excel or WPS press Ctrl+End to "
            "jump to it, delete the empty rows and columns up to it, save, and import again; a "
            "table really this large, export as CSV.",
            f"{shown}：工作表一直延伸到 {corner} 单元格（{rows:,} 行 × {columns:,} 列），超过本课程"
            f"能读取的 {MAX_SHEET_CELLS:,} 个单元格 — 多半是表格右下方很远处有一个误填的值或格式。"
            "请在 Excel 或 WPS 里按 Ctrl+End 跳到那里，删除表格与它之间的空行和空列，保存后再导入；"
            "如果表格确实这么大，请导出为 CSV。",
        )
    )


def _refuse(shown: str, what: tuple[str, str], fix: tuple[str, str]) -> DatasetError:
    return DatasetError(pick(f"{shown}: {what[0]} — {fix[0]}", f"{shown}：{what[1]} — {fix[1]}"))


_RESAVE = (
    "open it in Excel or WPS, save it as .xlsx, and import that file.",
    "请用 Excel 或 WPS 打开，另存为 .xlsx 后再导入。",
)


def check_xlsx(data: bytes, shown: str) -> dict[tuple[int, int], str]:
    """Refuse an archive that is not a workbook the course can read safely; return the cells
    (0-based row, column) of the first sheet holding a formula without a value, with it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = zip_members(
                archive,
                shown,
                DatasetError,
                pick("workbook", "工作簿"),
                pick(
                    "this is not an export the course can read; export the report as CSV.",
                    "这不是本课程能读取的导出；请把报表导出为 CSV。",
                ),
                limit=MAX_UNZIPPED_BYTES,
            )
            names = {part.filename: part for part in parts}
            book = _workbook_part(archive, names, shown)
            folder = book.rsplit("/", 1)[0] + "/" if "/" in book else ""
            _check_shared_strings(archive, names, shown)
            formulas: dict[tuple[int, int], str] = {}
            for sheet in _first_sheet(archive, names, book, folder):
                formulas |= _scan_sheet(archive, sheet, shown)
            return formulas
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise _refuse(
            shown,
            (f"the workbook is damaged ({error})", f"工作簿已损坏（{error}）"),
            _RESAVE,
        ) from None


def _workbook_part(archive: zipfile.ZipFile, names: dict, shown: str) -> str:
    """The workbook's own part (xl/workbook.xml), or a refusal saying what the archive is."""
    if "xl/workbook.xml" in names:
        return "xl/workbook.xml"
    rels = _small(archive, names, "_rels/.rels")
    if rels is not None:
        for element in _elements(rels, "Relationship"):
            if element.get("Type", "").endswith("/officeDocument"):
                target = element.get("Target", "").lstrip("/")
                if target in names and target.endswith(".xml"):
                    return target
    if any(name.endswith(".bin") and name.startswith("xl/") for name in names):
        what = ("an Excel binary workbook (.xlsb)", "这是 Excel 二进制工作簿（.xlsb）")
    elif "content.xml" in names:
        what = ("an OpenDocument spreadsheet (.ods)", "这是 OpenDocument 表格（.ods）")
    elif "word/document.xml" in names:
        what = ("a Word document, not a table", "这是 Word 文档，不是表格")
    else:
        raise _refuse(
            shown,
            ("a zip archive, not an Excel workbook", "这是压缩包，不是 Excel 工作簿"),
            ("unpack it and import the export inside.", "请先解压，再导入里面的导出文件。"),
        )
    raise _refuse(shown, what, _RESAVE)


def _small(archive: zipfile.ZipFile, names: dict, name: str) -> bytes | None:
    part = names.get(name)
    if part is None or part.file_size > MAX_PART_BYTES:
        return None
    return archive.read(part)


def _elements(xml: bytes, local: str) -> list[ElementTree.Element]:
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return []
    return [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == local]


def _first_sheet(archive: zipfile.ZipFile, names: dict, book: str, folder: str) -> list[str]:
    """The part of the workbook's first sheet (the one read); every sheet part when the
    workbook does not say clearly, so that nothing calamine reads goes unchecked."""
    every = [n for n in names if "worksheets/" in n and n.endswith(".xml") and "_rels" not in n]
    sheets = _elements(_small(archive, names, book) or b"", "sheet")
    rels_name = f"{folder}_rels/{book.rsplit('/', 1)[-1]}.rels"
    rels = _elements(_small(archive, names, rels_name) or b"", "Relationship")
    if not sheets or not rels:
        return every
    first = next((v for k, v in sheets[0].attrib.items() if k.endswith("}id")), None)
    for rel in rels:
        if rel.get("Id") == first:
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else folder + target
            if target in names:
                return [target]
    return every


def _check_shared_strings(archive: zipfile.ZipFile, names: dict, shown: str) -> None:
    """calamine reserves memory for the count of texts the part declares: every count written
    in the part (one hidden after a comment too) must fit the part."""
    for name, part in names.items():
        if not name.lower().endswith("sharedstrings.xml"):
            continue
        claimed, tail = 0, b""
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                data = tail + chunk
                claimed = max([claimed, *map(int, _UNIQUE_COUNT.findall(data))])
                tail = data[-64:]
        # each text takes at least "<si/>" (5 bytes): a larger count is not this part's
        if claimed > max(part.file_size // 5, 1000):
            raise _refuse(
                shown,
                (
                    f"the workbook's list of texts claims {claimed:,} entries but holds far "
                    "fewer (it is damaged or made to crash readers)",
                    f"工作簿的文字表声称有 {claimed:,} 条，实际远没有这么多"
                    "（文件已损坏，或是故意做成让软件崩溃的）",
                ),
                _RESAVE,
            )


def _chunks(archive: zipfile.ZipFile, name: str):
    """The sheet part in pieces that end at a row's end tag (so a cell is never cut)."""
    tail = b""
    with archive.open(name) as stream:
        while True:
            chunk = stream.read(CHUNK_BYTES)
            data = tail + chunk
            if not chunk:
                if data:
                    yield data
                return
            cut = data.rfind(b"row>")
            cut = cut + 4 if cut >= 0 else data.rfind(b"<")
            if cut <= 0:
                cut = len(data)
            yield data[:cut]
            tail = data[cut:]


def _greater(limit: str, alphabet: str) -> str:
    """A pattern for the strings of ``alphabet`` (digits or letters, most significant first)
    that stand for a number above ``limit``'s."""
    cls = f"[{alphabet[0]}-{alphabet[-1]}]"
    options = [f"{cls}{{{len(limit) + 1},}}"]
    for i, char in enumerate(limit):
        higher = alphabet[alphabet.index(char) + 1 :]
        if higher:
            options.append(f"{limit[:i]}[{higher[0]}-{higher[-1]}]{cls}{{{len(limit) - i - 1}}}")
    return "(?:" + "|".join(options) + ")"


def _beyond(columns: int, rows: int) -> str:
    """A pattern (RE2) for a cell or row reference beyond ``columns`` columns or ``rows`` rows;
    a match that is no cell only costs the full count."""
    letters = _greater(column_letter(columns - 1), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    digits = _greater(str(rows), "0123456789")
    return r"""r=["'](?:""" + letters + "[0-9]|[A-Z]{0,4}" + digits + r"""["'])"""


def _finds(data: bytes, pattern: str) -> bool:
    """Whether ``pattern`` occurs in ``data``: RE2 (through pyarrow) scans a sheet about five
    times as fast as Python's re for this pattern."""
    return pc.match_substring_regex(pa.array([data], pa.binary()), pattern)[0].as_py()


def _scan_sheet(archive: zipfile.ZipFile, name: str, shown: str) -> dict[tuple[int, int], str]:
    with archive.open(name) as stream:
        start = stream.read(64 * 1024)
    declared = _DIMENSION.search(start)
    columns = rows = 1
    if declared:
        columns = _column_number(declared.group(3) or declared.group(1))
        rows = int(declared.group(4) or declared.group(2))
        if columns * rows > MAX_SHEET_CELLS:
            raise too_large(shown, rows, columns)
    seen = [_column_number(c) for c, _ in _REF.findall(start) if c]
    columns = max([columns, 26, *seen])
    # a quick pass with a pattern matching only cells beyond columns × (cells / columns); the
    # full count of every cell only when one is found
    beyond = _beyond(columns, MAX_SHEET_CELLS // columns)
    formulas: dict[tuple[int, int], str] = {}
    for data in _chunks(archive, name):
        if _finds(data, beyond):
            return _scan_every_cell(archive, name, shown)
        _formulas(data, formulas, shown)
    return formulas


def _scan_every_cell(archive: zipfile.ZipFile, name: str, shown: str) -> dict:
    columns = rows = 0
    formulas: dict[tuple[int, int], str] = {}
    for data in _chunks(archive, name):
        refs = _REF.findall(data)
        letters = {c for c, _ in refs if c}
        if letters:
            columns = max(columns, max(map(_column_number, letters)))
        if refs:
            rows = max(rows, max(int(r) for _, r in refs))
        if rows * max(columns, 1) > MAX_SHEET_CELLS:
            raise too_large(shown, rows, max(columns, 1))
        _formulas(data, formulas, shown)
    return formulas


def _formulas(data: bytes, found: dict[tuple[int, int], str], shown: str) -> None:
    """Add the cells of ``data`` holding a formula without a value (a text result written as
    an empty string, t="str", is a value)."""
    if b"f>" not in data and b"<f " not in data and b":f " not in data:
        return
    for match in _UNCALCULATED.finditer(data):
        window = data[max(0, match.start() - 4096) : match.start()]
        opening = list(_CELL_START.finditer(window))
        attributes = (opening[-1].group(1) or b"") if opening else b""
        if re.search(rb"""\st=["']str["']""", attributes):
            continue
        ref = _REF.search(attributes)
        if not ref or not ref.group(1) or len(found) >= MAX_FORMULAS:
            raise _refuse(
                shown,
                (
                    "the workbook holds formulas whose values were never calculated (it was "
                    "written by a program, not saved by Excel)",
                    "工作簿里的公式从未计算过（文件是程序生成的，没有用 Excel 保存过）",
                ),
                (
                    "open it in Excel or WPS (they calculate on opening), save it, and import it "
                    "again.",
                    "请用 Excel 或 WPS 打开（打开时会计算），保存后再导入。",
                ),
            )
        text = _FORMULA_TEXT.findall(
            window[opening[-1].start() :] + data[match.start() : match.end()]
        )
        formula = html.unescape(text[-1].decode("utf-8", "replace")) if text else ""
        found[(int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1)] = formula

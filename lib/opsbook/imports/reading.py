"""Reading an export as it comes: CSV in any of the encodings platforms use, or Excel (.xlsx and
legacy .xls), with title rows above the header and a summary row below the data.

The result is a :class:`Sheet`: the header row's cells (as written and normalised), the rows
above it, and a function that reads the chosen columns as a table of text. Cells are not
interpreted here (:mod:`opsbook.imports.cleaning` does that); they are only decoded.

Large CSV files are read by pyarrow's multi-threaded reader with every column as raw bytes: the
delimiter, quote and newline bytes never occur inside a GB18030 character, so a GB18030 file
splits into cells without being decoded, and only the cells of the columns kept are decoded
(ASCII-only columns such as amounts and times at C speed, text columns once per distinct value).
"""

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
from charset_normalizer import from_bytes

from opsbook.errors import DatasetError

PREVIEW_BYTES = 256 * 1024  # enough for the title rows, the header and a few dozen rows
PREVIEW_ROWS = 40  # the header is looked for in these first rows
BLOCK_BYTES = 8 * 1024 * 1024  # pyarrow's block: two cores stay busy on a 300 MB file
GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn"}
EXACT_DIGITS = 15  # a spreadsheet number keeps at most 15 significant digits


@dataclass
class Sheet:
    """An export opened and looked at: where its header is and how to read its columns."""

    name: str  # the file name as the user gave it
    format: str  # "csv", "xlsx" or "xls"
    encoding: str  # of a CSV file; "" for Excel
    preview: list[list[str]]  # the first rows, as text
    header_index: int = -1  # index of the header row in ``preview`` (set by the detector)
    read_columns: Callable[["Sheet", list[int]], "Cells"] | None = field(default=None, repr=False)

    @property
    def header(self) -> list[str]:
        return self.preview[self.header_index]

    @property
    def title_rows(self) -> list[str]:
        """The rows above the header, each as one line of text (they often give the period)."""
        return [" ".join(c for c in row if c) for row in self.preview[: self.header_index]]

    def cells(self, columns: list[int]) -> "Cells":
        """The data rows below the header, the given columns only, as text."""
        assert self.read_columns is not None and self.header_index >= 0
        return self.read_columns(self, columns)


@dataclass
class Cells:
    table: pa.Table  # one text column per asked column, named by its index: "c0", "c7" …
    first_row: int  # the row number (1-based, as a spreadsheet shows it) of the table's row 0
    malformed: list[str]  # rows with the wrong number of cells, as text


def normalise_header(text: str) -> str:
    """A header as compared with a profile's: full-width forms made half-width (（元） → (元)),
    spaces and a byte-order mark removed, letters in lower case."""
    text = unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "")
    return re.sub(r"\s+", "", text).lower()


def open_export(path: Path, name: str | None = None) -> Sheet:
    """Open a CSV or Excel export (told apart by its first bytes, not its file name)."""
    path = Path(path)
    shown = name or path.name
    try:
        with open(path, "rb") as handle:
            head = handle.read(PREVIEW_BYTES)
    except OSError as error:
        raise DatasetError(f"{shown}: cannot be read ({error.strerror}).") from None
    if not head.strip():
        raise DatasetError(f"{shown}: the file is empty — export it again from the platform.")
    if head.startswith(b"PK\x03\x04"):
        return _open_excel(path, shown, "xlsx")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _open_excel(path, shown, "xls")
    if head.lstrip()[:1] == b"<":
        raise DatasetError(
            f"{shown}: this is a web page (HTML) saved with a spreadsheet's name, not a table "
            "file — open it in Excel or WPS, save it as .xlsx, and import that file."
        )
    return _open_csv(path, shown, head)


def detect_encoding(sample: bytes) -> str:
    """The encoding of a CSV file from its first bytes: a byte-order mark decides, valid UTF-8
    is UTF-8, else charset-normalizer's best guess; the Chinese national encodings all read as
    GB18030 (it contains GB2312 and GBK)."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    cut = sample[: sample.rfind(b"\n") + 1] or sample  # never judge half a character
    try:
        cut.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(cut).best()
    guess = best.encoding.lower() if best else ""
    if guess in GB_FAMILY or not guess:
        return "gb18030"
    return guess


def _delimiter(lines: list[str]) -> str:
    counts = {d: sum(line.count(d) for line in lines) for d in (",", "\t", ";")}
    return max(counts, key=counts.get)


def _open_csv(path: Path, shown: str, head: bytes) -> Sheet:
    encoding = detect_encoding(head)
    if len(head) == PREVIEW_BYTES:
        head = head[: head.rfind(b"\n") + 1] or head
    text = head.decode(encoding, errors="replace")
    delimiter = _delimiter(text.splitlines()[:PREVIEW_ROWS])
    preview = list(csv.reader(io.StringIO(text), delimiter=delimiter))[:PREVIEW_ROWS]
    preview = [[c.strip() for c in row] for row in preview]
    sheet = Sheet(shown, "csv", encoding, preview)
    sheet.read_columns = lambda sheet, columns: _read_csv(path, sheet, columns, delimiter)
    return sheet


def _data_start(head: bytes, rows: int) -> int:
    """The byte offset just after the first ``rows`` lines (title rows and the header)."""
    offset = 0
    for _ in range(rows):
        found = head.find(b"\n", offset)
        if found < 0:
            return len(head)
        offset = found + 1
    return offset


def _read_csv(path: Path, sheet: Sheet, columns: list[int], delimiter: str) -> Cells:
    malformed: list[str] = []

    def skip(row) -> str:
        malformed.append(row.text[:120])
        return "skip"

    names = [f"c{i}" for i in range(len(sheet.header))]
    kept = [f"c{i}" for i in columns]
    if sheet.encoding in ("utf-8", "utf-8-sig", "gb18030"):
        # read in place (memory-mapped by pyarrow): a 300 MB export is not copied
        whole = pa.memory_map(str(path)).read_buffer()
        with open(path, "rb") as handle:
            head = handle.read(PREVIEW_BYTES)
    else:  # UTF-16 and rarer encodings: decoded whole (such files are small)
        data = path.read_bytes().decode(sheet.encoding).encode("utf-8")
        whole, head = pa.py_buffer(data), data[:PREVIEW_BYTES]
    start = _data_start(head, sheet.header_index + 1)
    try:
        table = pcsv.read_csv(
            pa.BufferReader(whole.slice(start)),
            read_options=pcsv.ReadOptions(column_names=names, block_size=BLOCK_BYTES),
            parse_options=pcsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, invalid_row_handler=skip
            ),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(kept, pa.binary()),
                include_columns=kept,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as error:
        raise DatasetError(
            f"{sheet.name}: the rows below the header cannot be split into cells "
            f"({str(error).splitlines()[0]}) — export the file again, or save it from "
            "Excel as CSV."
        ) from None
    encoding = "gb18030" if sheet.encoding == "gb18030" else "utf-8"
    with ThreadPoolExecutor(2) as pool:  # pyarrow's dictionary encoding runs beside a decode
        decoded = dict(
            zip(kept, pool.map(lambda n: _decode(table[n], encoding), kept), strict=True)
        )
    return Cells(pa.table(decoded), sheet.header_index + 2, malformed)


def _decode(column: pa.ChunkedArray, encoding: str) -> pa.ChunkedArray:
    """Raw cell bytes as text: a plain check where every cell is ASCII or UTF-8, else each
    distinct value decoded once (text columns repeat: statuses, channels, titles, buyers)."""
    try:
        return pc.cast(column, pa.string())
    except pa.ArrowInvalid:
        if encoding == "utf-8":
            raise
    encoded = column.combine_chunks().dictionary_encode()
    values = encoded.dictionary.to_pylist()
    # one decode for all distinct values: NUL never occurs inside a character of these
    # encodings, so it separates them (a value holding NUL itself is decoded on its own)
    joined = b"\0".join(values).decode(encoding, errors="replace").split("\0")
    if len(joined) != len(values):
        joined = [v.decode(encoding, errors="replace") for v in values]
    return pa.chunked_array([pc.take(pa.array(joined, pa.string()), encoded.indices)])


def _excel_text(value) -> str:
    """A spreadsheet cell as the text the user sees (whole numbers without ".0", dates in ISO);
    a whole number beyond 15 digits has lost digits and keeps its scientific form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 10**EXACT_DIGITS:
            return str(int(value))
        return repr(value) if abs(value) < 10**EXACT_DIGITS else f"{value:.5E}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def _open_excel(path: Path, shown: str, kind: str) -> Sheet:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises its own types for broken workbooks
        raise DatasetError(
            f"{shown}: the workbook cannot be opened ({error}) — open it in Excel or WPS and "
            "save it again as .xlsx."
        ) from None
    text_rows = [[_excel_text(v) for v in row] for row in rows]
    sheet = Sheet(shown, kind, "", text_rows[:PREVIEW_ROWS])

    def read(sheet: Sheet, columns: list[int]) -> Cells:
        body = text_rows[sheet.header_index + 1 :]
        data = {f"c{i}": [row[i] if i < len(row) else "" for row in body] for i in columns}
        return Cells(
            pa.table(data, schema=pa.schema([(k, pa.string()) for k in data])),
            sheet.header_index + 2,
            [],
        )

    sheet.read_columns = read
    return sheet

"""CSV exports: the encoding (:mod:`opsbook.imports.charsets`), the delimiter, the first rows as
a preview, and the columns asked for as text.

Large files are read by pyarrow's multi-threaded reader with every column as raw bytes: the
delimiter, quote and newline bytes never occur inside a GB18030 character, so a GB18030 file
splits into cells without being decoded, and only the cells of the columns kept are decoded
(ASCII-only columns such as amounts and times at C speed, text columns once per distinct value).
A cell whose bytes are not text of the file's encoding is named with its row, never replaced.

Lines may end in LF, CRLF or CR alone (Excel for Mac). pyarrow skips blank lines and, here, rows
with the wrong number of cells; when a row must be named and such lines exist, the rows are
counted again in Python (:func:`_numbering`), so the row named is the row in the file.
"""

import contextlib
import csv
import io
import mmap
import re
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from opsbook.core.errors import DatasetError
from opsbook.core.i18n import pick
from opsbook.imports.charsets import GB_FAMILY, detect_encoding, mixed_lines
from opsbook.imports.sheet import (
    PREVIEW_BYTES,
    PREVIEW_ROWS,
    Cells,
    Numbering,
    Sheet,
    column_letter,
)

BLOCK_BYTES = 8 * 1024 * 1024  # pyarrow's block: two cores stay busy on a 300 MB file
MAX_DECODED_BYTES = 300_000_000  # UTF-16 and rarer encodings are decoded whole
IN_PLACE = ("utf-8", "utf-8-sig", "gb18030")  # read as bytes, straight from the file
MAX_NOTES = 3  # rows below the table with fewer cells (a total, the export time) are notes
MAX_NOTE = 200  # characters of such a note
TAIL_BYTES = 64 * 1024
_LINE_END = re.compile(rb"\r\n|\n|\r")


class _BadBytes(Exception):
    """A cell's bytes are not text of the file's encoding (``index``: its row in the table)."""

    def __init__(self, index: int):
        self.index = index
        self.column = 0


def _encoding_advice() -> str:
    return pick(
        "the file mixes two text encodings (often two exports pasted together, one saved as "
        'UTF-8 and one as GBK). Save each export on its own as "CSV UTF-8" in Excel or WPS and '
        "import them one by one.",
        "文件里混用了两种文字编码（常见于把两份导出粘贴在一起，一份是 UTF-8、一份是 GBK）。"
        "请在 Excel 或 WPS 里把每份导出分别另存为“CSV UTF-8”，再逐个导入。",
    )


def _delimiter(lines: list[str]) -> str:
    counts = {d: sum(line.count(d) for line in lines) for d in (",", "\t", ";")}
    return max(counts, key=counts.get)


def open_text(path: Path, shown: str, head: bytes) -> Sheet:
    encoding = detect_encoding(head)
    complete = len(head) < PREVIEW_BYTES
    if b"\0" in head and not encoding.startswith("utf-16"):
        raise DatasetError(
            pick(
                f"{shown}: the file holds binary data (NUL bytes), so it is not a CSV or Excel "
                "export — export the report again from the platform.",
                f"{shown}：文件里有二进制数据（NUL 字节），不是 CSV 或 Excel 导出 — 请在平台上"
                "重新导出报表。",
            )
        )
    if encoding not in ("utf-16", "utf-16-le", "utf-16-be"):
        mixed = mixed_lines(head)
        if mixed:
            raise DatasetError(
                pick(
                    f"{shown}: line {mixed[0]} is written in UTF-8 but line {mixed[1]} in "
                    f"another encoding — {_encoding_advice()}",
                    f"{shown}：第 {mixed[0]} 行是 UTF-8 编码，第 {mixed[1]} 行却是另一种编码 — "
                    f"{_encoding_advice()}",
                )
            )
    text = head.decode(encoding, errors="replace")
    if not complete:
        end = max(text.rfind("\n"), text.rfind("\r"))
        if end < 0:
            raise DatasetError(
                pick(
                    f"{shown}: the first {PREVIEW_BYTES // 1024} KB hold no line break, so this "
                    "is not a table export — export the report again as CSV or Excel.",
                    f"{shown}：前 {PREVIEW_BYTES // 1024} KB 里没有换行，这不是表格导出 — "
                    "请重新把报表导出为 CSV 或 Excel。",
                )
            )
        text = text[: end + 1]
    delimiter = _delimiter(text.splitlines()[:PREVIEW_ROWS])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        preview = [[c.strip() for c in row] for row in islice(reader, PREVIEW_ROWS)]
    except csv.Error as error:
        raise DatasetError(
            pick(
                f"{shown}, line {reader.line_num}: the row cannot be split into cells ({error}) "
                '— a quote (") left open makes the rest of the file one cell, or this is not a '
                "table export; export the file again.",
                f"{shown}，第 {reader.line_num} 行：无法拆分成单元格（{error}）— 可能有未闭合的"
                '引号（"）把后面的内容都并进了一个单元格，或者这不是表格导出；请重新导出。',
            )
        ) from None
    sheet = Sheet(shown, "csv", encoding, preview)
    sheet.read_columns = lambda sheet, columns: _read_csv(path, sheet, columns, delimiter)
    return sheet


def _data_start(head: bytes, rows: int) -> int:
    """The byte offset just after the first ``rows`` records (title rows and the header): a
    line end inside quotes belongs to its cell."""
    offset = quotes = 0
    for match in _LINE_END.finditer(head):
        quotes += head.count(b'"', offset, match.start())
        offset = match.end()
        if quotes % 2 == 0:
            quotes = 0
            rows -= 1
            if rows == 0:
                return offset
    return len(head)


def _source(path: Path, sheet: Sheet) -> tuple[pa.Buffer, bytes, str]:
    """The file's bytes as pyarrow reads them, its first bytes, and the encoding of its cells."""
    if sheet.encoding in IN_PLACE:
        # read in place (memory-mapped by pyarrow): a 300 MB export is not copied
        whole = pa.memory_map(str(path)).read_buffer()
        head = whole.slice(0, min(PREVIEW_BYTES, whole.size)).to_pybytes()
        return whole, head, _cell_encoding(sheet)
    # UTF-16 and rarer encodings: decoded whole (such files are small)
    if path.stat().st_size > MAX_DECODED_BYTES:
        raise DatasetError(
            pick(
                f"{sheet.name}: a {sheet.encoding} file this large cannot be read — save it in "
                'Excel or WPS as "CSV UTF-8" and import that file.',
                f"{sheet.name}：这么大的 {sheet.encoding} 文件无法读取 — 请在 Excel 或 WPS 里"
                "另存为“CSV UTF-8”再导入。",
            )
        )
    raw = path.read_bytes()
    try:
        data = raw.decode(sheet.encoding).encode("utf-8")
    except UnicodeDecodeError as error:
        line = len(_LINE_END.findall(raw[: error.start].decode(sheet.encoding, "replace"))) + 1
        raise DatasetError(
            pick(
                f"{sheet.name}, line {line}: the bytes there are not {sheet.encoding} text — "
                f"{_encoding_advice()}",
                f"{sheet.name}，第 {line} 行：这里的字节不是 {sheet.encoding} 文字 — "
                f"{_encoding_advice()}",
            )
        ) from None
    return pa.py_buffer(data), data[:PREVIEW_BYTES], "utf-8"


def _cell_encoding(sheet: Sheet) -> str:
    return "gb18030" if sheet.encoding in GB_FAMILY else "utf-8"


def _split_error(name: str, error: Exception) -> DatasetError:
    detail = str(error).splitlines()[0]
    if "straddling" in detail or "out of sync" in detail:
        cause = pick(
            f'a row is longer than {BLOCK_BYTES // 2**20} MB, most often because a quote (") '
            "left open makes the rest of the file one cell",
            f'有一行超过 {BLOCK_BYTES // 2**20} MB，多半是未闭合的引号（"）把后面的内容都并进了'
            "一个单元格",
        )
    else:
        cause = detail
    return DatasetError(
        pick(
            f"{name}: the rows below the header cannot be split into cells ({cause}) — export "
            "the file again, or save it from Excel as CSV.",
            f"{name}：表头下面的行无法拆分成单元格（{cause}）— 请重新导出，或在 Excel 里另存为 "
            "CSV。",
        )
    )


def _read_csv(path: Path, sheet: Sheet, columns: list[int], delimiter: str) -> Cells:
    skipped: list[int] = []  # the number of cells of each row with the wrong number

    def skip(row) -> str:
        skipped.append(row.actual_columns)
        return "skip"

    width = len(sheet.header)
    names = [f"c{i}" for i in range(width)]
    kept = [f"c{i}" for i in columns]
    whole, head, encoding = _source(path, sheet)
    start = _data_start(head, sheet.header_index + 1)
    first_row = sheet.header_index + 2
    if whole.size - start < 4096 and not whole.slice(start).to_pybytes().strip():
        empty = {name: pa.array([], pa.string()) for name in kept}
        return Cells(pa.table(empty), first_row)  # only the header: no rows to read
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
    except pa.ArrowException as error:
        raise _split_error(sheet.name, error) from None
    notes = _notes_below(whole, start, encoding, delimiter, width, len(skipped))
    cells = Cells(pa.table({}), first_row, len(skipped) - notes, notes=notes)

    def numbering() -> Numbering:
        # the file is mapped again: holding the mapping until the rows are named would keep
        # the whole file in memory through the checks
        again, _, _ = _source(path, sheet)
        in_place = path if sheet.encoding in IN_PLACE else None
        if not cells.malformed and not _has_blank_lines(in_place, again, start):
            return Numbering(None, [])
        found = _numbering(again, start, encoding, delimiter, width, first_row)
        found.malformed = found.malformed[: len(found.malformed) - notes]
        return found

    cells.numbering = numbering

    def decode(name: str) -> pa.ChunkedArray:
        try:
            return _decode(table[name], encoding)
        except _BadBytes as bad:
            bad.column = int(name[1:])
            raise

    try:
        with ThreadPoolExecutor(2) as pool:  # pyarrow's dictionary encoding runs beside a decode
            decoded = dict(zip(kept, pool.map(decode, kept), strict=True))
    except _BadBytes as bad:
        (row,) = cells.row_numbers([bad.index])
        letter, header = column_letter(bad.column), sheet.header[bad.column]
        raise DatasetError(
            pick(
                f'{sheet.name}, row {row}, column {letter} ("{header}"): the bytes there are not '
                f"{encoding} text like the rows above — {_encoding_advice()}",
                f"{sheet.name}，第 {row} 行，{letter} 列（“{header}”）：这里的字节不像上面的行"
                f"那样是 {encoding} 文字 — {_encoding_advice()}",
            )
        ) from None
    cells.table = pa.table(decoded)
    return cells


def _casts(chunk: pa.Array) -> bool:
    try:
        chunk.cast(pa.string())
    except pa.ArrowInvalid:
        return False
    return True


def _first_bad(column: pa.ChunkedArray, encoding: str) -> int:
    """The index of the first cell of ``column`` that is not text of ``encoding``."""
    offset = 0
    for chunk in column.chunks:
        if encoding != "utf-8" or not _casts(chunk):
            for i, value in enumerate(chunk.to_pylist()):
                try:
                    value.decode(encoding)
                except UnicodeDecodeError:
                    return offset + i
        offset += len(chunk)
    return 0


def _decode(column: pa.ChunkedArray, encoding: str) -> pa.ChunkedArray:
    """Raw cell bytes as text: a plain check where every cell is ASCII or UTF-8, else each
    distinct value decoded once (text columns repeat: statuses, channels, titles, buyers)."""
    try:
        return pc.cast(column, pa.string())
    except pa.ArrowInvalid:
        if encoding == "utf-8":
            raise _BadBytes(_first_bad(column, encoding)) from None
    encoded = column.combine_chunks().dictionary_encode()
    values = encoded.dictionary.to_pylist()
    # one decode for all distinct values: NUL never occurs inside a character of these
    # encodings, so it separates them (a value holding NUL itself is decoded on its own)
    try:
        joined = b"\0".join(values).decode(encoding).split("\0")
        if len(joined) != len(values):
            joined = [v.decode(encoding) for v in values]
    except UnicodeDecodeError:
        raise _BadBytes(_first_bad(column, encoding)) from None
    return pa.chunked_array([pc.take(pa.array(joined, pa.string()), encoded.indices)])


def _last_records(whole: pa.Buffer, start: int, encoding: str, delimiter: str) -> list[list[str]]:
    """The records of the last bytes of the file (the first one may be cut: it is dropped)."""
    begin = max(start, whole.size - TAIL_BYTES)
    text = whole.slice(begin).to_pybytes().decode(encoding, errors="replace")
    try:
        records = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if r]
    except csv.Error:
        return []
    return records[1:] if begin > start else records


def _notes_below(
    whole: pa.Buffer, start: int, encoding: str, delimiter: str, width: int, skipped: int
) -> int:
    """How many of the rows with the wrong number of cells are notes below the table: the last
    rows of the file (at most :data:`MAX_NOTES`), each shorter than the header, such as
    "合计,3684.70" or "导出时间：2025-06-30"."""
    if not 0 < skipped <= MAX_NOTES:
        return 0
    last = _last_records(whole, start, encoding, delimiter)[-skipped:]
    # one line each, and short: a quote left open swallows the rest of the file into a "row"
    # of few cells, which is no note
    if len(last) == skipped and all(
        len(r) < width
        and len(text := delimiter.join(r)) <= MAX_NOTE
        and "\n" not in text
        and "\r" not in text
        for r in last
    ):
        return skipped
    return 0


def _has_blank_lines(path: Path | None, whole: pa.Buffer, start: int) -> bool:
    """Whether a blank line sits between data rows (pyarrow skips it, so rows after it would be
    named one too early). One inside a quoted cell is found too: it only costs a recount."""
    patterns = (b"\n\n", b"\n\r\n", b"\r\r")
    with contextlib.ExitStack() as stack:
        if path is not None:
            handle = stack.enter_context(open(path, "rb"))
            data = stack.enter_context(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
        else:
            data = whole.to_pybytes()
        end = len(data)
        while end > start and data[end - 1 : end] in (b"\n", b"\r", b" ", b"\t"):
            end -= 1
        return any(data.find(p, start, end) >= 0 for p in patterns)


def _numbering(
    whole: pa.Buffer,
    start: int,
    encoding: str,
    delimiter: str,
    width: int,
    first_row: int,
) -> Numbering:
    """The row of each data row and of each row left out, counted again in Python: only when
    a row must be named and the file has blank lines or rows left out."""
    text = whole.slice(start).to_pybytes().decode(encoding, errors="replace")
    rows: list[int] = []
    skipped: list[tuple[int, int, str]] = []
    row = first_row
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if record and len(record) != width:
                skipped.append((row, len(record), delimiter.join(record)[:120]))
            elif record:
                rows.append(row)
            row += 1
    except csv.Error:  # Python's reader gives up where pyarrow did not: keep the plain count
        return Numbering(None, skipped)
    if len(rows) == row - first_row:  # nothing left out: the plain count is right
        return Numbering(None, skipped)
    return Numbering(np.array(rows, dtype=np.int64), skipped)

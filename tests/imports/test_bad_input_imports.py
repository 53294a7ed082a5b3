"""Hostile and unusual platform exports: each is imported exactly or refused with advice that
names its real cause, never guessed; a refused file stores nothing and leaves the earlier import
as it was; nothing crashes, hangs or prints a traceback. Every file is built here, small."""

import csv
import io
import json
import os
import struct
import zipfile

import openpyxl
import pyarrow.parquet as pq
import pytest
import xlwt

from opsbook.core.errors import DatasetError
from opsbook.core.paths import PROJECT_ROOT
from opsbook.imports import ImportRefused, import_file, storage, xlsx_checks
from opsbook.imports.cleaning import DecimalCommas
from opsbook.imports.profiles import DuplicateHeader, NoProfileFits

HEADER = ["订单号", "下单时间", "支付时间", "订单状态", "商品名称", "商品数量", "实付金额(元)",
          "退款金额(元)", "买家OpenID", "订单来源"]  # fmt: skip
PRODUCTS = ["商品ID", "商品名称", "商品访客数", "商品浏览量", "支付买家数", "支付件数", "支付金额",
            "商品支付转化率"]  # fmt: skip


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("OPSBOOK_HOME", str(tmp_path / "work"))
    return tmp_path / "work"


def order(i: int, **cells: str) -> list[str]:
    """A WeChat shop order row (the wechat_shop_orders profile) with some cells changed."""
    row = {"订单号": f"37210564881233{i:05d}", "下单时间": "2025-06-02 13:27:08",
           "支付时间": "2025-06-02 13:28:23", "订单状态": "已完成", "商品名称": "帆布托特包",
           "商品数量": "1", "实付金额(元)": "59.00", "退款金额(元)": "0.00",
           "买家OpenID": f"o6_{i}", "订单来源": "公众号"}  # fmt: skip
    row.update(cells)
    return [row[h] for h in HEADER]


def table(rows, header=HEADER, encoding="utf-8", newline="\n", delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline, delimiter=delimiter)
    writer.writerows([header, *rows])
    return out.getvalue().encode(encoding)


def orders(n: int = 100, changed: dict[int, dict] | None = None, **kw) -> bytes:
    """``n`` good orders; ``changed``: row index -> cells to change."""
    changed = changed or {}
    return table([order(i, **changed.get(i, {})) for i in range(n)], **kw)


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def snapshot() -> dict[str, bytes]:
    folder = storage.data_dir()
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}  # fmt: skip


@pytest.fixture
def earlier(tmp_path):
    """An import made before the hostile file: a refusal must leave it exactly as it was."""
    import_file(write(tmp_path, "earlier.csv", table([order(90000 + i) for i in range(3)])))
    return snapshot()


def refused(path, error: type, *words: str, earlier: dict, **kw) -> str:
    with pytest.raises(error) as caught:
        import_file(path, **kw)
    message = str(caught.value)
    for word in words:
        assert word in message, (word, message)
    assert snapshot() == earlier
    return message


# -- xlsx and xls built in memory ------------------------------------------------------------

XLSX_HEADER = ["订单号", "下单时间", "支付时间", "订单状态", "商品名称", "商品数量", "实付金额(元)",
               "退款金额(元)"]  # fmt: skip


def xlsx(rows=5, extra=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(XLSX_HEADER)
    for i in range(rows):
        sheet.append([f"37210564881{i:08d}", "2025-06-02 13:27:08", "2025-06-02 13:28:23",
                      "已完成", "帆布托特包", 1, 59.5, 0])  # fmt: skip
    if extra:
        extra(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(data: bytes, edit=None, add: dict | None = None) -> bytes:
    """The archive with its parts changed by ``edit(name, bytes)`` and parts added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            part = source.read(info.filename)
            archive.writestr(info.filename, edit(info.filename, part) if edit else part)
        for name, part in (add or {}).items():
            archive.writestr(name, part)
    return out.getvalue()


def declared_size(data: bytes, name: str, size: int) -> bytes:
    """The archive with ``name``'s unpacked size written as ``size`` (its bytes unchanged)."""
    raw, key, at = bytearray(data), name.encode(), 0
    while (at := raw.find(key, at + 1)) > 0:
        if raw[at - 46 : at - 42] == b"PK\x01\x02":
            struct.pack_into("<I", raw, at - 46 + 24, size)
        elif raw[at - 30 : at - 26] == b"PK\x03\x04":
            struct.pack_into("<I", raw, at - 30 + 22, size)
    return bytes(raw)


def stray(sheet) -> None:
    sheet["XFD1048576"] = "x"


def sheet_edit(old: bytes, new: bytes):
    return lambda name, part: part.replace(old, new) if name.endswith("sheet1.xml") else part


def xls(cells: list[tuple[int, int, str]]) -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("s")
    for column, text in enumerate(XLSX_HEADER):
        sheet.write(0, column, text)
    for row, column, text in cells:
        sheet.write(row, column, text)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls_dimensions(rows: int, columns: int) -> bytes:
    data = bytearray(xls([(1, 0, "1")]))
    at = data.find(b"\x00\x02\x0e\x00")  # the DIMENSIONS record, 14 bytes
    struct.pack_into("<IIHH", data, at + 4, 0, rows, 0, columns)
    return bytes(data)


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
    return out.getvalue()


# -- refused whole: the cause named, nothing stored ---------------------------------------------

GBK_ROW = ",".join(order(5, 商品名称="冰丝防晒衣 男女同款")).encode("gbk") + b"\n"
TWICE = [*HEADER, "实付金额(元)"]

# fmt: off
REFUSED = {
    "header twice, the first copy empty": (
        table([[*order(i, **{"实付金额(元)": ""}), "59.00"] for i in range(5)], header=TWICE),
        DuplicateHeader, ['"实付金额(元)" appears twice', "column G and column K"],
    ),
    "header twice, once with full-width brackets": (
        table([[*order(i), "59.00"] for i in range(5)], header=[*HEADER, "实付金额（元）"]),
        DuplicateHeader, ["appears twice", "column G and column K", "delete or rename"],
    ),
    "German thousands and decimal comma": (
        orders(5, {0: {"实付金额(元)": "1.234,56"}}),
        DecimalCommas,
        ["row 2, column 实付金额(元): '1.234,56'", "decimal comma", "decimal: comma"],
    ),
    "decimal comma alone": (
        orders(5, {1: {"实付金额(元)": "12,50"}}), DecimalCommas, ["row 3", "'12,50'"],
    ),
    "French spaces and decimal comma": (
        orders(5, {2: {"实付金额(元)": "1 234,56"}}), DecimalCommas, ["row 4", "'1 234,56'"],
    ),
    "one decimal comma in 300 rows is still the whole file's convention": (
        orders(300, {150: {"退款金额(元)": "0,00"}}), DecimalCommas, ["row 152", "退款金额(元)"],
    ),
    "two exports pasted into one file": (
        table([order(i) for i in range(50)] + [[*order(i), "x"] for i in range(50, 100)]),
        ImportRefused,
        ["50 of 100 rows", "row 52, (whole row)", "11 cells where the header has 10"],
    ),
    "NaN amounts": (
        orders(100, {i: {"实付金额(元)": "NaN"} for i in range(5)}),
        ImportRefused, ["5 of 100 rows", "'NaN'", "NaN or infinity"],
    ),
    "negative payments": (
        orders(100, {i: {"实付金额(元)": "-59.00"} for i in range(5)}),
        ImportRefused, ["5 of 100 rows", "a negative value"],
    ),
    "refunds larger than the payment": (
        orders(100, {i: {"退款金额(元)": "100.00"} for i in range(5)}),
        ImportRefused, ["5 of 100 rows", "the refund is larger than the amount paid"],
    ),
    "negative quantities": (
        orders(100, {i: {"商品数量": "-1"} for i in range(5)}),
        ImportRefused, ["商品数量 = '-1'", "a negative value"],
    ),
    "twenty-digit quantities": (
        orders(100, {i: {"商品数量": "12345678901234567890"} for i in range(5)}),
        ImportRefused, ["larger than 1,000,000,000,000"],
    ),
    "order numbers in scientific form": (
        orders(100, {i: {"订单号": f"2.0250301000000{i}e+18"} for i in range(5)}),
        ImportRefused, ["5 of 100 rows", "scientific form"],
    ),
    "empty order numbers": (
        orders(100, {i: {"订单号": ""} for i in range(5)}),
        ImportRefused, ["订单号 = ''", "cannot be told from the others"],
    ),
    "a quote left open": (
        orders(50, {1: {"商品名称": "帆布"}}).replace("帆布,".encode(), '"帆布,'.encode(), 1),
        ImportRefused, ["1 of 2 rows", "quote (\") left open"],
    ),
    "UTF-8 and GBK lines in the first rows": (
        orders(2) + GBK_ROW, DatasetError, ["line 1 is written in UTF-8 but line 4", "GBK"],
    ),
    "GBK rows after 256 KB of UTF-8": (
        orders(3000) + GBK_ROW,
        DatasetError, ['row 3002, column D ("订单状态")', "not utf-8 text", "CSV UTF-8"],
    ),
    "UTF-8 rows after 256 KB of GBK": (
        orders(3000, encoding="gbk") + ",".join(order(5, 商品名称="防晒衣")).encode() + b"\n",
        DatasetError, ['row 3002, column D ("订单状态")', "not gb18030 text"],
    ),
    "a 10 MB line": (b"a" * 10_000_000 + b"\n", DatasetError, ["hold no line break"]),
    "a 200 KB cell in the first rows": (
        table([["x" * 200_000, *order(0)[1:]]]), DatasetError, ["line 2", "cannot be split"],
    ),
    "NUL bytes": (orders(5) + b"\0\1\2\0", DatasetError, ["binary data (NUL bytes)"]),
    "HTML with a byte-order mark": (
        b"\xef\xbb\xbf<html><table><tr><td>1</td></tr></table></html>",
        DatasetError, ["a web page (HTML)", "save it as .xlsx"],
    ),
    "Excel 2003 XML": (
        b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
        DatasetError, ["Excel 2003 XML spreadsheet"],
    ),
    "web archive": (b"MIME-Version: 1.0\r\n", DatasetError, ["web archive (MHT)"]),
    "PDF": (b"%PDF-1.7\n", DatasetError, ["a PDF document", "as Excel or CSV"]),
    "empty file": (b"", DatasetError, ["the file is empty"]),
    "only blank lines": (b"\n\r\n  \n", DatasetError, ["the file is empty"]),
    "only the header": (table([]), DatasetError, ["no rows of data below the header (row 1)"]),
    "only a summary row": (
        table([["合计", "", "", "", "", "", "59", "", "", ""]]), DatasetError, ["no rows of data"],
    ),
    "a layout no profile knows": (
        b"a,b\n1,2\n", NoProfileFits, ["no import profile fits", "The closest is"],
    ),
    # Excel
    "a stray value at XFD1048576": (
        xlsx(extra=stray), DatasetError, ["reaches cell XFD1048576", "Ctrl+End"],
    ),
    "a stray value beyond a declared size that lies": (
        rezip(xlsx(extra=stray), sheet_edit(b'ref="A1:XFD1048576"', b'ref="A1:H6"')),
        DatasetError, ["reaches cell XFD1048576"],
    ),
    "a stray value and no declared size": (
        rezip(xlsx(extra=stray), sheet_edit(b'<dimension ref="A1:XFD1048576"/>', b"")),
        DatasetError, ["reaches cell XFD1048576"],
    ),
    "a stray row of cells without references": (
        rezip(xlsx(), sheet_edit(
            b"</sheetData>", b'<row r="9999999"><c><v>1</v></c></row></sheetData>'
        )),
        DatasetError, ["reaches cell", "9999999"],
    ),
    "a part declaring 2 GB": (
        declared_size(xlsx(), "xl/worksheets/sheet1.xml", 2_000_000_000),
        DatasetError, ["unpacks to 2,000 MB", "export the report as CSV"],
    ),
    "2,001 parts": (
        rezip(xlsx(), add={f"xl/media/p{i}.bin": b"" for i in range(2001)}),
        DatasetError, ["in 2,010 parts"],
    ),
    "a shared-strings count made to crash readers": (
        rezip(xlsx(), add={
            "xl/sharedStrings.xml": b'<sst uniqueCount="4000000000"><si><t>x</t></si></sst>'
        }),
        DatasetError, ["claims 4,000,000,000 entries"],
    ),
    "a shared-strings count hidden after a comment": (
        rezip(xlsx(), add={"xl/sharedStrings.xml": b"<!--" + b" " * 70_000
              + b'<sst uniqueCount="1">--><sst uniqueCount="4000000000"><si><t>x</t></si></sst>'}),
        DatasetError, ["claims 4,000,000,000 entries"],
    ),
    "formulas never calculated": (
        xlsx(extra=lambda s: [s.cell(r, 7, f"=1+{r}") for r in range(2, 7)]),
        ImportRefused, ["实付金额(元) = '=1+2'", "formula that was never calculated"],
    ),
    "an .xlsb": (
        zipped({"xl/workbook.bin": b"", "[Content_Types].xml": b""}),
        DatasetError, ["Excel binary workbook (.xlsb)"],
    ),
    "an .ods": (zipped({"mimetype": b"x", "content.xml": b""}), DatasetError, ["OpenDocument"]),
    "a Word file": (zipped({"word/document.xml": b""}), DatasetError, ["a Word document"]),
    "a zipped CSV": (zipped({"orders.csv": orders(2)}), DatasetError, ["a zip archive", "unpack"]),
    "a damaged .xlsx": (b"PK\x03\x04" + b"\x00" * 200, DatasetError, ["the workbook is damaged"]),
    "an .xls declaring 4 billion cells": (
        xls_dimensions(0x100000, 0x4000), DatasetError, ["reaches cell XFD1048576"],
    ),
    "an .xls with a value at IV65536": (
        xls([(65535, 255, "x")]), DatasetError, ["reaches cell IV65536"],
    ),
    "a truncated .xls": (xls([(1, 0, "1")])[:1500], DatasetError, ["the .xls file is damaged"]),
    "a password-protected workbook": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000
        + "EncryptedPackage".encode("utf-16-le"),
        DatasetError, ["protected with a password"],
    ),
}
# fmt: on


@pytest.mark.parametrize("case", REFUSED)
def test_a_bad_file_is_refused_with_its_cause_and_nothing_stored(tmp_path, earlier, case):
    data, error, words = REFUSED[case]
    refused(write(tmp_path, "export.csv", data), error, *words, earlier=earlier)


def test_a_zip_bomb_is_refused_before_it_unpacks(tmp_path, earlier, monkeypatch):
    monkeypatch.setattr(xlsx_checks, "MAX_UNZIPPED_BYTES", 5_000_000)
    bomb = rezip(xlsx(), add={"xl/media/pad.bin": b"\0" * 8_000_000})  # 8 KB packed
    assert len(bomb) < 50_000
    refused(write(tmp_path, "bomb.xlsx", bomb), DatasetError, "unpacks to 8 MB", earlier=earlier)


# -- what is not a file -------------------------------------------------------------------------


def fifo(tmp_path):
    os.mkfifo(tmp_path / "export.csv")  # opening it would wait for a writer forever
    return tmp_path / "export.csv"


def dangling(tmp_path):
    (tmp_path / "export.csv").symlink_to(tmp_path / "gone.csv")
    return tmp_path / "export.csv"


NOT_FILES = {
    "a named pipe": (fifo, "not an ordinary file (a pipe, socket or device)"),
    "/dev/zero": (lambda tmp_path: "/dev/zero", "not an ordinary file"),
    "a folder": (lambda tmp_path: tmp_path, "is a folder"),
    "a missing file": (lambda tmp_path: tmp_path / "nope.csv", "there is no such file"),
    "a link to a file that is gone": (dangling, "there is no such file"),
}


@pytest.mark.parametrize("case", NOT_FILES)
def test_only_ordinary_files_are_opened(tmp_path, earlier, case):
    make, words = NOT_FILES[case]
    refused(make(tmp_path), DatasetError, words, earlier=earlier)


# -- one bad cell in 100 rows: reported with its row, the rest imported exactly -------------------

ONE_BAD = [
    ("订单号", "2.025030100000002e+18", "scientific form"),
    ("订单号", "2,02503E+18", "scientific form"),
    ("订单号", "2.02503e+18", "scientific form"),
    ("订单号", "2.02503E18", "scientific form"),
    ("订单号", "2.02503E+018", "scientific form"),
    ("订单号", "", "cannot be told from the others"),
    ("实付金额(元)", "NaN", "NaN or infinity"),
    ("实付金额(元)", "nan", "NaN or infinity"),
    ("实付金额(元)", "inf", "NaN or infinity"),
    ("实付金额(元)", "-inf", "NaN or infinity"),
    ("实付金额(元)", "Infinity", "NaN or infinity"),
    ("实付金额(元)", "-59.00", "a negative value"),
    ("实付金额(元)", "1.2E+03", "scientific form"),
    ("实付金额(元)", "5e300", "scientific form"),
    ("实付金额(元)", "1_000", "not an amount"),
    ("实付金额(元)", "12 34", "not an amount"),
    ("实付金额(元)", "1,23,456", "not an amount"),
    ("实付金额(元)", "#DIV/0!", "a spreadsheet error"),
    ("实付金额(元)", "2000000000000", "larger than 1,000,000,000,000"),
    ("商品数量", "-2", "a negative value"),
    ("商品数量", "1.5", "a count has no fraction"),
    ("商品数量", "12345678901234567890", "larger than"),
    ("退款金额(元)", "100.00", "the refund is larger than the amount paid"),
    ("下单时间", "1900-01-01 00:00:00", "the year is outside 2000–2100"),
    ("下单时间", "2025-02-30 10:00:00", "not a date and time"),
    ("订单状态", "神秘状态", "not in the import profile"),
]


@pytest.mark.parametrize(("column", "value", "says"), ONE_BAD)
def test_one_bad_cell_is_reported_and_the_rest_imported(tmp_path, column, value, says):
    report = import_file(write(tmp_path, "orders.csv", orders(100, {10: {column: value}})))
    (problem,) = report.problems
    assert (problem.row, problem.column, problem.value) == (12, column, value)
    assert says in problem.reason
    assert report.cleaned.problem_rows == 1
    stored = pq.read_table(storage.table_path("wechat_shop", "orders")).to_pandas()
    assert len(stored) == 99 and stored["paid_amount"].sum() == 99 * 59.0
    assert f"37210564881233{10:05d}" not in set(stored["order_id"])


# -- read exactly --------------------------------------------------------------------------------

AMOUNTS = [
    ("¥1,234.56", 1234.56, None), ("1,234", 1234.0, None), ("1.2万", 12000.0, None),
    ("1.2 万", 12000.0, None), ("USD 12.50", 12.5, None), ("12.50元", 12.5, None),
    ("1 234.50", 1234.5, None), ("+12", 12.0, None), (".5", 0.5, None),
    ("RMB 3,000", 3000.0, None), ("￥0.10", 0.1, None), ("1，234.00", 1234.0, None),
    ("1.234,56", 1234.56, True), ("12,50", 12.5, True), ("1 234,5", 1234.5, True),
    ("1.234", 1234.0, True),
]  # fmt: skip


@pytest.mark.parametrize(("written", "value", "comma"), AMOUNTS)
def test_amounts_are_read_exactly(tmp_path, written, value, comma):
    other = {"实付金额(元)": "59,00", "退款金额(元)": "0,00"} if comma else {}
    cells = {0: other, 1: {**other, "实付金额(元)": written}, 2: other}
    path = write(tmp_path, "orders.csv", orders(3, cells))
    report = import_file(path, decimal_comma=comma)
    assert report.problems == []
    paid = report.cleaned.tables["orders"].to_pandas().set_index("order_id")["paid_amount"]
    assert paid[f"37210564881233{1:05d}"] == value


def test_a_profile_saying_decimal_comma_reads_german_files(tmp_path):
    from opsbook.content.import_profile import ImportProfile
    from opsbook.imports.profiles import PROFILES_DIR, load_profile, save_profile

    data = load_profile(PROFILES_DIR / "wechat_shop_orders.yaml").model_dump(mode="json")
    save_profile(ImportProfile.model_validate({**data, "decimal": "comma"}))
    cells = {"实付金额(元)": "59,00", "退款金额(元)": "0,00"}
    changed = {0: {**cells, "实付金额(元)": "1.234,50"}, 1: cells, 2: cells}
    summary = import_file(write(tmp_path, "orders.csv", orders(3, changed))).summary()
    assert summary["gmv"] == 1234.5 + 2 * 59 and summary["problems"] == []


ORDER_NUMBERS = [
    ('="3721056488123345600"', "3721056488123345600"),
    ("\t3721056488123345600", "3721056488123345600"),
    ("'3721056488123345600", "3721056488123345600"),
    ("3721056488123345600", "3721056488123345600"),
    ("T2025E", "T2025E"),
]


@pytest.mark.parametrize(("written", "kept"), ORDER_NUMBERS)
def test_order_numbers_are_kept_as_written(tmp_path, written, kept):
    report = import_file(write(tmp_path, "o.csv", orders(3, {0: {"订单号": written}})))
    assert report.problems == []
    assert kept in set(report.cleaned.tables["orders"]["order_id"].to_pylist())


# -- summary rows by shape, products by name ---------------------------------------------------


def products(names: list[str], ids: list[str] | None = None) -> bytes:
    ids = ids or [f"61234567890{i}" for i in range(len(names))]
    rows = [[pid, name, "100", "200", "5", "6", "300", "5.00%"]
            for pid, name in zip(ids, names, strict=True)]  # fmt: skip
    return table([*rows, ["合计", "", "", "", "", "", "9999", ""]], header=PRODUCTS)


@pytest.mark.parametrize(
    "name", ["小计划笔记本", "总计划本", "汇总夹", "合计器", "Total Care", "Sum 41"]
)
def test_a_product_named_like_a_total_stays_a_product(tmp_path, name):
    report = import_file(write(tmp_path, "p.csv", products(["帆布托特包", name, "冰丝防晒衣"])))
    kept = report.cleaned.tables["products"]["product"].to_pylist()
    assert sorted(kept) == sorted(["帆布托特包", name, "冰丝防晒衣"])
    assert report.summary()["dropped"] == {"summary row (合计)": 1}


@pytest.mark.parametrize(
    "first", ["合计", "合计：共 5 单", "总 计", "Total", "TOTAL:", "Grand Total"]
)
def test_a_summary_row_is_dropped_by_its_shape(tmp_path, first):
    data = table([*(order(i) for i in range(5)), [first, "", "", "", "", "", "295", "", "", ""]])
    summary = import_file(write(tmp_path, "o.csv", data)).summary()
    assert (summary["orders"], summary["gmv"]) == (5, 295.0)
    assert summary["dropped"] == {"summary row (合计)": 1}


def test_empty_product_ids_are_bad_rows_not_one_product(tmp_path, earlier):
    data = products(["A", "B", "C", "D", "E"], ["", "", "", "", "612345678904"])
    message = refused(write(tmp_path, "p.csv", data), ImportRefused, "4 of 5 rows", earlier=earlier)
    for row in (2, 3, 4, 5):
        assert f"row {row}, 商品ID = '': the cell is empty, so the row cannot be told" in message


def test_one_empty_product_id_is_reported_and_the_others_kept(tmp_path):
    names = [f"商品{i}" for i in range(60)]
    report = import_file(
        write(tmp_path, "p.csv", products(names, ["", *[f"9{i}" for i in range(59)]]))
    )
    assert [(p.row, p.column) for p in report.problems] == [(2, "商品ID")]
    assert report.cleaned.tables["products"].num_rows == 59


# -- line ends, encodings and row numbers ---------------------------------------------------------

LAYOUTS = {
    "CR only (Excel for Mac)": orders(5, newline="\r"),
    "CRLF": orders(5, newline="\r\n"),
    "blank lines at the end": orders(5) + b"\n\n\n",
    "UTF-16 with tabs (Excel's Unicode text)": orders(5, encoding="utf-16", delimiter="\t"),
    "GBK": orders(5, encoding="gbk"),
    "a note below the table": orders(5) + "导出时间：2025-06-30\n".encode(),
}


@pytest.mark.parametrize("case", LAYOUTS)
def test_line_ends_and_encodings_read_exactly(tmp_path, case):
    summary = import_file(write(tmp_path, "o.csv", LAYOUTS[case])).summary()
    assert (summary["rows_read"] - summary["dropped"].get("note below the table (a total or the "
            "export time)", 0), summary["orders"], summary["gmv"]) == (5, 5, 295.0)  # fmt: skip
    assert summary["problems"] == []


def test_rows_are_named_as_in_the_file_after_blank_lines_and_skipped_rows(tmp_path):
    def line(cells: list[str]) -> str:
        return ",".join(f'"{c}"' if "\n" in c else c for c in cells)

    rows = [
        line(order(0)),  # row 2
        "",  # row 3: a blank line, which pyarrow skips
        line(order(1)),  # row 4
        line([*order(2), "extra"]),  # row 5: one cell too many
        line(order(3, 商品名称="帆布\n托特包")),  # row 6, over two lines
        line(order(4, **{"实付金额(元)": "abc"})),  # row 7
        *(line(order(i)) for i in range(5, 120)),
    ]
    data = ("\n".join([",".join(HEADER), *rows]) + "\n").encode()
    report = import_file(write(tmp_path, "o.csv", data))
    assert [(p.row, p.column) for p in report.problems] == [(5, "(whole row)"), (7, "实付金额(元)")]
    assert report.problems[0].value.endswith(",公众号,extra")


# -- the import index ---------------------------------------------------------------------------

DAMAGED = {
    "NaN": '[{"file": "a.csv", "fingerprint": "1", "profile": "p", "platform": "x", "table": '
    '"orders", "gmv": NaN}]',
    "not JSON": "[{",
    "not a list": '{"file": "a.csv"}',
    "an entry without its keys": '[{"file": "a.csv"}]',
}


@pytest.mark.parametrize("case", DAMAGED)
def test_a_damaged_index_is_set_aside_and_rebuilt(tmp_path, case):
    import_file(write(tmp_path, "first.csv", orders(3)))
    index = storage.data_dir() / "imports.json"
    index.write_text(DAMAGED[case], encoding="utf-8")
    import_file(write(tmp_path, "second.csv", orders(4)))
    entries = json.loads(index.read_text("utf-8"), parse_constant=pytest.fail)
    assert [(e["file"], e["platform"]) for e in entries] == [
        ("(earlier imports)", "wechat_shop"),
        ("second.csv", "wechat_shop"),
    ]
    assert (index.parent / "imports.json.damaged").read_text("utf-8") == DAMAGED[case]


def test_an_index_that_is_a_folder_does_not_stop_imports(tmp_path):
    (storage.data_dir() / "imports.json").mkdir(parents=True)
    import_file(write(tmp_path, "o.csv", orders(3)))
    assert [e["file"] for e in storage.manifest()] == ["o.csv"]


def test_the_index_and_the_json_output_never_hold_nan(tmp_path, capsys):
    from opsbook.serve.cli import main

    path = write(tmp_path, "o.csv", orders(100, {3: {"实付金额(元)": "NaN"}}))
    assert main(["import", str(path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out, parse_constant=pytest.fail)
    assert printed["gmv"] == 99 * 59.0 and printed["problems"][0]["value"] == "NaN"
    index = (storage.data_dir() / "imports.json").read_text("utf-8")
    assert json.loads(index, parse_constant=pytest.fail)[0]["gmv"] == 99 * 59.0


# -- the command never prints a traceback -------------------------------------------------------

COMMAND = {
    "a named pipe": lambda tmp_path: fifo(tmp_path),
    "a stray cell": lambda tmp_path: write(tmp_path, "s.xlsx", xlsx(extra=stray)),
    "decimal commas": lambda tmp_path: write(
        tmp_path, "g.csv", orders(5, {0: {"实付金额(元)": "1,5"}})
    ),
    "mixed encodings": lambda tmp_path: write(tmp_path, "m.csv", orders(3000) + GBK_ROW),
    "a 10 MB line": lambda tmp_path: write(tmp_path, "l.csv", b"x" * 10_000_000),
}  # fmt: skip


@pytest.mark.parametrize("case", COMMAND)
def test_the_command_says_what_is_wrong_without_a_traceback(tmp_path, capsys, case):
    from opsbook.serve.cli import main

    assert main(["import", str(COMMAND[case](tmp_path)), "--json"]) == 1
    said = capsys.readouterr()
    assert said.out == "" and said.err.strip() and "Traceback" not in said.err


# -- traffic reports: rates and days ---------------------------------------------------------------

TRAFFIC = ["统计日期", "访客数", "浏览量", "支付买家数", "支付金额", "支付转化率", "跳失率"]


def traffic(days: int = 60, changed: dict[int, dict] | None = None) -> bytes:
    rows = []
    for day in range(days):
        row = dict(zip(TRAFFIC, [f"2025-{5 + day // 31:02d}-{day % 31 + 1:02d}", "1000", "2500",
                                 "23", "4600.00", "2.30%", "41.20%"], strict=True))  # fmt: skip
        row.update((changed or {}).get(day, {}))
        rows.append([row[h] for h in TRAFFIC])
    return table(rows, header=TRAFFIC)


BAD_DAYS = [
    ("支付转化率", "235%", "a rate above 100 %"),
    ("支付转化率", "2.35", "a rate above 100 %"),
    ("跳失率", "-1%", "a negative value"),
    ("访客数", "1.2e4", "scientific form"),
    ("统计日期", "", "cannot be told from the others"),
    ("统计日期", "2025-13-01", "not a date"),
]


@pytest.mark.parametrize(("column", "value", "says"), BAD_DAYS)
def test_a_bad_day_of_traffic_is_reported(tmp_path, column, value, says):
    report = import_file(write(tmp_path, "t.csv", traffic(60, {5: {column: value}})))
    (problem,) = report.problems
    assert (problem.row, problem.column, problem.value) == (7, column, value)
    assert says in problem.reason
    assert report.summary()["days"] == 59


def test_a_day_given_twice_is_counted_and_the_last_row_kept(tmp_path):
    data = traffic(10, {3: {"统计日期": "2025-05-03", "访客数": "7"}})
    report = import_file(write(tmp_path, "t.csv", data))
    assert report.summary()["dropped"] == {"day repeated (the last row kept)": 1}
    days = report.cleaned.tables["daily_traffic"].to_pandas().set_index("date")
    assert days.loc[days.index.astype(str) == "2025-05-03", "visitors"].tolist() == [7]


def test_masked_buyers_are_no_bad_cell_in_a_workbook_with_a_formula(tmp_path):
    """A workbook whose buyers are masked (139****0000) has no buyer to read: that is no bad
    cell in any row, even when another cell of the file holds a formula never calculated (every
    row was refused for its buyer)."""
    book = openpyxl.load_workbook(PROJECT_ROOT / "tests/fixtures/exports/youzan_orders.xlsx")
    sheet = book.active
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 7).value = "139****0000"  # 买家手机号
    sheet["E5"] = "=39.9*1"  # 订单实付金额
    path = tmp_path / "masked.xlsx"
    book.save(path)
    with pytest.raises(ImportRefused) as refused:  # 1 bad row of 22 is above the 2 % allowed
        import_file(path, store=False)
    message = str(refused.value)
    assert "1 of 22 rows" in message and "row 5, 订单实付金额 = '=39.9*1'" in message
    assert "买家手机号" not in message


def test_one_formula_never_calculated_is_named_in_its_row(tmp_path):
    def one(sheet):
        sheet["G40"] = "=59.5*1"

    report = import_file(write(tmp_path, "f.xlsx", xlsx(rows=100, extra=one)))
    (problem,) = report.problems
    assert (problem.row, problem.column, problem.value) == (40, "实付金额(元)", "=59.5*1")
    assert "never calculated" in problem.reason
    assert report.summary()["orders"] == 99

"""Turning an export's cells into the course's tables, or saying exactly which cell could not be.

Each field's kind (:mod:`opsbook.content.import_schema`) gives one SQL expression
(:mod:`opsbook.imports.values`), run by DuckDB over the whole column at once on every core. A
row with a cell that cannot be read is dropped and reported with its row number, column, value
and reason; so is a row whose order or product number is empty (rows are kept by it), and a
refund larger than the payment on its row. A file written with decimal commas is refused whole
unless its profile says so: read as the course's convention, its amounts would all be wrong.

Summary rows are known by their shape, not by a word inside a name: the first cell (or the key
cell) holds only a word such as 合计, 总计, 小计 or Total, and the row's number cells (order
number, product ID …) are empty. A product called 小计本 stays a product. Empty rows are dropped
and counted too.
"""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from opsbook.content.import_profile import ImportProfile
from opsbook.content.import_schema import TABLES
from opsbook.core.errors import DatasetError
from opsbook.core.i18n import pick
from opsbook.imports.sheet import Cells
from opsbook.imports.values import (
    NUMERIC,
    moment_sql,
    number_sql,
    plain_sql,
    quote,
    reason,
    reason_sql,
    value_sql,
)

SHOWN_PROBLEMS = 20  # problems listed one by one; all are counted
EMPTY = ("", "-", "--", "—", "null", "NULL", "None", "0000-00-00 00:00:00", "0000-00-00")
# a cell that is only a summary word, optionally followed by a colon and a note ("合计：30 笔")
SUMMARY_WORD = (
    r"^\s*(合\s*计|总\s*计|汇\s*总|小\s*计|总\s*和|共\s*计|total|totals|grand\s+total|"
    r"sub-?total|sum)\s*([:：].*)?$"
)
# the cells that name a row: empty (or the summary word itself) on a summary row
IDENTITY = {
    "orders": ("order_id",),
    "daily_traffic": ("date",),
    "products": ("product_id", "product"),
}
# the field each table's rows are kept by, when the profile maps it (an empty one is a bad row)
ROW_KEYS = {"orders": "order_id", "daily_traffic": "date", "products": "product_id"}


class DecimalCommas(DatasetError):
    """The file writes its numbers with decimal commas and its profile does not say so."""


@dataclass
class Problem:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class Cleaned:
    tables: dict[str, pa.Table]
    rows_read: int
    dropped: Counter = field(default_factory=Counter)  # reason -> rows
    problems: list[Problem] = field(default_factory=list)  # the first few, one by one
    problem_rows: int = 0  # rows that could not be read, of every kind
    period: tuple[str, str] | None = None
    readable: int = 0  # rows read, less summary, empty and note rows: the share's base
    # the buyer column holds masked names ("t**8", as Taobao writes them): they tell no buyer
    # from another, so no buyer is kept and every per-buyer figure is unknown
    buyers_masked: bool = False


def _cell(trimmed: pa.ChunkedArray, kind: str) -> pa.ChunkedArray:
    """A trimmed cell as its field reads it: NULL when empty (or a placeholder such as "-" in a
    number or time column); an order number without the ="…", tab or apostrophe around it."""
    if kind == "id":
        trimmed = pc.utf8_trim(trimmed, "=\"' \t")
    placeholders = pa.array(EMPTY if kind in (*NUMERIC, "datetime", "date") else [""])
    empty = pc.is_in(trimmed, placeholders)
    if not pc.any(empty).as_py():
        return trimmed  # no copy of a column without an empty cell (most of them)
    return pc.if_else(empty, pa.scalar(None, pa.string()), trimmed)


def _word(cells: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.fill_null(pc.match_substring_regex(cells, SUMMARY_WORD, ignore_case=True), False)


def _summary(
    first: pa.ChunkedArray | None, prepared: dict, table: str, key: str
) -> pa.ChunkedArray:
    """True for a row that totals the others: its first or key cell is only a summary word and
    the cells that name a row are empty (or that word). ``first`` is None when the key is the
    first column: its cell is the first cell trimmed further, so its test covers the first's."""
    words = {key: _word(prepared[key])}
    found = words[key] if first is None else pc.or_(_word(first), words[key])
    for name in IDENTITY[table]:
        if name in prepared:
            word = words[name] if name in words else _word(prepared[name])
            found = pc.and_(found, pc.or_(pc.is_null(prepared[name]), word))
    return found


def clean(
    cells: Cells,
    profile: ImportProfile,
    columns: dict[str, int],
    header: list[str],
    salt: str,
    decimal_comma: bool = False,
) -> Cleaned:
    """Read every mapped field of every row; drop and report what cannot be read.

    pyarrow trims the cells (its string kernels are the fastest here); DuckDB reads them as
    numbers, times and statuses and classifies each row, in parallel."""
    fields = TABLES[profile.table]
    kinds = {name: fields[name].kind for name in columns}
    rows = cells.table.num_rows
    key = next(n for n in ("order_id", "date", "product") if n in columns)
    with ThreadPoolExecutor(2) as pool:  # pyarrow's kernels release the GIL: both cores work
        trimmed = dict(
            zip(
                columns.values(),
                pool.map(lambda i: pc.utf8_trim_whitespace(cells.table[f"c{i}"]), columns.values()),
                strict=True,
            )
        )
        prepared = dict(
            zip(
                columns,
                pool.map(lambda n: _cell(trimmed[columns[n]], kinds[n]), columns),
                strict=True,
            )
        )
    if columns[key] == 0:
        first = None
    else:
        first = trimmed[0] if 0 in trimmed else pc.utf8_trim_whitespace(cells.table["c0"])
    raw = pa.table(
        {
            "__row": pa.array(np.arange(rows), pa.int64()),  # the index; rows are named at the end
            "__summary": _summary(first, prepared, profile.table, key),
            **{f"x_{n}": column for n, column in prepared.items()},
        }
    )
    con = duckdb.connect()
    try:
        return _judge(con, raw, cells, profile, columns, header, salt, decimal_comma)
    finally:
        con.close()


def _checks(
    profile: ImportProfile, kinds: dict, formulas: bool, decimal_comma: bool, masked: bool
) -> dict[str, list[tuple[str, str]]]:
    """Per field: (condition over the typed row, SQL giving the reason) for each way it can be
    bad, in the order they are told. Masked buyers are no value to check: none is kept."""
    fields = TABLES[profile.table]
    # with one row per line, an order's own fields may sit on its first row only: each row
    # needs its order number, each order (once gathered) the rest
    per_row = {"order_id"} if profile.rows == "line" else set(kinds)
    checks: dict[str, list[tuple[str, str]]] = {}
    for name, kind in kinds.items():
        found = []
        row_key = ROW_KEYS[profile.table] == name
        if (fields[name].required or row_key) and name in per_row:
            found.append((f"NOT h_{name}", quote(reason("key" if row_key else "required"))))
        if (kind not in ("text", "buyer") or formulas) and not (masked and kind == "buyer"):
            why = reason_sql(kind, f"x_{name}", decimal_comma)
            found.append((f"h_{name} AND {name} IS NULL", why))
        if name == "refund_amount" and "paid_amount" in kinds:
            found.append(("refund_amount > paid_amount + 0.005", quote(reason("refund"))))
        checks[name] = found
    return checks


def _judge(con, raw, cells, profile, columns, header, salt, decimal_comma) -> Cleaned:
    fields = TABLES[profile.table]
    kinds = {name: fields[name].kind for name in columns}
    con.register("raw", raw)
    numbers = "".join(
        f", {number_sql(plain_sql(f'x_{n}', decimal_comma))} AS n_{n}"
        if k in NUMERIC
        else f", {moment_sql(f'x_{n}')} AS n_{n}"
        for n, k in kinds.items()
        if k in (*NUMERIC, "datetime", "date")
    )
    masked = "buyer" in kinds and _masked(con)
    typed = ", ".join(
        f"x_{n} IS NOT NULL AS h_{n}, "
        + (
            "NULL::VARCHAR"
            if masked and n == "buyer"
            else value_sql(k, f"x_{n}", f"n_{n}", profile, salt, cells.formulas)
        )
        + f" AS {n}"
        for n, k in kinds.items()
    )
    # kept as Arrow, not a DuckDB table: a quarter faster for a year of orders, read as fast
    con.register(
        "typed",
        con.sql(
            f"WITH c AS (SELECT *{numbers} FROM raw) SELECT __row, __summary, {typed} FROM c"
        ).to_arrow_table(),
    )
    checks = _checks(profile, kinds, cells.formulas, decimal_comma, masked)
    bad = " OR ".join(cond for found in checks.values() for cond, _ in found) or "false"
    nothing = " AND ".join(f"NOT h_{n}" for n in kinds)
    con.sql(
        f"""CREATE TEMP VIEW judged AS SELECT *, CASE WHEN {nothing} THEN 'empty'
        WHEN __summary THEN 'summary' WHEN {bad} THEN 'bad' ELSE 'ok' END AS __kind FROM typed"""
    )
    distinct = "count(DISTINCT order_id)" if "order_id" in kinds else "0"
    found = con.sql(f"SELECT __kind, count(*), {distinct} FROM judged GROUP BY ALL").fetchall()
    counts = {kind: n for kind, n, _ in found}
    repeated = sum(n - different for kind, n, different in found if kind == "ok")
    result = Cleaned({}, rows_read=raw.num_rows + cells.malformed + cells.notes)
    result.buyers_masked = masked
    result.readable = result.rows_read - counts.get("summary", 0) - counts.get("empty", 0)
    result.readable -= cells.notes
    result.dropped.update(
        {
            pick("summary row (合计)", "汇总行（合计）"): counts.get("summary", 0),
            pick("empty row", "空行"): counts.get("empty", 0),
            pick("row with the wrong number of cells", "列数不对的行"): cells.malformed,
            pick("note below the table (a total or the export time)",
                 "表格下方的说明行（合计或导出时间）"): cells.notes,
        }
    )  # fmt: skip
    listed: list[Problem] = []
    if counts.get("bad"):
        listed = _collect_problems(con, result, cells, columns, header, checks)
    result.problem_rows += cells.malformed
    for row, width, text in cells.malformed_rows()[:SHOWN_PROBLEMS]:
        listed.append(
            Problem(
                row,
                pick("(whole row)", "（整行）"),
                text,
                _malformed_reason(width, len(header), text),
            )
        )
    result.problems = sorted(listed, key=lambda p: p.row)[:SHOWN_PROBLEMS]
    result.tables = _tables(con, profile, columns, result, repeated)
    result.dropped = Counter({k: v for k, v in result.dropped.items() if v})
    return result


MASK = "*"  # platforms hide part of a buyer's name with it: "t**8", "小**"


def _masked(con) -> bool:
    """Whether most buyer cells are masked names (a name with "*" in it)."""
    share = con.sql(
        f"SELECT avg(CASE WHEN contains(x_buyer, '{MASK}') THEN 1.0 ELSE 0.0 END) FROM raw "
        "WHERE x_buyer IS NOT NULL"
    ).fetchall()[0][0]
    return share is not None and share > 0.5


def _malformed_reason(width: int, expected: int, text: str) -> str:
    if "\n" in text or "\r" in text:
        return pick(
            f"{width} cells where the header has {expected}, running over several lines: a "
            'quote (") left open joins the rows after it into this one — close the quote or '
            "export the file again",
            f'这一行有 {width} 个单元格，表头却有 {expected} 个，而且跨了好几行：有一个引号（"）'
            "没有闭合，把后面的行并进了这一行 — 请补上引号或重新导出",
        )
    return pick(
        f"{width} cells where the header has {expected} — two exports pasted into one file, or "
        "a delimiter inside a cell without quotes; export the file again",
        f"这一行有 {width} 个单元格，表头却有 {expected} 个 — 可能把两份导出粘贴在了一起，"
        "或单元格里的分隔符没有加引号；请重新导出",
    )


def _collect_problems(con, result, cells, columns, header, checks) -> list[Problem]:
    """Each bad row under the first of its unreadable cells; the first few listed one by one.
    A decimal comma anywhere refuses the whole file (:class:`DecimalCommas`)."""
    parts = []
    for index, (name, i) in enumerate(columns.items()):
        if not checks[name]:
            continue
        where = " OR ".join(f"({cond})" for cond, _ in checks[name])
        why = "CASE " + " ".join(f"WHEN {cond} THEN {text}" for cond, text in checks[name]) + " END"
        parts.append(
            f"SELECT __row, {index} AS idx, {quote(header[i])} AS col, "
            f"coalesce(CASE WHEN starts_with(x_{name}, chr(0)) THEN substr(x_{name}, 2) "
            f"ELSE x_{name} END, '') AS val, {why} AS reason "
            f"FROM judged JOIN raw USING (__row) WHERE __kind = 'bad' AND ({where})"
        )
    con.sql("CREATE TEMP TABLE problems AS " + " UNION ALL ".join(parts))
    comma = con.sql(
        f"SELECT __row, col, val FROM problems WHERE reason = {quote(reason('decimal_comma'))} "
        "ORDER BY __row LIMIT 1"
    ).fetchall()
    if comma:
        index, column, value = comma[0]
        (row,) = cells.row_numbers([index])
        raise DecimalCommas(
            pick(
                f"row {row}, column {column}: {value!r} is {reason('decimal_comma')}. Nothing "
                "was stored: read with a decimal point, every such amount would be wrong.",
                f"第 {row} 行，{column} 列：{value!r} {reason('decimal_comma')}。没有保存任何"
                "数据：按小数点来读，这样写的金额都会出错。",
            )
        )
    per_reason = con.sql(
        "SELECT col, reason, count(*) FROM (SELECT * FROM problems QUALIFY "
        "row_number() OVER (PARTITION BY __row ORDER BY idx) = 1) GROUP BY ALL ORDER BY 3 DESC"
    ).fetchall()
    for col, why, n in per_reason:
        result.dropped[f"{col}: {why}"] += n
    result.problem_rows = sum(n for *_, n in per_reason)
    listed = con.sql(
        f"SELECT __row, col, val, reason FROM problems ORDER BY __row, idx LIMIT {SHOWN_PROBLEMS}"
    ).fetchall()
    rows = cells.row_numbers([p[0] for p in listed])
    return [Problem(row, *p[1:]) for row, p in zip(rows, listed, strict=True)]


# how each order field is gathered when an order spans several rows (one per line)
_GATHER = {
    "buyer": "first",
    "created_at": "min",
    "paid_at": "min",
    "redeemed_at": "min",
    "status": "first",
    "paid_amount": "money",
    "refund_amount": "money",
    "settlement_amount": "money",
    "channel": "first",
    "store": "first",
    "currency": "first",
    "quantity": "sum",
    "product": "first",
}


def _kept_by_key(con, profile: ImportProfile, columns: dict, result: Cleaned) -> dict:
    """A traffic or product table: one row per day or product (the last row kept, counted)."""
    have = set(columns)
    key = next(k for k in ("date", "product_id", "product") if k in have)
    ok = "FROM judged WHERE __kind = 'ok'"
    repeated = con.sql(f"SELECT count(*) - count(DISTINCT {key}) {ok}").fetchall()[0][0]
    what = {"date": ("day", "日期"), "product_id": ("product ID", "商品ID"),
            "product": ("product", "商品")}[key]  # fmt: skip
    label = pick(f"{what[0]} repeated (the last row kept)", f"{what[1]}重复（保留最后一行）")
    result.dropped[label] += repeated
    return {
        profile.table: con.sql(
            f"SELECT {', '.join(columns)} {ok} QUALIFY row_number() OVER "
            f"(PARTITION BY {key} ORDER BY __row DESC) = 1 ORDER BY {key}"
        ).to_arrow_table()
    }


def _tables(con, profile: ImportProfile, columns: dict[str, int], result: Cleaned, repeated: int):
    """The course's tables from the rows that were read whole."""
    if profile.table != "orders":
        return _kept_by_key(con, profile, columns, result)
    have = set(columns)
    ok = "FROM judged WHERE __kind = 'ok'"
    per_line = profile.rows == "line"
    money = "sum" if profile.order_amounts == "per_line" else "first"

    def gathered(name: str) -> str:
        if name not in have:
            return f"NULL AS {name}"
        how = money if _GATHER[name] == "money" else _GATHER[name]
        if not per_line:
            return name
        if how == "first":
            return f"arg_min({name}, __row) FILTER (WHERE {name} IS NOT NULL) AS {name}"
        return f"{how}({name}) AS {name}"

    selected = ", ".join(["order_id", *map(gathered, _GATHER)])
    if per_line:
        source = f"SELECT {selected}, count(*) AS __rows {ok} GROUP BY order_id"
    else:
        result.dropped[
            pick("order number repeated (the last row kept)", "订单编号重复（保留最后一行）")
        ] += repeated
        source = f"SELECT {selected} {ok}"
        if repeated:
            source += " QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY __row DESC) = 1"
    if per_line:
        incomplete, lost = con.sql(
            f"SELECT count(*), coalesce(sum(__rows), 0) FROM ({source}) "
            "WHERE status IS NULL OR paid_amount IS NULL"
        ).fetchall()[0]
        result.dropped[
            pick(
                "order without a status or amount on any of its rows", "订单的各行都没有状态或金额"
            )
        ] += incomplete
        result.problem_rows += int(lost)  # its rows cannot be read as an order: they count
        source = f"SELECT * FROM ({source}) WHERE status IS NOT NULL AND paid_amount IS NOT NULL"
    channel = (
        f"coalesce(channel, {quote(profile.empty_channel)})" if profile.empty_channel else "channel"
    )
    orders = con.sql(
        f"""
        WITH o AS ({source})
        SELECT order_id, buyer AS buyer_key,
               coalesce(created_at, paid_at) AS created_at,
               coalesce(paid_at, CASE WHEN status IN ('paid', 'refunded') THEN created_at END)
                   AS paid_at,
               redeemed_at,
               -- a paid order closes only through a refund (Taobao writes 交易关闭 for both)
               CASE WHEN status = 'closed' AND paid_at IS NOT NULL THEN 'refunded' ELSE status END
                   AS status,
               paid_amount::DOUBLE AS paid_amount,
               coalesce(refund_amount, CASE WHEN status = 'refunded' THEN paid_amount ELSE 0 END)
                   ::DOUBLE AS refund_amount,
               settlement_amount::DOUBLE AS settlement_amount,
               {channel} AS channel, store,
               coalesce(currency, {quote(profile.currency)}) AS currency,
               quantity::BIGINT AS quantity, product
        FROM o
        """
    ).to_arrow_table()
    if not per_line:
        return {"orders": orders}
    con.register("orders", orders)  # the order's product and quantity are its line
    if "line_amount" in have:
        amount = "line_amount"
    elif "unit_price" in have:
        amount = "unit_price * coalesce(quantity, 1)"
    elif money == "sum":
        amount = "paid_amount"  # each row holds its line's share of the order
    else:
        amount = "NULL"
    quantity = "quantity" if "quantity" in have else "1"
    lines = con.sql(
        f"""
        SELECT order_id, row_number() OVER (PARTITION BY order_id ORDER BY __row)::INTEGER
                   AS line, {"product" if "product" in have else "NULL"} AS product,
               {quantity}::BIGINT AS quantity, round({amount}, 2)::DOUBLE AS line_amount
        {ok} AND order_id IN (SELECT order_id FROM orders)
        """
    ).to_arrow_table()
    return {"orders": orders, "order_lines": lines}

"""Turning an export's cells into the course's tables, or saying exactly which cell could not be.

Each field's kind (:mod:`opsbook.content.import_schema`) gives one SQL expression, run by DuckDB
over the whole column at once on every core:

- order numbers keep every digit: ``="2025…"``, a leading tab or apostrophe are removed, and the
  text is never turned into a number; one already cut to scientific form (``2.02501E+18``) by a
  spreadsheet is reported, since its digits are gone;
- amounts: ``¥1,234.00``, ``1.2万``, ``12.5元``; rates: ``2.35%``; counts likewise;
- times in the common layouts, taken as Beijing time; a time with a UTC offset
  (``2025-03-01 10:12:33 +0800``, ``…-05:00``) is turned into Beijing time;
- statuses through the profile's lists onto paid, unpaid, closed and refunded;
- the buyer only as a salted hash (the salt stays in the work folder).

A row with a cell that cannot be read is dropped and reported with its row number, column, value
and reason; summary rows (合计, 总计 …) and empty rows are dropped and counted.
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
from opsbook.i18n import pick
from opsbook.imports.reading import Cells

SHOWN_PROBLEMS = 20  # problems listed one by one; all are counted
EMPTY = ("", "-", "--", "—", "null", "NULL", "None", "0000-00-00 00:00:00", "0000-00-00")
# a row that totals the others: 合计… in Chinese, or a cell that is just "Total" or "Sum" (a
# product named "Total Care" is data)
SUMMARY_ROW = r"^(合计|总计|汇总|小计|总和)|^(total|totals|grand total|sum)\s*[:：]?\s*$"
TIME_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y年%m月%d日",
    "%Y%m%d",
]
OFFSET_FORMATS = ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M %z"]


def _reason(kind: str) -> str:
    return {
        "id": pick(
            "the number was cut to scientific form by a spreadsheet and its last digits are "
            "lost — export the file again and import it without opening it in Excel",
            "编号被表格软件改成了科学计数法，末尾数字已丢失 — 请重新导出，导入前不要用 Excel 打开",
        ),
        "status": pick(
            "this status is not in the import profile — add it to the profile's statuses",
            "导入配置里没有这个状态 — 请把它加到配置的 statuses 里",
        ),
        "money": pick(
            "not an amount — write digits such as 1234.50, ¥1,234.50 or 1.2万",
            "不是金额 — 应写成 1234.50、¥1,234.50 或 1.2万 这样的数字",
        ),
        "count": pick(
            "not a whole number — write digits such as 1200 or 1.2万",
            "不是整数 — 应写成 1200 或 1.2万 这样的数字",
        ),
        "percent": pick(
            "not a rate — write it as 2.35% or 0.0235", "不是比率 — 应写成 2.35% 或 0.0235"
        ),
        "datetime": pick(
            "not a date and time — write it as 2025-06-18 20:00:00",
            "不是日期时间 — 应写成 2025-06-18 20:00:00",
        ),
        "date": pick("not a date — write it as 2025-06-18", "不是日期 — 应写成 2025-06-18"),
        "required": pick(
            "the cell is empty and the course needs it", "单元格为空，但这一列是必需的"
        ),
    }[kind]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


NUMERIC = ("money", "count", "percent")
_CLUTTER = r"'[¥￥$,，\s%]|元|RMB|CNY|USD'"  # around the digits of an amount or a rate


def _number(plain: str) -> str:
    """A number from a cell stripped of currency signs and separators; 万 means ten thousand."""
    return (
        f"CASE WHEN {plain} LIKE '%万' THEN TRY_CAST(rtrim({plain}, '万') AS DOUBLE) * 10000 "
        f"ELSE TRY_CAST({plain} AS DOUBLE) END"
    )


def value_sql(kind: str, x: str, n: str, profile: ImportProfile, salt: str) -> str:
    """The SQL expression for a field of ``kind``: ``x`` is its cell (see :func:`_cell`), ``n``
    the cell as a number (for amounts, counts and rates)."""
    if kind in ("id", "text"):
        return x
    if kind == "buyer":
        return f"left(sha256({_quote(salt)} || {x}), 16)"
    if kind == "status":
        whens = " ".join(
            f"WHEN {_quote(text)} THEN {_quote(status)}"
            for status, texts in profile.statuses.items()
            for text in texts
        )
        return f"CASE {x} {whens} END"
    if kind == "money":
        return f"round({n}, 2)"
    if kind == "count":
        return f"CASE WHEN {n} = round({n}) THEN {n}::BIGINT END"
    if kind == "percent":
        return f"CASE WHEN {x} LIKE '%\\%%' ESCAPE '\\' THEN {n} / 100 ELSE {n} END"
    formats = "[" + ", ".join(map(_quote, TIME_FORMATS)) + "]"
    offsets = "[" + ", ".join(map(_quote, OFFSET_FORMATS)) + "]"
    moment = (
        f"coalesce(try_strptime({x}, {_quote(TIME_FORMATS[0])}), "
        rf"CASE WHEN length({x}) > 19 AND regexp_matches({x}, '[+-]\d\d:?\d\d$') "
        f"THEN timezone('Asia/Shanghai', try_strptime({x}, {offsets})) "
        f"ELSE try_strptime({x}, {formats}) END)"
    )
    return f"({moment})::DATE" if kind == "date" else moment


def _bad_sql(kind: str, name: str, required: bool) -> str:
    """True where the field's cell could not be read (over the typed table: the value ``name``
    and ``h_name``, whether the cell had text)."""
    if kind == "id":
        bad = rf"(contains({name}, 'E+') AND regexp_full_match({name}, '\d(\.\d+)?E\+\d+'))"
    elif kind in ("text", "buyer"):
        bad = "false"
    else:
        bad = f"(h_{name} AND {name} IS NULL)"
    return f"({bad} OR NOT h_{name})" if required else bad


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
    problem_rows: int = 0
    period: tuple[str, str] | None = None


def _cell(trimmed: pa.ChunkedArray, kind: str) -> pa.ChunkedArray:
    """A trimmed cell as its field reads it: NULL when empty (or a placeholder such as "-" in a
    number or time column); an order number without the ="…", tab or apostrophe around it."""
    if kind == "id":
        trimmed = pc.utf8_trim(trimmed, "=\"' \t")
    placeholders = pa.array(EMPTY if kind in (*NUMERIC, "datetime", "date") else [""])
    return pc.if_else(pc.is_in(trimmed, placeholders), pa.scalar(None, pa.string()), trimmed)


def _is_summary(cells: pa.ChunkedArray) -> pa.ChunkedArray:
    """True for a row that totals the others (合计, 总计, Total …) rather than being data."""
    return pc.match_substring_regex(cells, SUMMARY_ROW, ignore_case=True)


def clean(
    cells: Cells,
    profile: ImportProfile,
    columns: dict[str, int],
    header: list[str],
    salt: str,
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
        first = pc.utf8_trim_whitespace(cells.table["c0"])
        summary = pc.or_kleene(_is_summary(first), _is_summary(prepared[key]))
    raw = pa.table(
        {
            "__row": pa.array(np.arange(cells.first_row, cells.first_row + rows), pa.int64()),
            "__summary": pc.fill_null(summary, False),
            **{f"x_{n}": column for n, column in prepared.items()},
        }
    )
    con = duckdb.connect()
    con.register("raw", raw)
    plain = "".join(
        f", CASE WHEN TRY_CAST(x_{n} AS DOUBLE) IS NOT NULL THEN x_{n} "
        f"ELSE regexp_replace(x_{n}, {_CLUTTER}, '', 'g') END AS p_{n}"
        for n, k in kinds.items()
        if k in NUMERIC
    )
    numbers = "".join(f", {_number(f'p_{n}')} AS n_{n}" for n, k in kinds.items() if k in NUMERIC)
    typed = ", ".join(
        f"x_{n} IS NOT NULL AS h_{n}, {value_sql(k, f'x_{n}', f'n_{n}', profile, salt)} AS {n}"
        for n, k in kinds.items()
    )
    con.sql(
        f"""CREATE TEMP TABLE typed AS
        WITH b AS (SELECT *{plain} FROM raw),
             c AS (SELECT *{numbers} FROM b)
        SELECT __row, __summary, {typed} FROM c"""
    )
    # with one row per line, an order's own fields may sit on its first row only: each row
    # needs its order number, each order (once gathered) the rest
    per_row = {"order_id"} if profile.rows == "line" else set(kinds)
    bad = {n: _bad_sql(k, n, fields[n].required and n in per_row) for n, k in kinds.items()}
    nothing = " AND ".join(f"NOT h_{n}" for n in kinds)
    con.sql(
        f"""CREATE TEMP VIEW judged AS SELECT *, CASE WHEN {nothing} THEN 'empty'
        WHEN __summary THEN 'summary' WHEN {" OR ".join(bad.values())} THEN 'bad' ELSE 'ok' END
        AS __kind FROM typed"""
    )
    distinct = "count(DISTINCT order_id)" if "order_id" in kinds else "0"
    found = con.sql(f"SELECT __kind, count(*), {distinct} FROM judged GROUP BY ALL").fetchall()
    counts = {kind: n for kind, n, _ in found}
    repeated = sum(n - different for kind, n, different in found if kind == "ok")
    result = Cleaned({}, rows_read=rows + len(cells.malformed))
    result.dropped.update(
        {
            pick("summary row (合计)", "汇总行（合计）"): counts.get("summary", 0),
            pick("empty row", "空行"): counts.get("empty", 0),
            pick("row with the wrong number of cells", "列数不对的行"): len(cells.malformed),
        }
    )
    if counts.get("bad"):
        _collect_problems(con, result, columns, header, bad, kinds)
    result.tables = _tables(con, profile, columns, result, repeated)
    result.dropped = Counter({k: v for k, v in result.dropped.items() if v})
    con.close()
    return result


def _collect_problems(con, result, columns, header, bad, kinds) -> None:
    """Each bad row under the first of its unreadable cells; the first few listed one by one."""
    checks = []
    for index, (name, i) in enumerate(columns.items()):
        if bad[name] == "false":
            continue
        reason = _quote(_reason(kinds[name]))
        if "NOT h_" in bad[name]:
            reason = f"CASE WHEN NOT h_{name} THEN {_quote(_reason('required'))} ELSE {reason} END"
        checks.append(
            f"SELECT __row, {index} AS idx, {_quote(header[i])} AS col, "
            f"coalesce(x_{name}, '') AS val, {reason} AS reason "
            f"FROM judged JOIN raw USING (__row) WHERE __kind = 'bad' AND {bad[name]}"
        )
    con.sql("CREATE TEMP TABLE problems AS " + " UNION ALL ".join(checks))
    per_reason = con.sql(
        "SELECT col, reason, count(*) FROM (SELECT * FROM problems QUALIFY "
        "row_number() OVER (PARTITION BY __row ORDER BY idx) = 1) GROUP BY ALL ORDER BY 3 DESC"
    ).fetchall()
    for col, reason, n in per_reason:
        result.dropped[f"{col}: {reason}"] += n
    result.problem_rows = sum(n for *_, n in per_reason)
    listed = con.sql(
        f"SELECT __row, col, val, reason FROM problems ORDER BY __row, idx LIMIT {SHOWN_PROBLEMS}"
    ).fetchall()
    result.problems = [Problem(*p) for p in listed]


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


def _tables(con, profile: ImportProfile, columns: dict[str, int], result: Cleaned, repeated: int):
    """The course's tables from the rows that were read whole."""
    have = set(columns)
    ok = "FROM judged WHERE __kind = 'ok'"
    if profile.table != "orders":
        keys = [k for k in ("date", "product_id", "product") if k in have][:1]
        return {
            profile.table: con.sql(
                f"SELECT {', '.join(columns)} {ok} QUALIFY row_number() OVER "
                f"(PARTITION BY {keys[0]} ORDER BY __row DESC) = 1 ORDER BY {keys[0]}"
            ).to_arrow_table()
        }
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
        source = f"SELECT {selected} {ok} GROUP BY order_id"
    else:
        result.dropped[
            pick("order number repeated (the last row kept)", "订单编号重复（保留最后一行）")
        ] += repeated
        source = f"SELECT {selected} {ok}"
        if repeated:
            source += " QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY __row DESC) = 1"
    if per_line:
        incomplete = con.sql(
            f"SELECT count(*) FROM ({source}) WHERE status IS NULL OR paid_amount IS NULL"
        ).fetchall()[0][0]
        result.dropped[
            pick(
                "order without a status or amount on any of its rows", "订单的各行都没有状态或金额"
            )
        ] += incomplete
        source = f"SELECT * FROM ({source}) WHERE status IS NOT NULL AND paid_amount IS NOT NULL"
    channel = (
        f"coalesce(channel, {_quote(profile.empty_channel)})"
        if profile.empty_channel
        else "channel"
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
               coalesce(currency, {_quote(profile.currency)}) AS currency,
               quantity::BIGINT AS quantity, product
        FROM o
        """
    ).to_arrow_table()
    if not per_line:
        return {"orders": orders}  # the order's product and quantity are its line
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
        {ok}
        """
    ).to_arrow_table()
    return {"orders": orders, "order_lines": lines}

"""What an import found, as numbers (``opsbook import --json`` prints them), and the standard
summary of a platform's stored orders: daily GMV, orders and average order value by channel, and
the repurchase rate."""

from dataclasses import asdict
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import pyarrow.compute as pc

from opsbook.core.i18n import pick
from opsbook.imports import storage

if TYPE_CHECKING:
    from opsbook.imports import ImportReport


def _day(value) -> str | None:
    return (
        value.date().isoformat()
        if hasattr(value, "date")
        else (value.isoformat() if value is not None else None)
    )


def summarise(report: "ImportReport") -> dict:
    """The import's figures. ``orders`` are the paid orders (those with a payment time), ``gmv``
    what their buyers paid before refunds, ``first_order``/``last_order`` their order dates."""
    cleaned = report.cleaned
    found = {
        "file": report.file,
        "platform": report.platform,
        "profile": report.profile,
        "title": report.title,
        "table": report.table,
        "format": report.format,
        "encoding": report.encoding,
        "header_row": report.header_row,
        "rows_read": cleaned.rows_read,
        "dropped": dict(cleaned.dropped),
        "problems": [asdict(p) for p in cleaned.problems],
        "missing_columns": report.missing_columns,
    }
    data = cleaned.tables[report.table]
    if report.table == "orders":
        con = duckdb.connect()
        con.register("orders", data)
        names = ("orders", "gmv", "refunds", "first_order", "last_order", "currency", "buyers")
        figures = con.sql(
            """SELECT count(*), round(coalesce(sum(paid_amount), 0), 2),
                      round(coalesce(sum(refund_amount), 0), 2),
                      min(created_at)::DATE::VARCHAR, max(created_at)::DATE::VARCHAR,
                      string_agg(DISTINCT currency, ', ' ORDER BY currency),
                      count(DISTINCT buyer_key)
               FROM orders WHERE paid_at IS NOT NULL"""
        ).fetchall()[0]
        con.close()
        found |= dict(zip(names, figures, strict=True))
        found["currency"] = found["currency"] or ""
        found["aov_per_order"] = _ratio(found["gmv"], found["orders"], 2)  # 笔单价
        if not found["buyers"]:  # masked names, or no buyer column: per buyer is unknown
            found["buyers"] = None
            found["per_buyer_unknown"] = _no_buyers(cleaned.buyers_masked)
        found["aov_per_buyer"] = _ratio(found["gmv"], found["buyers"], 2)  # 客单价
    elif report.table == "daily_traffic":
        found |= {
            "days": data.num_rows,
            "visitors": pc.sum(data["visitors"]).as_py(),
            "first_day": _day(pc.min(data["date"]).as_py()),
            "last_day": _day(pc.max(data["date"]).as_py()),
        }
        if "paid_amount" in data.column_names:
            found["gmv"] = round(pc.sum(data["paid_amount"]).as_py() or 0.0, 2)
        if "buyers" in data.column_names:  # 生意参谋's own definitions, over the file's days
            found["buyers"] = pc.sum(data["buyers"]).as_py()
            found["aov_per_buyer"] = _ratio(found.get("gmv"), found["buyers"], 2)
            found["payment_conversion"] = _ratio(found["buyers"], found["visitors"], 6)
    else:
        found |= {
            "products": data.num_rows,
            "gmv": round(pc.sum(data["paid_amount"]).as_py() or 0.0, 2),
            "period": list(cleaned.period) if cleaned.period else None,
        }
    return found


def _ratio(part, whole, digits: int) -> float | None:
    """``part / whole`` rounded; None when either is unknown or the whole is 0."""
    if part is None or not whole:
        return None
    return round(part / whole, digits)


def _no_buyers(masked: bool) -> str:
    if masked:
        return pick(
            "the export masks buyers' names (t**8): buyers cannot be told apart, so buyers, "
            "客单价 and repurchase are unknown — a 生意参谋 traffic report gives 支付买家数",
            "导出里的买家名被打码（t**8）：分不清谁是谁，所以买家数、客单价和复购都无法得知 — "
            "生意参谋的流量报表里有支付买家数",
        )
    return pick(
        "the export has no buyer column: buyers, 客单价 and repurchase are unknown",
        "导出里没有买家列：买家数、客单价和复购都无法得知",
    )


def standard_summary(platform: str) -> tuple[pd.DataFrame, float]:
    """Per day and channel: GMV, paid orders and average order value of the stored paid
    orders; and the repurchase rate (share of buyers with more than one paid order, in %)."""
    orders = storage.table_path(platform, "orders")
    con = duckdb.connect()
    quoted = orders.as_posix().replace("'", "''")  # a work folder may have a quote in its name
    source = f"read_parquet('{quoted}') WHERE paid_at IS NOT NULL"
    daily = con.execute(
        f"SELECT created_at::DATE AS day, coalesce(channel, '') AS channel, "
        f"sum(paid_amount) AS gmv, count(*) AS orders, sum(paid_amount) / count(*) AS aov "
        f"FROM {source} GROUP BY ALL ORDER BY ALL"
    ).df()
    repurchase = con.execute(
        f"SELECT avg((n > 1)::INTEGER) * 100 FROM (SELECT buyer_key, count(*) AS n FROM {source} "
        "AND buyer_key IS NOT NULL GROUP BY buyer_key)"
    ).fetchone()[0]
    con.close()
    return daily, float(repurchase) if repurchase is not None else float("nan")

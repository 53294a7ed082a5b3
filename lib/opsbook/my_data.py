"""The course's analyses on your own imported data (``notebooks/worksheets/my_data``).

:func:`load` gathers a platform's stored tables (:mod:`opsbook.imports.storage`), or
:meth:`MyData.of` the tables of imports not stored (the worksheet's sample). Each analysis is the
chapter's own function fed with your data, and says which files and dates it used:

- chapter 2: GMV = visitors × conversion × average order value per month, and what moved GMV
  between two months (with orders only: buyers × orders per buyer × average order value, and the
  traffic report that would complete it is named);
- repurchase (复购) and retention of first-time buyers;
- chapter 4: an event's review against the target you enter;
- chapter 5: the daily report against the same weekday of earlier weeks, and customer segments.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from opsbook.core.errors import DatasetError
from opsbook.core.i18n import pick
from opsbook.daily_operations import report as daily_report
from opsbook.daily_operations import segments as daily_segments
from opsbook.four_powers.metrics import lmdi, repurchase_rate, retention
from opsbook.imports import storage


@dataclass
class MyData:
    platform: str
    orders: pd.DataFrame  # paid orders only: order_id, buyer_key, day, paid_amount, channel …
    traffic: pd.DataFrame | None = None  # date, visitors, …
    products: pd.DataFrame | None = None
    files: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, platform: str, tables: dict, files: list[str]) -> "MyData":
        """From tables as imported (pyarrow or pandas), e.g. an import not stored."""
        frames = {k: v.to_pandas() if hasattr(v, "to_pandas") else v for k, v in tables.items()}
        orders = frames.get("orders")
        if orders is None:
            raise DatasetError(
                pick(
                    "No orders imported yet: import an order export first (the analyses "
                    "start from orders; a traffic report completes them).",
                    "还没有导入订单：请先导入订单报表（分析从订单开始，流量报表用来补全）。",
                )
            )
        paid = orders[orders["paid_at"].notna()].copy()
        if paid.empty:
            raise DatasetError(
                pick(
                    f"The orders of {platform} have no paid order yet: import an export with "
                    "paid orders (an order counts once it has a payment time).",
                    f"{platform} 的订单里还没有已付款订单：请导入含已付款订单的报表"
                    "（有付款时间的订单才算）。",
                )
            )
        paid["day"] = pd.to_datetime(paid["created_at"]).dt.normalize()
        return cls(platform, paid, frames.get("daily_traffic"), frames.get("products"), files)

    @property
    def span(self) -> tuple[date, date]:
        return self.orders["day"].min().date(), self.orders["day"].max().date()

    def source(self, start: date | None = None, end: date | None = None) -> str:
        """Which files and dates an analysis used."""
        first, last = start or self.span[0], end or self.span[1]
        files = ", ".join(self.files) or "—"
        return pick(
            f"From {files}: paid orders of {first} – {last}.",
            f"数据来自 {files}：{first} 至 {last} 的已付款订单。",
        )

    def _course_orders(self) -> pd.DataFrame:
        """The orders in the shape the chapters' functions take."""
        frame = self.orders
        return pd.DataFrame(
            {
                "order_id": frame["order_id"],
                "user_id": frame["buyer_key"],
                "order_date": frame["day"],
                "amount": frame["paid_amount"],
                "channel_id": frame["channel"].fillna(pick("(none)", "（无）")),
                "product_id": frame.get("product", pd.Series(index=frame.index, dtype=object)),
                "quantity": frame.get("quantity", pd.Series(1, index=frame.index)).fillna(1),
            }
        )

    def _buyers_needed(self) -> None:
        if self.orders["buyer_key"].isna().all():
            raise DatasetError(
                pick(
                    "This export has no buyer column, so repurchase and segments cannot be "
                    "worked out: import an export that names the buyer (or map its buyer column).",
                    "这份导出没有买家列，无法计算复购和分层：请导入带买家信息的报表（或对应买家列）。",
                )
            )


def load(platform: str) -> MyData:
    """A platform's stored data, with the files it came from."""
    tables = {
        name: data
        for name in ("orders", "daily_traffic", "products")
        if (data := storage.load(platform, name)) is not None
    }
    files = [e["file"] for e in storage.manifest() if e["platform"] == platform]
    return MyData.of(platform, tables, files)


def platforms() -> list[str]:
    """The platforms with stored orders."""
    return sorted({e["platform"] for e in storage.manifest() if e["table"] == "orders"})


# --- chapter 2: GMV factors ------------------------------------------------------------------


def gmv_factors(data: MyData, freq: str = "M") -> tuple[pd.DataFrame, list[str]]:
    """Per month: the factors whose product is GMV, and what is missing for the full formula."""
    orders = data.orders.assign(period=data.orders["day"].dt.to_period(freq).astype(str))
    table = orders.groupby("period").agg(
        gmv=("paid_amount", "sum"), orders=("order_id", "count"), buyers=("buyer_key", "nunique")
    )
    missing: list[str] = []
    if data.traffic is not None:
        traffic = data.traffic.assign(
            period=pd.to_datetime(data.traffic["date"]).dt.to_period(freq).astype(str)
        )
        months = list(table.index)
        table = table.join(traffic.groupby("period")["visitors"].sum(), how="inner")
        table["conversion"] = table["orders"] / table["visitors"]
        left_out = [m for m in months if m not in table.index]
        if left_out:
            missing.append(
                pick(
                    f"No traffic for {', '.join(left_out)}: those months are left out — import "
                    "the 生意参谋 traffic report that covers them.",
                    f"{'、'.join(left_out)} 没有流量数据，这些月份未列出 — 请导入覆盖这些月份的"
                    "生意参谋流量报表。",
                )
            )
    else:
        missing.append(
            pick(
                "Visitors and conversion: import a 生意参谋 (Business Advisor) shop traffic "
                "report by day for the same months.",
                "访客数和转化率：请导入同一时期按日的生意参谋店铺流量报表。",
            )
        )
    if data.orders["buyer_key"].notna().any():
        table["orders_per_buyer"] = table["orders"] / table["buyers"]
    else:
        missing.append(pick("Orders per buyer: the export has no buyer column.",
                            "人均订单数：这份导出没有买家列。"))  # fmt: skip
    table["aov"] = table["gmv"] / table["orders"]
    return table, missing


def _factors_of(table: pd.DataFrame) -> list[str]:
    if "visitors" in table:
        return ["visitors", "conversion", "aov"]
    return (
        ["buyers", "orders_per_buyer", "aov"] if "orders_per_buyer" in table else ["orders", "aov"]
    )


def factor_names() -> dict[str, str]:
    return {
        "visitors": pick("Visitors (UV)", "访客数"),
        "conversion": pick("Conversion (orders per visitor)", "转化率（订单/访客）"),
        "buyers": pick("Buyers", "买家数"),
        "orders_per_buyer": pick("Orders per buyer (复购)", "人均订单数（复购）"),
        "orders": pick("Paid orders", "已付款订单"),
        "aov": pick("Average order value (客单价)", "客单价"),
        "gmv": "GMV",
    }


def gmv_change(table: pd.DataFrame, before: str, after: str) -> pd.DataFrame:
    """What moved GMV from one period to another: each factor's contribution (they add up)."""
    for period in (before, after):
        if period not in table.index:
            raise DatasetError(
                pick(f'There is no period "{period}" in your data — use one of: '
                     f"{', '.join(table.index)}.",
                     f"数据里没有“{period}”这个周期 — 可选：{'、'.join(table.index)}。")
            )  # fmt: skip
    names = factor_names()
    factors = _factors_of(table)
    old, new = table.loc[before, factors], table.loc[after, factors]
    parts = lmdi(old.astype(float).to_dict(), new.astype(float).to_dict())
    return pd.DataFrame(
        {
            pick("Factor", "因子"): [names[f] for f in factors],
            before: old.round(4).to_numpy(),
            after: new.round(4).to_numpy(),
            pick("Contribution to GMV (yuan)", "对 GMV 的贡献（元）"): [
                round(parts[f]) for f in factors
            ],
        }
    )


# --- repurchase and retention ----------------------------------------------------------------


def repurchase(data: MyData) -> tuple[float, pd.DataFrame]:
    """The share of buyers with more than one paid order (%), and first-time buyers' retention."""
    data._buyers_needed()
    orders = data._course_orders().dropna(subset=["user_id"])
    return repurchase_rate(orders), retention(orders)


# --- chapter 4: an event's review ------------------------------------------------------------


def event_review(data: MyData, start: date, end: date, target_gmv: float) -> pd.DataFrame:
    """An event's days against the target: GMV, orders, average order value, and the daily
    pace the target needed; by channel when the export has one."""
    if target_gmv <= 0:
        raise DatasetError(pick("Enter the event's GMV target as a number above 0.",
                                "请输入大于 0 的活动 GMV 目标。"))  # fmt: skip
    during = data.orders[(data.orders["day"] >= pd.Timestamp(start))
                         & (data.orders["day"] <= pd.Timestamp(end))]  # fmt: skip
    if during.empty:
        first, last = data.span
        raise DatasetError(
            pick(f"No paid orders between {start} and {end}: your data covers {first} – {last}.",
                 f"{start} 至 {end} 没有已付款订单：数据覆盖 {first} 至 {last}。")
        )  # fmt: skip
    by = during.groupby(during["channel"].fillna(pick("(none)", "（无）")))
    table = by.agg(gmv=("paid_amount", "sum"), orders=("order_id", "count"))
    table.loc[pick("Total", "合计")] = [during["paid_amount"].sum(), len(during)]
    table["aov"] = table["gmv"] / table["orders"]
    days = (end - start).days + 1
    shown = pd.DataFrame(
        {
            "GMV": table["gmv"].round(2),
            pick("Share of target %", "目标达成率 %"): (table["gmv"] / target_gmv * 100).round(1),
            pick("Orders", "订单数"): table["orders"],
            pick("Average order value", "客单价"): table["aov"].round(2),
        }
    )
    shown.index.name = pick("Channel", "渠道")
    shown.attrs["pace"] = pick(
        f"The target of {target_gmv:,.0f} needed {target_gmv / days:,.0f} a day over {days} days; "
        f"the event made {during['paid_amount'].sum() / days:,.0f} a day.",
        f"目标 {target_gmv:,.0f} 元，{days} 天每天需 {target_gmv / days:,.0f} 元；"
        f"实际每天 {during['paid_amount'].sum() / days:,.0f} 元。",
    )
    return shown


# --- chapter 5: the daily report and segments ------------------------------------------------


def daily_inputs(data: MyData) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Orders, traffic and products in the shape of chapter 5's daily report."""
    orders = data._course_orders()
    if data.traffic is not None:
        traffic = pd.DataFrame({"date": pd.to_datetime(data.traffic["date"]),
                                "visits": data.traffic["visitors"]})  # fmt: skip
    else:
        traffic = pd.DataFrame({"date": pd.to_datetime([]), "visits": []})
    traffic["channel_id"] = None  # a shop's traffic report is not split by the orders' channels
    names = orders["product_id"].dropna().unique()
    products = pd.DataFrame({"product_id": names, "name_en": names, "name_zh": names,
                             "stock": pd.NA})  # fmt: skip
    return orders, traffic, products


def daily(data: MyData, day: date, weeks: int = 4) -> daily_report.DailyReport:
    """Chapter 5's daily report of ``day`` on your orders (and traffic, if imported)."""
    return daily_report.build(*daily_inputs(data), day, weeks=weeks)


def last_full_day(data: MyData) -> date:
    return data.span[1] - timedelta(days=1)


def customer_segments(data: MyData, as_of: date | None = None):
    """Chapter 5's segments of your buyers (RFM), and who to recall first."""
    from opsbook.content import load_playbook

    data._buyers_needed()
    segments = load_playbook("daily_operations").segments
    customers = daily_segments.rfm(data._course_orders().dropna(subset=["user_id"]),
                                   as_of or data.span[1])  # fmt: skip
    return (
        daily_segments.segment_summary(customers, segments),
        daily_segments.recall_list(customers, segments),
    )

"""The course's analyses on your own imported data (``notebooks/worksheets/my_data``).

:func:`load` gathers a platform's stored tables (:mod:`opsbook.imports.storage`), or
:meth:`MyData.of` the tables of imports not stored (the worksheet's sample). Each analysis is the
chapter's own function fed with your data, and says which files and dates it used:

- chapter 2: GMV per month by the platform's own definitions (访客数 × 支付转化率 × 客单价 with a
  生意参谋 traffic report; else 买家数 × 人均购买次数 × 笔单价, or 订单数 × 笔单价 when buyers
  cannot be told apart), and what moved GMV between two months;
- repurchase (复购率: the share of buyers with two paid orders or more) and the 复购率 of
  first-time buyers within 30, 60 … days;
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

    @property
    def buyers_known(self) -> bool:
        """Whether the orders tell buyers apart (a buyer column, names not masked)."""
        return bool(self.orders["buyer_key"].notna().any())

    def no_buyers(self) -> str:
        """Why per-buyer figures are unknown, and what would give them."""
        return pick(
            "客单价, buyers, purchases per buyer, repurchase and segments are unknown: the "
            "export has no buyer column, or masks buyers' names (t**8) so that no buyer can be "
            "told from another. An export that names buyers (Youzan's phone, the WeChat shop's "
            "OpenID) gives them; a 生意参谋 traffic report gives 支付买家数 and 客单价.",
            "客单价、买家数、人均购买次数、复购和分层都无法得知：导出里没有买家列，或者买家名"
            "被打码（t**8），分不清谁是谁。带买家标识的导出（有赞的手机号、微信小店的 OpenID）"
            "可以补上；生意参谋的流量报表里有支付买家数和客单价。",
        )

    def _buyers_needed(self) -> None:
        if not self.buyers_known:
            raise DatasetError(self.no_buyers())


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
    """Per month, the factors whose product is GMV, by the platform's own definitions (口径), so
    each matches what its back office shows; and what is missing for a fuller formula.

    - With a 生意参谋 traffic report: GMV (支付金额) = 访客数 × 支付转化率 × 客单价, where
      支付转化率 = 支付买家数 ÷ 访客数 and 客单价 = 支付金额 ÷ 支付买家数, all from the report
      (each day's figures summed over the month: a buyer who paid on two days counts twice, as
      the daily report shows them; 生意参谋's own month view counts once).
    - With orders that name buyers: GMV = 买家数 × 人均购买次数 × 笔单价 (buyers told apart in
      the month, their paid orders, GMV ÷ orders).
    - With masked buyer names (t**8): GMV = 订单数 × 笔单价; every per-buyer figure is unknown,
      never guessed."""
    orders = data.orders.assign(period=data.orders["day"].dt.to_period(freq).astype(str))
    table = orders.groupby("period").agg(
        gmv=("paid_amount", "sum"), orders=("order_id", "count"), buyers=("buyer_key", "nunique")
    )
    table["aov_per_order"] = table["gmv"] / table["orders"]  # 笔单价
    missing: list[str] = []
    if data.buyers_known:
        table["purchases_per_buyer"] = table["orders"] / table["buyers"]
    else:
        table = table.drop(columns="buyers")
        missing.append(data.no_buyers())
    if data.traffic is not None and {"buyers", "paid_amount"} <= set(data.traffic.columns):
        traffic = data.traffic.assign(
            period=pd.to_datetime(data.traffic["date"]).dt.to_period(freq).astype(str)
        )
        monthly = traffic.groupby("period")[["visitors", "buyers", "paid_amount"]].sum()
        months = list(table.index)
        table = table.drop(columns=[c for c in ("buyers",) if c in table]).join(
            monthly.rename(columns={"paid_amount": "traffic_gmv"}), how="inner"
        )
        table["payment_conversion"] = table["buyers"] / table["visitors"]
        table["aov_per_buyer"] = table["traffic_gmv"] / table["buyers"]
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
                "访客数, 支付转化率 and 客单价 as 生意参谋 shows them: import a 生意参谋 "
                "(Business Advisor) shop traffic report by day for the same months.",
                "生意参谋口径的访客数、支付转化率和客单价：请导入同一时期按日的生意参谋店铺流量"
                "报表。",
            )
        )
    return table, missing


def _factors_of(table: pd.DataFrame) -> list[str]:
    if "payment_conversion" in table:
        return ["visitors", "payment_conversion", "aov_per_buyer"]
    if "purchases_per_buyer" in table:
        return ["buyers", "purchases_per_buyer", "aov_per_order"]
    return ["orders", "aov_per_order"]


def factor_view(table: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader needs: the month's factors, 笔单价 beside a per-buyer 客单价 (the
    two are easily confused), and GMV as the factors multiply to it."""
    factors = _factors_of(table)
    extra = ["buyers"] if "payment_conversion" in table else []
    per_order = [] if "aov_per_order" in factors else ["aov_per_order"]
    total = "traffic_gmv" if "traffic_gmv" in table else "gmv"
    return table[[factors[0], *extra, *factors[1:], *per_order, total]]


def factor_basis(table: pd.DataFrame) -> str:
    """Which definitions (口径) the factors follow, said under the table."""
    if "payment_conversion" in table:
        return pick(
            "生意参谋's definitions, from its traffic report: 支付转化率 = 支付买家数 ÷ 访客数, "
            "客单价 = 支付金额 ÷ 支付买家数; a month's 访客数 and 支付买家数 are its days added "
            "up, as the daily report gives them (生意参谋's month view counts a person once, so "
            "its monthly 客单价 is higher). 笔单价 = GMV ÷ paid orders, from the order export.",
            "按生意参谋的口径，取自它的流量报表：支付转化率 = 支付买家数 ÷ 访客数，客单价 = "
            "支付金额 ÷ 支付买家数；月度的访客数和支付买家数是各天数字相加（与日报一致；生意参谋"
            "按月查看时同一个人只算一次，所以月度客单价会更高）。笔单价 = GMV ÷ 支付订单数，取自"
            "订单报表。",
        )
    return pick(
        "From the order export: 笔单价 = GMV ÷ paid orders; buyers are those the export tells "
        "apart in the month.",
        "取自订单报表：笔单价 = GMV ÷ 支付订单数；买家数是当月能分辨出的买家。",
    )


def factor_names() -> dict[str, str]:
    return {
        "visitors": pick("Visitors (访客数, UV)", "访客数（UV）"),
        # from a 生意参谋 traffic report: a month's days added up (its month view counts a person
        # once), as factor_basis says under the table
        "payment_conversion": pick(
            "Payment conversion (支付转化率, days added up: buyers ÷ visitors)",
            "支付转化率（按日累计：支付买家数 ÷ 访客数）",
        ),
        "aov_per_buyer": pick(
            "客单价 (days added up: paid ÷ paying buyers)",
            "客单价（按日累计：支付金额 ÷ 支付买家数）",
        ),
        "buyers": pick("Paying buyers", "支付买家数"),
        "purchases_per_buyer": pick("Purchases per buyer", "人均购买次数"),
        "orders": pick("Paid orders", "支付订单数"),
        "aov_per_order": pick("笔单价 (GMV ÷ orders)", "笔单价（GMV ÷ 订单数）"),
        "gmv": "GMV",
        "traffic_gmv": pick("支付金额 (生意参谋)", "支付金额（生意参谋）"),
    }


# how each figure of the my_data tables is written: counts whole with separators, money with
# two decimals, rates as percentages
FIGURES = {
    "visitors": "{:,.0f}",
    "orders": "{:,.0f}",
    "buyers": "{:,.0f}",
    "gmv": "{:,.2f}",
    "traffic_gmv": "{:,.2f}",
    "aov_per_order": "{:,.2f}",
    "aov_per_buyer": "{:,.2f}",
    "purchases_per_buyer": "{:.2f}",
    "payment_conversion": "{:.2%}",
}


def figures(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with each known figure written as people read it (see :data:`FIGURES`)."""
    shown = table.copy()
    for column in shown.columns:
        if column in FIGURES:
            shown[column] = shown[column].map(lambda v, f=FIGURES[column]: f.format(v))
    return shown


def gmv_change(table: pd.DataFrame, before: str, after: str) -> pd.DataFrame:
    """What moved GMV from one period to another: each factor's contribution (they add up)."""
    for period in (before, after):
        if period not in table.index:
            raise DatasetError(
                pick(
                    f'There is no period "{period}" in your data — use one of: '
                    f"{', '.join(table.index)}.",
                    f"数据里没有“{period}”这个周期 — 可选：{'、'.join(table.index)}。",
                )
            )
    names = factor_names()
    factors = _factors_of(table)
    old, new = table.loc[before, factors], table.loc[after, factors]
    parts = lmdi(old.astype(float).to_dict(), new.astype(float).to_dict())
    return pd.DataFrame(
        {
            pick("Factor", "因子"): [names[f] for f in factors],
            before: [FIGURES[f].format(old[f]) for f in factors],
            after: [FIGURES[f].format(new[f]) for f in factors],
            pick("Contribution to GMV (yuan)", "对 GMV 的贡献（元）"): [
                f"{parts[f]:+,.0f}" for f in factors
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
    """An event's days against the target: GMV, orders, value per order (笔单价), and the daily
    pace the target needed; by channel when the export has one."""
    if target_gmv <= 0:
        raise DatasetError(
            pick(
                "Enter the event's GMV target as a number above 0.",
                "请输入大于 0 的活动 GMV 目标。",
            )
        )
    during = data.orders[
        (data.orders["day"] >= pd.Timestamp(start)) & (data.orders["day"] <= pd.Timestamp(end))
    ]
    if during.empty:
        first, last = data.span
        raise DatasetError(
            pick(
                f"No paid orders between {start} and {end}: your data covers {first} – {last}.",
                f"{start} 至 {end} 没有已付款订单：数据覆盖 {first} 至 {last}。",
            )
        )
    by = during.groupby(during["channel"].fillna(pick("(none)", "（无）")))
    table = by.agg(gmv=("paid_amount", "sum"), orders=("order_id", "count"))
    table.loc[pick("Total", "合计")] = [during["paid_amount"].sum(), len(during)]
    table["aov"] = table["gmv"] / table["orders"]
    days = (end - start).days + 1
    shown = pd.DataFrame(
        {
            "GMV": table["gmv"].round(2),
            # each channel's GMV as a share of the whole event's target (the total row: 达成率)
            pick("Of the target %", "占目标 %"): (table["gmv"] / target_gmv * 100).round(1),
            pick("Orders", "订单数"): table["orders"],
            pick("Value per order (笔单价)", "笔单价"): table["aov"].round(2),
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
        traffic = pd.DataFrame(
            {"date": pd.to_datetime(data.traffic["date"]), "visits": data.traffic["visitors"]}
        )
    else:
        traffic = pd.DataFrame({"date": pd.to_datetime([]), "visits": []})
    traffic["channel_id"] = None  # a shop's traffic report is not split by the orders' channels
    names = orders["product_id"].dropna().unique()
    products = pd.DataFrame(
        {"product_id": names, "name_en": names, "name_zh": names, "stock": pd.NA}
    )
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
    orders = data._course_orders().dropna(subset=["user_id"])
    customers = daily_segments.rfm(orders, as_of or data.span[1])
    recall = daily_segments.recall_list(customers, segments)
    # a buyer is stored as a salted key no one can read: name them by their last order, which
    # the platform's back office finds (and with it the buyer)
    last = orders.sort_values("order_date").groupby("user_id")["order_id"].last()
    customer = pick("Customer", "顾客")
    recall[customer] = recall[customer].map(last)
    recall = recall.rename(columns={customer: pick("Their last order", "最近一笔订单号")})
    return daily_segments.segment_summary(customers, segments), recall

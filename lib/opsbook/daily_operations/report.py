"""The daily data review (日报): yesterday's transactions, traffic and products on one page, each
number set against the same weekday of the weeks before (a Saturday is compared with Saturdays:
weekdays differ more than weeks do). A number that moved more than ``tolerance`` from that
baseline is flagged, up or down, for the team to explain."""

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import format_day, pick
from opsbook.present.render import esc, html_page

METRICS = ("gmv", "orders", "aov", "visits", "conversion")


def _names() -> dict[str, str]:
    return {
        "gmv": pick("GMV (yuan)", "成交额（元）"),
        "orders": pick("Orders", "订单数"),
        "aov": pick("Value per order (yuan)", "笔单价（元）"),
        "visits": pick("Visitors (UV)", "访客数（UV）"),
        "conversion": pick("Order conversion", "订单转化率"),
    }


def day_metrics(orders: pd.DataFrame, traffic: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """GMV, orders, average order value, visits and conversion per day (the ``day`` column of the
    orders and traffic) and, with ``by`` (e.g. ``"channel_id"``), per its value: one grouping
    for all the days a report compares."""
    keys = ["day", by] if by else ["day"]
    money = orders.groupby(keys).agg(gmv=("amount", "sum"), orders=("order_id", "count"))
    visits = traffic.groupby(keys)["visits"].sum()
    return money.join(visits, how="outer").fillna(0)


def _with_ratios(table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    table["aov"] = (table["gmv"] / table["orders"]).where(table["orders"] > 0, 0.0)
    table["conversion"] = (table["orders"] / table["visits"]).where(table["visits"] > 0, 0.0)
    return table[list(METRICS)]


@dataclass(frozen=True)
class DailyReport:
    day: date
    weeks: int
    tolerance: float
    headline: pd.DataFrame  # metric, value, baseline, change, flag
    channels: pd.DataFrame  # per channel: the metrics and the GMV flag
    products: pd.DataFrame  # the day's best sellers


def _flag(change: float, tolerance: float) -> str:
    if pd.isna(change):
        return ""
    if change > tolerance:
        return "up"
    if change < -tolerance:
        return "down"
    return ""


def build(
    orders: pd.DataFrame,
    traffic: pd.DataFrame,
    products: pd.DataFrame,
    day: date,
    weeks: int = 4,
    tolerance: float = 0.3,
    product_daily: pd.DataFrame | None = None,
) -> DailyReport:
    """The report of ``day`` against the mean of the same weekday in the ``weeks`` before
    (``product_daily``: each product page's visitors by day, for the products' conversion)."""
    order_dates = pd.to_datetime(orders["order_date"])
    first = order_dates.min().date()
    earlier = [day - timedelta(weeks=w) for w in range(1, weeks + 1)]
    if earlier[-1] < first:
        raise OpsbookError(
            f"{day} needs {weeks} earlier weeks of orders and they start on {first}: "
            f"pick a day from {first + timedelta(weeks=weeks)} on, or fewer weeks."
        )
    # only the compared days' rows, grouped once: a day picked answers at once
    stamp, compared = pd.Timestamp(day), [pd.Timestamp(d) for d in (day, *earlier)]
    orders = orders.assign(day=order_dates)[order_dates.isin(compared)]
    traffic = traffic.assign(day=pd.to_datetime(traffic["date"]))
    traffic = traffic[traffic["day"].isin(compared)]

    platform = day_metrics(orders, traffic).reindex(compared, fill_value=0)  # a quiet day: 0
    platform = _with_ratios(platform.astype(float))
    today, before = platform.loc[stamp], platform.loc[compared[1:]].mean()
    change = (today / before - 1).where(before > 0)  # nothing to compare with: no flag
    headline = pd.DataFrame(
        {
            "metric": list(METRICS),
            "value": today.to_numpy(),
            "baseline": before.to_numpy(),
            "change": change.to_numpy(),
        }
    )
    headline["flag"] = [_flag(c, tolerance) for c in headline["change"]]

    by_channel = day_metrics(orders, traffic, by="channel_id")
    on_the_day = by_channel.xs(stamp, level="day") if stamp in by_channel.index else None
    channels = _with_ratios(
        on_the_day if on_the_day is not None else by_channel.iloc[:0].droplevel("day")
    ).reset_index()
    past = by_channel[by_channel.index.get_level_values("day") != stamp]
    baseline = past.groupby("channel_id")["gmv"].sum() / weeks  # a day without sales counts 0
    channels["gmv_baseline"] = channels["channel_id"].map(baseline).fillna(0.0)
    channels["gmv_change"] = channels["gmv"] / channels["gmv_baseline"] - 1
    channels.loc[channels["gmv_baseline"] == 0, "gmv_change"] = float("nan")
    channels["flag"] = [_flag(c, tolerance) for c in channels["gmv_change"]]

    sold = orders[orders["day"] == stamp]
    best = (
        sold.groupby("product_id")
        .agg(units=("quantity", "sum"), gmv=("amount", "sum"), orders=("order_id", "count"))
        .sort_values(["gmv", "units"], ascending=False)
        .head(5)
        .reset_index()
    )
    best = best.merge(products[["product_id", "name_en", "name_zh", "stock"]], on="product_id")
    if product_daily is not None:
        seen = product_daily[pd.to_datetime(product_daily["date"]) == pd.Timestamp(day)]
        best = best.merge(seen[["product_id", "uv"]], on="product_id", how="left")
    return DailyReport(day, weeks, tolerance, headline, channels, best)


def _number(metric: str, value: float) -> str:
    if metric == "conversion":
        return f"{value:.2%}"
    if metric in ("orders", "visits"):
        return f"{value:,.0f}"
    return f"{value:,.2f}" if metric == "aov" else f"{value:,.0f}"


def _flag_text(flag: str) -> str:
    return {
        "up": pick("▲ up, explain", "▲ 上升，需说明"),
        "down": pick("▼ down, explain", "▼ 下降，需说明"),
    }.get(flag, "")


def headline_table(report: DailyReport) -> pd.DataFrame:
    """The day's five numbers against the baseline, as the learner reads them."""
    names = _names()
    return pd.DataFrame(
        {
            pick("Metric", "指标"): [names[m] for m in report.headline["metric"]],
            pick("Day", "当日"): [
                _number(m, v)
                for m, v in zip(report.headline["metric"], report.headline["value"], strict=True)
            ],
            pick(f"Same weekday, {report.weeks}-week mean", f"前 {report.weeks} 周同日均值"): [
                _number(m, v)
                for m, v in zip(report.headline["metric"], report.headline["baseline"], strict=True)
            ],
            pick("Change", "变化"): [
                "—" if pd.isna(c) else f"{c:+.0%}" for c in report.headline["change"]
            ],
            pick("Flag", "提示"): [_flag_text(f) or "—" for f in report.headline["flag"]],
        }
    )


def channel_table(report: DailyReport, names: dict[str, str]) -> pd.DataFrame:
    """GMV, orders, AOV, visits and conversion by source channel, with the GMV flag."""
    table = report.channels.sort_values("gmv", ascending=False)
    return pd.DataFrame(
        {
            pick("Channel", "渠道"): [names.get(c, c) for c in table["channel_id"]],
            pick("GMV (yuan)", "成交额（元）"): [f"{v:,.0f}" for v in table["gmv"]],
            pick("Orders", "订单数"): table["orders"].astype(int).to_numpy(),
            # no orders: no value per order; no visitors recorded (朋友圈, a live room): unknown
            pick("Value per order (yuan)", "笔单价（元）"): [
                f"{v:,.2f}" if n else "—"
                for v, n in zip(table["aov"], table["orders"], strict=True)
            ],
            pick("Visitors", "访客数"): [f"{v:,.0f}" if v else "—" for v in table["visits"]],
            pick("Order conversion", "订单转化率"): [
                f"{c:.2%}" if v else "—"
                for c, v in zip(table["conversion"], table["visits"], strict=True)
            ],
            pick("GMV vs same weekday", "成交额较同日"): [
                pick("new", "新增") if pd.isna(c) else f"{c:+.0%}" for c in table["gmv_change"]
            ],
            pick("Flag", "提示"): [_flag_text(f) or "—" for f in table["flag"]],
        }
    ).reset_index(drop=True)


def products_table(report: DailyReport) -> pd.DataFrame:
    """The day's best sellers: units, GMV, and the share of stock the day sold (sell-through)."""
    best = report.products
    name = "name_zh" if pick("en", "zh") == "zh" else "name_en"
    table = pd.DataFrame(
        {
            pick("Product", "商品"): best[name].to_numpy(),
            pick("Units", "销量"): best["units"].astype(int).to_numpy(),
            pick("GMV (yuan)", "成交额（元）"): [f"{v:,.0f}" for v in best["gmv"]],
            pick("Sell-through of stock", "库存售罄率"): [
                f"{u / s:.1%}" for u, s in zip(best["units"], best["stock"], strict=True)
            ],
        }
    )
    if "uv" in best.columns:  # the product pages' visitors were given
        table[pick("Page visitors (UV)", "商品访客数")] = best["uv"].fillna(0).astype(int)
        table[pick("Product conversion", "商品转化率")] = [
            f"{orders / uv:.1%}" if uv else "—"
            for orders, uv in zip(best["orders"], best["uv"].fillna(0), strict=True)
        ]
    return table


def report_page(report: DailyReport, channel_names: dict[str, str]) -> str:
    """The report as one HTML page to send to the work group."""
    title = pick(f"Daily review · {format_day(report.day)}", f"日报 · {format_day(report.day)}")
    flagged = report.headline[report.headline["flag"] != ""]
    note = (
        pick("Flagged: ", "需说明：")
        + pick(", ", "、").join(_names()[m] for m in flagged["metric"])
        if len(flagged)
        else pick("Nothing outside the usual range.", "各项指标均在正常范围内。")
    )
    body = "".join(
        [
            f"<p>{esc(note)}</p>",
            headline_table(report).to_html(index=False, border=0),
            f"<h2>{esc(pick('By channel', '分渠道'))}</h2>",
            channel_table(report, channel_names).to_html(index=False, border=0),
            f"<h2>{esc(pick('Best sellers', '热销商品'))}</h2>",
            products_table(report).to_html(index=False, border=0),
        ]
    )
    return html_page(title, body, pick("en", "zh"))


def same_weekdays(orders: pd.DataFrame, day: date, weeks: int) -> tuple[list[date], list[float]]:
    """``day`` and the same weekday in the ``weeks`` before it (oldest first), with the GMV of
    each: the daily review's first comparison."""
    days = [day - timedelta(weeks=w) for w in range(weeks, -1, -1)]
    daily = orders.groupby(pd.to_datetime(orders["order_date"]))["amount"].sum()
    return days, [float(daily.get(pd.Timestamp(d), 0.0)) for d in days]


def hourly_curve(hourly: pd.DataFrame, day: date, weeks: int = 4) -> pd.DataFrame:
    """Visitors (UV) and page views (PV) of ``day`` hour by hour, with the mean of the same
    weekday in the ``weeks`` before: a dip at lunch on a normal-traffic day points at the app
    or the offer of that hour."""
    dates = pd.to_datetime(hourly["date"])
    earlier = [pd.Timestamp(day - timedelta(weeks=w)) for w in range(1, weeks + 1)]
    today = hourly[dates == pd.Timestamp(day)].set_index("hour")
    before = hourly[dates.isin(earlier)].groupby("hour")[["uv", "pv"]].sum() / weeks
    return pd.DataFrame(
        {
            "uv": today["uv"],
            "pv": today["pv"],
            "uv_baseline": before["uv"],
            "pv_baseline": before["pv"],
        }
    ).reindex(range(24), fill_value=0)


def buyer_profile(orders: pd.DataFrame, users: pd.DataFrame, day: date) -> pd.DataFrame:
    """Who bought on ``day``: first-time or returning, in the private domain or not, and their
    member level, each as a count and a share of the day's buyers."""
    stamp = pd.Timestamp(day)
    dates = pd.to_datetime(orders["order_date"])
    buyers = pd.Index(orders.loc[dates == stamp, "user_id"].unique())
    if buyers.empty:
        return pd.DataFrame({pick("Buyers", "买家"): [], pick("Count", "人数"): []})
    earlier = set(orders.loc[dates < stamp, "user_id"])
    tags = users.set_index("user_id").reindex(buyers)
    returning = buyers.isin(list(earlier))
    rows = [
        (pick("Returning (bought before)", "老客（之前买过）"), int(returning.sum())),
        (pick("First order", "新客（首单）"), int((~returning).sum())),
        (pick("In the private domain", "在私域中"), int((tags["in_private_domain"] == 1).sum())),
    ]
    for level in sorted(tags["member_level"].dropna().unique()):
        count = int((tags["member_level"] == level).sum())
        rows.append((pick(f"Member level {int(level)}", f"会员等级 {int(level)}"), count))
    return pd.DataFrame(
        {
            pick("Buyers", "买家"): [name for name, _ in rows],
            pick("Count", "人数"): [count for _, count in rows],
            pick("Share of the day's buyers", "占当日买家"): [
                f"{count / len(buyers):.0%}" for _, count in rows
            ],
        }
    )

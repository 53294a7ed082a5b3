"""The post-event review (复盘): actual against target by channel and by funnel step, best sellers,
the products that drew traffic without converting, and a document that runs goals → results →
causes → lessons."""

import html
from datetime import date

import pandas as pd

from opsbook.core.i18n import format_period, format_yuan, pick
from opsbook.datasets import channel_names
from opsbook.present.render import html_page, html_table, markdown_table, md_escape
from opsbook.present.tables import formatted


def channel_results(
    events: pd.DataFrame, traffic: pd.DataFrame, event_id: str, forecast: pd.DataFrame
) -> pd.DataFrame:
    """Per channel, target against actual at each funnel step: visits, conversion, sales.

    ``forecast`` is the step-3 forecast of the event (:func:`opsbook.event_sop.forecast.
    forecast_event`); its mid case is the target.
    """
    event = events.set_index("event_id").loc[event_id]
    during = traffic[
        (traffic["date"] >= event["start_date"]) & (traffic["date"] <= event["end_date"])
    ]
    actual = during.groupby("channel_id")[["visits", "orders", "gmv"]].sum()
    target = forecast.reindex(actual.index)
    table = pd.DataFrame(
        {
            "visits_target": target["visits_mid"].round(0),
            "visits": actual["visits"],
            "conversion_target": target["conversion_mid"],
            "conversion": actual["orders"] / actual["visits"],
            "sales_target": target["sales_mid"].round(0),
            "sales": actual["gmv"],
        }
    )
    table["sales_attainment"] = table["sales"] / table["sales_target"]
    table["weakest_step"] = [_weakest(row) for _, row in table.iterrows()]
    return table.sort_values("sales", ascending=False)


def results_table(results: pd.DataFrame) -> pd.DataFrame:
    """:func:`channel_results` as learners read it: channel names, labelled columns, visitors as
    counts, rates in %, yuan."""
    names = channel_names()
    shown = formatted(
        results,
        {
            "visits_target": "count",
            "visits": "count",
            "conversion_target": "share",
            "conversion": "share",
            "sales_target": "yuan",
            "sales": "yuan",
            "sales_attainment": "share:1",
        },
    ).rename(
        columns={
            "visits_target": pick("Visitors target", "访客目标"),
            "visits": pick("Visitors", "访客数"),
            "conversion_target": pick("Order conversion target", "订单转化率目标"),
            "conversion": pick("Order conversion", "订单转化率"),
            "sales_target": pick("Sales target (yuan)", "销售目标（元）"),
            "sales": pick("Sales (yuan)", "销售额（元）"),
            "sales_attainment": pick("Attainment", "达成率"),
            "weakest_step": pick("Weakest step", "最弱环节"),
        }
    )
    shown.index = [names.get(c, c) for c in results.index]
    shown.index.name = pick("Channel", "渠道")
    return shown


def products_table(per_product: pd.DataFrame) -> pd.DataFrame:
    """Per-product results (:func:`product_results` or a selection of it) as learners read them.
    The event page's hourly data is simulated at a larger scale than the daily channel data, so
    its sales are labelled as page data: they do not add up to the channel results."""
    shown = formatted(
        per_product[["name", "detail_clicks", "orders", "conversion", "sales"]],
        {"detail_clicks": "count", "orders": "count", "conversion": "share", "sales": "yuan"},
    ).rename(
        columns={
            "name": pick("Product", "商品"),
            "detail_clicks": pick("Detail-page clicks", "详情页点击"),
            "orders": pick("Orders", "订单数"),
            "conversion": pick("Click-to-order rate", "点击转化率"),
            "sales": pick("Sales on the page (page data, yuan)", "页面销售额（页面数据，元）"),
        }
    )
    return shown.reset_index(drop=True)


def _weakest(row: pd.Series) -> str:
    """The funnel step that fell furthest short of its target."""
    ratios = {
        pick("visits", "访客"): row["visits"] / row["visits_target"],
        pick("conversion", "转化"): row["conversion"] / row["conversion_target"],
        pick("order value", "笔单价"): (row["sales"] / row["visits"] / row["conversion"])
        / (row["sales_target"] / row["visits_target"] / row["conversion_target"]),
    }
    return min(ratios, key=ratios.get)


def funnel(hourly: pd.DataFrame) -> pd.DataFrame:
    """Page views → product-detail click-through → order conversion over the whole event, as
    learners read it (counts with separators, rates in %)."""
    views, clicks, orders = (
        int(hourly[c].sum()) for c in ("page_views", "detail_clicks", "orders")
    )
    table = pd.DataFrame(
        {
            "step": [
                pick("Product views on the page", "页面商品曝光"),
                pick("Detail-page clicks", "详情页点击"),
                pick("Orders", "订单"),
            ],
            "count": [views, clicks, orders],
            "rate": [None, clicks / views, orders / clicks],
        }
    )
    return formatted(table, {"count": "count", "rate": "share"}).rename(
        columns={
            "step": pick("Step", "环节"),
            "count": pick("Count", "数量"),
            "rate": pick("Step rate", "环节转化率"),
        }
    )


def product_results(hourly: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """Per product over the event: clicks, orders, conversion and sales at the sale price."""
    table = hourly.groupby("product_id")[["page_views", "detail_clicks", "orders"]].sum()
    prices = products.set_index("product_id")
    table["conversion"] = table["orders"] / table["detail_clicks"]
    table["sales"] = table["orders"] * prices["sale_price"].reindex(table.index)
    table["name"] = prices[pick("name_en", "name_zh")].reindex(table.index)
    return table


def best_sellers(results: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    return results.sort_values(["sales", "orders"], ascending=False).head(top)


def traffic_without_sales(results: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """High traffic, low conversion: the products in the top half by clicks with the lowest
    conversion — the first causes to look for."""
    busy = results[results["detail_clicks"] >= results["detail_clicks"].median()]
    return busy.sort_values("conversion").head(top)


def draft(
    results: pd.DataFrame,
    per_product: pd.DataFrame,
    names: dict[str, str],
    start: date,
    end: date,
    target: float | None = None,
) -> dict[str, list[str]]:
    """The goals, results and causes-to-check of a review, written from the numbers:
    :func:`channel_results` and :func:`product_results`. The team adds its lessons.

    ``target`` is the event's own sales target (``gmv_target`` in ``events.csv``), when it has
    one: the review then states it beside the channel forecast, which sets each channel's target,
    so the one event does not seem to have two targets."""
    forecast, actual = results["sales_target"].sum(), results["sales"].sum()
    weakest = results["sales_attainment"].idxmin()
    worst = results.loc[weakest]
    idle = traffic_without_sales(per_product).iloc[0]
    channel = names.get(weakest, weakest)
    period = format_period(start, end)
    if target is None:
        goals = [
            pick(
                f"Sell {format_yuan(forecast)} of vouchers on {period}.",
                f"{period}销售{format_yuan(forecast)}代金券和套餐。",
            )
        ]
        sold = pick(
            f"Sold {format_yuan(actual)} ({actual / forecast:.0%} of the target).",
            f"实际销售{format_yuan(actual)}（目标的 {actual / forecast:.0%}）。",
        )
    else:
        goals = [
            pick(
                f"Sell {format_yuan(target)} of vouchers and set meals on {period} (the event's "
                f"target).",
                f"{period}销售{format_yuan(target)}代金券和套餐（活动目标）。",
            ),
            pick(
                f"The step-3 forecast by channel added up to {format_yuan(forecast)}; its mid "
                "case is each channel's target below.",
                f"第 3 步分渠道预估的中间值合计{format_yuan(forecast)}，作为下表各渠道的目标。",
            ),
        ]
        sold = pick(
            f"Sold {format_yuan(actual)}: {actual / target:.0%} of the event's target, "
            f"{actual / forecast:.0%} of the channel forecast.",
            f"实际销售{format_yuan(actual)}，达成活动目标的 {actual / target:.0%}、"
            f"渠道预估的 {actual / forecast:.0%}。",
        )
    return {
        "goals": goals,
        "results": [
            sold,
            pick(
                f"Weakest channel: {channel} at {worst['sales_attainment']:.0%}, short on "
                f"{worst['weakest_step']}.",
                f"最弱渠道：{channel}，达成 {worst['sales_attainment']:.0%}，短板在"
                f"{worst['weakest_step']}。",
            ),
        ],
        "causes": [
            pick(
                f"{idle['name']} drew {idle['detail_clicks']:,} clicks and {idle['orders']:,} "
                "orders on the page (page data) — check its stock and price first (the team "
                "confirms the cause before writing it down).",
                f"{idle['name']}在活动页上有 {idle['detail_clicks']:,} 次点击、"
                f"{idle['orders']:,} 单（页面数据），先检查库存和价格（团队确认原因后再写下）。",
            ),
            pick(
                f"{channel} converted {worst['conversion']:.1%} against a target of "
                f"{worst['conversion_target']:.1%}: review its keywords and landing page.",
                f"{channel}订单转化率 {worst['conversion']:.1%}，目标 "
                f"{worst['conversion_target']:.1%}，先检查关键词和落地页。",
            ),
        ],
    }


def review_document(
    title: str,
    goals: list[str],
    results: list[str],
    causes: list[str],
    lessons: list[str],
    tables: dict[str, pd.DataFrame] | None = None,
    kind: str = "md",
) -> str:
    """The review as Markdown (``kind="md"``) or a self-contained HTML page, in four parts:
    goals → results → causes → lessons, each followed by its supporting tables."""
    parts = [
        (pick("Goals", "目标"), goals),
        (pick("Results", "结果"), results),
        (pick("Causes", "原因"), causes),
        (pick("Lessons", "经验"), lessons),
    ]
    tables = tables or {}
    if kind == "md":
        lines = [f"# {md_escape(title)}", ""]
        for heading, points in parts:
            lines += [f"## {md_escape(heading)}", ""] + [f"- {md_escape(p)}" for p in points] + [""]
        for name, table in tables.items():
            lines += [f"### {md_escape(name)}", ""]
            lines += [*markdown_table(table.columns, table.itertuples(index=False)), ""]
        return "\n".join(lines)
    esc = html.escape
    body = [f"<h1>{esc(title)}</h1>"]
    for heading, points in parts:
        body.append(
            f"<h2>{esc(heading)}</h2><ul>" + "".join(f"<li>{esc(p)}</li>" for p in points) + "</ul>"
        )
    for name, table in tables.items():
        body.append(
            f"<h3>{esc(name)}</h3>" + html_table(table.columns, table.itertuples(index=False))
        )
    return html_page(title, "".join(body), pick("en", "zh"))

"""Live monitoring during an event (实时监控): from hourly product data, decide what to change.

- **replace** (替换): high traffic, low conversion — the slot is wasted on a product people look
  at and do not buy;
- **move up** (上移): low traffic, high conversion — a product that sells when seen;
- **swap out** (下架换品): no sales in the last hours of the window.

Traffic is detail-page clicks, conversion is orders ÷ clicks, both over the hours seen so far.
Traffic is "high" at ``high_traffic`` × the median product or more, "low" at ``low_traffic`` ×
the median or less; conversion is "low" below ``low_conversion`` and "high" at
``high_conversion`` or more. All thresholds are the operator's to set.
"""

from dataclasses import dataclass

import pandas as pd

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick

ACTIONS = ("swap_out", "replace", "move_up", "keep")


@dataclass(frozen=True)
class Thresholds:
    high_traffic: float = 1.5  # × median clicks
    low_traffic: float = 0.6  # × median clicks
    low_conversion: float = 0.03  # orders ÷ clicks
    high_conversion: float = 0.09
    no_sale_hours: int = 4

    def __post_init__(self) -> None:
        if self.low_traffic >= self.high_traffic:
            raise OpsbookError(
                "Low traffic must be below high traffic (as multiples of the median)."
            )
        if self.low_conversion >= self.high_conversion:
            raise OpsbookError("Low conversion must be below high conversion.")
        if self.no_sale_hours < 1:
            raise OpsbookError("The no-sale window is at least one hour.")


def window(hourly: pd.DataFrame, upto_hour: int, no_sale_hours: int) -> pd.DataFrame:
    """Per product, hours 0..``upto_hour``: views, clicks, orders, rates, last-hours orders."""
    seen = hourly[hourly["hour"] <= upto_hour]
    if seen.empty:
        raise OpsbookError(f"No data up to hour {upto_hour} — the replay starts at hour 0.")
    table = seen.groupby("product_id")[["page_views", "detail_clicks", "orders"]].sum()
    recent = seen[seen["hour"] > upto_hour - no_sale_hours]
    table["recent_orders"] = recent.groupby("product_id")["orders"].sum()
    table["slot"] = seen[seen["hour"] == seen["hour"].max()].set_index("product_id")["slot"]
    table["click_rate"] = table["detail_clicks"] / table["page_views"]
    table["conversion"] = (table["orders"] / table["detail_clicks"]).fillna(0)
    table["hours_seen"] = upto_hour + 1
    return table


def classify(table: pd.DataFrame, thresholds: Thresholds) -> pd.DataFrame:
    """Add ``action`` and ``reason`` to a :func:`window` table (first matching action wins)."""
    median = table["detail_clicks"].median()
    out = table.copy()
    actions, reasons = [], []
    for _, row in table.iterrows():
        ratio = row["detail_clicks"] / median if median else 0
        full_window = row["hours_seen"] >= thresholds.no_sale_hours
        if full_window and row["recent_orders"] == 0:
            actions.append("swap_out")
            reasons.append(
                pick(
                    f"no order in the last {thresholds.no_sale_hours} hours",
                    f"最近 {thresholds.no_sale_hours} 小时无订单",
                )
            )
        elif ratio >= thresholds.high_traffic and row["conversion"] < thresholds.low_conversion:
            actions.append("replace")
            reasons.append(
                pick(
                    f"{ratio:.1f}× the median clicks but converts {row['conversion']:.1%}",
                    f"点击量为中位数的 {ratio:.1f} 倍，点击转化率仅 {row['conversion']:.1%}",
                )
            )
        elif ratio <= thresholds.low_traffic and row["conversion"] >= thresholds.high_conversion:
            actions.append("move_up")
            reasons.append(
                pick(
                    f"converts {row['conversion']:.1%} on only {ratio:.1f}× the median clicks",
                    f"点击转化率 {row['conversion']:.1%}，点击量仅为中位数的 {ratio:.1f} 倍",
                )
            )
        else:
            actions.append("keep")
            reasons.append("")
    out["action"] = actions
    out["reason"] = reasons
    return out


def action_list(
    hourly: pd.DataFrame,
    upto_hour: int,
    thresholds: Thresholds | None = None,
    products: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The ranked actions at an hour: swap-outs, then replacements, then move-ups; within each,
    the products with the most clicks first (they cost or promise the most)."""
    thresholds = thresholds or Thresholds()
    table = classify(window(hourly, upto_hour, thresholds.no_sale_hours), thresholds)
    table = table[table["action"] != "keep"].copy()
    table["rank_key"] = table["action"].map(ACTIONS.index)
    table = table.sort_values(["rank_key", "detail_clicks"], ascending=[True, False])
    names = {
        "swap_out": pick("Swap out", "下架换品"),
        "replace": pick("Replace", "替换"),
        "move_up": pick("Move up", "上移"),
    }
    result = pd.DataFrame(
        {
            pick("Action", "动作"): table["action"].map(names),
            pick("Product", "商品"): table.index,
            pick("Slot", "坑位"): table["slot"],
            pick("Clicks", "点击"): table["detail_clicks"],
            pick("Orders", "订单"): table["orders"],
            pick("Click-to-order rate %", "点击转化率 %"): (table["conversion"] * 100).round(1),
            pick("Why", "原因"): table["reason"],
        }
    )
    if products is not None:
        name = products.set_index("product_id")[pick("name_en", "name_zh")]
        result[pick("Product", "商品")] = [f"{p} {name.get(p, '')}" for p in table.index]
    return result.reset_index(drop=True)

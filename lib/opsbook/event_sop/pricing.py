"""Tiered prices against a demand curve: "the first 100 at 99 yuan, then 129" (两波价格).

Demand is a constant-elasticity curve: orders per hour at price p =
``base_rate × (p ÷ reference_price) ^ (−elasticity)``. The simulation is deterministic (expected
orders, not random ones): within each hour it sells at the current tier's rate until the hour,
the tier or the stock runs out, then carries on at the next tier's price.
"""

from dataclasses import dataclass

import pandas as pd

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.present.tables import number


@dataclass(frozen=True)
class Tier:
    price: float
    quantity: float | None = None  # None: every remaining unit


@dataclass(frozen=True)
class Demand:
    base_rate: float  # orders per hour at the reference price
    reference_price: float
    elasticity: float = 1.5

    def rate(self, price: float) -> float:
        return self.base_rate * (price / self.reference_price) ** (-self.elasticity)


@dataclass(frozen=True)
class PricingResult:
    hourly: pd.DataFrame  # hour, units, revenue, price at the end of the hour
    units: float
    revenue: float
    margin: float  # revenue − settlement price × units (what the platform keeps)
    sellout_hour: float | None  # hours after the start when stock ran out
    units_by_tier: list[float]

    @property
    def average_price(self) -> float:
        return self.revenue / self.units if self.units else 0.0


def simulate(
    tiers: list[Tier], demand: Demand, stock: float, settlement: float, hours: int = 24
) -> PricingResult:
    """Sell ``stock`` over ``hours`` at tiered prices; see the module docstring."""
    if not tiers:
        raise OpsbookError("Give at least one price tier, e.g. Tier(129).")
    for tier in tiers:
        if tier.price <= 0:
            raise OpsbookError(f"A price of {tier.price} yuan is not a price — use a positive one.")
    if stock <= 0 or hours <= 0:
        raise OpsbookError("Stock and hours must be positive.")
    tier_left = [t.quantity if t.quantity is not None else float("inf") for t in tiers]
    sold_by_tier = [0.0] * len(tiers)
    level, left, rows, sellout = 0, float(stock), [], None
    for hour in range(hours):
        time_left, units, revenue = 1.0, 0.0, 0.0
        while time_left > 1e-12 and left > 1e-9 and level < len(tiers):
            rate = demand.rate(tiers[level].price)
            can_sell = min(tier_left[level], left)
            wanted = rate * time_left
            if wanted < can_sell:
                sold, time_used = wanted, time_left
            else:
                sold, time_used = can_sell, can_sell / rate
            units += sold
            revenue += sold * tiers[level].price
            sold_by_tier[level] += sold
            tier_left[level] -= sold
            left -= sold
            time_left -= time_used
            if left <= 1e-9 and sellout is None:
                sellout = hour + (1 - time_left)
            if tier_left[level] <= 1e-9:
                level += 1
        price_now = tiers[min(level, len(tiers) - 1)].price
        rows.append({"hour": hour, "units": units, "revenue": revenue, "price": price_now})
    hourly = pd.DataFrame(rows)
    total_units, total_revenue = float(hourly["units"].sum()), float(hourly["revenue"].sum())
    return PricingResult(
        hourly=hourly,
        units=total_units,
        revenue=total_revenue,
        margin=total_revenue - settlement * total_units,
        sellout_hour=sellout,
        units_by_tier=sold_by_tier,
    )


def compare(
    options: dict[str, list[Tier]], demand: Demand, stock: float, settlement: float, hours: int = 24
) -> pd.DataFrame:
    """Several pricing options side by side, as learners read them: units sold, revenue, average
    price, margin over settlement and sell-out time (in hours, one decimal)."""
    rows = []
    for name, tiers in options.items():
        result = simulate(tiers, demand, stock, settlement, hours)
        rows.append(
            {
                pick("Option", "方案"): name,
                pick("Units", "销量"): number(result.units, "count"),
                pick("Revenue (yuan)", "销售额（元）"): number(result.revenue, "yuan"),
                pick("Average price (yuan)", "平均价（元）"): number(result.average_price, "money"),
                pick("Margin over settlement (yuan)", "毛利（扣结算价，元）"): number(
                    result.margin, "yuan"
                ),
                pick("Sold out after (hours)", "售罄用时（小时）"): number(
                    result.sellout_hour, "decimal:1"
                ),
            }
        )
    return pd.DataFrame(rows)

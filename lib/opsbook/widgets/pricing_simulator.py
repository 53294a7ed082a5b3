"""Chapter 4's two-wave price simulator: revenue, sell-out time and margin of an early price
and a normal one."""

import ipywidgets as widgets

from opsbook.core.i18n import pick
from opsbook.event_sop.charts import pricing_svg
from opsbook.event_sop.pricing import Demand, Tier, simulate
from opsbook.present.render import esc
from opsbook.widgets.base import Tool, slider


class PricingSimulator(Tool):
    """Two-wave pricing: an early price for the first N units, then the normal price."""

    def __init__(
        self,
        early_price: float = 99,
        early_units: int = 100,
        price: float = 129,
        stock: int = 400,
        settlement: float = 85,
        base_rate: float = 20,
        elasticity: float = 1.5,
        hours: int = 24,
    ):
        self.settlement, self.hours = settlement, hours

        self.early_price = slider(early_price, 49, 199, 1, pick("Early price", "首波价格"))
        self.early_units = slider(
            early_units, 0, 400, 10, pick("Units at early price", "首波数量"), widgets.IntSlider
        )
        self.price = slider(price, 49, 249, 1, pick("Normal price", "常规价格"))
        self.stock = slider(stock, 50, 1000, 10, pick("Stock", "库存"), widgets.IntSlider)
        self.base_rate = slider(
            base_rate, 1, 100, 1, pick("Orders/hour at normal price", "常规价每小时订单")
        )
        self.elasticity = slider(elasticity, 0.2, 3, 0.1, pick("Price sensitivity", "价格敏感度"))
        self.result = widgets.HTML()
        self.chart = widgets.HTML(layout=widgets.Layout(max_width="720px"))
        controls = [
            self.early_price,
            self.early_units,
            self.price,
            self.stock,
            self.base_rate,
            self.elasticity,
        ]
        for control in controls:
            control.observe(lambda _c: self._show(), names="value")
        self.widget = widgets.VBox([*controls, self.result, self.chart])
        self._show()

    def _show(self) -> None:
        tiers = [Tier(self.early_price.value, self.early_units.value), Tier(self.price.value)]
        if self.early_units.value == 0:
            tiers = tiers[1:]
        demand = Demand(self.base_rate.value, self.price.value, self.elasticity.value)
        self.outcome = simulate(tiers, demand, self.stock.value, self.settlement, self.hours)
        self.result.value = self.static_html()
        self.chart.value = pricing_svg(  # drawn by the browser
            self.outcome.hourly,
            self.stock.value,
            pick("Units sold over the first day", "首日累计销量"),
        )

    def static_html(self) -> str:
        r = self.outcome
        sold_out = (
            pick(f"sold out after {r.sellout_hour:.1f} hours", f"{r.sellout_hour:.1f} 小时售罄")
            if r.sellout_hour is not None
            else pick(
                f"{self.stock.value - r.units:,.0f} left after {self.hours} hours",
                f"{self.hours} 小时后剩余 {self.stock.value - r.units:,.0f}",
            )
        )
        return (
            f"<p>{esc(pick('Units', '销量'))} <b>{r.units:,.0f}</b> · "
            f"{esc(pick('revenue', '销售额'))} <b>{r.revenue:,.0f}</b> · "
            f"{esc(pick('average price', '平均价'))} {r.average_price:,.2f} · "
            f"{esc(pick('margin over settlement', '扣除结算价后的毛利'))} <b>{r.margin:,.0f}</b>"
            f" · {esc(sold_out)}</p>"
        )

    def summary(self) -> str:
        return pick(
            f"Pricing simulator: revenue {self.outcome.revenue:,.0f}",
            f"价格模拟器：销售额 {self.outcome.revenue:,.0f}",
        )

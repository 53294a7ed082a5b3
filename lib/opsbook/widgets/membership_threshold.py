"""Chapter 5's membership threshold: who reaches a tier's spend, who falls just short."""

import ipywidgets as widgets
import numpy as np
import pandas as pd

from opsbook.core.i18n import pick
from opsbook.daily_operations.membership import advice, at_threshold
from opsbook.present import svg
from opsbook.present.render import esc
from opsbook.widgets.base import Tool, slider


def _slider(value, low, high, step, text, kind=widgets.FloatSlider, **more):
    return slider(value, low, high, step, text, kind, label_width="220px", width="560px", **more)


class MembershipThreshold(Tool):
    """``MembershipThreshold(spend, threshold=800)``: move the threshold, see who reaches it and
    who is just below."""

    def __init__(self, spend: pd.Series, threshold: float = 800, band: float = 0.2):
        self.spend, self.band = spend, band
        top = float(spend.quantile(0.99))
        self.threshold = _slider(
            threshold,
            50,
            round(top, -2),
            50,
            pick("Tier threshold (yuan a year)", "升级门槛（元/年）"),
        )
        self.threshold.observe(lambda _c: self._show(), names="value")
        self.result = widgets.HTML()
        self.chart = widgets.HTML(layout=widgets.Layout(max_width="720px"))
        self.widget = widgets.VBox([self.threshold, self.result, self.chart])
        self._show()

    def _show(self) -> None:
        self.view = at_threshold(self.spend, self.threshold.value, self.band)
        self.result.value = self.static_html()
        # drawn by the browser: the same bins as the chapter's threshold_chart
        threshold = self.view.threshold
        cap = max(float(self.spend.quantile(0.98)), threshold * 1.2)
        counts, edges = np.histogram(self.spend.clip(upper=cap), bins=40)
        self.chart.value = svg.histogram(
            edges.tolist(),
            counts.tolist(),
            pick(
                "Customers by spend: the threshold (line) and just below it (band)",
                "顾客消费分布：门槛（竖线）与差一点达到的区间（色带）",
            ),
            pick("Spend in the year (yuan)", "年度消费（元）"),
            pick("Customers", "顾客数"),
            band=(threshold * (1 - self.view.band), threshold),
            mark=threshold,
        )

    def static_html(self) -> str:
        return f"<p>{esc(advice(self.view))}</p>"

    def summary(self) -> str:
        threshold, share = self.view.threshold, self.view.qualify_share
        return pick(
            f"Membership threshold {threshold:,.0f}: {share:.0%} qualify",
            f"会员门槛 {threshold:,.0f}：{share:.0%} 达到",
        )

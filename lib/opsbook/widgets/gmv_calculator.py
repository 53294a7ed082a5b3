"""The private-domain GMV calculator (运营力公式): move the five factors, see GMV, the value per
visitor (UV价值) and which factor explains the change against a baseline period."""

import ipywidgets as widgets

from opsbook.content.four_powers import FourPowers
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.four_powers.charts import contributions
from opsbook.four_powers.metrics import FACTORS, GmvInputs, decompose
from opsbook.present.render import esc
from opsbook.present.svg import hbars
from opsbook.widgets.base import Tool

# slider ranges as multiples of the baseline value; conversions are capped at 100 %
_SPAN = (0.5, 1.5)


class GmvCalculator(Tool):
    """``GmvCalculator(rubric, baseline)``; ``calc.set(aov=130)`` does what a slider does."""

    def __init__(self, rubric: FourPowers, baseline: GmvInputs, baseline_label: str = "", **now):
        self.rubric = rubric
        self.baseline = baseline
        self.baseline_label = baseline_label or pick("baseline", "基准")
        names = {f.key: f for f in rubric.gmv_factors}
        self.sliders: dict[str, widgets.FloatSlider] = {}
        rows = []
        for name in FACTORS:
            value = getattr(baseline, name)
            low, high = value * _SPAN[0], value * _SPAN[1]
            if name in ("lead_conversion", "purchase_conversion"):
                high = min(high, 1.0)
            if name == "repurchase":
                low = max(low, 1.0)
            step = (high - low) / 200
            slider = widgets.FloatSlider(
                value=value,
                min=low,
                max=high,
                step=step,
                readout_format=".0f" if name in ("traffic", "aov") else ".4f",
                continuous_update=False,
                layout=widgets.Layout(width="420px"),
            )
            slider.observe(lambda _change: self._show(), names="value")
            self.sliders[name] = slider
            label = widgets.HTML(
                f"<b>{esc(names[name].name)}</b><br><small>{esc(names[name].definition)}</small>",
                layout=widgets.Layout(width="360px"),
            )
            rows.append(widgets.HBox([label, slider]))
        self.result = widgets.HTML()
        self.chart = widgets.HTML(layout=widgets.Layout(max_width="720px"))
        self.widget = widgets.VBox([*rows, self.result, self.chart])
        self._quiet = False
        self.set(**now)

    @property
    def inputs(self) -> GmvInputs:
        return GmvInputs(**{name: slider.value for name, slider in self.sliders.items()})

    def set(self, **values: float) -> None:
        """Set some factors (by key) at once and update the result once."""
        unknown = sorted(set(values) - set(FACTORS))
        if unknown:
            raise OpsbookError(f"Unknown factor(s) {unknown} — use {list(FACTORS)}.")
        GmvInputs(**{**{n: s.value for n, s in self.sliders.items()}, **values})  # validates
        self._quiet = True
        try:
            for name, value in values.items():
                self.sliders[name].value = value
        finally:
            self._quiet = False
        self._show()

    def _show(self) -> None:
        if self._quiet:
            return
        self.decomposition = decompose(self.baseline, self.inputs)
        self.result.value = self.static_html()
        # drawn by the browser (an SVG of the same bars as the chapter's contributions chart):
        # a slider's change costs the server a millisecond of chart instead of ninety
        by_factor = self.decomposition.by_factor(self.rubric)
        self.chart.value = hbars(
            list(by_factor.index),
            [float(v) for v in by_factor],
            self.chart_title,
            pick("Contribution to the GMV change", "对 GMV 变化的贡献"),
        )

    @property
    def chart_title(self) -> str:
        return pick(
            f"What moved GMV against the {self.baseline_label}",
            f"相对{self.baseline_label}，GMV 的变化来自哪里",
        )

    def figure(self):
        """The same chart as a matplotlib figure (for a page or a handout without a browser)."""
        return contributions(self.decomposition.by_factor(self.rubric), self.chart_title)

    def static_html(self) -> str:
        now, d = self.inputs, self.decomposition
        colon = pick(": ", "：")
        baseline = f"{esc(self.baseline_label)}{colon}{self.baseline.gmv:,.0f}"
        return (
            f'<div style="font-size:16px;margin:8px 0">'
            f"GMV{colon}<b>{now.gmv:,.0f}</b>{pick(f' ({baseline})', f'（{baseline}）')} · "
            f"{esc(pick('Value per visitor (UV value)', 'UV 价值'))}{colon}"
            f"<b>{now.uv_value:.2f}</b> · "
            f"{esc(pick('Paying buyers', '支付买家数'))}{colon}{now.buyers:,.0f} · "
            f"{esc(pick('Orders', '订单数'))}{colon}{now.orders:,.0f}<br>"
            f"{esc(d.sentence(self.rubric))}</div>"
        )

    def summary(self) -> str:
        return pick(
            f"GMV calculator: {self.inputs.gmv:,.0f} ({self.decomposition.change_pct:+.1f} %)",
            f"GMV 计算器：{self.inputs.gmv:,.0f}（{self.decomposition.change_pct:+.1f}%）",
        )

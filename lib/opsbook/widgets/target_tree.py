"""The interactive target tree (拆解目标): set a monthly sales target and, if you like, one factor;
see the factor that has to carry the rest (visitors, order conversion or value per order), the
visitors split across channels and the MECE check."""

import ipywidgets as widgets
import pandas as pd

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.plan_writing.decompose import (
    SalesLevers,
    cheapest_lever,
    check_tree,
    lever_names,
    lever_options,
    options_table,
    sales_tree,
    solve,
    split_table,
    split_traffic,
    tree_table,
)
from opsbook.present.render import esc
from opsbook.widgets.base import Tool


class TargetTree(Tool):
    """``TargetTree(baseline, months, mix, target=120000)``; ``tree.set(target=150000,
    solve_for="conversion")`` does what the controls do."""

    def __init__(
        self,
        baseline: SalesLevers,
        months: pd.DataFrame,
        mix: pd.DataFrame,
        target: float = 120_000,
        solve_for: str = "traffic",
    ):
        self.baseline, self.months, self.mix = baseline, months, mix
        names = lever_names()
        self.target = widgets.IntSlider(
            value=int(target),
            min=50_000,
            max=300_000,
            step=5_000,
            continuous_update=False,
            description=pick("Monthly sales target", "月销售目标"),
            style={"description_width": "160px"},
            layout=widgets.Layout(width="560px"),
        )
        self.solve_for = widgets.ToggleButtons(
            options=[(names[key], key) for key in ("traffic", "conversion", "aov")],
            value=solve_for,
            description=pick("Solve for", "求解"),
            style={"description_width": "160px"},
        )
        # the two levers that are not solved for can be set; the third shows the solved value
        self.inputs = {
            "traffic": widgets.BoundedFloatText(
                value=round(baseline.traffic),
                min=1,
                max=10_000_000,
                step=100,
                description=names["traffic"],
            ),
            "conversion": widgets.BoundedFloatText(
                value=round(baseline.conversion * 100, 4),
                min=0.01,
                max=100,
                step=0.1,
                description=pick("Order conversion %", "订单转化率 %"),
            ),
            "aov": widgets.BoundedFloatText(
                value=round(baseline.aov, 2),
                min=1,
                max=100_000,
                step=1,
                description=names["aov"],
            ),
        }
        self.result = widgets.HTML()
        self._quiet = False
        for control in (self.target, self.solve_for, *self.inputs.values()):
            control.observe(lambda _c: self._show(), names="value")
        self.widget = widgets.VBox(
            [self.target, self.solve_for, widgets.HBox(list(self.inputs.values())), self.result]
        )
        self._show()

    def set(
        self, target: float | None = None, solve_for: str | None = None, **levers: float
    ) -> None:
        """Set the target, the lever to solve for, and values of the other levers
        (``conversion`` as a share, e.g. 0.03)."""
        if solve_for is not None and solve_for not in ("traffic", "conversion", "aov"):
            raise OpsbookError(f'Cannot solve for "{solve_for}" — use traffic, conversion or aov.')
        unknown = set(levers) - set(self.inputs)
        if unknown:
            raise OpsbookError(
                f"Unknown lever(s) {sorted(unknown)} — use traffic, conversion, aov."
            )
        self._quiet = True
        try:
            if target is not None:
                self.target.value = int(target)
            if solve_for is not None:
                self.solve_for.value = solve_for
            for name, value in levers.items():
                self.inputs[name].value = value * 100 if name == "conversion" else value
        finally:
            self._quiet = False
        self._show()

    def _fixed(self) -> dict[str, float]:
        values = {name: float(box.value) for name, box in self.inputs.items()}
        values["conversion"] /= 100
        return {name: v for name, v in values.items() if name != self.solve_for.value}

    def _show(self) -> None:
        if self._quiet:
            return
        target = float(self.target.value)
        self.levers = solve(target, self.baseline, self.solve_for.value, **self._fixed())
        solved = self.solve_for.value
        self._quiet = True
        try:
            for name, box in self.inputs.items():
                box.disabled = name == solved
            value = getattr(self.levers, solved)
            self.inputs[solved].value = round(value * 100 if solved == "conversion" else value, 2)
        finally:
            self._quiet = False
        self.split = split_traffic(self.levers.traffic, self.mix)
        self.tree = sales_tree(target, self.levers, self.split)
        self.options = lever_options(target, self.baseline, self.months, self.mix)
        self.result.value = self.static_html()

    def static_html(self) -> str:
        problems = check_tree(self.tree)
        check = (
            pick(
                "✓ The tree closes: the channels add up to the visitors and the three factors "
                "multiply to the target.",
                "✓ 拆解闭合：各渠道访客数相加等于总访客数，三个因子相乘等于目标。",
            )
            if not problems
            else "<br>".join(esc(p) for p in problems)
        )
        cheapest = cheapest_lever(self.options)
        return (
            f"<p>{esc(self.formula())}</p>"
            + tree_table(self.tree).to_html(index=False, escape=True, border=0)
            + f"<p>{check}</p>"
            + f"<p><b>{esc(pick('Visitors by channel', '访客数的渠道拆分'))}</b></p>"
            + split_table(self.split).to_html(index=False, escape=True, border=0)
            + f"<p><b>{esc(pick('Each factor alone', '单独拉动每个因子'))}</b>"
            + esc(
                pick(
                    f" — the one to move first: {cheapest}",
                    f"——最容易先拉动的：{cheapest}",
                )
            )
            + "</p>"
            + options_table(self.options).to_html(index=False, escape=True, border=0, na_rep="–")
        )

    def formula(self) -> str:
        """The target as the product of its three factors, in words and numbers."""
        names, levers = lever_names(), self.levers
        return pick(
            f"{levers.traffic:,.0f} visitors × {levers.conversion:.2%} order conversion × "
            f"{levers.aov:,.2f} yuan per order = {levers.sales:,.0f} yuan",
            f"{names['traffic']} {levers.traffic:,.0f} × {names['conversion']} "
            f"{levers.conversion:.2%} × {names['aov']} {levers.aov:,.2f} 元 = "
            f"{levers.sales:,.0f} 元",
        )

    def summary(self) -> str:
        return pick(f"Target tree: {self.formula()}", f"目标拆解：{self.formula()}")

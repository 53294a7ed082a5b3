"""Chapter 5's referral (裂变) calculator: users per generation, the referral factor, the
cost of a new user and whether it pays back."""

import ipywidgets as widgets

from opsbook.core.i18n import pick
from opsbook.daily_operations.fission import Referral, generations_table, grow, verdict
from opsbook.present import svg
from opsbook.present.render import esc
from opsbook.widgets.base import Tool, slider


def _slider(value, low, high, step, text, kind=widgets.FloatSlider, **more):
    return slider(value, low, high, step, text, kind, label_width="220px", width="560px", **more)


class FissionCalculator(Tool):
    """``FissionCalculator(seed=1000, invite_rate=0.2, …)``; ``calc.set(acceptance=0.4)`` does
    what a slider does."""

    def __init__(self, seed: int = 1000, generations: int = 4, **start):
        values = dict(
            invite_rate=0.2,
            invites=5,
            acceptance=0.3,
            reward_inviter=10,
            reward_new=10,
            value_per_user=60,
        )
        values.update(start)
        self.seed, self.generations = seed, generations
        self.sliders = {
            "invite_rate": _slider(
                values["invite_rate"],
                0,
                1,
                0.01,
                pick("Share who invite", "参与邀请的比例"),
                readout_format=".0%",
            ),
            "invites": _slider(values["invites"], 0, 20, 1, pick("Invitations each", "人均邀请数")),
            "acceptance": _slider(
                values["acceptance"],
                0,
                1,
                0.01,
                pick("Share accepted", "接受邀请的比例"),
                readout_format=".0%",
            ),
            "reward_inviter": _slider(
                values["reward_inviter"],
                0,
                50,
                1,
                pick("Reward to inviter (yuan)", "邀请人奖励（元）"),
            ),
            "reward_new": _slider(
                values["reward_new"],
                0,
                50,
                1,
                pick("Reward to new user (yuan)", "新用户奖励（元）"),
            ),
            "value_per_user": _slider(
                values["value_per_user"],
                0,
                300,
                5,
                pick("Repeat value per user (yuan)", "每位新用户复购价值（元）"),
            ),
        }
        for control in self.sliders.values():
            control.observe(lambda _c: self._show(), names="value")
        self.result = widgets.HTML()
        self.chart = widgets.HTML(layout=widgets.Layout(max_width="720px"))
        self.widget = widgets.VBox([*self.sliders.values(), self.result, self.chart])
        self._show()

    def set(self, **values) -> None:
        for name, value in values.items():
            self.sliders[name].value = value

    def _show(self) -> None:
        referral = Referral(
            seed=self.seed,
            generations=self.generations,
            **{name: control.value for name, control in self.sliders.items()},
        )
        self.outcome = grow(referral)
        self.result.value = self.static_html()
        table = self.outcome.table  # drawn by the browser: no matplotlib render on a slider move
        self.chart.value = svg.columns(
            [str(g) for g in table["generation"]],
            [float(v) for v in table["new_users"]],
            pick(
                f"New users from {self.seed:,} seed users", f"{self.seed:,} 位种子用户带来的新用户"
            ),
            pick("Round", "轮次"),
            pick("New users (line: running total)", "新增用户（折线：累计）"),
            running=[float(v) for v in table["new_users"].cumsum()],
        )

    def static_html(self) -> str:
        r = self.outcome
        return (
            f"<p>k = <b>{r.k:.2f}</b> · {esc(pick('new users', '新增用户'))} "
            f"<b>{r.new_users:,.0f}</b> · {esc(pick('reward cost', '奖励成本'))} "
            f"<b>{r.cost:,.0f}</b> {esc(pick('yuan', '元'))}</p>"
            f"<p>{esc(verdict(r))}</p>" + generations_table(r).to_html(index=False, border=0)
        )

    def summary(self) -> str:
        k, users = self.outcome.k, self.outcome.new_users
        return pick(
            f"Referral calculator: k = {k:.2f}, {users:,.0f} new users",
            f"裂变计算器：k = {k:.2f}，新增 {users:,.0f} 位用户",
        )

"""The chapter 5 tools: the referral (裂变) calculator, the membership threshold and the daily
review (日报). Thin: the numbers come from :mod:`opsbook.daily_operations`."""

from datetime import date

import ipywidgets as widgets
import numpy as np
import pandas as pd

from opsbook.core.i18n import format_day, pick
from opsbook.daily_operations import report
from opsbook.daily_operations.fission import Referral, generations_table, grow, verdict
from opsbook.daily_operations.membership import advice, at_threshold
from opsbook.present import svg
from opsbook.present.charts import PALETTE
from opsbook.present.render import esc
from opsbook.widgets.base import Tool, slider

LABEL = {"description_width": "220px"}


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
            pick("Generation", "代际"),
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


class DailyReview(Tool):
    """``DailyReview(orders, traffic, products, channel_names, day)``: pick a day, read its
    report with the flags."""

    def __init__(
        self,
        orders,
        traffic,
        products,
        channel_names,
        day: date,
        weeks: int = 4,
        hourly=None,
        product_daily=None,
    ):
        self.orders, self.traffic, self.products = orders, traffic, products
        self.hourly = hourly  # visitors by hour, for the 24-hour curve (optional)
        self.product_daily = product_daily  # product pages' visitors, for their conversion
        self.names, self.weeks = channel_names, weeks
        self.day = widgets.DatePicker(value=day, description=pick("Day", "日期"), style=LABEL)
        self.day.observe(lambda _c: self._show(), names="value")
        self.status = widgets.HTML()
        self.tables = widgets.HTML()
        # both charts are drawn by the browser (SVG): a day picked costs no matplotlib render
        self.chart = widgets.HTML(layout=widgets.Layout(max_width="720px"))
        self.hours = widgets.HTML(layout=widgets.Layout(max_width="720px"))
        self.widget = widgets.VBox([self.day, self.status, self.chart, self.tables, self.hours])
        self._show()

    def _show(self) -> None:
        if self.day.value is None:
            return
        if not hasattr(self, "report"):  # the day given in code: a bad one is an error to fix
            self._draw()
            return
        with self._reporting():  # a day picked later: the message shows, the last report stays
            self._draw()

    def _draw(self) -> None:
        self.report = report.build(
            self.orders,
            self.traffic,
            self.products,
            self.day.value,
            self.weeks,
            product_daily=self.product_daily,
        )
        self.status.value = ""
        self.tables.value = self.static_html()
        days, gmv = report.same_weekdays(self.orders, self.day.value, self.weeks)
        self.chart.value = svg.columns(
            [d.strftime("%m-%d") for d in days],
            gmv,
            pick(
                f"GMV of {format_day(self.day.value)} and the same weekday before",
                f"{format_day(self.day.value)} 与之前同一星期几的成交额",
            ),
            pick("Same weekday", "同一星期几"),
            pick("GMV, yuan (dashed: mean before)", "成交额（元；虚线：之前的均值）"),
            colors=[PALETTE[0]] * self.weeks + [PALETTE[3]],
            reference=sum(gmv[:-1]) / self.weeks,
        )
        if self.hourly is not None:
            curve = report.hourly_curve(self.hourly, self.day.value, self.weeks)
            self.hours.value = svg.columns(
                [str(hour) for hour in curve.index],
                [float(v) for v in curve["uv"]],
                pick("Visitors by hour", "分小时访客数"),
                pick("Hour", "小时"),
                pick("Visitors (dashed: same weekday, mean)", "访客数（虚线：同日均值）"),
                running=[float(v) for v in curve["uv_baseline"]],
                dashed=True,
                label_every=3,
            )

    def static_html(self) -> str:
        return (
            report.headline_table(self.report).to_html(index=False, border=0)
            + f"<h4>{esc(pick('By channel', '分渠道'))}</h4>"
            + report.channel_table(self.report, self.names).to_html(index=False, border=0)
        )

    def summary(self) -> str:
        flags = int((self.report.headline["flag"] != "").sum())
        return pick(
            f"Daily review of {self.report.day}: {flags} flags",
            f"{self.report.day} 日报：{flags} 项提示",
        )

"""The chapter 4 tools: the event timeline (pick a node and a year, see the eight steps laid out
and each step's checklist), the tiered-price simulator and the event-day replay."""

from datetime import date, timedelta

import ipywidgets as widgets
import pandas as pd

from opsbook.content.event_sop import Calendar, EventSop
from opsbook.core.bounds import MAX_YEAR, MIN_YEAR
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.event_sop.calendar import event_window
from opsbook.event_sop.charts import pricing_chart, replay_chart, schedule_chart
from opsbook.event_sop.monitor import Thresholds, action_list
from opsbook.event_sop.pricing import Demand, Tier, simulate
from opsbook.event_sop.schedule import back_schedule, schedule_table
from opsbook.present.render import bullets, esc
from opsbook.widgets.base import Tool, slider

LABEL = {"description_width": "180px"}
LAST_LUNAR_YEAR = 2099  # lunardate converts lunar festivals up to here


class EventTimeline(Tool):
    """``EventTimeline(sop, calendar, today=date(2026, 9, 1))``; pick a node, a year, the team's
    capacity and a step: the schedule, its chart and the step's checklist follow."""

    def __init__(
        self,
        sop: EventSop,
        calendar: Calendar,
        today: date,
        node: str = "national_day",
        year: int | None = None,
        capacity: int = 2,
    ):
        self.sop, self.calendar, self.today = sop, calendar, today
        self.node = widgets.Dropdown(
            options=[(str(n.name), n.key) for n in calendar.nodes],
            value=node,
            description=pick("Node", "节点"),
            style=LABEL,
        )
        self.year = widgets.BoundedIntText(
            value=year or today.year,
            min=2024,
            max=LAST_LUNAR_YEAR,
            description=pick("Year", "年份"),
            style=LABEL,
        )
        # the node fills in the event's dates; any other start date or length can be typed in
        self.start = widgets.DatePicker(description=pick("Event starts", "活动开始"), style=LABEL)
        self.days = widgets.BoundedIntText(
            value=1, min=1, max=31, description=pick("Days", "天数"), style=LABEL
        )
        self.capacity = widgets.IntSlider(
            value=capacity,
            min=1,
            max=4,
            description=pick("Steps at once", "可并行步骤数"),
            style=LABEL,
            continuous_update=False,
        )
        self.working = widgets.Checkbox(
            value=False,
            description=pick(
                "Count working days (weekends and statutory holidays off, 调休 days worked)",
                "按工作日计算（周末和法定假日不算，调休上班日算）",
            ),
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.step = widgets.Dropdown(
            options=[(f"{s.number} · {s.name}", s.key) for s in sop.steps],
            description=pick("Checklist of", "查看清单"),
            style=LABEL,
        )
        self.table = widgets.HTML()
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="820px"))
        self.card = widgets.HTML()
        self._quiet = False
        for control in (self.node, self.year):
            control.observe(lambda _c: self._from_calendar(), names="value")
        for control in (self.start, self.days, self.capacity, self.working):
            control.observe(lambda _c: self._plan(), names="value")
        self.step.observe(lambda _c: self._card(), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.node, self.year]),
                widgets.HBox([self.start, self.days]),
                self.capacity,
                self.working,
                self.table,
                self.chart,
                self.step,
                self.card,
            ]
        )
        self._from_calendar()
        self._card()

    def _from_calendar(self) -> None:
        start, end = event_window(self.calendar, self.node.value, self.year.value)
        self._quiet = True
        try:
            self.start.value, self.days.value = start, (end - start).days + 1
        finally:
            self._quiet = False
        self._plan()

    def _plan(self) -> None:
        if self._quiet or self.start.value is None:
            return
        start = self.start.value
        if not MIN_YEAR <= start.year <= MAX_YEAR:  # a date picker takes years 1 to 275760
            self.table.value = (
                "<p style='color:#b91c1c'>"
                + esc(
                    pick(
                        f"{start} is outside the years a plan covers — pick a date between "
                        f"{MIN_YEAR} and {MAX_YEAR}.",
                        f"{start} 超出方案的年份范围——"
                        f"请选择 {MIN_YEAR} 至 {MAX_YEAR} 年之间的日期。",
                    )
                )
                + "</p>"
            )
            return
        end = start + timedelta(days=self.days.value - 1)
        try:
            self.slots = back_schedule(
                self.sop, start, end, self.today, self.capacity.value, self.working.value
            )
        except OpsbookError as error:  # e.g. a year whose holidays are not published yet
            self.table.value = f"<p style='color:#b91c1c'>{esc(str(error))}</p>"
            return
        self.window = (start, end)
        late = [s for s in self.slots if not s.fits]
        if end < self.today:
            verdict = pick(
                "This event is already over — pick the next year.",
                "这个活动已经结束——请选择下一年。",
            )
        elif not late:
            verdict = pick("✓ Every step still fits.", "✓ 所有步骤都来得及。")
        else:
            verdict = pick(
                f"✗ {len(late)} {'step' if len(late) == 1 else 'steps'} should already have "
                "started — start now, shorten the steps or add people.",
                f"✗ {len(late)} 个步骤本应已经开始——立即开始、压缩工期或增加人手。",
            )
        self.table.value = (
            f"<p><b>{esc(pick('Event', '活动'))}: {start} – {end}</b> · "
            f"{esc(pick('today', '今天'))} {self.today} · {esc(verdict)}</p>"
            + schedule_table(self.sop, self.slots).to_html(index=False, escape=True, border=0)
        )
        self.chart.value = schedule_chart(
            self.slots,
            start,
            pick("The eight steps, laid back from the event", "八个步骤，从活动日期倒排"),
        ).fast_png()

    def _card(self) -> None:
        step = self.sop.step(self.step.value)
        owners = ", ".join(str(self.sop.role(o).name) for o in step.owners)
        self.card.value = (
            f"<p><b>{step.number} · {esc(step.name)}</b> — {esc(owners)}</p>"
            f"<p><b>{esc(pick('Inputs', '输入'))}</b></p>{bullets(step.inputs)}"
            f"<p><b>{esc(pick('Outputs', '输出'))}</b></p>{bullets(step.outputs)}"
            f"<p><b>{esc(pick('Checklist', '检查清单'))}</b></p>"
            + bullets(f"☐ {item}" for item in step.checklist)
            + f"<p><b>{esc(pick('Pitfalls', '常见坑'))}</b></p>{bullets(step.pitfalls)}"
        )

    def static_html(self) -> str:
        return self.table.value + self.card.value

    def summary(self) -> str:
        late = sum(not s.fits for s in self.slots)
        name = self.calendar.node(self.node.value).name
        start, end = self.window
        steps = "step" if late == 1 else "steps"
        return pick(
            f"Event timeline: {name} {start} – {end}, {late} {steps} late",
            f"活动时间线：{name} {start} – {end}，{late} 个步骤来不及",
        )


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
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="720px"))
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
        self.chart.value = pricing_chart(
            self.outcome.hourly,
            self.stock.value,
            pick("Units sold over the first day", "首日累计销量"),
        ).fast_png()

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


class EventReplay(Tool):
    """Replay an event day hour by hour; the monitoring actions follow the slider."""

    def __init__(
        self,
        hourly: pd.DataFrame,
        products: pd.DataFrame | None = None,
        hour: int = 6,
        thresholds: Thresholds | None = None,
    ):
        self.hourly, self.products = hourly, products
        self.thresholds = thresholds or Thresholds()
        self.hour = widgets.IntSlider(
            value=hour,
            min=0,
            max=int(hourly["hour"].max()),
            description=pick("Hour", "时刻"),
            style=LABEL,
            continuous_update=False,
            layout=widgets.Layout(width="620px"),
        )
        self.actions = widgets.HTML()
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="720px"))
        self.hour.observe(lambda _c: self._show(), names="value")
        self.widget = widgets.VBox([self.hour, self.chart, self.actions])
        self._show()

    def set_thresholds(self, **values) -> None:
        """Change thresholds (e.g. ``low_conversion=0.02``) and recompute."""
        self.thresholds = Thresholds(**{**self.thresholds.__dict__, **values})
        self._show()

    def recompute(self) -> pd.DataFrame:
        """The ranked action list at the current hour (what the table shows)."""
        self.table = action_list(self.hourly, self.hour.value, self.thresholds, self.products)
        return self.table

    def _show(self) -> None:
        table = self.recompute()
        head = pick(f"Actions at {self.hour.value:02d}:59", f"{self.hour.value:02d}:59 的调整建议")
        self.actions.value = f"<p><b>{esc(head)}</b></p>" + (
            table.to_html(index=False, escape=True, border=0)
            if len(table)
            else f"<p>{esc(pick('Nothing to change.', '无需调整。'))}</p>"
        )
        self.chart.value = replay_chart(
            self.hourly,
            self.hour.value,
            pick("Orders per hour on the event page", "活动页每小时订单"),
        ).fast_png()

    def static_html(self) -> str:
        return self.actions.value

    def summary(self) -> str:
        return pick(
            f"Event replay at hour {self.hour.value}: {len(self.table)} actions",
            f"活动回放 {self.hour.value} 点：{len(self.table)} 条建议",
        )

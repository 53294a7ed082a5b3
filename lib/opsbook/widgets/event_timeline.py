"""Chapter 4's event timeline: pick a node and a year, see the eight steps laid back from
the event date, which are late, and each step's checklist."""

from datetime import date, timedelta

import ipywidgets as widgets

from opsbook.content.event_sop import Calendar, EventSop
from opsbook.core.bounds import MAX_YEAR, MIN_YEAR
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.event_sop.calendar import event_window
from opsbook.event_sop.charts import schedule_svg
from opsbook.event_sop.schedule import back_schedule, roles_of, schedule_table
from opsbook.present.render import bullets, esc
from opsbook.widgets.base import Tool

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
        self.chart = widgets.HTML(layout=widgets.Layout(max_width="760px"))
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
            f"<p><b>{esc(pick('Event', '活动'))}{pick(': ', '：')}{start} – {end}</b> · "
            f"{esc(pick('today', '今天'))} {self.today} · {esc(verdict)}</p>"
            + schedule_table(self.sop, self.slots).to_html(index=False, escape=True, border=0)
        )
        self.chart.value = schedule_svg(  # drawn by the browser
            self.slots,
            start,
            pick("The eight steps, laid back from the event", "八个步骤，从活动日期倒排"),
        )

    def _card(self) -> None:
        step = self.sop.step(self.step.value)
        roles = f"{self.sop.role(step.owner).name}{pick(' (R)', '（R）')}"
        if step.consulted:
            roles += pick("; ", "；") + roles_of(self.sop, step.consulted) + pick(" (C)", "（C）")
        self.card.value = (
            f"<p><b>{step.number} · {esc(step.name)}</b>{pick(' — ', '——')}{esc(roles)}</p>"
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

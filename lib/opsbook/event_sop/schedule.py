"""Back-scheduling the eight steps: from the event dates, lay each step as late as its successors
allow, never running more steps at once than the team can carry, and flag steps that would have
to start before today."""

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from opsbook.content.event_sop import EventSop, Step
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import label, pick
from opsbook.event_sop import holidays

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Slot:
    step: Step
    start: date
    end: date  # inclusive
    late_by: int  # days the step starts before today (0 when it still fits)

    @property
    def fits(self) -> bool:
        return self.late_by == 0


def _order(sop: EventSop) -> list[Step]:
    """Steps so that every step comes after the steps it depends on."""
    done, ordered = set(), []
    while len(ordered) < len(sop.steps):
        for step in sop.steps:
            if step.key not in done and set(step.depends_on) <= done:
                ordered.append(step)
                done.add(step.key)
    return ordered


def _span(first: date, length: int, working: bool, step: timedelta = DAY) -> list[date]:
    """The ``length`` days a step takes from ``first``, walking by ``step`` (backwards with
    ``-DAY``); with ``working`` only working days count: weekends and statutory holidays are
    skipped, make-up working days counted."""
    days, day = [], first
    while len(days) < length:
        if not working or holidays.is_workday(day):
            days.append(day)
        day += step
    return days


def back_schedule(
    sop: EventSop,
    event_start: date,
    event_end: date,
    today: date,
    capacity: int = 2,
    working_days: bool = False,
) -> list[Slot]:
    """Lay out the steps around an event.

    "before" steps are placed backwards from the day before the event: each ends before every
    step that depends on it starts, and no day has more than ``capacity`` steps running.
    "during" steps span the event; "after" steps follow it in dependency order. With
    ``working_days`` a step's days are working days (China's calendar, 调休 included): a
    five-day step over a weekend takes seven calendar days.
    """
    if event_end < event_start:
        raise OpsbookError(f"The event ends on {event_end}, before it starts on {event_start}.")
    if capacity < 1:
        raise OpsbookError("Capacity is the number of steps the team can run at once: 1 or more.")
    ordered = _order(sop)
    successors = {s.key: [t for t in sop.steps if s.key in t.depends_on] for s in sop.steps}
    placed: dict[str, tuple[date, date]] = {}
    load: dict[date, int] = {}

    for step in reversed([s for s in ordered if s.phase == "before"]):
        limits = [placed[t.key][0] - DAY for t in successors[step.key] if t.phase == "before"]
        latest_end = min([event_start - DAY, *limits])
        end = latest_end
        length = max(step.duration, 1)
        days = _span(end, length, working_days, -DAY)
        while days[0] != end or any(load.get(day, 0) >= capacity for day in days):
            end -= DAY
            days = _span(end, length, working_days, -DAY)
        for day in days:
            load[day] = load.get(day, 0) + 1
        placed[step.key] = (days[-1], end)

    for step in ordered:
        if step.phase == "during":
            placed[step.key] = (event_start, event_end)
        elif step.phase == "after":
            earliest = max([event_end + DAY] + [placed[d][1] + DAY for d in step.depends_on])
            days = _span(earliest, max(step.duration, 1), working_days)
            placed[step.key] = (days[0], days[-1])

    return [
        Slot(step, *placed[step.key], max((today - placed[step.key][0]).days, 0))
        for step in sop.steps
    ]


def roles_of(sop: EventSop, keys: list[str]) -> str:
    """Role names as each language lists them: "Data analyst, Marketing" / "数据分析、市场"."""
    return pick(", ", "、").join(str(sop.role(key).name) for key in keys)


def schedule_table(sop: EventSop, slots: list[Slot]) -> pd.DataFrame:
    """The schedule as a table: step, its owner (R), dates, days, and whether it still fits."""
    return pd.DataFrame(
        [
            {
                pick("Step", "步骤"): f"{slot.step.number} · {slot.step.name}",
                label("owner"): str(sop.role(slot.step.owner).name),
                pick("Start", "开始"): slot.start,
                pick("End", "结束"): slot.end,
                pick("Days", "天数"): (slot.end - slot.start).days + 1,
                pick("Fits?", "来得及？"): "✓"
                if slot.fits
                else pick(f"✗ {slot.late_by} days late", f"✗ 晚了 {slot.late_by} 天"),
            }
            for slot in slots
        ]
    )


def steps_table(sop: EventSop) -> pd.DataFrame:
    """The eight steps: phase, typical days, the owner (R), the roles consulted (C) and what each
    waits for."""
    phases = {
        "before": pick("before", "活动前"),
        "during": pick("during", "活动中"),
        "after": pick("after", "活动后"),
    }
    return pd.DataFrame(
        [
            {
                "#": step.number,
                pick("Step", "步骤"): str(step.name),
                pick("When", "阶段"): phases[step.phase],
                pick("Days", "天数"): step.duration or pick("the event", "活动期"),
                label("owner"): str(sop.role(step.owner).name),
                label("consulted"): roles_of(sop, step.consulted),
                pick("Waits for", "前置步骤"): pick(", ", "、").join(
                    str(sop.step(d).number) for d in step.depends_on
                ),
            }
            for step in sop.steps
        ]
    )

"""Typed models of ``playbook/event_sop.yaml`` (the eight steps of an online event) and
``playbook/calendar.yaml`` (the promotion nodes of a year).

Every node must fall in every year: a fixed 02-29 (leap years only) and a 5th weekday of a month
(some years only) are refused on load, and a rule's ``offset_days`` stays within
:data:`MAX_OFFSET_DAYS` of the day it counts from.
"""

import itertools
from datetime import date
from typing import Literal

from pydantic import Field

from opsbook.content.base import Key, Model, Text, duplicate_keys

# the 24 solar terms (二十四节气) in calendar order from the first of the year
SOLAR_TERMS = (
    "小寒", "大寒", "立春", "雨水", "惊蛰", "春分", "清明", "谷雨", "立夏", "小满", "芒种", "夏至",
    "小暑", "大暑", "立秋", "处暑", "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至",
)  # fmt: skip
MAX_OFFSET_DAYS = 60  # a node moved further from its rule is another node: give it its own rule
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Role(Model):
    key: Key
    name: Text


class Step(Model):
    key: Key
    number: int = Field(ge=1)
    name: Text
    phase: Literal["before", "during", "after"]
    duration: int = Field(ge=0, le=60)  # days; a "during" step lasts as long as the event
    owner: Key  # the one role responsible (R)
    consulted: list[Key] = []  # roles asked before it is done (C)
    depends_on: list[Key] = []
    inputs: list[Text] = Field(min_length=1)
    outputs: list[Text] = Field(min_length=1)
    checklist: list[Text] = Field(min_length=1)
    pitfalls: list[Text] = Field(min_length=1)


class EventSop(Model):
    version: Literal[1]
    roles: list[Role] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)

    def role(self, key: str) -> Role:
        return next(r for r in self.roles if r.key == key)


def check_event_sop(sop: EventSop) -> list[tuple[str, str]]:
    """Unique keys, numbers 1..n in order, known owner and consulted roles (the owner not among
    those consulted: a task has one R) and dependencies, no cycles."""
    problems: list[tuple[str, str]] = []
    for name, keys in (
        ("roles", [r.key for r in sop.roles]),
        ("steps", [s.key for s in sop.steps]),
    ):
        problems += duplicate_keys(name, keys)
    if [s.number for s in sop.steps] != list(range(1, len(sop.steps) + 1)):
        problems.append(("steps", "number the steps 1, 2, 3 … in the order they are listed"))
    roles, steps = {r.key for r in sop.roles}, {s.key for s in sop.steps}
    for index, step in enumerate(sop.steps):
        where = f"steps[{index}] ({step.key})"
        problems += [
            (
                f"{where}.{field}",
                f'"{role}" is not a role under roles: — use one of {sorted(roles)}',
            )
            for field, role in [("owner", step.owner)] + [("consulted", c) for c in step.consulted]
            if role not in roles
        ]
        if step.owner in step.consulted:
            problems.append(
                (
                    f"{where}.consulted",
                    f'"{step.owner}" is the owner (R) — a role is either responsible or '
                    "consulted, not both",
                )
            )
        problems += [
            (f"{where}.depends_on", f'"{dep}" is not a step — use one of {sorted(steps)}')
            for dep in step.depends_on
            if dep not in steps
        ]
    if not problems and _has_cycle(sop):
        problems.append(("steps", "the depends_on lists form a circle — one step must come first"))
    return problems


def _has_cycle(sop: EventSop) -> bool:
    remaining = {s.key: set(s.depends_on) for s in sop.steps}
    while remaining:
        ready = [key for key, deps in remaining.items() if not deps & set(remaining)]
        if not ready:
            return True
        for key in ready:
            del remaining[key]
    return False


class WeekdayRule(Model):
    month: int = Field(ge=1, le=12)
    weekday: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    nth: int = Field(ge=1, le=5)
    offset_days: int = 0


class Phase(Model):
    """One part of a multi-week sale, in days from the node: -10 is ten days before it."""

    key: Key
    name: Text
    start: int = Field(ge=-60, le=30)
    end: int = Field(ge=-60, le=30)


class Node(Model):
    key: Key
    name: Text
    fixed: str | None = Field(default=None, pattern=r"^\d\d-\d\d$")
    lunar: str | None = Field(default=None, pattern=r"^\d\d-\d\d$")  # lunar month and day
    solar_term: str | None = None  # one of the 24 solar terms, by its Chinese name: "清明"
    rule: WeekdayRule | None = None
    days: int = Field(default=3, ge=1, le=31)
    window: Literal["ends", "starts"] = "ends"  # the event window ends (or starts) on the node
    phases: list[Phase] = []  # the weeks of a platform-wide sale around the node


class Calendar(Model):
    version: Literal[1]
    nodes: list[Node] = Field(min_length=1)

    def node(self, key: str) -> Node:
        return next(n for n in self.nodes if n.key == key)


def check_calendar(calendar: Calendar) -> list[tuple[str, str]]:
    """One way to find each date; fixed and lunar days exist; solar terms are known; phases
    run forwards, one after the other."""
    problems: list[tuple[str, str]] = []
    problems += duplicate_keys("nodes", (n.key for n in calendar.nodes))
    for index, node in enumerate(calendar.nodes):
        where = f"nodes[{index}] ({node.key})"
        ways = [n for n in ("fixed", "lunar", "solar_term", "rule") if getattr(node, n) is not None]
        if len(ways) != 1:
            problems.append((where, "give exactly one of fixed, lunar, solar_term or rule"))
        if node.fixed == "02-29":
            problems.append(
                (
                    f"{where}.fixed",
                    '"02-29" is a day of leap years only, and every node needs a date every '
                    'year — use "02-28" or "03-01"',
                )
            )
        elif node.fixed:
            try:
                date(2024, int(node.fixed[:2]), int(node.fixed[3:]))  # 2024 has a 29 February
            except ValueError:
                problems.append((f"{where}.fixed", f'"{node.fixed}" is not a day — write "MM-DD"'))
        if node.rule:
            problems += _rule_problems(f"{where}.rule", node.rule)
        if node.lunar and not (1 <= int(node.lunar[:2]) <= 12 and 1 <= int(node.lunar[3:]) <= 30):
            problems.append(
                (f"{where}.lunar", f'"{node.lunar}" is not a lunar day — months 01–12, days 01–30')
            )
        if node.solar_term and node.solar_term not in SOLAR_TERMS:
            problems.append(
                (
                    f"{where}.solar_term",
                    f'"{node.solar_term}" is not one of {", ".join(SOLAR_TERMS)}',
                )
            )
        problems += [
            (f"{where}.phases[{i}] ({phase.key})", "end must not be before start")
            for i, phase in enumerate(node.phases)
            if phase.end < phase.start
        ]
        problems += [
            (
                f"{where}.phases[{i + 1}] ({phase.key})",
                f"starts on day {phase.start}, before {earlier.key} ends on day {earlier.end} — "
                "one phase follows the other: start it the day after",
            )
            for i, (earlier, phase) in enumerate(itertools.pairwise(node.phases))
            if phase.start <= earlier.end
        ]
    return problems


def _rule_problems(where: str, rule: WeekdayRule) -> list[tuple[str, str]]:
    """A weekday rule must find a day in every year, near the weekday it counts from."""
    problems = []
    if rule.nth == 5:
        problems.append(
            (
                f"{where}.nth",
                f"month {rule.month} has a 5th {rule.weekday} in some years only, and every "
                "node needs a date every year — use nth 1 to 4",
            )
        )
    if abs(rule.offset_days) > MAX_OFFSET_DAYS:
        problems.append(
            (
                f"{where}.offset_days",
                f"{rule.offset_days:,} days is too far from the {rule.weekday} it counts from "
                f"— use -{MAX_OFFSET_DAYS} to {MAX_OFFSET_DAYS} (1 is the day after, -1 the day "
                "before)",
            )
        )
    return problems

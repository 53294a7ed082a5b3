"""Dates of the promotion nodes in any year: fixed days, the lunar table and weekday rules."""

from datetime import date, timedelta

import pandas as pd

from opsbook.content.events import WEEKDAYS, Calendar, Node
from opsbook.errors import ContentError, OpsbookError
from opsbook.i18n import pick


def _node(calendar: Calendar, key: str) -> Node:
    found = next((n for n in calendar.nodes if n.key == key), None)
    if found is None:
        known = ", ".join(n.key for n in calendar.nodes)
        raise OpsbookError(
            f'There is no node "{key}" in playbook/calendar.yaml — use one of: {known}.'
        )
    return found


def node_date(calendar: Calendar, key: str, year: int) -> date:
    """The day of node ``key`` in ``year``."""
    node = _node(calendar, key)
    if node.fixed:
        return date(year, int(node.fixed[:2]), int(node.fixed[3:]))
    if node.lunar is not None:
        if year not in node.lunar:
            years = f"{min(node.lunar)}–{max(node.lunar)}"
            raise ContentError(
                f"playbook/calendar.yaml, nodes ({key}).lunar: no date for {year} (the table "
                f'covers {years}) — add a line {year}: "{year}-MM-DD" from a lunar calendar.'
            )
        return node.lunar[year]
    rule = node.rule
    first = date(year, rule.month, 1)
    shift = (WEEKDAYS.index(rule.weekday) - first.weekday()) % 7
    day = first + timedelta(days=shift + 7 * (rule.nth - 1))
    if day.month != rule.month:
        raise ContentError(
            f"playbook/calendar.yaml, nodes ({key}).rule: there is no "
            f"{rule.nth}th {rule.weekday} in month {rule.month} of {year}."
        )
    return day + timedelta(days=rule.offset_days)


def event_window(calendar: Calendar, key: str, year: int) -> tuple[date, date]:
    """First and last day of the node's usual event window."""
    node, day = _node(calendar, key), node_date(calendar, key, year)
    length = timedelta(days=node.days - 1)
    return (day, day + length) if node.window == "starts" else (day - length, day)


def year_calendar(calendar: Calendar, year: int) -> pd.DataFrame:
    """Every node of a year in date order, with its event window."""
    rows = []
    for node in calendar.nodes:
        start, end = event_window(calendar, node.key, year)
        rows.append(
            {
                "node": node.key,
                pick("Node", "节点"): str(node.name),
                pick("Date", "日期"): node_date(calendar, node.key, year),
                pick("Weekday", "星期"): pick(*_weekday(node_date(calendar, node.key, year))),
                pick("Window", "活动期"): f"{start:%m-%d} – {end:%m-%d}",
                "start": start,
                "end": end,
            }
        )
    return pd.DataFrame(rows).sort_values(pick("Date", "日期"), kind="stable", ignore_index=True)


def _weekday(day: date) -> tuple[str, str]:
    return day.strftime("%a"), "一二三四五六日"[day.weekday()]


def next_node(calendar: Calendar, after: date) -> tuple[str, date]:
    """The first node on or after a day (looking into the next year when needed)."""
    for year in (after.year, after.year + 1):
        upcoming = [(node_date(calendar, n.key, year), n.key) for n in calendar.nodes]
        upcoming = sorted((d, k) for d, k in upcoming if d >= after)
        if upcoming:
            return upcoming[0][1], upcoming[0][0]
    raise OpsbookError("No node found in the calendar.")

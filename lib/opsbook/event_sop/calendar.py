"""Dates of the promotion nodes in any year: fixed days, lunar festivals (``lunardate``), solar
terms (``chinesecalendar``) and weekday rules; the statutory days off around a node.

Every node has a date in every year from :data:`FIRST_YEAR` to :data:`LAST_YEAR` (the years the
lunar tables cover): the loader refuses rules that would miss some years (a fixed 02-29, a 5th
weekday). A lunar day 30 in a month that has 29 days that year is the month's last day, the 29th,
as 除夕 (the last day of the twelfth month) is kept.
"""

import operator
from datetime import date, timedelta

import chinese_calendar
import pandas as pd
from lunardate import LunarDate

from opsbook.content.event_sop import WEEKDAYS, Calendar, Node
from opsbook.core.errors import AnswerError, ContentError, OpsbookError
from opsbook.core.i18n import pick
from opsbook.event_sop import holidays

FIRST_YEAR, LAST_YEAR = 1901, 2099  # lunardate knows 1900–2099; 腊八 of 1901 is in lunar 1900


def _node(calendar: Calendar, key: str) -> Node:
    found = next((n for n in calendar.nodes if n.key == key), None)
    if found is None:
        known = ", ".join(n.key for n in calendar.nodes)
        raise OpsbookError(
            f'There is no node "{key}" in playbook/calendar.yaml — use one of: {known}.'
        )
    return found


def _year(year: int) -> int:
    """``year`` if the calendar can date every node in it, else an AnswerError saying which
    (any whole number will do, a numpy one from a table too; true, 2026.0 and "2026" will not)."""
    try:
        whole = None if isinstance(year, bool) else operator.index(year)
    except TypeError:
        whole = None
    if whole is None or not FIRST_YEAR <= whole <= LAST_YEAR:
        raise AnswerError(
            pick(
                f"{year!r} is not a year the calendar can work out — give a year from "
                f"{FIRST_YEAR} to {LAST_YEAR} as digits, e.g. 2026.",
                f"{year!r} 不是日历能推算的年份——请用数字写 {FIRST_YEAR} 至 {LAST_YEAR} 年之间的"
                "年份，例如 2026。",
            )
        )
    return whole


def node_date(calendar: Calendar, key: str, year: int) -> date:
    """The day of node ``key`` in ``year`` (:data:`FIRST_YEAR` to :data:`LAST_YEAR`)."""
    node, year = _node(calendar, key), _year(year)
    if node.fixed:
        try:
            return date(year, int(node.fixed[:2]), int(node.fixed[3:]))
        except ValueError:  # a model built without check_calendar: 02-29 in a common year
            raise ContentError(
                f'playbook/calendar.yaml, nodes ({key}).fixed: "{node.fixed}" is not a day of '
                f'{year} — give a day every year has, e.g. "02-28" or "03-01".'
            ) from None
    if node.lunar is not None:
        return _lunar(key, node.lunar, year)
    if node.solar_term is not None:
        terms = chinese_calendar.get_solar_terms(date(year, 1, 1), date(year, 12, 31))
        return next(day for day, name in terms if name == node.solar_term)
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


def _solar(lunar_year: int, month: int, day: int) -> date:
    """The solar date of a lunar day; day 30 of a month of 29 days is its last day, the 29th."""
    try:
        return LunarDate(lunar_year, month, day).to_solar_date()
    except ValueError:
        if day != 30:
            raise
        return LunarDate(lunar_year, month, 29).to_solar_date()


def _lunar(key: str, month_day: str, year: int) -> date:
    """The solar date in ``year`` of a lunar month and day: late in the twelfth lunar month
    (腊月) that is the lunar year before, whose end falls in January or February."""
    month, day = int(month_day[:2]), int(month_day[3:])
    try:
        found = _solar(year, month, day)
        return found if found.year == year else _solar(year - 1, month, day)
    except ValueError as error:
        raise ContentError(
            f"playbook/calendar.yaml, nodes ({key}).lunar: lunar {month_day} of {year} has no "
            f"solar date ({error}); lunar dates are known for 1900–2099."
        ) from error


def event_window(calendar: Calendar, key: str, year: int) -> tuple[date, date]:
    """First and last day of the node's usual event window: the platform's own event on it (a
    multi-week sale's whole shape is in :func:`phases`)."""
    node, day = _node(calendar, key), node_date(calendar, key, year)
    length = timedelta(days=node.days - 1)
    return (day, day + length) if node.window == "starts" else (day - length, day)


def phases(calendar: Calendar, key: str, year: int) -> pd.DataFrame:
    """The phases of a multi-week sale in ``year`` (pre-sale, deposit, balance, main days …)."""
    node, day = _node(calendar, key), node_date(calendar, key, year)
    return pd.DataFrame(
        {
            pick("Phase", "阶段"): [str(p.name) for p in node.phases],
            pick("From", "开始"): [f"{day + timedelta(days=p.start):%m-%d}" for p in node.phases],
            pick("To", "结束"): [f"{day + timedelta(days=p.end):%m-%d}" for p in node.phases],
        }
    )


def _days_off(day: date) -> str:
    """The statutory days off around ``day`` as "MM-DD – MM-DD", "—" when it is a working day
    or an ordinary weekend, and a note when the year's holidays are not published yet."""
    if not holidays.known(day.year):
        return pick("not published yet", "尚未公布")
    run = holidays.days_off(day)
    return f"{run[0]:%m-%d} – {run[1]:%m-%d}" if run else "—"


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
                pick("Statutory days off", "法定假期"): _days_off(
                    node_date(calendar, node.key, year)
                ),
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

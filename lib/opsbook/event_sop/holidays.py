"""China's statutory holidays and make-up working days (调休), from the kept ``chinesecalendar``
package (the State Council's yearly notice, 2004 onwards). A year the notice has not been
published for yet is an error that says so, never a guess."""

from datetime import date, timedelta
from functools import cache

import chinese_calendar

from opsbook.core.errors import OpsbookError


@cache
def _years() -> tuple[int, int]:
    """The first and last year the installed package has the holidays of."""
    return min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year


def _checked(year: int) -> None:
    first, last = _years()
    if not first <= year <= last:
        raise OpsbookError(
            f"China's holidays for {year} are not known here: the chinesecalendar package has "
            f"{first}–{last}. Once the State Council publishes {year}'s notice, update it "
            "(pip install -U chinesecalendar)."
        )


def known(year: int) -> bool:
    """True when the holidays of ``year`` are published and installed."""
    try:
        _checked(year)
    except OpsbookError:
        return False
    return True


def is_workday(day: date) -> bool:
    """A working day: Monday to Friday unless a holiday, or a weekend day made a working day."""
    _checked(day.year)
    return chinese_calendar.is_workday(day)


def make_up_workdays(year: int) -> list[date]:
    """The weekend days of ``year`` that are working days, paid back for a longer holiday."""
    _checked(year)
    days = chinese_calendar.get_workdays(date(year, 1, 1), date(year, 12, 31))
    return [d for d in days if d.weekday() >= 5]


def days_off(day: date) -> tuple[date, date] | None:
    """The run of days off (holiday and weekend together) around a statutory holiday, or None
    when ``day`` is not part of one."""
    _checked(day.year)
    is_holiday, name = chinese_calendar.get_holiday_detail(day)
    if not is_holiday or name is None:  # a working day, or an ordinary weekend
        return None
    start = end = day
    while not chinese_calendar.is_workday(start - timedelta(days=1)):
        start -= timedelta(days=1)
    while not chinese_calendar.is_workday(end + timedelta(days=1)):
        end += timedelta(days=1)
    return start, end


def workdays_between(first: date, last: date) -> int:
    """Working days from ``first`` to ``last``, both counted."""
    _checked(first.year)
    _checked(last.year)
    return len(chinese_calendar.get_workdays(first, last))

"""The period a report covers, from the title rows above its header
("统计时间：2025-06-01 ~ 2025-06-30", "Date range: 2025/06/01-2025/06/30")."""

import re
from datetime import date

_DAY = r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"


def period_of(title_rows: list[str]) -> tuple[date | None, date | None]:
    """The first and last day named in the title rows (None, None when no row names one)."""
    for row in title_rows:
        days = [date(int(y), int(m), int(d)) for y, m, d in re.findall(_DAY, row)]
        if days:
            return min(days), max(days)
    return None, None

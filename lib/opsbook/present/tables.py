"""Tables as learners read them: every column and index named in the current language, never a
code name (``snake_case`` key), and every number written the way people read it.

Domain functions return tables keyed by stable codes (tests, charts and other functions rely on
them); :func:`readable` is the last step before a table is shown. It knows the course's generic
labels (:data:`opsbook.core.i18n.LABELS`) and, given the rubric, the names of powers, items and GMV
factors. A column it cannot name is an error, not an English fallback in the Chinese edition.

:func:`number` and :func:`formatted` write numbers one way everywhere (see STYLE.md): counts as
whole numbers with thousands separators (34,288), money with two decimals (120.17) or in whole
yuan (34,740) for totals and targets, rates as percentages (2.39%), plain decimals for ratios
(1.73). A shown table is text; the numbers it was made from stay with the function that made it.
"""

import math
import re

import pandas as pd

from opsbook.content.four_powers import FourPowers
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import LABELS, label

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


# kind of number -> (decimals, scale, suffix); "+kind" adds the sign, "kind:N" sets the decimals
KINDS = {
    "count": (0, 1, ""),  # people, visits, orders: 34,288
    "yuan": (0, 1, ""),  # money in whole yuan, for totals, targets and estimates: 34,740
    "money": (2, 1, ""),  # money to the fen: prices, value per order: 120.17
    "percent": (2, 1, "%"),  # a rate already in percent: 45.98 -> 45.98%
    "share": (2, 100, "%"),  # a rate as a share: 0.0239 -> 2.39%
    "decimal": (2, 1, ""),  # a ratio or a score: 1.73
}


def number(value: object, kind: str) -> str | None:
    """``value`` written as a ``kind`` of number (see :data:`KINDS`), e.g. ``number(0.0239,
    "share")`` is "2.39%", ``number(-15066.9, "+yuan")`` is "-15,067"; None for a missing value
    (the notebook shows "—"); text is returned as it is."""
    if value is None or isinstance(value, str):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return str(value)
    sign = kind.startswith("+")
    name, _, digits = kind.removeprefix("+").partition(":")
    if name not in KINDS:
        raise OpsbookError(f'"{kind}" is not a kind of number — use one of {", ".join(KINDS)}.')
    decimals, scale, suffix = KINDS[name]
    decimals = int(digits) if digits else decimals
    shown = float(value) * scale
    if not math.isfinite(shown):
        return None
    text = f"{shown:{'+' if sign else ''},.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):  # -0.001 is written 0, not -0
        text = text[1:]
    return text + suffix


def formatted(
    frame: pd.DataFrame,
    columns: dict[str, str] | None = None,
    rows: dict[object, str] | None = None,
) -> pd.DataFrame:
    """A copy of ``frame`` with its numbers written for reading: ``columns`` maps a column to the
    kind of its numbers, ``rows`` maps a row (by index) to the kind of the numbers in it, for
    tables whose rows hold different things (a factor table: visits, rates, yuan). Columns not
    named keep their values."""
    shown = frame.copy()
    for column, kind in (columns or {}).items():
        shown[column] = [number(v, kind) for v in frame[column]]
        shown[column] = shown[column].astype(object)
    for row, kind in (rows or {}).items():
        for column in frame.columns:
            value = frame.at[row, column]
            if not isinstance(value, str):
                shown[column] = shown[column].astype(object)
                shown.at[row, column] = number(value, kind)
    return shown


def names_from(rubric: FourPowers | None) -> dict[str, str]:
    """Code -> name for the rubric's powers, dimensions, items and GMV factors."""
    if rubric is None:
        return {}
    names = {f.key: str(f.name) for f in rubric.gmv_factors}
    for power in rubric.powers:
        names[power.key] = str(power.name)
        for dimension in power.dimensions:
            names[dimension.key] = str(dimension.name)
    names.update({key: str(item.question) for key, item in rubric.items.items()})
    return names


def _name(code: object, names: dict[str, str]) -> object:
    if not isinstance(code, str) or not _CODE.match(code):
        return code
    if code in names:
        return names[code]
    if code in LABELS:
        return label(code)
    raise OpsbookError(
        f'The table column "{code}" has no name to show — add it to opsbook.core.i18n.LABELS '
        "(English and Chinese)."
    )


def readable(
    frame: pd.DataFrame,
    rubric: FourPowers | None = None,
    drop: tuple[str, ...] = (),
    decimals: int | None = None,
) -> pd.DataFrame:
    """``frame`` with its columns, index name and coded index values named for learners;
    ``drop`` lists code columns that only the program needs (an item key beside its question);
    with ``decimals``, every column of fractional numbers is written with that many decimals, so
    3.20 stands under 3.59 and not 3.2 (a table for a spreadsheet keeps its numbers: no
    ``decimals``). (Empty cells and row numbers are handled for every table by
    :mod:`opsbook.present.display`.)"""
    names = names_from(rubric)
    shown = frame.drop(columns=list(drop))
    if decimals is not None:
        floats = [c for c in shown.columns if pd.api.types.is_float_dtype(shown[c])]
        shown = formatted(shown, {c: f"decimal:{decimals}" for c in floats})
    shown.columns = [_name(c, names) for c in shown.columns]
    index_name = None if shown.index.name is None else _name(shown.index.name, names)
    if all(isinstance(v, str) for v in shown.index):
        shown.index = [_name(v, names) for v in shown.index]
    shown.index.name = index_name
    return shown

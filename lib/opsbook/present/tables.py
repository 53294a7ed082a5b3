"""Tables as learners read them: every column and index named in the current language, never a
code name (``snake_case`` key).

Domain functions return tables keyed by stable codes (tests, charts and other functions rely on
them); :func:`readable` is the last step before a table is shown. It knows the course's generic
labels (:data:`opsbook.core.i18n.LABELS`) and, given the rubric, the names of powers, items and GMV
factors. A column it cannot name is an error, not an English fallback in the Chinese edition.
"""

import re

import pandas as pd

from opsbook.content.four_powers import FourPowers
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import LABELS, label

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


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
    frame: pd.DataFrame, rubric: FourPowers | None = None, drop: tuple[str, ...] = ()
) -> pd.DataFrame:
    """``frame`` with its columns, index name and coded index values named for learners;
    ``drop`` lists code columns that only the program needs (an item key beside its question).
    (Empty cells and row numbers are handled for every table by :mod:`opsbook.present.display`.)"""
    names = names_from(rubric)
    shown = frame.drop(columns=list(drop))
    shown.columns = [_name(c, names) for c in shown.columns]
    index_name = None if shown.index.name is None else _name(shown.index.name, names)
    if all(isinstance(v, str) for v in shown.index):
        shown.index = [_name(v, names) for v in shown.index]
    shown.index.name = index_name
    return shown

"""Numbers as operators type them: ``52000``, ``52,000``, ``5.2e4``, ``１２００`` (full-width),
``¥1,200``, ``1,200元``, ``7.2万``, ``52%``. One reader for the plan builder and the exercises.

:func:`read_number` returns the value and whether it was written as a percentage, or raises
:class:`NumberProblem` with the reason, so each caller words its own advice.
"""

import math
import re
import unicodedata
from dataclasses import dataclass

from opsbook.core.bounds import MAX_AMOUNT, underflows

_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_SCALES = {"万": 1e4, "亿": 1e8}
_CURRENCY_BEFORE = ("¥", "RMB", "CNY")
_CURRENCY_AFTER = ("元", "块", "yuan", "RMB", "CNY")


class NumberProblem(ValueError):
    """Why a text is not a number: ``reason`` is "comma", "not_a_number", "too_large" or
    "too_small" (so small it would read as 0: ``1e-400``)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Reading:
    value: float
    percent: bool  # written with a % sign: 52% reads as value 52, percent True


def read_number(text: str) -> Reading:
    """Read a number written by a person; see the module docstring for what is accepted."""
    s = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    percent = s.endswith("%")
    s = s.removesuffix("%")
    for mark in _CURRENCY_BEFORE:
        s = s.removeprefix(mark)
    for mark in _CURRENCY_AFTER:
        s = s.removesuffix(mark)
    scale = 1.0
    if s[-1:] in _SCALES:
        scale, s = _SCALES[s[-1]], s[:-1]
    if _GROUPED.fullmatch(s):
        s = s.replace(",", "")
    elif "," in s:
        raise NumberProblem("comma")
    if not _PLAIN.fullmatch(s):
        raise NumberProblem("not_a_number")
    value = float(s) * scale
    if not math.isfinite(value):
        raise NumberProblem("not_a_number")
    if abs(value) > MAX_AMOUNT:
        raise NumberProblem("too_large")
    if underflows(s, value):
        raise NumberProblem("too_small")
    return Reading(value, percent)

"""Scoring the four-powers (四力) self-assessment: items, dimensions, powers, overall; gaps and
their priority; quarter-over-quarter comparison; a trainer's view of a whole cohort.

Rules, in one place:

- An item counts when it has a level (1–5) and is not marked "not applicable". Unanswered and
  not-applicable items drop out, so the weights of the items that count are redistributed.
- A dimension's or power's score is the weighted mean level of its items that count; the
  overall score is the mean of the power scores weighted by each power's weight.
- Completeness is answered ÷ applicable items: a partial worksheet scores what is answered and
  says how much that is.
- Gap = target − current level (never below 0); the target defaults to level 4 ("Measured").
  Priority = item weight × gap; the next action is the playbook's action for the current level.
"""

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from opsbook.content.four_powers import FourPowers, Item
from opsbook.core.i18n import label, pick

DEFAULT_TARGET = 4


@dataclass(frozen=True)
class Answer:
    """A team's answer to one item. ``level`` None means not answered yet."""

    level: int | None = None
    target: int | None = None
    not_applicable: bool = False
    evidence: str = ""

    @property
    def counts(self) -> bool:
        return self.level is not None and not self.not_applicable

    @property
    def target_level(self) -> int:
        return self.target if self.target is not None else DEFAULT_TARGET


_QUARTER = re.compile(
    r"^(\d{4})\s*年?\s*[-_/.·]?\s*(?:q\s*([1-4])|第?\s*([1-4一二三四])\s*季度?)$|"
    r"^q\s*([1-4])\s*[-_/ ]?\s*(\d{4})$",
    re.IGNORECASE,
)
_CHINESE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}


def period_form(text: str) -> str:
    """A period as the cohort compares it: a quarter written any common way ("2026年Q1",
    "2026 q1", "２０２６－Ｑ１", "2026年第一季度", "Q1 2026") as "2026-Q1"; anything else as
    typed, without surrounding spaces (a month, a half year, an event's name)."""
    plain = unicodedata.normalize("NFKC", text).strip()
    found = _QUARTER.match(plain)
    if not found:
        return plain
    year = found.group(1) or found.group(5)
    number = next(g for g in (found.group(2), found.group(3), found.group(4)) if g)
    return f"{year}-Q{_CHINESE_DIGITS.get(number, number)}"


@dataclass(frozen=True)
class Assessment:
    """One team's worksheet for one period (e.g. "2026-Q4")."""

    team: str = ""
    period: str = ""
    answers: Mapping[str, Answer] = field(default_factory=dict)

    def answer(self, item_key: str) -> Answer:
        return self.answers.get(item_key, Answer())

    @property
    def label(self) -> str:
        return " · ".join(part for part in (self.team, self.period) if part) or pick(
            "(unnamed)", "（未命名）"
        )


@dataclass(frozen=True)
class Scores:
    """Scores of one assessment. ``None`` where nothing counts yet."""

    items: pd.DataFrame  # one row per item, playbook order
    powers: pd.DataFrame  # index: power key
    overall: float | None
    answered: int
    applicable: int

    @property
    def completeness(self) -> float:
        """Share of applicable items answered, in % (100 when every item is N/A)."""
        return 100.0 if self.applicable == 0 else self.answered / self.applicable * 100


def _weighted_mean(rows: list[dict], value: str = "level") -> float | None:
    """The weighted mean of ``value`` over the rows that count (None when none does). Plain
    Python over a worksheet's 17 items: pandas took 12 ms a score, a tenth here."""
    counted = [row for row in rows if row["counts"]]
    if not counted:
        return None
    # fsum: the exactly rounded sum, whatever the order of the items (pandas' pairwise sum
    # and a plain one differ in the last digit from eight items of fractional weights on)
    total = math.fsum(row[value] * row["weight"] for row in counted)
    return total / math.fsum(row["weight"] for row in counted)


def _item_rows(rubric: FourPowers, assessment: Assessment) -> list[dict]:
    rows = []
    for power in rubric.powers:
        for dimension in power.dimensions:
            for item in dimension.items:
                answer = assessment.answer(item.key)
                gap = max(answer.target_level - answer.level, 0) if answer.counts else None
                rows.append(
                    {
                        "power": power.key,
                        "dimension": dimension.key,
                        "item": item.key,
                        "weight": item.weight,
                        "level": answer.level,
                        "target": answer.target_level,
                        "not_applicable": answer.not_applicable,
                        "counts": answer.counts,
                        "gap": gap,
                        "priority": None if gap is None else gap * item.weight,
                    }
                )
    return rows


def item_table(rubric: FourPowers, assessment: Assessment) -> pd.DataFrame:
    """One row per item with the answer, gap and priority (raw keys, for computing)."""
    return pd.DataFrame(_item_rows(rubric, assessment))


def score(rubric: FourPowers, assessment: Assessment) -> Scores:
    """Score an assessment (see the module docstring for the rules)."""
    items = _item_rows(rubric, assessment)
    power_rows = []
    for power in rubric.powers:
        rows = [row for row in items if row["power"] == power.key]
        applicable = sum(not row["not_applicable"] for row in rows)
        answered = sum(bool(row["counts"]) for row in rows)
        power_rows.append(
            {
                "power": power.key,
                "name": str(power.name),
                "weight": power.weight,
                "score": _weighted_mean(rows),
                "target": _weighted_mean(rows, "target"),
                "answered": answered,
                "applicable": applicable,
                "completeness": 100.0 if applicable == 0 else answered / applicable * 100,
            }
        )
    scored = [row for row in power_rows if row["score"] is not None]
    overall = (
        math.fsum(r["score"] * r["weight"] for r in scored) / math.fsum(r["weight"] for r in scored)
        if scored
        else None
    )
    return Scores(
        items=pd.DataFrame(items),
        powers=pd.DataFrame(power_rows).set_index("power"),
        overall=overall,
        answered=sum(bool(row["counts"]) for row in items),
        applicable=sum(not row["not_applicable"] for row in items),
    )


def dimension_scores(rubric: FourPowers, assessment: Assessment) -> pd.DataFrame:
    """Weighted mean level per dimension (None where nothing counts)."""
    items = _item_rows(rubric, assessment)
    rows = [
        {
            "power": power.key,
            "dimension": dimension.key,
            "name": str(dimension.name),
            "score": _weighted_mean([row for row in items if row["dimension"] == dimension.key]),
        }
        for power in rubric.powers
        for dimension in power.dimensions
    ]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Gap:
    item: Item
    power: str
    level: int
    target: int
    weight: float

    @property
    def gap(self) -> int:
        return max(self.target - self.level, 0)

    @property
    def priority(self) -> float:
        return self.gap * self.weight

    @property
    def action(self) -> str:
        return str(self.item.actions[self.level]) if self.level < 5 else ""


def gaps(rubric: FourPowers, assessment: Assessment, top: int | None = None) -> list[Gap]:
    """Items below their target, highest priority first (ties keep playbook order)."""
    found = []
    for power in rubric.powers:
        for item in power.items:
            answer = assessment.answer(item.key)
            if answer.counts and answer.target_level > answer.level:
                found.append(
                    Gap(item, str(power.name), answer.level, answer.target_level, item.weight)
                )
    found.sort(key=lambda g: -g.priority)  # stable: equal priorities stay in playbook order
    return found[:top] if top is not None else found


def gap_table(rubric: FourPowers, assessment: Assessment, top: int | None = None) -> pd.DataFrame:
    """The prioritised gap list as a table a manager can read."""
    return pd.DataFrame(
        [
            {
                label("power"): g.power,
                label("item"): str(g.item.question),
                pick("Now", "现状"): g.level,
                label("target"): g.target,
                pick("Priority", "优先级"): g.priority,
                pick("Next action", "下一步行动"): g.action,
            }
            for g in gaps(rubric, assessment, top)
        ],
        columns=[
            label("power"),
            label("item"),
            pick("Now", "现状"),
            label("target"),
            pick("Priority", "优先级"),
            pick("Next action", "下一步行动"),
        ],
    )


def compare(rubric: FourPowers, before: Assessment, after: Assessment) -> pd.DataFrame:
    """Power scores of two assessments of the same team side by side, with the change."""
    old, new = score(rubric, before), score(rubric, after)
    table = pd.DataFrame(
        {
            "name": new.powers["name"],
            "before": old.powers["score"],
            "after": new.powers["score"],
        }
    )
    table.loc["overall"] = [label("overall"), old.overall, new.overall]
    table["change"] = table["after"] - table["before"]
    return table


def team_history(assessments: Iterable[Assessment], team: str) -> list[Assessment]:
    """A team's worksheets, oldest period first; ``team`` may be the start of its name."""
    return sorted((a for a in assessments if a.team.startswith(team)), key=lambda a: a.period)


def latest_period(assessments: Iterable[Assessment]) -> list[Assessment]:
    """The worksheets of the most recent period in a cohort."""
    sheets = list(assessments)
    last = max((a.period for a in sheets), default="")
    return [a for a in sheets if a.period == last]


def cohort_table(rubric: FourPowers, assessments: Iterable[Assessment]) -> pd.DataFrame:
    """One row per team assessment: power scores, overall and completeness."""
    rows = []
    for assessment in assessments:
        scores = score(rubric, assessment)
        row = {"team": assessment.team, "period": assessment.period}
        row.update({key: scores.powers.loc[key, "score"] for key in scores.powers.index})
        row["overall"] = scores.overall
        row["completeness"] = round(scores.completeness, 1)
        rows.append(row)
    columns = ["team", "period", *(p.key for p in rubric.powers), "overall", "completeness"]
    return pd.DataFrame(rows, columns=columns)


def cohort_summary(rubric: FourPowers, table: pd.DataFrame) -> pd.DataFrame:
    """Mean, spread and range of each power over a cohort table (teams without a score skip)."""
    keys = [p.key for p in rubric.powers] + ["overall"]
    stats = table[keys].astype(float).agg(["count", "mean", "std", "min", "median", "max"]).T
    names = {p.key: str(p.name) for p in rubric.powers} | {"overall": label("overall")}
    stats.index = [names[key] for key in stats.index]
    stats["count"] = stats["count"].astype(int)
    return stats.round(2)


def weakest_items(rubric: FourPowers, assessments: Iterable[Assessment], top: int = 5):
    """The items with the lowest mean level across a cohort: what to teach next."""
    frames = [item_table(rubric, a) for a in assessments]
    if not frames:
        return pd.DataFrame(columns=["item", "mean_level", "teams"])
    items = pd.concat(frames)
    counted = items[items["counts"]].astype({"level": float})
    table = counted.groupby("item", sort=False)["level"].agg(["mean", "count"]).reset_index()
    table.columns = ["item", "mean_level", "teams"]
    questions = rubric.items
    table.insert(1, "question", [str(questions[key].question) for key in table["item"]])
    return table.sort_values("mean_level", kind="stable").head(top).round(2)


def cohort_progress(rubric: FourPowers, assessments: Iterable[Assessment]) -> pd.DataFrame:
    """Per team: the change of each power score between its two latest periods."""
    by_team: dict[str, list[Assessment]] = {}
    for assessment in assessments:
        by_team.setdefault(assessment.team, []).append(assessment)
    rows = []
    for team, sheets in sorted(by_team.items()):
        if len(sheets) < 2:
            continue
        before, after = sorted(sheets, key=lambda a: a.period)[-2:]
        change = compare(rubric, before, after)["change"]
        rows.append({"team": team, "from": before.period, "to": after.period, **change.to_dict()})
    return pd.DataFrame(rows).round(2)

"""Typed model of ``playbook/four_powers.yaml``: the four powers (四力) as an assessment rubric.

Powers hold dimensions, dimensions hold items; an item has five level descriptors, a weight, an
evidence prompt, the metrics that inform it and the action that lifts a team from each level.
"""

from typing import Annotated, Literal

from pydantic import Field

from opsbook.content.base import Key, Model, Text, duplicate_keys

LEVELS = (1, 2, 3, 4, 5)
Level = Annotated[int, Field(ge=1, le=5)]


class LevelName(Model):
    level: Level
    name: Text


class GmvFactor(Model):
    key: Literal["traffic", "lead_conversion", "purchase_conversion", "aov", "repurchase"]
    name: Text
    definition: Text  # this course's 口径 (how it is counted)
    practice: Text | None = None  # where companies count it differently, and how to align


class Family(Model):
    """A family of touchpoint rates (the ``family`` column of touchpoint_monthly.csv)."""

    key: Key
    name: Text


class Metric(Model):
    key: Key
    name: Text
    definition: Text
    practice: Text | None = None  # where companies count it differently, and how to align
    family: Key | None = None  # a rate family in datasets/touchpoint_monthly.csv
    numerator: int | None = Field(default=None, ge=1)  # step number in that family
    denominator: int | None = Field(default=None, ge=1)


class Role(Model):
    key: Key
    name: Text
    meaning: Text


class Item(Model):
    key: Key
    weight: float = Field(gt=0, le=10)
    question: Text
    levels: list[Text] = Field(min_length=5, max_length=5)
    evidence: Text
    metrics: list[Key] = []
    actions: dict[Annotated[int, Field(ge=1, le=4)], Text]  # from level N to N+1

    def level_text(self, level: int) -> Text:
        return self.levels[level - 1]


class Dimension(Model):
    key: Key
    name: Text
    items: list[Item] = Field(min_length=1)


class Practice(Model):
    key: Key
    title: Text
    points: list[Text] = Field(min_length=1)


class Power(Model):
    key: Key
    name: Text
    weight: float = Field(default=1, gt=0)
    summary: Text
    dimensions: list[Dimension] = Field(min_length=1)
    practices: list[Practice] = []

    @property
    def items(self) -> list[Item]:
        return [item for dimension in self.dimensions for item in dimension.items]


class FourPowers(Model):
    version: Literal[1]
    levels: list[LevelName] = Field(min_length=5, max_length=5)
    gmv_factors: list[GmvFactor] = Field(min_length=5, max_length=5)
    families: list[Family] = Field(min_length=1)
    metrics: list[Metric] = Field(min_length=1)
    positioning_roles: list[Role] = Field(min_length=1)
    powers: list[Power] = Field(min_length=1)

    @property
    def items(self) -> dict[str, Item]:
        """Every item by key, in playbook order."""
        return {item.key: item for power in self.powers for item in power.items}

    def power_of(self, item_key: str) -> Power:
        return next(p for p in self.powers if any(i.key == item_key for i in p.items))

    def family(self, key: str) -> Family:
        return next(f for f in self.families if f.key == key)

    def metric(self, key: str) -> Metric:
        return next(m for m in self.metrics if m.key == key)

    def level_name(self, level: int) -> Text:
        return self.levels[level - 1].name


def check_four_powers(rubric: FourPowers) -> list[tuple[str, str]]:
    """Keys unique across the file, levels 1..5 in order, actions for levels 1–4, metrics known."""
    problems: list[tuple[str, str]] = []
    if [entry.level for entry in rubric.levels] != list(LEVELS):
        problems.append(("levels", "list the levels 1, 2, 3, 4, 5 in this order"))
    problems += duplicate_keys(
        "powers",
        [p.key for p in rubric.powers]
        + [d.key for p in rubric.powers for d in p.dimensions]
        + [i.key for p in rubric.powers for i in p.items],
    )
    metric_keys = {m.key for m in rubric.metrics}
    family_keys = {f.key for f in rubric.families}
    for m_index, metric in enumerate(rubric.metrics):
        if metric.family is not None and metric.family not in family_keys:
            problems.append(
                (
                    f"metrics[{m_index}] ({metric.key}).family",
                    f'"{metric.family}" is not a family — use one of: '
                    + ", ".join(sorted(family_keys)),
                )
            )
        if metric.denominator is not None and (metric.family is None or metric.numerator is None):
            problems.append(
                (
                    f"metrics[{m_index}] ({metric.key})",
                    "a rate needs family, numerator and denominator together",
                )
            )
    for p_index, power in enumerate(rubric.powers):
        for d_index, dimension in enumerate(power.dimensions):
            for i_index, item in enumerate(dimension.items):
                where = (
                    f"powers[{p_index}] ({power.key}).dimensions[{d_index}] ({dimension.key})"
                    f".items[{i_index}] ({item.key})"
                )
                if sorted(item.actions) != [1, 2, 3, 4]:
                    problems.append(
                        (
                            f"{where}.actions",
                            "give one action for each of the levels 1, 2, 3 and 4 "
                            f"(found {sorted(item.actions)})",
                        )
                    )
                problems += [
                    (
                        f"{where}.metrics",
                        f'"{key}" is not a metric defined under metrics: — add it there or fix '
                        "the spelling",
                    )
                    for key in item.metrics
                    if key not in metric_keys
                ]
    return problems

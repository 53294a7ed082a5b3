"""Typed model of ``playbook/daily_operations.yaml``: the product-selection scorecard (选品评分)
and the customer segments with the touch each gets (客户分层与召回)."""

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from opsbook.content.base import Key, Model, Text, duplicate_keys

# what the scorecard can measure for an offer (opsbook.daily_operations.selection works each out)
MEASURES = (
    "brand_awareness",
    "category",
    "stores",
    "location_type",
    "discount",
    "margin",
    "stock",
    "scene",
    "structure",
)


class Criterion(Model):
    """One line of the scorecard. A number scores 0 at ``lowest`` and 1 at ``full_at`` (straight
    line between, capped); a category scores what ``values`` gives it."""

    key: Key
    measure: Literal[MEASURES]
    group: Literal["merchant", "product"]
    weight: float = Field(gt=0, le=100)
    name: Text
    why: Text  # why the line matters: said when it is an offer's strength
    weak: Text | None = None  # how to say it is an offer's weak point ("name（why）" without)
    lowest: float | None = None
    full_at: float | None = None
    values: dict[Key, float] | None = None


class Verdicts(Model):
    list_at: float = Field(ge=0, le=100)  # a score this high or more: list it (上架)
    rework_at: float = Field(ge=0, le=100)  # this high or more: send it back to BD to rework


class Selection(Model):
    criteria: list[Criterion] = Field(min_length=1)
    verdicts: Verdicts
    conflict: Text  # why a voucher and a set meal of one merchant clash


class Rule(Model):
    """Who is in a segment: each bound given must hold (days since the last order, orders)."""

    max_days: int | None = Field(default=None, ge=0)
    min_days: int | None = Field(default=None, ge=0)
    min_orders: int | None = Field(default=None, ge=1)
    max_orders: int | None = Field(default=None, ge=1)


class Segment(Model):
    key: Key
    name: Text
    rule: Rule
    recall: bool  # on the recall list (召回名单)
    touch: Text  # what to send them


class Filler(Model):
    """A kind of Moments post that is not an ad (daily life, tips, customer stories …)."""

    key: Key
    name: Text
    idea: Text


class Persona(Model):
    """The IP persona (IP 人设) the account speaks as: a person, not a shop."""

    name: Text
    avatar: Text
    voice: Text
    posts_about: list[Text] = Field(min_length=1)
    never: list[Text] = Field(min_length=1)


class Moments(Model):
    persona: Persona
    slots: list[Annotated[str, StringConstraints(pattern=r"^\d\d:\d\d$")]] = Field(min_length=1)
    peak: list[str] = Field(min_length=1)  # the slots an ad may take (people read then)
    fillers: list[Filler] = Field(min_length=1)


class PrivateChat(Model):
    """What one private-chat push does, by whether the contact bought in the last 30 days."""

    response_recent: float = Field(ge=0, le=1)  # share who buy after the push
    response_other: float = Field(ge=0, le=1)
    loss_recent: float = Field(ge=0, le=1)  # share who delete or mute the account after it
    loss_other: float = Field(ge=0, le=1)


class SopLine(Model):
    when: Text  # a time of day or a day of the week
    what: Text


class Community(Model):
    """The community SOP (社群运营手册) hosts follow, and the limits the health view flags."""

    max_pushes_per_day: int = Field(ge=1, le=10)
    max_leavers_per_1000: float = Field(gt=0)  # members leaving per push, per 1,000 members
    daily: list[SopLine] = Field(min_length=1)
    weekly: list[SopLine] = Field(min_length=1)
    rules: list[Text] = Field(min_length=1)


class Mall(Model):
    """The mini-program mall's routine (小程序商城日常): small jobs done every day."""

    routine: list[Text] = Field(min_length=1)


class Touchpoint(Model):
    key: Key
    name: Text
    methods: list[Text] = Field(min_length=1)  # what to run there


class Lottery(Model):
    """The weekly free-meal lottery (每周免费吃抽奖): no threshold to enter."""

    winners_per_week: int = Field(ge=1)
    meal_cost: float = Field(gt=0)  # yuan the platform pays for one prize meal


class Promotion(Model):
    """Promotion in the private domain is touchpoints × methods (触点 × 方法)."""

    touchpoints: list[Touchpoint] = Field(min_length=1)
    lottery: Lottery


class DailyOperations(Model):
    version: Literal[1]
    selection: Selection
    segments: list[Segment] = Field(min_length=1)
    moments: Moments
    private_chat: PrivateChat
    community: Community
    mall: Mall
    promotion: Promotion


def check_daily_operations(content: DailyOperations) -> list[tuple[str, str]]:
    """Unique keys, one scale per criterion, verdict thresholds in order, a last segment that
    takes everyone left."""
    problems = duplicate_keys("selection.criteria", [c.key for c in content.selection.criteria])
    problems += duplicate_keys("segments", [s.key for s in content.segments])
    for index, criterion in enumerate(content.selection.criteria):
        where = f"selection.criteria[{index}] ({criterion.key})"
        numeric = criterion.lowest is not None and criterion.full_at is not None
        if numeric == (criterion.values is not None):
            problems.append(
                (where, "give either lowest and full_at (a number) or values (a category)")
            )
        elif numeric and criterion.full_at == criterion.lowest:
            problems.append((f"{where}.full_at", "must differ from lowest"))
        elif criterion.values and not all(0 <= v <= 1 for v in criterion.values.values()):
            problems.append((f"{where}.values", "each value scores between 0 and 1"))
    verdicts = content.selection.verdicts
    if verdicts.rework_at > verdicts.list_at:
        problems.append(
            ("selection.verdicts", "rework_at must not be above list_at (rework scores less)")
        )
    problems += duplicate_keys("moments.fillers", [f.key for f in content.moments.fillers])
    problems += [
        ("moments.peak", f'"{slot}" is not one of the slots {content.moments.slots}')
        for slot in content.moments.peak
        if slot not in content.moments.slots
    ]
    if content.segments[-1].rule != Rule():
        problems.append(
            (
                f"segments[{len(content.segments) - 1}].rule",
                "the last segment takes every customer left: give it an empty rule ({})",
            )
        )
    return problems

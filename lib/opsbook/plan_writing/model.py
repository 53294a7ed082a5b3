"""The plan document: six sections as typed fields, saved and exported as versioned JSON.

A plan is a pydantic model so the same class validates a plan typed in the builder, a file sent
by a colleague and the copy embedded in an exported document.
"""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from opsbook.core.bounds import MAX_AMOUNT, MAX_ROWS, MAX_YEAR, MIN_YEAR, bounded_text

FORMAT = "opsbook-plan"
VERSION = 1
MONEY_UNITS = {"yuan", "元", "cny", "rmb"}

Short = bounded_text(300)
Long = bounded_text(5000)
Amount = Annotated[float, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]


def _plannable(day: date | None) -> date | None:
    if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"a date between {MIN_YEAR} and {MAX_YEAR} (a plan for these years)")
    return day


Day = Annotated[date | None, AfterValidator(_plannable)]


def rows_of(kind: type) -> Any:
    """A list of at most :data:`~opsbook.core.bounds.MAX_ROWS` rows."""
    return Annotated[list[kind], Field(max_length=MAX_ROWS)]


class _Part(BaseModel):
    # no NaN or infinity anywhere: they cannot be saved as JSON nor added up
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Objective(_Part):
    """A measurable goal: metric, target number, unit and deadline."""

    metric: Short = ""
    target: Amount | None = None
    unit: Short = ""
    deadline: Day = None


class ScheduleRow(_Part):
    """Who does what by when."""

    task: Short = ""
    owner: Short = ""
    start: Day = None
    end: Day = None
    deliverable: Short = ""


class BudgetLine(_Part):
    """A cost in money ("yuan") or in a virtual currency such as coins or points."""

    item: Short = ""
    amount: Amount = 0
    unit: Short = "yuan"

    @property
    def is_money(self) -> bool:
        return self.unit.strip().lower() in MONEY_UNITS


class Plan(_Part):
    """An activity or operation plan in six sections."""

    format: Literal["opsbook-plan"] = FORMAT
    version: Literal[1] = VERSION
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{0,64}$")] = ""
    updated: Short = ""
    title: Short = ""
    kind: Literal["activity", "operation"] = "activity"
    stage: Literal["infancy", "growth", "mature"] | None = None
    work_type: Literal["routine", "non_routine"] | None = None
    owner: Short = ""
    background: rows_of(Long) = []
    direct_purposes: rows_of(Long) = []
    indirect_purposes: rows_of(Long) = []
    objectives: rows_of(Objective) = []
    strategy: Annotated[dict[Short, Long], Field(max_length=50)] = {}
    schedule: rows_of(ScheduleRow) = []
    resources: rows_of(Long) = []
    budget: rows_of(BudgetLine) = []
    # units per one yuan
    exchange_rates: Annotated[
        dict[Short, Annotated[float, Field(gt=0, le=MAX_AMOUNT)]], Field(max_length=50)
    ] = {}
    # builder text that does not parse yet, kept so nothing typed is lost (field -> text)
    drafts: Annotated[dict[Short, bounded_text(50_000)], Field(max_length=20)] = {}

    def content(self) -> dict:
        """The plan without its bookkeeping (id, updated): what round-trips must preserve."""
        return self.model_dump(mode="json", exclude={"id", "updated"})


def budget_total(plan: Plan) -> tuple[float, list[tuple[BudgetLine, float | None]]]:
    """Total in yuan, and each line with its yuan value (None where no exchange rate is given)."""
    rates = {unit.strip().lower(): rate for unit, rate in plan.exchange_rates.items()}
    lines = []
    for line in plan.budget:
        if line.is_money:
            lines.append((line, line.amount))
        elif line.unit.strip().lower() in rates:
            lines.append((line, line.amount / rates[line.unit.strip().lower()]))
        else:
            lines.append((line, None))
    return sum(value for _line, value in lines if value is not None), lines

"""The plan document: six sections as typed fields, saved and exported as versioned JSON.

A plan is a pydantic model so the same class validates a plan typed in the builder, a file sent
by a colleague and the copy embedded in an exported document.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT = "opsbook-plan"
VERSION = 1
MONEY_UNITS = {"yuan", "元", "cny", "rmb"}

Short = Annotated[str, Field(max_length=300)]
Long = Annotated[str, Field(max_length=5000)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Objective(_Part):
    """A measurable goal: metric, target number, unit and deadline."""

    metric: Short = ""
    target: float | None = None
    unit: Short = ""
    deadline: date | None = None


class ScheduleRow(_Part):
    """Who does what by when."""

    task: Short = ""
    owner: Short = ""
    start: date | None = None
    end: date | None = None
    deliverable: Short = ""


class BudgetLine(_Part):
    """A cost in money ("yuan") or in a virtual currency such as coins or points."""

    item: Short = ""
    amount: float = 0
    unit: Short = "yuan"

    @property
    def is_money(self) -> bool:
        return self.unit.strip().lower() in MONEY_UNITS


class Plan(_Part):
    """An activity or operation plan in six sections."""

    format: Literal["opsbook-plan"] = FORMAT
    version: Literal[1] = VERSION
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]*$")] = ""
    updated: str = ""
    title: Short = ""
    kind: Literal["activity", "operation"] = "activity"
    stage: Literal["infancy", "growth", "mature"] | None = None
    work_type: Literal["routine", "non_routine"] | None = None
    owner: Short = ""
    background: list[Long] = []
    direct_purposes: list[Long] = []
    indirect_purposes: list[Long] = []
    objectives: list[Objective] = []
    strategy: dict[str, Long] = {}
    schedule: list[ScheduleRow] = []
    resources: list[Long] = []
    budget: list[BudgetLine] = []
    exchange_rates: dict[str, Annotated[float, Field(gt=0)]] = {}  # units per one yuan
    # builder text that does not parse yet, kept so nothing typed is lost (field -> text)
    drafts: dict[str, Long] = {}

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

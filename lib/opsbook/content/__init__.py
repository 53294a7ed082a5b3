"""The playbook as data: typed, validated models of ``playbook/*.yaml``.

A bad edit raises one :class:`~opsbook.core.errors.ContentError` naming the file, the key path
and what is expected, e.g. ``playbook/department_structure.yaml, departments[2]
(operations).name: the key "zh" is missing — add it.``
"""

from pathlib import Path

from opsbook.content.base import Text
from opsbook.content.daily_operations import DailyOperations, check_daily_operations
from opsbook.content.department_structure import Organization, check_organization
from opsbook.content.event_sop import Calendar, EventSop, check_calendar, check_event_sop
from opsbook.content.exercises import ExerciseSet, check_exercise_set
from opsbook.content.four_powers import FourPowers, check_four_powers
from opsbook.content.loader import load_model
from opsbook.content.plan_writing import PlanTemplate, check_plan_template
from opsbook.content.trainer_guide import TrainerGuide, check_trainer_guide
from opsbook.core.paths import PLAYBOOK_DIR


def load_organization(path: Path | None = None) -> Organization:
    """The organization playbook: offices, departments, work areas, role map, org models."""
    return load_model(
        path or PLAYBOOK_DIR / "department_structure.yaml", Organization, check_organization
    )


def load_four_powers(path: Path | None = None) -> FourPowers:
    """The four powers (四力) rubric: powers, dimensions, items, metrics and GMV factors."""
    return load_model(path or PLAYBOOK_DIR / "four_powers.yaml", FourPowers, check_four_powers)


def load_plan_template(path: Path | None = None) -> PlanTemplate:
    """How to write an operation plan: key questions, six sections, kinds, stages, rule limits."""
    return load_model(path or PLAYBOOK_DIR / "plan_writing.yaml", PlanTemplate, check_plan_template)


def load_event_sop(path: Path | None = None) -> EventSop:
    """The eight steps of an online event, with owners, durations and dependencies."""
    return load_model(path or PLAYBOOK_DIR / "event_sop.yaml", EventSop, check_event_sop)


def load_calendar(path: Path | None = None) -> Calendar:
    """The promotion nodes of a year: fixed, lunar (table per year) or rule-based dates."""
    return load_model(path or PLAYBOOK_DIR / "calendar.yaml", Calendar, check_calendar)


def load_daily_operations(path: Path | None = None) -> DailyOperations:
    """Chapter 5: the product-selection scorecard and the customer segments with their touch."""
    return load_model(
        path or PLAYBOOK_DIR / "daily_operations.yaml", DailyOperations, check_daily_operations
    )


def load_exercise_set(chapter: str, path: Path | None = None) -> ExerciseSet:
    """The checked exercises of a chapter, e.g. ``load_exercise_set("01_department_structure")``."""
    return load_model(
        path or PLAYBOOK_DIR / "exercises" / f"{chapter}.yaml", ExerciseSet, check_exercise_set
    )


def load_trainer_guide(chapter: str, path: Path | None = None) -> TrainerGuide:
    """How a trainer runs a chapter, e.g. ``load_trainer_guide("02_four_powers")``."""
    return load_model(
        path or PLAYBOOK_DIR / "trainer_guide" / f"{chapter}.yaml",
        TrainerGuide,
        check_trainer_guide,
    )


__all__ = [
    "Calendar",
    "DailyOperations",
    "EventSop",
    "ExerciseSet",
    "FourPowers",
    "Organization",
    "PlanTemplate",
    "Text",
    "TrainerGuide",
    "load_calendar",
    "load_daily_operations",
    "load_event_sop",
    "load_exercise_set",
    "load_four_powers",
    "load_organization",
    "load_plan_template",
    "load_trainer_guide",
]

"""The playbook as data: typed, validated models of ``playbook/*.yaml``.

A bad edit raises one :class:`~opsbook.core.errors.ContentError` naming the file, the key path
and what is expected, e.g. ``playbook/department_structure.yaml, departments[2]
(operations).name: the key "zh" is missing — add it.``
"""

from pathlib import Path

from opsbook.content.base import Model, Text
from opsbook.content.compliance import Compliance, check_compliance
from opsbook.content.course import Chapter, Course, check_course
from opsbook.content.daily_operations import DailyOperations, check_daily_operations
from opsbook.content.department_structure import Organization, check_organization
from opsbook.content.event_sop import Calendar, EventSop, check_calendar, check_event_sop
from opsbook.content.exercises import ExerciseSet, check_exercise_set
from opsbook.content.four_powers import FourPowers, check_four_powers
from opsbook.content.loader import load_model
from opsbook.content.metrics import MetricDictionary, check_metric_dictionary
from opsbook.content.plan_writing import PlanTemplate, check_plan_template
from opsbook.content.platform_facts import PlatformFacts, check_platform_facts
from opsbook.content.trainer_guide import TrainerGuide, check_trainer_guide
from opsbook.core.errors import ContentError
from opsbook.core.paths import PLAYBOOK_DIR

MODELS = {  # what a playbook file is read as: its model and its cross-reference check
    "Organization": (Organization, check_organization),
    "FourPowers": (FourPowers, check_four_powers),
    "PlanTemplate": (PlanTemplate, check_plan_template),
    "EventSop": (EventSop, check_event_sop),
    "Calendar": (Calendar, check_calendar),
    "DailyOperations": (DailyOperations, check_daily_operations),
    "MetricDictionary": (MetricDictionary, check_metric_dictionary),
    "Compliance": (Compliance, check_compliance),
    "PlatformFacts": (PlatformFacts, check_platform_facts),
}
PER_CHAPTER = {  # a chapter's own files, playbook/<folder>/<chapter id>.yaml
    "exercises": (ExerciseSet, check_exercise_set),
    "trainer_guide": (TrainerGuide, check_trainer_guide),
}


def course(path: Path | None = None) -> Course:
    """The course manifest (``playbook/course.yaml``): the chapters in order, their titles and
    the files each is made of."""
    manifest = load_model(path or PLAYBOOK_DIR / "course.yaml", Course, check_course)
    places = [
        (f"chapters[{i}] ({c.id}).content", c.content) for i, c in enumerate(manifest.chapters)
    ]
    for place, files in [*places, ("reference", manifest.reference)]:
        for name, model in files.items():
            if model not in MODELS:
                raise ContentError(
                    f"course.yaml, {place}.{name}: {model!r} is not a model of the playbook — use "
                    f"one of: {', '.join(MODELS)} (a new one is added to MODELS in "
                    "lib/opsbook/content/__init__.py)."
                )
    return manifest


def load_playbook(name: str, path: Path | None = None) -> Model:
    """A playbook file by its name, read as its model: a file a chapter teaches from
    (``"four_powers"``, ``"calendar"``: the model ``playbook/course.yaml`` names for it), or a
    chapter's exercises or trainer guide (``"exercises/02_four_powers"``,
    ``"trainer_guide/02_four_powers"``). ``path``: read another copy of that file."""
    folder = name.rpartition("/")[0]
    models = course().content_models()
    if folder in PER_CHAPTER:
        model, check = PER_CHAPTER[folder]
    elif not folder and name in models:
        model, check = MODELS[models[name]]
    else:
        known = ", ".join([*models, *(f"{f}/<chapter>" for f in PER_CHAPTER)])
        raise ContentError(
            f'"{name}" is not a file of the playbook (playbook/course.yaml) — use one of: {known}.'
        )
    return load_model(path or PLAYBOOK_DIR / f"{name}.yaml", model, check)


__all__ = [
    "MODELS",
    "Calendar",
    "Chapter",
    "Course",
    "DailyOperations",
    "EventSop",
    "ExerciseSet",
    "FourPowers",
    "Organization",
    "PlanTemplate",
    "Text",
    "TrainerGuide",
    "course",
    "load_playbook",
]

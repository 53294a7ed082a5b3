"""Typed model of ``playbook/exercises/<chapter>.yaml``: checked exercises as data.

Four kinds cover the course: ``choice`` (one option), ``multi`` (a set of options), ``number``
(a value within a tolerance) and ``match`` (assign each item to a category).
"""

from typing import Annotated, Literal

from pydantic import Field

from opsbook.content.base import Key, Model, Text, duplicate_keys

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # options are shown, and answered, by letter


class Choice(Model):
    key: Key
    text: Text
    why_not: Text | None = None  # shown when a learner picks this wrong option


class _Exercise(Model):
    key: Key
    title: Text
    prompt: Text
    hints: list[Text] = Field(min_length=1)
    solution: Text


class ChoiceExercise(_Exercise):
    kind: Literal["choice"]
    options: list[Choice] = Field(min_length=2)
    answer: Key


class MultiExercise(_Exercise):
    kind: Literal["multi"]
    options: list[Choice] = Field(min_length=2)
    answer: list[Key] = Field(min_length=1)


class NumberExercise(_Exercise):
    kind: Literal["number"]
    answer: float
    tolerance: float = Field(default=0.0, ge=0)
    unit: Text | None = None


class MatchExercise(_Exercise):
    kind: Literal["match"]
    items: list[Choice] = Field(min_length=2)
    categories: list[Choice] = Field(min_length=2)
    answer: dict[Key, Key]  # item key -> category key


ExerciseSpec = Annotated[
    ChoiceExercise | MultiExercise | NumberExercise | MatchExercise, Field(discriminator="kind")
]


class ExerciseSet(Model):
    version: Literal[1]
    chapter: Key | str
    exercises: list[ExerciseSpec] = Field(min_length=1)


def check_exercise_set(exercise_set: ExerciseSet) -> list[tuple[str, str]]:
    """Answers must name real options; keys must be unique; a match must cover every item."""
    problems: list[tuple[str, str]] = []
    problems += duplicate_keys("exercises", (e.key for e in exercise_set.exercises))
    for i, ex in enumerate(exercise_set.exercises):
        where = f"exercises[{i}] ({ex.key})"
        if isinstance(ex, ChoiceExercise | MultiExercise):
            options = {o.key for o in ex.options}
            answers = [ex.answer] if isinstance(ex, ChoiceExercise) else ex.answer
            for answer in answers:
                if answer not in options:
                    problems.append(
                        (
                            f"{where}.answer",
                            f'"{answer}" is not one of the options {sorted(options)} — '
                            "use an option key",
                        )
                    )
        if isinstance(ex, MatchExercise):
            items = {o.key for o in ex.items}
            categories = {o.key for o in ex.categories}
            if set(ex.answer) != items:
                missing = sorted(items - set(ex.answer))
                extra = sorted(set(ex.answer) - items)
                problems.append(
                    (
                        f"{where}.answer",
                        f"every item needs exactly one category (missing: {missing}, "
                        f"unknown: {extra})",
                    )
                )
            for item, category in ex.answer.items():
                if category not in categories:
                    problems.append(
                        (
                            f"{where}.answer.{item}",
                            f'"{category}" is not one of the categories {sorted(categories)}',
                        )
                    )
    return problems

"""Typed model of ``playbook/trainer_guide/<chapter>.yaml``: how a trainer runs a chapter.

A run-of-show for a 45-minute and a 90-minute session (each part's length; the minute marks are
worked out, so they always add up), what to say at each group of slides, three to five
discussion questions, one activity where teams use their own numbers, and the misconceptions to
listen for. The answer key is not here: it comes from the chapter's exercises
(``playbook/exercises``), so the guide and the notebooks never disagree.
"""

from typing import Literal

from pydantic import Field

from opsbook.content.base import Key, Model, Text


class Part(Model):
    minutes: int = Field(gt=0, le=90)
    what: Text
    slides: Text | None = None  # which slides of the deck this part covers


class TalkingPoints(Model):
    slides: Text
    points: list[Text] = Field(min_length=1)


class Activity(Model):
    title: Text
    tool: Text  # the course's tool the teams use with their own numbers
    steps: list[Text] = Field(min_length=2)
    debrief: Text


class Misconception(Model):
    wrong: Text
    right: Text


class TrainerGuide(Model):
    version: Literal[1]
    chapter: Key | str
    session_45: list[Part] = Field(min_length=2)
    session_90: list[Part] = Field(min_length=2)
    talking_points: list[TalkingPoints] = Field(min_length=1)
    discussion: list[Text] = Field(min_length=3, max_length=5)
    activity: Activity
    misconceptions: list[Misconception] = Field(min_length=2)


def check_trainer_guide(guide: TrainerGuide) -> list[tuple[str, str]]:
    """Each session fills its time exactly."""
    problems = []
    for name, length in (("session_45", 45), ("session_90", 90)):
        total = sum(part.minutes for part in getattr(guide, name))
        if total != length:
            problems.append(
                (
                    name,
                    f"the parts add up to {total} minutes, not {length} — change a part's minutes",
                )
            )
    return problems

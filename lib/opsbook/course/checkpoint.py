"""A chapter's checkpoint (小测验): a short quiz at its end, drawn from the chapter's exercises,
so that finishing a chapter means more than reading it.

Each learner gets their own draw: :data:`~opsbook.course.progress.CHECKPOINT_SIZE` of the
chapter's exercises, in an order of their own, with the options of each question in an order of
their own too, so an answer remembered as "B" is not enough. The draw is seeded by the learner's
name (:func:`opsbook.handin.names.learner`) and the chapter: the same learner sees the same quiz
each time the chapter is opened. The seed is no identity and needs none: a learner who changed
it would only get another quiz.

A question is checked with the exercises' own :func:`~opsbook.course.exercises.evaluate` and each
check is kept in the progress record as a ``checkpoint`` entry (right or wrong and the kind of
mistake, never the answer). The chapter is complete when its exercises are done and every
checkpoint question has been answered right.
"""

import random

from opsbook.content import load_playbook
from opsbook.content.exercises import ExerciseSpec
from opsbook.core.errors import StoreError
from opsbook.course import progress
from opsbook.course.exercises import Outcome, Status, evaluate
from opsbook.handin.names import learner as learner_name


def draw(chapter: str, learner: str | None = None) -> list[ExerciseSpec]:
    """The chapter's checkpoint for ``learner`` (this one by default): its questions in order,
    each a chapter exercise with its options (if any) in the learner's order, so the letters
    the feedback names are the ones the learner sees."""
    exercises = load_playbook(f"exercises/{chapter}").exercises
    chance = random.Random(f"{learner or learner_name()}\n{chapter}")
    picked = chance.sample(exercises, min(progress.CHECKPOINT_SIZE, len(exercises)))
    questions = []
    for spec in picked:
        if hasattr(spec, "options"):
            options = list(spec.options)
            chance.shuffle(options)
            spec = spec.model_copy(update={"options": options})
        questions.append(spec)
    return questions


def check(chapter: str, question: ExerciseSpec, answer) -> tuple[Outcome, str]:
    """Check an answer; record it. The outcome, and a note when it could not be recorded."""
    outcome = evaluate(question, answer)
    if outcome.status is Status.NOT_ATTEMPTED:
        return outcome, ""
    details = {"result": outcome.status.value}
    if outcome.mistake:
        details["mistake"] = outcome.mistake
    try:
        progress.record(chapter, "checkpoint", question.key, **details)
    except StoreError as error:
        return outcome, str(error)
    return outcome, ""


def answered_right(chapter: str) -> set[str]:
    """The checkpoint questions (exercise keys) this learner has answered right so far."""
    try:
        record = progress.events()
    except StoreError:
        return set()
    return {
        e["exercise"]
        for e in record
        if e["chapter"] == chapter and e["event"] == "checkpoint" and e["result"] == "correct"
    }

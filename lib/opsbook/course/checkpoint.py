"""A chapter's checkpoint (章节测验): a short quiz at its end, drawn from the chapter's exercises,
so that finishing a chapter means more than reading it.

Each learner gets their own draw (:mod:`opsbook.course.checkpoint_draw`): three of the
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

from opsbook.content.exercises import ExerciseSpec
from opsbook.core.errors import StoreError
from opsbook.course import progress
from opsbook.course.checkpoint_draw import draw
from opsbook.course.exercises import Outcome, Status, evaluate

__all__ = ["answered_right", "check", "draw"]


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


def answered_right(chapter: str) -> tuple[set[str], str]:
    """The checkpoint questions (exercise keys) this learner's saved record shows answered
    right, and why the record could not be read ("" when it could)."""
    try:
        record = progress.events()
    except StoreError as error:
        return set(), str(error)
    return {
        e["exercise"]
        for e in record
        if e["chapter"] == chapter and e["event"] == "checkpoint" and e["result"] == "correct"
    }, ""

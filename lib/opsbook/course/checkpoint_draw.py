"""Each learner's checkpoint questions: :func:`draw` (used by the quiz in
:mod:`opsbook.course.checkpoint` and by the progress record's reading in
:mod:`opsbook.course.progress`, which counts only the learner's own questions)."""

import hashlib
import random

from opsbook.content import load_playbook
from opsbook.content.exercises import ExerciseSpec
from opsbook.handin.names import learner as learner_name

CHECKPOINT_SIZE = 3  # questions in a chapter's checkpoint (all of them in a shorter chapter)


def draw(chapter: str, learner: str | None = None) -> list[ExerciseSpec]:
    """The chapter's checkpoint for ``learner`` (this one by default): its questions in order,
    each a chapter exercise with its options (if any) in the learner's order, so the letters
    the feedback names are the ones the learner sees."""
    exercises = load_playbook(f"exercises/{chapter}").exercises
    # any name, even one that is no valid UTF-8 (as a hub may pass it), gives a seed
    seed = f"{learner or learner_name()}\n{chapter}".encode("utf-8", "surrogatepass")
    chance = random.Random(int.from_bytes(hashlib.sha256(seed).digest()[:8], "big"))
    picked = chance.sample(exercises, min(CHECKPOINT_SIZE, len(exercises)))
    questions = []
    for spec in picked:
        for field in ("options", "categories"):  # a match question's categories too
            if hasattr(spec, field):
                shuffled = list(getattr(spec, field))
                chance.shuffle(shuffled)
                spec = spec.model_copy(update={field: shuffled})
        questions.append(spec)
    return questions

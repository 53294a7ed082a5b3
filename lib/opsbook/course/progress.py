"""What a learner has done in the course (学习进度): each exercise checked, each hint and solution
opened, kept in the learner's work folder (``progress/record.json``) with the same atomic, locked
saving as worksheets and plans, so a kernel restart loses nothing and two notebooks recording at
once both keep their entries.

Only what happened is kept: the chapter, the exercise, the result (correct or wrong, and the kind
of mistake, e.g. "too high" or the option picked), and the time. The answer a learner typed is
never kept. :func:`forget` deletes the record; :func:`events` shows it whole.

From the record: :func:`summary` (per exercise: done, tried or not started, first try right or
not, tries, hints, solution opened before the right answer) and :func:`chapters` (per chapter:
done of all, first-try right share, time spent, what to do next).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from opsbook import content, handin
from opsbook.content import load_playbook
from opsbook.content.course import Course
from opsbook.core import settings
from opsbook.core.errors import StoreError
from opsbook.core.i18n import pick
from opsbook.core.store import DocumentStore, now_stamp, shown_path
from opsbook.course.checkpoint_draw import CHECKPOINT_SIZE, draw

RECORD = "record"  # the document's id in the progress folder
# open: a chapter's exercises were loaded; checkpoint: a question of the chapter's checkpoint
# (the quiz at its end, drawn from its exercises) checked
EVENTS = ("open", "check", "hint", "solution", "checkpoint")
RESULTS = ("correct", "wrong")
# the oldest go first beyond this: a course has ~30 exercises, and 5,000 entries (about 1 MB
# saved) stay well within the store's limit on a file's size
MAX_EVENTS = 5_000
IDLE = timedelta(minutes=15)  # a longer pause between two entries is not counted as time spent


def _validate(document: object, shown: str) -> dict:
    problem = None
    if not isinstance(document, dict) or document.get("version") != 1:
        problem = 'it is not a progress record (version 1 with a list of "events")'
    elif not isinstance(document.get("events"), list):
        problem = '"events" is not a list'
    else:
        for index, event in enumerate(document["events"]):
            problem = _event_problem(event)
            if problem:
                problem = f"events[{index}]: {problem}"
                break
    if problem:
        raise StoreError(
            f"{shown}: {problem} — the record was not changed; move the file away to start a "
            "new record (opsbook keeps nothing else in it)."
        )
    return document


def _event_problem(event: object) -> str | None:
    if not isinstance(event, dict):
        return "not an entry"
    if event.get("event") not in EVENTS:
        return f"the event must be one of {', '.join(EVENTS)}"
    for key in ("chapter", "at"):
        if not isinstance(event.get(key), str):
            return f'"{key}" is missing'
    try:
        datetime.fromisoformat(event["at"].replace("Z", "+00:00"))
    except ValueError:
        return f'"{event["at"]}" is not a time'
    if event["event"] != "open" and not isinstance(event.get("exercise"), str):
        return '"exercise" is missing'
    if event["event"] in ("check", "checkpoint") and event.get("result") not in RESULTS:
        return f"a check's result must be one of {', '.join(RESULTS)}"
    return None


def _store() -> DocumentStore:
    return DocumentStore(settings.work_path(settings.PROGRESS), _validate)


def record(chapter: str, event: str, exercise: str | None = None, **details: str) -> None:
    """Add one entry (``details``: a check's ``result`` and ``mistake``). Raises StoreError
    when it cannot be saved; the record saved before is kept."""
    entry = {"chapter": chapter, "event": event, "at": now_stamp()}
    if exercise is not None:
        entry["exercise"] = exercise
    entry.update(details)

    def add(document: dict) -> dict:
        return {**document, "events": [*document["events"], entry][-MAX_EVENTS:]}

    _store().update(RECORD, add, new={"version": 1, "events": []})


def events() -> list[dict]:
    """Every entry of this learner's record, oldest first (none yet: an empty list)."""
    store = _store()
    if not store.path(RECORD).exists():
        return []
    return store.read(RECORD)["events"]


def send() -> str:
    """Hand this learner's record in to the trainer (``progress`` in the cohort's drop folder,
    under the hand-in's identity rules); says where it went. Sending again replaces it."""
    record = events()
    if not record:
        return pick(
            "Nothing to send yet: check an exercise first.",
            "还没有可提交的进度：先检查一道练习。",
        )
    path = handin.send(settings.HAND_IN_PROGRESS, {"version": 1, "events": record})
    return pick(
        f"Sent to your trainer: {len(record)} entries ({shown_path(path)}).",
        f"已提交给培训师：{len(record)} 条记录（{shown_path(path)}）。",
    )


def read_hand_in(document: dict, shown: str) -> list[dict]:
    """A handed-in record's entries (its sender's stamp left aside); StoreError if it is not
    a progress record."""
    return _validate(handin.unstamped(document), shown)["events"]


def forget() -> str:
    """Delete this learner's record; says what was deleted."""
    path = _store().path(RECORD)
    shown = shown_path(path)
    try:
        path.unlink()
    except FileNotFoundError:
        return f"{shown}: there was no record."
    return f"{shown}: deleted."


@dataclass(frozen=True)
class ExerciseState:
    chapter: str
    exercise: str
    state: str  # "done", "tried" or "not_started"
    tries: int  # checks with an answer, up to and with the first right one
    first_try: bool | None  # the first answer was right (None: not tried)
    hints: int
    solution_first: bool  # the solution was opened before a right answer (or with none)
    last: str | None  # the last check's result
    mistake: str | None  # the kind of mistake most often made


def summary(record: list[dict], course: Course | None = None) -> list[ExerciseState]:
    """Each exercise of each chapter of the course, in order, as ``record`` shows it."""
    course = course or content.course()
    states = []
    for chapter in course.chapters:
        for spec in load_playbook(f"exercises/{chapter.id}").exercises:
            mine = [
                e for e in record if e["chapter"] == chapter.id and e.get("exercise") == spec.key
            ]
            states.append(_state(chapter.id, spec.key, mine))
    return states


def state(record: list[dict], chapter: str, exercise: str) -> ExerciseState:
    """One exercise as ``record`` shows it."""
    mine = [e for e in record if e["chapter"] == chapter and e.get("exercise") == exercise]
    return _state(chapter, exercise, mine)


def _state(chapter: str, exercise: str, mine: list[dict]) -> ExerciseState:
    """``mine``: the exercise's entries in the order they were recorded."""
    checks = [e for e in mine if e["event"] == "check"]
    right = next((i for i, e in enumerate(checks) if e["result"] == "correct"), None)
    solution_first = False
    for entry in mine:
        if entry["event"] == "check" and entry["result"] == "correct":
            break
        solution_first = solution_first or entry["event"] == "solution"
    mistakes = [e.get("mistake") for e in checks if e["result"] == "wrong" and e.get("mistake")]
    return ExerciseState(
        chapter=chapter,
        exercise=exercise,
        state="done" if right is not None else "tried" if checks else "not_started",
        tries=len(checks) if right is None else right + 1,
        first_try=(checks[0]["result"] == "correct") if checks else None,
        hints=sum(e["event"] == "hint" for e in mine),
        solution_first=solution_first,
        last=checks[-1]["result"] if checks else None,
        mistake=max(set(mistakes), key=lambda m: (mistakes.count(m), m)) if mistakes else None,
    )


@dataclass(frozen=True)
class ChapterProgress:
    chapter: str
    done: int
    tried: int
    total: int
    first_try_right: int  # exercises right at the first answer
    minutes: int  # time spent on the chapter's exercises, pauses over IDLE left out
    started: str | None  # the first and the last entry's day
    finished: str | None  # the day the chapter was complete (None: not yet)
    checkpoint_right: int = 0  # the learner's checkpoint questions answered right (at any try)
    checkpoint_total: int = CHECKPOINT_SIZE

    @property
    def checkpoint_passed(self) -> bool:
        return self.checkpoint_right >= self.checkpoint_total

    @property
    def complete(self) -> bool:
        """Every exercise done and the checkpoint passed."""
        return self.done == self.total and self.checkpoint_passed


def chapters(
    record: list[dict], course: Course | None = None, learner: str | None = None
) -> list[ChapterProgress]:
    """Each chapter's progress, in the course's order. A checkpoint counts the right answers to
    ``learner``'s own questions (this learner's by default: :func:`opsbook.course.checkpoint.draw`),
    so an answer to another draw, or to an exercise no longer in the chapter, counts for nothing.
    A chapter is finished on the day it first became complete (a later check moves nothing)."""
    course = course or content.course()
    states = summary(record, course)
    found = []
    for chapter in course.chapters:
        mine = [s for s in states if s.chapter == chapter.id]
        exercises = {s.exercise for s in mine}
        drawn = {spec.key for spec in draw(chapter.id, learner)}
        entries = sorted(e["at"] for e in record if e["chapter"] == chapter.id)
        right = sorted(
            (
                e
                for e in record
                if e["chapter"] == chapter.id
                and e["event"] in ("check", "checkpoint")
                and e["result"] == "correct"
            ),
            key=lambda e: e["at"],
        )
        done, answered, finished = set(), set(), None
        for entry in right:  # when did the chapter first become complete?
            if entry["event"] == "check" and entry["exercise"] in exercises:
                done.add(entry["exercise"])
            elif entry["event"] == "checkpoint" and entry["exercise"] in drawn:
                answered.add(entry["exercise"])
            if finished is None and len(done) == len(exercises) and answered == drawn:
                finished = entry["at"][:10]
        found.append(
            ChapterProgress(
                chapter=chapter.id,
                done=sum(s.state == "done" for s in mine),
                tried=sum(s.state == "tried" for s in mine),
                total=len(mine),
                first_try_right=sum(bool(s.first_try) for s in mine),
                minutes=_minutes(entries),
                started=entries[0][:10] if entries else None,
                finished=finished,
                checkpoint_right=len(answered),
                checkpoint_total=len(drawn),
            )
        )
    return found


def _minutes(times: list[str]) -> int:
    stamps = [datetime.fromisoformat(t.replace("Z", "+00:00")) for t in times]
    spent = sum((min(b - a, IDLE) for a, b in pairwise(stamps)), timedelta())
    return round(spent.total_seconds() / 60)


def next_step(record: list[dict], course: Course | None = None) -> ExerciseState | None:
    """The first exercise not done yet, in the course's order (None: all done; a checkpoint
    still to pass is said by :func:`chapters`)."""
    return next((s for s in summary(record, course) if s.state != "done"), None)

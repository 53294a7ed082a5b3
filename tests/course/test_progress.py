"""The progress record: every check, hint and solution is kept in the learner's work folder,
survives a kernel restart and two notebooks at once, keeps no answer text, and reads back as
each exercise's state and each chapter's progress (checked against a record worked by hand)."""

import json
import subprocess
import sys
import textwrap

import pytest
from jupyter_client.manager import start_new_kernel

from opsbook import content
from opsbook.core import settings
from opsbook.course import checkpoint, progress
from opsbook.course.exercises import exercises_for

CHAPTER = "01_department_structure"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.HOME, str(tmp_path))
    return tmp_path


def _run(kernel, code: str) -> str:
    """Run ``code`` in the kernel; its printed output."""
    printed = []
    reply = kernel.execute_interactive(
        code,
        timeout=60,
        output_hook=lambda msg: printed.append(msg["content"].get("text", "")),
    )
    assert reply["content"]["status"] == "ok", reply["content"]
    return "".join(printed)


def test_a_check_is_kept_through_a_kernel_restart(home):
    manager, kernel = start_new_kernel(kernel_name="python3", env={**_env(home)})
    try:
        _run(
            kernel,
            f"from opsbook.course.exercises import exercises_for\nex = exercises_for({CHAPTER!r})",
        )
        _run(kernel, "ex.q4.check(12); ex.q4.check(9)")
        manager.restart_kernel(now=True)
        kernel.wait_for_ready(timeout=60)
        shown = _run(
            kernel,
            "from opsbook.course import checkpoint, progress\n"
            "states = progress.summary(progress.events())\n"
            "print([(s.exercise, s.state, s.tries) for s in states][3])",
        )
    finally:
        kernel.stop_channels()
        manager.shutdown_kernel(now=True)
    assert shown.strip() == "('q4', 'done', 2)"


def _env(home) -> dict:
    import os

    return {**os.environ, settings.HOME: str(home)}


def test_two_notebooks_recording_at_once_lose_nothing(home):
    script = textwrap.dedent(
        f"""
        from opsbook.course.exercises import exercises_for
        ex = exercises_for({CHAPTER!r})
        for n in range(40):
            ex.q4.check(n)
        """
    )
    runs = [subprocess.Popen([sys.executable, "-c", script], env=_env(home)) for _ in range(2)]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    checks = [e for e in progress.events() if e["event"] == "check"]
    assert len(checks) == 80
    assert sum(e["result"] == "correct" for e in checks) == 2  # 9 is right, once in each


def test_the_record_keeps_what_happened_and_never_the_answer(home):
    ex = exercises_for(CHAPTER)
    ex.q1.check()  # not attempted: nothing to record
    ex.q1.check("Our secret plan for the merchant")
    ex.q2.hint()
    ex.q2.solution()
    kept = (home / settings.PROGRESS / "record.json").read_text(encoding="utf-8")
    assert "secret" not in kept
    entries = [{k: v for k, v in e.items() if k != "at"} for e in json.loads(kept)["events"]]
    assert entries == [
        {"chapter": CHAPTER, "event": "open"},
        {"chapter": CHAPTER, "event": "check", "exercise": "q1", "result": "wrong",
         "mistake": "not_an_option"},
        {"chapter": CHAPTER, "event": "hint", "exercise": "q2"},
        {"chapter": CHAPTER, "event": "solution", "exercise": "q2"},
    ]  # fmt: skip


def test_a_record_that_cannot_be_saved_is_said_and_the_answer_still_checked(home):
    record = home / settings.PROGRESS / "record.json"
    record.parent.mkdir()
    record.write_text("{not json", encoding="utf-8")
    feedback = exercises_for(CHAPTER).q4.check(9)
    assert feedback.status.value == "correct"
    assert " (Not recorded in your progress: " + _said(record) in feedback.message
    assert record.read_text(encoding="utf-8") == "{not json"  # left as it was


def test_forget_deletes_the_record(home):
    exercises_for(CHAPTER).q4.check(9)
    assert progress.events()
    assert progress.forget().endswith("deleted.")
    assert progress.events() == []
    assert progress.forget().endswith("there was no record.")


def _said(record) -> str:
    """How the record's problem is said: its place and what is wrong, up to the advice."""
    from opsbook.core.store import shown_path

    return f"{shown_path(record)}, line 1, column 2: not valid JSON"


def _entry(minute: int, event: str, exercise: str | None = None, **details) -> dict:
    entry = {"chapter": CHAPTER, "event": event, "at": f"2026-03-02T09:{minute:02d}:00Z"}
    return {**entry, **({"exercise": exercise} if exercise else {}), **details}


# worked by hand: q1 right first time; q2 wrong twice (too high, then picked a), right on the
# third; q3 solution opened, then right; q4 tried once; q5 not started. 09:00 → 09:12 is 12
# minutes, the 40-minute pause before 09:52 counts as 15: 12 + 15 + 2 = 29 minutes.
WORKED = [
    _entry(0, "open"),
    _entry(2, "check", "q1", result="correct"),
    _entry(5, "check", "q2", result="wrong", mistake="too_high"),
    _entry(6, "hint", "q2"),
    _entry(8, "check", "q2", result="wrong", mistake="too_high"),
    _entry(10, "check", "q2", result="correct"),
    _entry(12, "solution", "q3"),
    _entry(52, "check", "q3", result="correct"),
    _entry(54, "check", "q4", result="wrong", mistake="picked:b"),
]


def test_each_exercise_reads_as_worked_by_hand():
    states = {s.exercise: s for s in progress.summary(WORKED) if s.chapter == CHAPTER}
    got = {
        key: (s.state, s.tries, s.first_try, s.hints, s.solution_first, s.mistake)
        for key, s in states.items()
    }
    assert got == {
        "q1": ("done", 1, True, 0, False, None),
        "q2": ("done", 3, False, 1, False, "too_high"),
        "q3": ("done", 1, True, 0, True, None),
        "q4": ("tried", 1, False, 0, False, "picked:b"),
        "q5": ("not_started", 0, None, 0, False, None),
    }


def test_each_chapter_reads_as_worked_by_hand():
    first, *others = progress.chapters(WORKED)
    assert (first.done, first.tried, first.total, first.first_try_right) == (3, 1, 5, 2)
    assert (first.minutes, first.started, first.finished, first.complete) == (
        29,
        "2026-03-02",
        None,
        False,
    )
    assert len(others) == len(content.course().chapters) - 1
    assert all(c.done == 0 and c.minutes == 0 and c.started is None for c in others)
    step = progress.next_step(WORKED)
    assert (step.chapter, step.exercise) == (CHAPTER, "q4")


def test_a_chapter_is_complete_on_the_day_its_exercises_and_its_checkpoint_first_were():
    # ann's checkpoint of chapter 01 asks q2, q3 and q1 (test_checkpoint checks the draw)
    assert [q.key for q in checkpoint.draw(CHAPTER, "ann")] == ["q2", "q3", "q1"]
    done = [_entry(1, "check", key, result="correct") for key in ("q1", "q2", "q3", "q4", "q5")]
    done[-1]["at"] = "2026-03-04T10:00:00Z"
    [first, *_] = progress.chapters(done, learner="ann")
    assert (first.done, first.checkpoint_right, first.complete) == (5, 0, False)
    quiz = [
        _entry(2, "checkpoint", "q2", result="wrong", mistake="picked:a"),
        _entry(3, "checkpoint", "q2", result="correct"),
        _entry(4, "checkpoint", "q2", result="correct"),  # the same question again counts once
        _entry(5, "checkpoint", "q5", result="correct"),  # not one of ann's: counts for nothing
        _entry(6, "checkpoint", "q3", result="correct"),
    ]
    [first, *_] = progress.chapters(done + quiz, learner="ann")
    assert (first.checkpoint_right, first.checkpoint_total, first.complete) == (2, 3, False)
    last = {**_entry(7, "checkpoint", "q1", result="correct"), "at": "2026-03-06T09:00:00Z"}
    again = {**_entry(8, "check", "q4", result="correct"), "at": "2026-03-09T09:00:00Z"}
    [first, *_] = progress.chapters(done + quiz + [last, again], learner="ann")
    assert (first.complete, first.finished) == (True, "2026-03-06")  # a later check moves nothing
    assert first.done == 5 and first.first_try_right == 5  # the checkpoint is not an exercise
    # another learner's draw (q4, q1, q5): of this record, q1 and q5 count, q4 is missing
    assert [q.key for q in checkpoint.draw(CHAPTER, "learner")] == ["q4", "q1", "q5"]
    [other, *_] = progress.chapters(done + quiz + [last], learner="learner")
    assert (other.checkpoint_right, other.complete) == (2, False)


def test_an_exercise_shows_how_the_learner_did_last_time(home):
    ex = exercises_for(CHAPTER)
    assert "Last time" not in repr(ex.q4) and "Last time" not in ex.q4._repr_html_()
    ex.q4.check(12)
    again = exercises_for(CHAPTER)  # the chapter opened again, as after a restart
    assert repr(again.q4).endswith("Last time: ✗ 1 try, not right yet")
    again.q4.check(9)
    assert "Last time: ✓ done (right at try 2)" in exercises_for(CHAPTER).q4._repr_html_()

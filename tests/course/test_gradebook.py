"""The trainer's gradebook on a cohort of five worked by hand, and a learner's record handed in
and read back under the hand-in's rules.

Chapter 01 only (q1 a choice whose options are A–D, q3 a multi, q4 a number):
- ann: q1 right, q2 right, q3 missing options then right: 3 of 5 done, first try right on 2;
  chapter 01's checkpoint passed (her draw: q2, q3, q1; q2 wrong once, then all three right).
- bob: q1 picked A then right; q4 too high three times, never right: stuck on 01.q4.
- cai: opened q1's solution, then answered right: stuck on 01.q1 (solution first).
- dan: q1 right; q4 too high, then right.
- eve: only opened chapter 02.

Item analysis: q3 tried by 1, 0 % right first (right options missing); q4 by 2, 0 % (too high,
2 learners); q1 by 4, 75 % (picked A, 1), 1 solution first; q2 by 1, 100 %.
"""

import pytest

from opsbook.core.i18n import language
from opsbook.course import gradebook, progress

CHAPTER = "01_department_structure"


def _records() -> dict[str, list[dict]]:
    minute = iter(range(60))

    def entry(event, exercise=None, chapter=CHAPTER, **details):
        at = f"2026-03-02T09:{next(minute):02d}:00Z"
        found = {"chapter": chapter, "event": event, "at": at, **details}
        return found | ({"exercise": exercise} if exercise else {})

    right, wrong = {"result": "correct"}, {"result": "wrong"}
    return {
        "ann": [
            entry("check", "q1", **right),
            entry("check", "q2", **right),
            entry("check", "q3", **wrong, mistake="missing"),
            entry("check", "q3", **right),
            entry("checkpoint", "q2", **wrong, mistake="picked:b"),
            *[entry("checkpoint", key, **right) for key in ("q2", "q3", "q1")],
        ],
        "bob": [
            entry("check", "q1", **wrong, mistake="picked:a"),
            entry("check", "q1", **right),
            *[entry("check", "q4", **wrong, mistake="too_high") for _ in range(3)],
        ],
        "cai": [entry("solution", "q1"), entry("check", "q1", **right)],
        "dan": [
            entry("check", "q1", **right),
            entry("check", "q4", **wrong, mistake="too_high"),
            entry("check", "q4", **right),
        ],
        "eve": [entry("open", chapter="02_four_powers")],
    }


def test_the_progress_table_shows_each_learner_as_worked_by_hand():
    table = gradebook.progress_table(_records()).set_index("Learner")
    assert table["01"].to_dict() == {
        "ann": "3/5",
        "bob": "1/5",
        "cai": "1/5",
        "dan": "2/5",
        "eve": "0/5",
    }
    assert table["Stuck on"].to_dict() == {
        "ann": "—",
        "bob": "01.q4",
        "cai": "01.q1",
        "dan": "—",
        "eve": "—",
    }
    assert table.loc["ann", "Not started"] == "02, 03, 04, 05"
    assert table["Checkpoints passed"].to_dict() == {
        "ann": "1/5",
        "bob": "0/5",
        "cai": "0/5",
        "dan": "0/5",
        "eve": "0/5",
    }
    assert table.loc["eve", "Not started"] == "01, 03, 04, 05"


def test_the_item_analysis_puts_what_to_teach_again_first():
    table = gradebook.item_analysis(_records())
    assert table.values.tolist() == [
        ["01 · Exercise 3", 1, "0%", "right options missing (1)", 0],
        ["01 · Exercise 4", 2, "0%", "too high (2)", 0],
        ["01 · Exercise 1", 4, "75%", "picked A (1)", 1],
        ["01 · Exercise 2", 1, "100%", "—", 0],
    ]
    with language("zh"):
        table = gradebook.item_analysis(_records())
    assert list(table.columns) == ["练习", "尝试人数", "首次答对", "最常见的错误", "先看答案"]
    assert table.iloc[2].tolist() == ["01 · 练习 1", 4, "75%", "选了 A (1)", 1]


def test_a_record_sent_is_read_back_for_its_learner(tmp_path, monkeypatch):
    monkeypatch.setenv("OPSBOOK_HOME", str(tmp_path))
    monkeypatch.setenv("JUPYTERHUB_USER", "ann")
    assert progress.send().startswith("Nothing to send yet")
    for entry in _records()["ann"]:
        detail = {k: v for k, v in entry.items() if k not in ("chapter", "event", "exercise", "at")}
        progress.record(entry["chapter"], entry["event"], entry.get("exercise"), **detail)
    assert progress.send().startswith("Sent to your trainer: 8 entries")
    shown = repr(gradebook.Gradebook()).splitlines()
    assert shown[0] == "Progress by learner" and shown[2].split()[:2] == ["ann", "3/5"]
    found, problems = gradebook.records()
    assert problems == []
    assert [(e["event"], e["exercise"], e["result"]) for e in found["ann"]] == [
        ("check", "q1", "correct"),
        ("check", "q2", "correct"),
        ("check", "q3", "wrong"),
        ("check", "q3", "correct"),
        ("checkpoint", "q2", "wrong"),
        ("checkpoint", "q2", "correct"),
        ("checkpoint", "q3", "correct"),
        ("checkpoint", "q1", "correct"),
    ]


def test_a_handed_in_file_that_is_no_record_is_listed_not_counted(tmp_path, monkeypatch):
    monkeypatch.setenv("OPSBOOK_HOME", str(tmp_path))
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    from opsbook import handin

    handin.send("progress", {"version": 1, "events": [{"event": "dance"}]})
    found, problems = gradebook.records()
    assert found == {}
    assert len(problems) == 1 and "events[0]: the event must be one of" in problems[0]


@pytest.mark.parametrize(
    ("mistake", "shown"),
    [
        ("picked:c", "picked C"),
        ("factor_100", "off by 100 ×"),
        (None, "—"),
        ("new_kind", "new_kind"),
    ],
)
def test_a_mistake_reads_as_a_trainer_says_it(mistake, shown):
    assert gradebook.mistake_label(CHAPTER, "q1", mistake) == shown

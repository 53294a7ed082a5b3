"""The completion record: a learner who finished every exercise gets a page (and a PDF) with
their dates, each chapter's results and their hand-ins, checked against a record worked by
hand; a learner who has not finished is told what is left; the trainer's command writes one per
learner who finished."""

import pytest

from opsbook import content, handin
from opsbook.content import load_playbook
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import language
from opsbook.course import checkpoint, progress
from opsbook.course.completion import Completion
from opsbook.serve import cli


def _finished(learner: str = "ann", wrong_first: int = 0) -> list[dict]:
    """Every exercise right; chapter n on 2026-03-0n, two minutes apart, then ``learner``'s
    three checkpoint questions right a minute apart; the first ``wrong_first`` exercises of
    chapter 01 wrong once before right."""
    record = []
    for number, chapter in enumerate(content.course().chapters, 1):
        exercises = load_playbook(f"exercises/{chapter.id}").exercises
        for index, spec in enumerate(exercises):
            at = f"2026-03-{number:02d}T09:{index * 2:02d}:00Z"
            entry = {"chapter": chapter.id, "exercise": spec.key, "event": "check", "at": at}
            if number == 1 and index < wrong_first:
                record.append(entry | {"result": "wrong", "mistake": "too_high"})
                entry = entry | {"at": at.replace(":00Z", ":30Z")}
            record.append(entry | {"result": "correct"})
        for n, question in enumerate(checkpoint.draw(chapter.id, learner), 1):
            at = f"2026-03-{number:02d}T09:{(len(exercises) - 1) * 2 + n:02d}:00Z"
            record.append(
                {"chapter": chapter.id, "exercise": question.key, "event": "checkpoint", "at": at}
                | {"result": "correct"}
            )
    return record


def test_a_finished_learner_gets_the_record_worked_by_hand():
    page = Completion("ann", _finished("ann", wrong_first=2), "2026-03-02 10:00", None).page()
    assert "Learner: ann" in page and "From: 2026-03-01 – 2026-03-05" in page
    # chapter 01: 5 done, 3 right at the first try, its checkpoint 3/3, 11 minutes (09:00 …
    # 09:08, then the checkpoint to 09:11), on 03-01
    assert (
        "<td>01 How an operations organization is built</td><td>5/5</td><td>3/5</td>"
        "<td>3/3</td><td>11 min</td><td>2026-03-01</td>"
    ) in page
    total = sum(
        len(load_playbook(f"exercises/{c.id}").exercises) for c in content.course().chapters
    )
    assert f"Right at the first try: {total - 2}/{total}" in page
    assert "Four-powers self-assessment: 2026-03-02 10:00" in page
    assert "Operation plan: not handed in" in page
    with language("zh"):
        page = Completion("ann", _finished(), None, None).page()
    assert "学员：ann" in page and "四力自评表：未提交" in page and "（100%）" in page


def test_a_learner_who_has_not_finished_is_told_what_is_left():
    record = _finished("bob")[1:]  # chapter 01's first exercise never answered
    with pytest.raises(OpsbookError) as said:
        Completion("bob", record).page()
    total = sum(e["event"] == "check" for e in _finished())
    assert str(said.value) == (
        f"bob: not complete yet — {total - 1} of {total} exercises done, 5 of 5 checkpoints "
        "passed; next: How an operations organization is built, exercise 1."
    )
    chapter = "01_department_structure"
    left = ("checkpoint", chapter, checkpoint.draw(chapter, "cat")[0].key)  # not answered
    record = [e for e in _finished("cat") if (e["event"], e["chapter"], e["exercise"]) != left]
    with pytest.raises(OpsbookError) as said:
        Completion("cat", record).page()
    assert str(said.value) == (
        f"cat: not complete yet — {total} of {total} exercises done, 4 of 5 checkpoints "
        "passed; next: How an operations organization is built, the checkpoint at its end."
    )


def test_the_trainer_writes_one_record_per_learner_who_finished(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OPSBOOK_HOME", str(tmp_path / "work"))
    monkeypatch.delenv("OPSBOOK_DROP", raising=False)
    for name, record in (("ann", _finished("ann")), ("bob", _finished("bob")[1:])):
        monkeypatch.setenv("JUPYTERHUB_USER", name)
        handin.send("progress", {"version": 1, "events": record})
    out = tmp_path / "records"
    assert cli.main(["--lang", "en", "completion-record", str(out), "--html-only"]) == 0
    said = capsys.readouterr().out
    assert "bob: not complete yet" in said
    assert sorted(p.name for p in out.iterdir()) == ["ann.html"]
    assert "Learner: ann" in (out / "ann.html").read_text("utf-8")


def test_a_learner_prints_their_own_record_to_pdf(tmp_path, monkeypatch, browser):
    from opsbook.serve import completion_record

    monkeypatch.setenv("OPSBOOK_HOME", str(tmp_path / "work"))
    monkeypatch.setenv("JUPYTERHUB_USER", "ann")
    for entry in _finished("ann"):
        progress.record(entry["chapter"], entry["event"], entry["exercise"], result="correct")
    out = tmp_path / "mine"
    with language("zh"):
        written, not_yet = completion_record.write(out, [completion_record.mine()], browser=browser)
    assert [p.name for p in written] == ["ann.html", "ann.pdf"] and not_yet == []
    pdf = (out / "ann.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Type /Page" in pdf.replace(b"/Type/Page", b"/Type /Page")
    assert "结业记录" in (out / "ann.html").read_text("utf-8")

"""Handing work in: one file per learner and kind in the drop folder, written whole, readable by
its owner and the trainers only; sending again replaces one's own file and never another's; the
dashboard reads the folder and names who has not handed in."""

import json
import os
import stat
from pathlib import Path

import pytest

from opsbook import handin
from opsbook.content import load_playbook
from opsbook.core.errors import StoreError
from opsbook.four_powers.files import load_folder, load_hand_ins


@pytest.fixture(autouse=True)
def cohort(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("OPSBOOK_HOME", str(tmp_path / "work"))
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    monkeypatch.delenv("OPSBOOK_DROP", raising=False)
    return tmp_path


def test_off_a_hub_the_work_lands_in_the_work_folder(cohort):
    path = handin.send("four_powers", {"team": "West Gate"})
    assert path == cohort / "work" / "hand_in" / "four_powers" / "alice.json"
    sent = json.loads(path.read_text("utf-8"))
    assert handin.unstamped(sent) == {"team": "West Gate"}
    assert sent["hand_in"]["by"] == "alice"  # who sent it, from which account, and when
    assert sent["hand_in"]["account"] == handin.account_name()
    assert sent["hand_in"]["sent_at"].endswith("+00:00")
    assert stat.S_IMODE(path.stat().st_mode) == handin.FILE_MODE


def test_sending_again_replaces_ones_own_file(cohort):
    handin.send("plans", {"title": "first"})
    path = handin.send("plans", {"title": "second"})
    assert json.loads(path.read_text("utf-8"))["title"] == "second"
    assert [p.name for p in path.parent.iterdir()] == ["alice.json"]  # no temporary file left


def test_every_hub_name_gets_a_file_name_of_its_own(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "../bob 王")
    assert handin.learner() == "../bob 王"
    assert handin.send("four_powers", {}).name == "%2E.%2Fbob%20%E7%8E%8B.json"
    [seen] = handin.received("four_powers")
    assert seen.learner == "../bob 王"


def test_a_file_of_another_account_is_never_replaced_and_does_not_count(cohort):
    if os.getuid() != 0:
        pytest.skip("making a file of another account needs root")
    folder = cohort / "work" / "hand_in" / "four_powers"
    folder.mkdir(parents=True)
    squatted = folder / "alice.json"
    squatted.write_text('{"planted": true}')
    os.chown(squatted, 4242, 4242)
    path = handin.send("four_powers", {"team": "West Gate"})  # goes beside it
    assert path.name == f"alice~{os.geteuid()}.json"
    assert squatted.read_text() == '{"planted": true}'
    found = handin.scan("four_powers")
    assert [(r.learner, r.path.name) for r in found.received] == [("alice", path.name)]
    assert found.problems == [
        'four_powers/alice.json: named for "alice" but written by the account "4242" — not '
        "counted as alice's hand-in; delete it and ask who wrote it"
    ]
    os.chown(path, 4242, 4242)  # both names taken by another account: refused, named
    with pytest.raises(StoreError, match='written by the account "4242"'):
        handin.send("four_powers", {"team": "West Gate"})


def test_a_missing_cohort_folder_says_ask_the_trainer(cohort, monkeypatch):
    monkeypatch.setenv("OPSBOOK_DROP", str(cohort / "not-prepared"))
    with pytest.raises(StoreError, match="ask your trainer to prepare it"):
        handin.send("four_powers", {})


def test_received_and_who_is_missing(cohort, monkeypatch):
    drop = cohort / "drop"
    monkeypatch.setenv("OPSBOOK_DROP", str(drop))
    (drop / "four_powers").mkdir(parents=True)
    (drop / "roster.txt").write_text("# cohort 3\nalice\nbob\ncarol\n", "utf-8")
    handin.send("four_powers", {"team": "A"})
    monkeypatch.setenv("JUPYTERHUB_USER", "carol")
    handin.send("four_powers", {"team": "C"})
    assert [r.learner for r in handin.received("four_powers")] == ["alice", "carol"]
    assert handin.missing("four_powers") == ["bob"]
    assert handin.missing("plans") == ["alice", "bob", "carol"]


def test_prepare_makes_a_folder_the_check_passes_and_the_check_can_fail(cohort):
    import grp

    drop = cohort / "drop"
    handin.prepare(drop, grp.getgrgid(os.getgid()).gr_name)
    for folder in (drop, drop / "four_powers", drop / "plans"):
        assert stat.S_IMODE(folder.stat().st_mode) == handin.FOLDER_MODE
    assert handin.isolation_problems(drop) == []
    os.chmod(drop / "four_powers", 0o755)  # world-readable, no sticky bit
    problems = handin.isolation_problems(drop)
    assert any("can list the folder" in p for p in problems)
    assert any("no sticky bit" in p for p in problems)


def test_the_worksheet_sends_itself_and_the_dashboard_reads_it(cohort, monkeypatch):
    from opsbook.widgets import SelfAssessment

    rubric = load_playbook("four_powers")
    drop = cohort / "drop"
    monkeypatch.setenv("OPSBOOK_DROP", str(drop))
    (drop / "four_powers").mkdir(parents=True)
    worksheet = SelfAssessment(rubric)
    worksheet.hand_in.click()
    assert "Nothing to send yet" in worksheet.status.value
    worksheet.team.value = "West Gate"
    worksheet.period.value = "2026-Q3"
    worksheet.answer(next(iter(rubric.items)), level=3)
    worksheet.hand_in.click()
    assert "Sent to your trainer" in worksheet.status.value
    teams, problems = load_folder(rubric, drop / "four_powers")
    assert problems == [] and [(t.team, t.period) for t in teams] == [("West Gate", "2026-Q3")]


def test_a_folder_per_learner_as_on_kubernetes(cohort, monkeypatch):
    """deploy/kubernetes/values.yaml mounts each learner's own folder of the cohort volume as
    their drop folder and the whole volume as the trainer's: the dashboard reads that layout."""
    from opsbook.widgets import SelfAssessment

    rubric = load_playbook("four_powers")
    volume = cohort / "volume"
    for name in ("alice", "bob"):
        (volume / name / "four_powers").mkdir(parents=True)  # made by the volume's init step
        monkeypatch.setenv("OPSBOOK_DROP", str(volume / name))
        monkeypatch.setenv("JUPYTERHUB_USER", name)
        worksheet = SelfAssessment(rubric)
        worksheet.team.value = f"Team {name}"
        worksheet.answer(next(iter(rubric.items)), level=3)
        worksheet.hand_in.click()
        assert "Sent to your trainer" in worksheet.status.value
    # in her own folder alice can name a file for somebody else: it is not counted as theirs
    forged = volume / "alice" / "four_powers" / "carol.json"
    forged.write_bytes((volume / "alice" / "four_powers" / "alice.json").read_bytes())
    (volume / "roster.txt").write_text("alice\nbob\ncarol\n", "utf-8")
    monkeypatch.setenv("OPSBOOK_DROP", str(volume))  # the trainer's server: the whole volume
    assert [r.learner for r in handin.received("four_powers")] == ["alice", "bob"]
    assert handin.missing("four_powers") == ["carol"]
    teams, problems = load_hand_ins(rubric)
    assert sorted(t.team for t in teams) == ["Team alice", "Team bob"]
    assert problems == [
        'alice/four_powers/carol.json: in the folder of "alice", a hand-in named for "carol" — '
        "not counted for anyone; delete it"
    ]


def test_a_hand_in_that_does_not_read_is_named_and_the_others_load(cohort, monkeypatch):
    drop = cohort / "drop"
    monkeypatch.setenv("OPSBOOK_DROP", str(drop))
    (drop / "four_powers").mkdir(parents=True)
    (drop / "four_powers" / "bob.json").write_text("{not json", "utf-8")
    rubric = load_playbook("four_powers")
    from opsbook.widgets import SelfAssessment

    worksheet = SelfAssessment(rubric)
    worksheet.team.value = "West Gate"
    worksheet.answer(next(iter(rubric.items)), level=3)
    worksheet.hand_in.click()
    teams, problems = load_hand_ins(rubric)
    assert [t.team for t in teams] == ["West Gate"]
    assert len(problems) == 1 and "bob.json" in problems[0]


def test_the_plan_builder_sends_the_plan(cohort):
    from opsbook.content import load_playbook
    from opsbook.widgets import PlanBuilder

    builder = PlanBuilder(load_playbook("plan_writing"))
    builder.hand_in.click()
    assert "Nothing to send yet" in builder.status.value
    builder.edit(title="Double 11 warm-up")
    builder.hand_in.click()
    assert "Sent to your trainer" in builder.status.value
    sent = cohort / "work" / "hand_in" / "plans" / "alice.json"
    assert json.loads(sent.read_text("utf-8"))["title"] == "Double 11 warm-up"
    from opsbook.plan_writing.export import import_plan

    assert import_plan(sent).title == "Double 11 warm-up"  # the trainer opens it as a plan


def test_the_trainers_view_follows_the_folder(cohort, monkeypatch):
    import time

    from opsbook.widgets import HandInWatch

    drop = cohort / "drop"
    monkeypatch.setenv("OPSBOOK_DROP", str(drop))
    (drop / "four_powers").mkdir(parents=True)
    (drop / "roster.txt").write_text("alice\nbob\n", "utf-8")
    watch = HandInWatch("four_powers", every=0.05)
    try:
        assert "No hand-ins yet" in watch.view.value and "alice, bob" in watch.view.value
        handin.send("four_powers", {"team": "A"})
        deadline = time.monotonic() + 30
        while "1 handed in" not in watch.view.value:  # the watch looks again by itself
            assert time.monotonic() < deadline, "the view did not follow the new hand-in"
            time.sleep(0.02)
        assert "<td>alice</td>" in watch.view.value
        assert "Not handed in yet:</b> bob" in watch.view.value
        assert watch.summary() == "1 handed in, 1 on the roster not yet"
    finally:
        watch.stop()


def test_the_command_prepares_and_checks_a_drop_folder(cohort, capsys):
    import grp

    from opsbook.serve.cli import main

    drop = cohort / "drop"
    group = grp.getgrgid(os.getgid()).gr_name
    assert main(["drop-folder", str(drop), "--group", group]) == 0
    assert "cannot see each other's work" in capsys.readouterr().out
    os.chmod(drop, 0o3757)  # world-readable
    assert main(["drop-folder", str(drop), "--check"]) == 1
    assert "learners can list the folder" in capsys.readouterr().out
    assert main(["drop-folder", str(drop), "--group", "no-such-group-x"]) == 2
    assert "groupadd no-such-group-x" in capsys.readouterr().err


def test_the_cohort_results_as_a_workbook(cohort, monkeypatch, capsys, tmp_path):
    import pandas as pd

    from opsbook.course import progress
    from opsbook.course.exercises import exercises_for
    from opsbook.four_powers import assessment
    from opsbook.present.tables import readable
    from opsbook.serve import cli
    from opsbook.widgets import SelfAssessment

    drop = cohort / "drop"
    monkeypatch.setenv("OPSBOOK_DROP", str(drop))
    (drop / "four_powers").mkdir(parents=True)
    (drop / "roster.txt").write_text("alice\nbob\ncarol\n", "utf-8")
    out = tmp_path / "cohort.xlsx"
    assert cli.main(["--lang", "en", "cohort-results", str(out)]) == 2  # nothing handed in
    assert "no worksheet to export yet" in capsys.readouterr().err and not out.exists()

    rubric = load_playbook("four_powers")
    for name, level in (("alice", 2), ("carol", 4)):
        monkeypatch.setenv("JUPYTERHUB_USER", name)
        worksheet = SelfAssessment(rubric)
        worksheet.team.value = f"Team {name}"
        worksheet.period.value = "2026-Q4"
        for item in list(rubric.items)[:6]:
            worksheet.answer(item, level=level)
        worksheet.hand_in.click()
    # carol also sends her progress: one exercise, wrong, then right
    (drop / "progress").mkdir()
    exercises_for("01_department_structure").q4.check(12)
    exercises_for("01_department_structure").q4.check(9)
    assert progress.send().startswith("Sent to your trainer")
    assert cli.main(["--lang", "en", "cohort-results", str(out)]) == 0
    assert "2 worksheets, 0 not counted" in capsys.readouterr().out
    sheets = pd.read_excel(out, sheet_name=None, engine="openpyxl")
    assert list(sheets) == [
        "Scores",
        "Spread per power",
        "Progress",
        "Teach next",
        "Hand-ins",
        "Exercise progress",
        "Exercise results",
    ]
    assert sheets["Exercise progress"].iloc[0, :2].tolist() == ["carol", "1/5"]
    assert sheets["Exercise results"].iloc[0].tolist() == [
        "01 · Exercise 4",
        1,
        "0%",
        "too high (1)",
        0,
    ]
    teams, _ = load_hand_ins(rubric)
    expected = readable(assessment.cohort_table(rubric, teams).round(2), rubric)
    pd.testing.assert_frame_equal(sheets["Scores"], expected, check_dtype=False)
    hand_ins = sheets["Hand-ins"]
    assert list(hand_ins["Learner"]) == ["alice", "carol", "bob"]
    assert hand_ins["Sent at"].iloc[2] == "not yet"
    assert hand_ins["Sent at"].iloc[0][:2] == "20"  # a date and time

    assert cli.main(["--lang", "en", "cohort-results", str(tmp_path / "cohort.csv")]) == 2
    assert "name the workbook with .xlsx" in capsys.readouterr().err

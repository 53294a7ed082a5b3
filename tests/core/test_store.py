"""Saving learner work: atomic under kill -9, no lost updates between processes, corrupt files
reported and never overwritten, import validates."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from opsbook.content import load_playbook
from opsbook.core.errors import StoreError
from opsbook.core.settings import work_home
from opsbook.core.store import DocumentStore, atomic_write_text
from opsbook.four_powers.files import FORMAT, WorksheetFiles, load_folder


@pytest.fixture
def files(tmp_path):
    return WorksheetFiles(load_playbook("four_powers"), tmp_path / "worksheets")


def run_python(code: str, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_work_home_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("OPSBOOK_HOME", str(tmp_path / "mine"))
    assert work_home() == tmp_path / "mine"
    monkeypatch.delenv("OPSBOOK_HOME")
    assert work_home().name == "opsbook-work"


def test_answers_survive_a_new_process(files):
    doc_id = files.create("South Bay", "2026-Q4")
    files.set_answer(doc_id, "op_public_reach", level=3, evidence="QR at tills")
    files.set_answer(doc_id, "op_public_reach", target=5)
    reader = run_python(
        f"""
        from pathlib import Path
        from opsbook.content import load_playbook
        from opsbook.four_powers.files import WorksheetFiles
        files = WorksheetFiles(load_playbook("four_powers"), Path({str(files.folder)!r}))
        print(files.assessment({doc_id!r}).answers["op_public_reach"])
        """
    )
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert "level=3, target=5, not_applicable=False, evidence='QR at tills'" in out


def test_the_saved_file_is_readable_versioned_json(files):
    doc_id = files.create("团队 A", "2026-Q4")
    files.set_answer(doc_id, "or_role", not_applicable=True)
    raw = files.store.path(doc_id).read_text("utf-8")
    document = json.loads(raw)
    assert document["format"] == FORMAT and document["version"] == 1
    assert "团队 A" in raw  # not escaped to \\u sequences
    assert document["answers"]["or_role"]["not_applicable"] is True


WRITER = """
    import builtins, os, sys, time
    from pathlib import Path
    from opsbook.core.store import DocumentStore

    class Slow:
        # writes in small chunks with pauses, so the kill lands in the middle of a write
        def __init__(self, file):
            self.file = file
        def write(self, text):
            for start in range(0, len(text), 32_768):
                self.file.write(text[start:start + 32_768])
                self.file.flush()
                time.sleep(0.002)
        def __getattr__(self, name):
            return getattr(self.file, name)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.file.__exit__(*exc)

    real_fdopen, real_open = os.fdopen, builtins.open
    os.fdopen = lambda *a, **k: Slow(real_fdopen(*a, **k))
    builtins.open = lambda f, mode="r", *a, **k: (
        Slow(real_open(f, mode, *a, **k)) if "w" in mode else real_open(f, mode, *a, **k))
    store = DocumentStore(Path(sys.argv[1]), lambda raw, shown: raw)
    n = 0
    while True:
        n += 1
        print("writing", n, flush=True)
        store.write("doc", {"n": n, "payload": [n] * 200_000, "end": n})
        print("saved", n, flush=True)
"""


def next_report(writer: subprocess.Popen, word: str) -> int:
    """Wait for the writer to report ``word`` (``writing`` or ``saved``); return its number."""
    while True:
        line = writer.stdout.readline()
        assert line, "the writer stopped before reporting " + word
        said, number = line.split()
        if said == word:
            return int(number)


def test_a_kill_during_save_leaves_the_old_or_the_new_version(tmp_path):
    path = tmp_path / "doc.json"
    # the kill lands at several points of a write that is known to have started
    for offset in (0, 0.005, 0.02, 0.04, 0.07):
        writer = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(WRITER), str(tmp_path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        saved = next_report(writer, "saved")  # at least one whole save exists
        started = next_report(writer, "writing")  # and the next one is under way
        time.sleep(offset)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        writer.stdout.close()
        document = json.loads(path.read_text("utf-8"))  # never a half-written file
        assert document["n"] in (saved, started)  # the old version, or the new one
        assert document["n"] == document["end"] == document["payload"][-1]
        assert len(document["payload"]) == 200_000
    assert DocumentStore(tmp_path, lambda raw, shown: raw).ids() == ["doc"]


def test_two_processes_saving_at_once_lose_nothing(files):
    doc_id = files.create("Both tabs", "2026-Q4")
    items = list(files.rubric.items)
    halves = {"first": items[0::2], "second": items[1::2]}
    code = """
        import sys
        from pathlib import Path
        from opsbook.content import load_playbook
        from opsbook.four_powers.files import WorksheetFiles
        files = WorksheetFiles(load_playbook("four_powers"), Path(sys.argv[1]))
        for round in range(3):
            for index, item in enumerate(sys.argv[3:]):
                files.set_answer(sys.argv[2], item, level=1 + (index + round) % 5,
                                 evidence=f"round {round}")
    """
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), str(files.folder), doc_id, *keys],
            stderr=subprocess.PIPE,
            text=True,
        )
        for keys in halves.values()
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    answers = files.assessment(doc_id).answers
    assert set(answers) == set(items)
    assert all(answer.evidence == "round 2" for answer in answers.values())
    for keys in halves.values():
        assert [answers[key].level for key in keys] == [1 + (i + 2) % 5 for i in range(len(keys))]


def test_temporary_files_of_killed_saves_are_cleaned_up_later(tmp_path):
    old = tmp_path / ".doc.json.abc.tmp"
    fresh = tmp_path / ".doc.json.def.tmp"
    for temp in (old, fresh):
        temp.write_text("half a docu", encoding="utf-8")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    DocumentStore(tmp_path, lambda raw, shown: raw)
    assert not old.exists()
    assert fresh.exists()  # might be a save in progress in another process


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    atomic_write_text(tmp_path / "a.json", "{}")
    atomic_write_text(tmp_path / "a.json", "[]")
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
    assert (tmp_path / "a.json").read_text() == "[]"


def test_a_corrupt_file_is_reported_and_not_overwritten(files):
    doc_id = files.create("Team", "2026-Q4")
    path = files.store.path(doc_id)
    broken = path.read_text("utf-8")[:-20]
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(StoreError) as error:
        files.set_answer(doc_id, "op_public_reach", level=2)
    message = str(error.value)
    assert path.name in message and "not valid JSON" in message and "line" in message
    assert path.read_text("utf-8") == broken


def test_a_hand_edited_level_is_explained_and_the_file_kept(files):
    doc_id = files.create("Team", "2026-Q4")
    path = files.store.path(doc_id)
    document = json.loads(path.read_text("utf-8"))
    document["answers"]["op_public_reach"] = {"level": 7}
    edited = json.dumps(document)
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(
        StoreError, match=r"answers\.op_public_reach\.level: expected a number at most 5"
    ):
        files.set_answer(doc_id, "or_role", level=2)
    assert path.read_text("utf-8") == edited


def test_the_folder_listing_skips_bad_files_and_names_them(files):
    good = files.create("Good", "2026-Q4")
    (files.folder / "broken.json").write_text("{", encoding="utf-8")
    entries, problems = files.listing()
    assert [entry["id"] for entry in entries] == [good]
    assert len(problems) == 1 and "broken.json" in problems[0]


def test_import_validates_and_copies(files, tmp_path):
    sent = tmp_path / "from_team.json"
    source = WorksheetFiles(files.rubric, tmp_path / "team")
    doc_id = source.create("Team East", "2026-Q3")
    source.set_answer(doc_id, "pr_retention", level=4)
    sent.write_text(source.store.path(doc_id).read_text("utf-8"), encoding="utf-8")
    imported = files.import_file(sent)
    assert files.assessment(imported).answers["pr_retention"].level == 4
    assert files.import_file(sent) != imported  # a second import never overwrites the first

    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({**json.loads(sent.read_text()), "answers": {"x1": {}}}))
    with pytest.raises(StoreError, match="x1 is not an item"):
        files.import_file(foreign)
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**json.loads(sent.read_text()), "version": 2}))
    with pytest.raises(StoreError, match="version 2 is not supported"):
        files.import_file(newer)


def test_load_folder_reads_a_cohort_and_lists_unreadable_files(files):
    for team in ("B team", "A team"):
        files.set_answer(files.create(team, "2026-Q4"), "or_role", level=3)
    (files.folder / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    assessments, problems = load_folder(files.rubric, files.folder)
    assert [a.team for a in assessments] == ["A team", "B team"]
    assert len(problems) == 1 and "notes.json" in problems[0]
    with pytest.raises(StoreError, match="no such folder"):
        load_folder(files.rubric, files.folder / "missing")

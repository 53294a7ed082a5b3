"""Hostile classmates and odd files at the hand-in: nobody hands in as somebody else, nothing in
the drop folder is followed or read that is not a hand-in, learner text never becomes a
spreadsheet formula, the course link carries no secret, and every command fails with a message.

Each case states its exact outcome. Where a case needs a second computer account, a child
process drops to Debian's ``nobody`` account (the tests run as root in CI; as another user
those cases are skipped, saying why).
"""

import json
import os
import pickle
import pwd
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opsbook import handin
from opsbook.core.errors import StoreError
from opsbook.handin.names import MAX_STEM
from opsbook.serve.cli import main

ROOT_ONLY = pytest.mark.skipif(os.getuid() != 0, reason="a second account needs root")


def worksheet(team: str = "West Gate", period: str = "2026-Q4") -> dict:
    return {
        "format": "opsbook-four-powers-worksheet",
        "version": 1,
        "id": "ws-1",
        "team": team,
        "period": period,
        "answers": {"op_public_reach": {"level": 3}},
    }


@pytest.fixture
def drop(monkeypatch) -> Path:
    """A cohort's drop folder in a folder every account may pass through (as on a server)."""
    outer = Path(tempfile.mkdtemp(prefix="opsbook-drop-"))
    os.chmod(outer, 0o711)
    folder = outer / "hand_in"
    for path in (folder, folder / "four_powers", folder / "plans"):
        path.mkdir()
        os.chmod(path, 0o1733)  # learners write and enter, do not list; sticky
    monkeypatch.setenv("OPSBOOK_DROP", str(folder))
    monkeypatch.setenv("OPSBOOK_HOME", str(outer / "work"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    yield folder
    subprocess.run(["rm", "-rf", str(outer)], check=False)


def as_account(name: str, action, **environment):
    """``action()`` run by a child process as the account ``name`` (with ``environment`` set):
    what it returned, or its error as ``"ErrorType: message"``."""
    info = pwd.getpwnam(name)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to the account, act, report, leave
        status = 0
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(info.pw_gid)
            os.setuid(info.pw_uid)
            os.environ.update(environment)
            try:
                result = action()
            except Exception as error:  # reported to the test, which asserts on it
                result = f"{type(error).__name__}: {error}"
            os.write(write, pickle.dumps(result))
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)


def plant(path: Path, text: str) -> None:
    """Write a file directly, as a classmate with a terminal would (no course code)."""
    path.write_text(text, "utf-8")


# -- 1. who handed in: the account, not the environment -----------------------------------------


@ROOT_ONLY
def test_a_forged_hub_name_is_refused_and_nothing_is_written(drop):
    said = as_account(
        "nobody", lambda: str(handin.send("four_powers", worksheet())), JUPYTERHUB_USER="alice"
    )
    assert said.startswith('StoreError: Not sent — this server runs as the account "nobody", ')
    assert 'not the account of the hub user "alice"' in said
    assert list((drop / "four_powers").iterdir()) == []


@ROOT_ONLY
def test_ones_own_account_sends_and_the_trainer_sees_that_name(drop):
    said = as_account("nobody", lambda: handin.send("four_powers", worksheet()).name)
    assert said == "nobody.json"
    [seen] = handin.received("four_powers")
    assert (seen.learner, seen.account) == ("nobody", "nobody")


@ROOT_ONLY
def test_a_file_planted_under_anothers_name_counts_for_nobody(drop, monkeypatch):
    as_account(
        "nobody",
        lambda: plant(drop / "four_powers" / "alice.json", json.dumps(worksheet("Forged"))),
    )
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    path = handin.send("four_powers", worksheet("Real"))  # alice's own send still lands
    assert path.name == "alice~0.json"
    found = handin.scan("four_powers")
    assert [(r.learner, r.document["team"]) for r in found.received] == [("alice", "Real")]
    assert found.problems == [
        'four_powers/alice.json: named for "alice" but written by the account "nobody" — not '
        "counted as alice's hand-in; delete it and ask who wrote it"
    ]


@ROOT_ONLY
def test_a_stamp_naming_somebody_else_does_not_make_the_file_theirs(drop):
    forged = {**worksheet(), "hand_in": {"by": "alice", "sent_at": "2026-01-01T00:00:00+00:00"}}
    as_account("nobody", lambda: plant(drop / "four_powers" / "alice.json", json.dumps(forged)))
    as_account("nobody", lambda: plant(drop / "four_powers" / "nobody.json", json.dumps(forged)))
    found = handin.scan("four_powers")
    assert found.received == []
    assert found.problems == [
        'four_powers/alice.json: named for "alice" but written by the account "nobody" — not '
        "counted as alice's hand-in; delete it and ask who wrote it",
        'four_powers/nobody.json: the file name and the name inside it ("alice") disagree — '
        "not counted; delete it and ask who wrote it",
    ]


@ROOT_ONLY
def test_a_learner_folder_made_by_a_classmate_on_a_shared_server_is_not_the_learners(drop):
    def make():
        (drop / "alice" / "four_powers").mkdir(parents=True)
        plant(drop / "alice" / "four_powers" / "alice.json", json.dumps(worksheet()))

    os.chmod(drop, 0o1733)
    as_account("nobody", make)
    found = handin.scan("four_powers")
    assert found.received == []
    assert found.problems == [
        'alice/four_powers/alice.json: named for "alice" but written by the account "nobody" '
        "— not counted as alice's hand-in; delete it and ask who wrote it"
    ]


@ROOT_ONLY
def test_a_roster_planted_by_a_learner_is_not_used(drop):
    os.chmod(drop, 0o1733)
    as_account("nobody", lambda: plant(drop / "roster.txt", "nobody\n"))
    found = handin.scan("four_powers")
    assert found.missing == []
    assert found.problems == [
        'roster.txt: written by the account "nobody", not by a trainer — not used; delete it '
        "and put the cohort's roster in its place"
    ]


@ROOT_ONLY
def test_a_read_only_hand_in_folder_says_so_not_another_account(drop):
    def send_into_read_only():
        os.chmod(drop / "plans", 0o555)
        return str(handin.send("plans", {"title": "x"}))

    subprocess.run(["chown", "nobody", str(drop / "plans")], check=True)
    said = as_account("nobody", send_into_read_only)
    assert said.startswith("StoreError: ")
    assert "not sent — you are not allowed to write in the hand-in folder" in said
    assert "another account" not in said


@ROOT_ONLY
def test_a_backdated_file_shows_when_it_really_arrived(drop):
    old = {**worksheet(), "hand_in": {"by": "nobody", "sent_at": "2020-01-01T00:00:00+00:00"}}

    def backdate():
        path = drop / "four_powers" / "nobody.json"
        plant(path, json.dumps(old))
        os.utime(path, (1577836800, 1577836800))  # mtime 2020-01-01: anyone may set it

    as_account("nobody", backdate)
    [seen] = handin.received("four_powers")
    assert seen.sent_at.year == 2020 and seen.arrived_at.year >= 2026  # ctime: not settable
    assert seen.times_disagree
    assert seen.when().startswith("2020-01-01") and "(file arrived 20" in seen.when()


def test_the_tljh_account_of_a_hub_name_is_the_one_tljh_makes():
    # TLJH's own examples (tljh/normalize.py and its tests)
    assert handin.accounts_for("test") == {"test", "jupyter-test"}
    long = "aelie9sohjeequ9iemeipuimuoshahz4aitugiuteeg4ohioh5yuiha6aei7te5z"
    assert "jupyter-aelie9sohjeequ9iem-4b726" in handin.accounts_for(long)
    assert "jupyter-abcdefghijklmnopq" in handin.accounts_for("abcdefghijklmnopq")
    assert "jupyter-abcdefghijklmnopqr-e375e" in handin.accounts_for("abcdefghijklmnopqr")
    assert "jupyter-a-b" in handin.accounts_for("a b")


def test_the_account_is_read_from_the_system_not_from_user_or_logname(monkeypatch):
    monkeypatch.setenv("USER", "alice")
    monkeypatch.setenv("LOGNAME", "alice")
    assert handin.account_name() == pwd.getpwuid(os.geteuid()).pw_name


# -- 2. every hub name its own file, never too long ---------------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        ["张三", "李四"],  # once both "__"
        ["li@example.com", "li#example.com", "li_example.com"],
        ["a b", "a_b", "a%20b"],
        ["x" * 300, "x" * 299 + "y"],  # a 300-character name: once a raw OSError
        [".hidden", "%2Ehidden"],
        ["~tilde", "a~b"],
    ],
)
def test_names_that_differ_get_files_that_differ_and_all_are_shown(drop, monkeypatch, names):
    for name in names:
        monkeypatch.setenv("JUPYTERHUB_USER", name)
        path = handin.send("four_powers", worksheet(name[:40]))
        assert len(path.stem) <= MAX_STEM and not path.name.startswith(".")
    found = handin.scan("four_powers")
    assert sorted(r.learner for r in found.received) == sorted(names)
    assert found.problems == []
    assert len(list((drop / "four_powers").iterdir())) == len(names)


@given(st.text(min_size=1, max_size=200).filter(lambda s: "\x00" not in s))
def test_file_names_are_distinct_bounded_and_read_back(name):
    stem = handin.file_stem(name)
    assert 0 < len(stem) <= MAX_STEM and not stem.startswith(".") and "/" not in stem
    assert handin.name_of_stem(stem) == (name if "~" not in stem else None)
    assert handin.file_stem(name + "x") != stem


def test_a_file_name_the_course_does_not_make_names_nobody(drop):
    plant(drop / "four_powers" / "%41lice.json", json.dumps(worksheet()))  # "%41" is "A"
    found = handin.scan("four_powers")
    assert found.received == []
    assert found.problems == [
        'four_powers/%41lice.json: the file name and the name inside it ("None") disagree — '
        "not counted; delete it and ask who wrote it"
    ]


def test_kubernetes_learners_with_colliding_names_both_show(tmp_path, monkeypatch):
    volume = tmp_path / "hand_in"
    for name in ("张三", "李四"):
        (volume / name / "four_powers").mkdir(parents=True)
        monkeypatch.setenv("OPSBOOK_DROP", str(volume / name))
        monkeypatch.setenv("JUPYTERHUB_USER", name)
        handin.send("four_powers", worksheet(name))
    (volume / "roster.txt").write_text("张三\n李四\n王五\n", "utf-8")
    found = handin.scan("four_powers", volume)
    assert [(r.learner, r.document["team"]) for r in found.received] == [
        ("张三", "张三"),
        ("李四", "李四"),
    ]
    assert found.missing == ["王五"] and found.problems == []


def test_the_same_learner_in_both_layouts_counts_once_the_latest(tmp_path, monkeypatch):
    volume = tmp_path / "hand_in"
    (volume / "four_powers").mkdir(parents=True)
    (volume / "alice" / "four_powers").mkdir(parents=True)
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    for where, team in ((volume / "alice", "first"), (volume, "second")):
        monkeypatch.setenv("OPSBOOK_DROP", str(where))
        handin.send("four_powers", worksheet(team))
        time.sleep(0.01)
    [seen] = handin.received("four_powers", volume)
    assert seen.document["team"] == "second"


# -- 3. links and odd files in the drop folder ---------------------------------------------------


def test_a_link_to_anothers_hand_in_is_not_read(drop, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    bob = handin.send("four_powers", worksheet("Bob's team"))
    (drop / "four_powers" / "mallory.json").symlink_to(bob)
    found = handin.scan("four_powers")
    assert [r.learner for r in found.received] == ["bob"]
    assert found.problems == [
        "four_powers/mallory.json: a link to another file, not a hand-in — not read; delete it"
    ]


def test_a_link_out_of_the_drop_folder_is_not_read(drop, tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps(worksheet("Secret")), "utf-8")
    (drop / "four_powers" / "alice.json").symlink_to(secret)
    found = handin.scan("four_powers")
    assert found.received == [] and "a link to another file" in found.problems[0]


def test_a_dangling_link_is_listed_and_the_workbook_is_still_written(
    drop, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    handin.send("four_powers", worksheet())
    (drop / "four_powers" / "bob.json").symlink_to(drop / "gone.json")
    out = tmp_path / "cohort.xlsx"
    assert main(["--lang", "en", "cohort-results", str(out)]) == 0
    captured = capsys.readouterr()
    assert "four_powers/bob.json: a link to another file" in captured.err
    assert "1 worksheets, 1 not counted" in captured.out and out.is_file()


def test_a_linked_kind_folder_is_not_read(drop, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "alice.json").write_text(json.dumps(worksheet()), "utf-8")
    os.rename(drop / "plans", tmp_path / "old-plans")
    (drop / "plans").symlink_to(elsewhere)
    found = handin.scan("plans")
    assert found.received == []
    assert found.problems == ["plans: a link or a file, not a folder — not read"]


def test_a_learners_kind_folder_linked_to_anothers_is_not_read(tmp_path):
    volume = tmp_path / "hand_in"
    (volume / "bob" / "four_powers").mkdir(parents=True)
    (volume / "bob" / "four_powers" / "bob.json").write_text(json.dumps(worksheet()), "utf-8")
    (volume / "alice").mkdir()
    (volume / "alice" / "four_powers").symlink_to(volume / "bob" / "four_powers")
    found = handin.scan("four_powers", volume)
    assert [r.learner for r in found.received] == ["bob"]
    assert found.problems == ["alice/four_powers: a link or a file, not a folder — not read"]


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (os.mkfifo, "not an ordinary file (a folder, pipe or device) — not read; delete it"),
        (os.mkdir, "not an ordinary file (a folder, pipe or device) — not read; delete it"),
        (lambda p: p.write_bytes(b"\xff\xfe\x00garbage"), "not UTF-8 text — not a hand-in"),
        (lambda p: p.write_text("[1, 2]"), "not a hand-in (no fields) — delete it"),
        (lambda p: p.write_text('{"team": NaN}'), "is not a number this course can save"),
        (lambda p: p.write_text("{broken"), "not valid JSON"),
        (lambda p: p.write_bytes(b"{" + b" " * 2_000_001 + b"}"), "larger than any hand-in"),
    ],
)
def test_odd_files_are_listed_never_read_as_hand_ins(drop, make, problem):
    make(drop / "four_powers" / "x.json")
    found = handin.scan("four_powers")  # a pipe would block a plain open: this returns
    assert found.received == []
    assert len(found.problems) == 1 and problem in found.problems[0]
    assert found.problems[0].startswith("four_powers/x.json")


@pytest.mark.parametrize(
    ("stamp", "shown"),
    [
        ({"by": 42, "sent_at": "yesterday"}, "alice"),  # not a name, not a time: the file's
        ({"sent_at": "9999-12-31T23:59:59+00:00"}, "alice"),
        ("not a stamp", "alice"),
    ],
)
def test_a_damaged_stamp_falls_back_to_what_the_folder_knows(drop, stamp, shown):
    plant(drop / "four_powers" / "alice.json", json.dumps({**worksheet(), "hand_in": stamp}))
    [seen] = handin.received("four_powers")
    assert seen.learner == shown
    assert abs(seen.sent_at - seen.arrived_at).total_seconds() < 3 or seen.times_disagree


# -- 4. the roster, as trainers write it ---------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "names"),
    [
        ("\ufeffalice\nbob\n".encode(), ["alice", "bob"]),  # a byte-order mark (Notepad)
        (b"alice\r\nbob\r\n", ["alice", "bob"]),  # Windows line ends
        (b"alice\rbob\r", ["alice", "bob"]),  # old Mac line ends
        (b"  # cohort 3\nalice\n\t# trainers\nbob\n", ["alice", "bob"]),  # indented comments
        (b"alice  # team lead\nbob\t# new\n", ["alice", "bob"]),  # comments after a name
        (b"alice\nbob\nalice\n", ["alice", "bob"]),  # a name twice
        (b"Li@Example.com\nli@example.com\n", ["Li@Example.com"]),  # hubs ignore case
        ("张三\n李四\n".encode("gbk"), ["张三", "李四"]),  # saved by Excel as GBK
        ("张三\n李四\n".encode("utf-16"), ["张三", "李四"]),  # saved by Excel as Unicode
        (b"\n\n   \n", []),
    ],
)
def test_the_roster_is_read_as_people_write_it(drop, data, names):
    (drop / "roster.txt").write_bytes(data)
    assert handin.read_roster(drop) == (names, [])


def test_an_e_mail_on_the_roster_in_other_capitals_has_handed_in(drop, monkeypatch):
    (drop / "roster.txt").write_text("Li@Example.com\nwang@example.com\n", "utf-8")
    monkeypatch.setenv("JUPYTERHUB_USER", "li@example.com")  # hubs keep names in lower case
    handin.send("four_powers", worksheet())
    assert handin.missing("four_powers") == ["wang@example.com"]


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: p.symlink_to("/etc/passwd"), "roster.txt: not read (a link)"),
        (os.mkdir, "roster.txt: not a list of names — not used"),
        (lambda p: p.write_bytes(b"x\n" * 1_100_000), "roster.txt: not a list of names — not used"),
    ],
)
def test_a_roster_that_is_not_a_list_of_names_is_named(drop, make, problem):
    make(drop / "roster.txt")
    names, problems = handin.read_roster(drop)
    assert (names, problems) == ([], [problem])


# -- 5. learner text in the cohort workbook is text ----------------------------------------------


FORMULAS = ['=HYPERLINK("http://x.example","x")', "=cmd|' /C calc'!A0", "=1+1"]


def _cohort_workbook(drop, monkeypatch, tmp_path, team, period, learner, roster_line):
    from openpyxl import load_workbook

    monkeypatch.setenv("JUPYTERHUB_USER", learner)
    handin.send("four_powers", worksheet(team, period))
    (drop / "roster.txt").write_text(f"{roster_line}\n", "utf-8")
    out = tmp_path / "cohort.xlsx"
    assert main(["--lang", "en", "cohort-results", str(out)]) == 0
    return load_workbook(out)


@pytest.mark.parametrize("formula", FORMULAS)
def test_learner_text_starting_with_equals_is_written_as_text(drop, monkeypatch, tmp_path, formula):
    book = _cohort_workbook(
        drop,
        monkeypatch,
        tmp_path,
        team=formula,
        period=formula[:40],
        learner=formula,
        roster_line="+" + formula,
    )
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells}
    assert formula in texts  # the team, period or learner, as typed
    assert all(cell.quotePrefix for cell in cells if str(cell.value).startswith("="))


def test_control_characters_in_a_roster_do_not_break_the_workbook(drop, monkeypatch, tmp_path):
    book = _cohort_workbook(
        drop,
        monkeypatch,
        tmp_path,
        team="Team",
        period="2026-Q4",
        learner="alice",
        roster_line="bob\x0bsmith\x07",
    )
    learners = [row[0].value for row in book["Hand-ins"].iter_rows(min_row=2)]
    assert learners == ["alice", "bobsmith"]


def test_the_problems_sheet_lists_what_does_not_count(drop, monkeypatch, tmp_path):
    plant(drop / "four_powers" / "bob.json", "{broken")
    book = _cohort_workbook(
        drop,
        monkeypatch,
        tmp_path,
        team="Team",
        period="2026-Q4",
        learner="alice",
        roster_line="alice",
    )
    rows = [row[0].value for row in book["Not counted"].iter_rows(min_row=2)]
    assert len(rows) == 1 and rows[0].startswith("four_powers/bob.json, line 1")


# -- 6. the course link carries no secret, and only a real address -------------------------------


def test_a_token_in_the_clones_origin_never_reaches_the_link(tmp_path, monkeypatch, capsys):
    from opsbook.serve import deploy

    clone = tmp_path / "clone"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    origin = "https://x-access-token:ghp_SECRET123@github.com/acme/ops-playbook.git?t=2#x"
    subprocess.run(["git", "-C", str(clone), "remote", "add", "origin", origin], check=True)
    monkeypatch.setattr(deploy, "PROJECT_ROOT", clone)
    assert main(["--lang", "en", "hub-link", "https://hub.example.com"]) == 0
    link = capsys.readouterr().out
    assert "SECRET" not in link and "x-access-token" not in link
    assert "repo=https%3A%2F%2Fgithub.com%2Facme%2Fops-playbook.git&" in link


@pytest.mark.parametrize(
    ("hub", "repo", "said"),
    [
        ("https://hub ex.com", None, "is not a web address"),
        ('https://hub.example.com/"><script>alert(1)</script>', None, "is not a web address"),
        ("javascript:alert(1)", None, "is not a web address"),
        ("https://-bad-.example.com", None, "is not a web address"),
        ("https://hub.example.com:99999", None, "is not a web address"),
        ("https://user:pw@hub.example.com", None, "without a user name, password, token"),
        ("https://hub.example.com/?next=evil", None, "without a user name, password, token"),
        ("https://hub.example.com", "https://tok@github.com/a/b", "without a user name"),
        ("https://hub.example.com", "file:///srv/course", "is not a web address"),
    ],
)
def test_a_hub_or_repository_that_is_not_a_plain_address_is_refused(capsys, hub, repo, said):
    args = ["--lang", "en", "hub-link", hub, "--repo", repo or "https://git.example.com/c"]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert said in captured.err and captured.out == ""
    assert "SECRET" not in captured.err and "pw@" not in captured.err


def test_an_international_hub_address_is_written_as_the_browser_sends_it(capsys):
    assert (
        main(
            [
                "--lang",
                "en",
                "hub-link",
                "https://培训.example.cn/",
                "--repo",
                "https://git.example.com/c",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.startswith("https://xn--2js261j.example.cn/hub/user-redirect/")


# -- 7. commands: a message and a non-zero exit for every failure ---------------------------------


def test_cohort_results_into_a_folder_is_refused(drop, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    handin.send("four_powers", worksheet())
    (tmp_path / "cohort.xlsx").mkdir()
    assert main(["--lang", "en", "cohort-results", str(tmp_path / "cohort.xlsx")]) == 2
    assert "is a folder — name a new file in an existing folder" in capsys.readouterr().err


def test_cohort_results_into_a_missing_folder_is_refused(drop, tmp_path, capsys):
    assert main(["--lang", "en", "cohort-results", str(tmp_path / "no" / "c.xlsx")]) == 2
    assert "its folder does not exist" in capsys.readouterr().err


def test_cohort_results_where_nobody_may_write_is_refused(drop, monkeypatch, capsys):
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    handin.send("four_powers", worksheet())
    assert main(["--lang", "en", "cohort-results", "/sys/cohort.xlsx"]) == 2
    assert "/sys/cohort.xlsx: not written (Permission denied)" in capsys.readouterr().err


def test_drop_folder_on_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    assert main(["--lang", "en", "drop-folder", str(tmp_path / "f"), "--group", "root"]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_drop_folder_check_on_a_missing_folder_fails(tmp_path, capsys):
    assert main(["--lang", "en", "drop-folder", str(tmp_path / "none"), "--check"]) == 2
    assert "no such folder — prepare it first" in capsys.readouterr().err


def test_drop_folder_where_it_cannot_be_made_says_why(capsys):
    assert main(["--lang", "en", "drop-folder", "/proc/hand_in", "--group", "root"]) == 2
    assert "/proc/hand_in: cannot be prepared" in capsys.readouterr().err


def test_learner_defaults_without_write_access_says_why(monkeypatch, capsys):
    monkeypatch.setattr(sys, "prefix", "/sys/opsbook-env")
    assert main(["--lang", "en", "learner-defaults"]) == 2
    err = capsys.readouterr().err
    assert "cannot be written" in err and "Traceback" not in err


def test_sending_an_unknown_kind_is_refused(drop):
    with pytest.raises(StoreError, match='"grades" is not a kind of hand-in'):
        handin.send("grades", {})


def test_the_isolation_check_reads_a_link_without_following_it(drop, tmp_path):
    target = tmp_path / "world.json"
    target.write_text("{}")
    os.chmod(target, 0o666)
    (drop / "four_powers" / "x.json").symlink_to(target)
    os.chmod(drop, 0o3753)
    assert handin.isolation_problems(drop) == []  # the link's own mode, not its target's


def test_the_watch_shows_what_does_not_count(drop, monkeypatch):
    from opsbook.widgets import HandInWatch

    plant(drop / "four_powers" / "bob.json", "{broken")
    watch = HandInWatch("four_powers", every=None)
    assert "Not counted" in watch.view.value and "four_powers/bob.json" in watch.view.value


@pytest.mark.parametrize(
    ("typed", "compared"),
    [
        ("2026年Q1", "2026-Q1"),
        ("2026 q1", "2026-Q1"),
        ("２０２６－Ｑ１", "2026-Q1"),  # typed with a Chinese input method's full-width forms
        ("2026年第一季度", "2026-Q1"),
        ("2026年1季度", "2026-Q1"),
        ("Q1 2026", "2026-Q1"),
        (" 2026-Q1 ", "2026-Q1"),
        ("2026-3", "2026-3"),  # a month, not a quarter: left as typed
        ("2026年第5季度", "2026年第5季度"),
    ],
)
def test_a_quarter_written_any_common_way_is_one_period(typed, compared):
    from opsbook.four_powers.assessment import period_form

    assert period_form(typed) == compared


def test_teams_writing_one_quarter_differently_stay_one_cohort(drop, monkeypatch, tmp_path):
    from openpyxl import load_workbook

    for name, period in (("alice", "2026年Q1"), ("bob", "2026-Q1"), ("carol", "2026 q1")):
        monkeypatch.setenv("JUPYTERHUB_USER", name)
        handin.send("four_powers", worksheet(f"Team {name}", period))
    out = tmp_path / "cohort.xlsx"
    assert main(["--lang", "en", "cohort-results", str(out)]) == 0
    scores = load_workbook(out)["Scores"]
    rows = [[cell.value for cell in row[:2]] for row in scores.iter_rows(min_row=2)]
    assert sorted(rows) == [[f"Team {n}", "2026-Q1"] for n in ("alice", "bob", "carol")]

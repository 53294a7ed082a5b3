"""A cohort on a real JupyterHub (``make test-hub``): five learners and one trainer, each a real
account of this machine with a server of their own (JupyterHub's local-process spawner, its
proxy from npm). Each learner's server opens the worksheet, answers, and hands it in; the
trainer's server reads every hand-in; a learner cannot read or replace another's — and the test
shows the isolation check failing once the drop folder is made world-readable.

Needs root (to make the accounts and start servers as them), ``useradd``, and
``configurable-http-proxy`` on the PATH (``make test-hub`` installs it from npm).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from opsbook import handin
from opsbook.hub import Hub, make_accounts, remove_accounts

pytestmark = pytest.mark.hub

LEARNERS = [f"opsbook-l{n}" for n in range(1, 6)]
TRAINER = "opsbook-trainer"
GROUP = "opsbook-trainers"
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def accounts():
    if os.getuid() != 0 or not shutil.which("useradd"):
        pytest.skip("the hub test makes accounts and starts servers as them: run it as root")
    if not shutil.which("configurable-http-proxy"):
        pytest.skip("configurable-http-proxy is not on the PATH: run `make test-hub`")
    opened = make_accounts([*LEARNERS, TRAINER], GROUP, in_group=[TRAINER])
    yield
    remove_accounts([*LEARNERS, TRAINER], GROUP, opened)


@pytest.fixture(scope="module")
def hub(accounts):
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="opsbook-hub-"))
    os.chmod(folder, 0o755)  # the accounts reach the drop folder inside it
    drop = folder / "drop"
    handin.prepare(drop, GROUP)
    roster = drop / "roster.txt"
    roster.write_text("\n".join(LEARNERS) + "\n", "utf-8")
    shutil.chown(roster, group=GROUP)
    os.chmod(roster, 0o640)
    running = Hub(folder, [*LEARNERS, TRAINER], [TRAINER], {"OPSBOOK_DROP": str(drop)})
    running.drop = drop
    yield running
    running.stop()
    shutil.rmtree(folder, ignore_errors=True)


ANSWER = """
from opsbook.content import load_four_powers
from opsbook.widgets import SelfAssessment
rubric = load_four_powers()
worksheet = SelfAssessment(rubric)
worksheet.team.value = "Team {user}"
worksheet.period.value = "2026-Q4"
worksheet.answer(next(iter(rubric.items)), level={level})
worksheet.send_to_trainer()
print(worksheet.status.value)
"""

TRY_ANOTHERS = """
import os
from pathlib import Path
theirs = Path(os.environ["OPSBOOK_DROP"]) / "four_powers" / "{other}.json"
for attempt in ("read", "list", "replace"):
    try:
        if attempt == "read":
            theirs.read_text()
        elif attempt == "list":
            os.listdir(theirs.parent)
        else:
            mine = theirs.parent / ".mine.tmp"
            mine.write_text("{{}}")
            os.replace(mine, theirs)
        print(attempt, "ALLOWED")
    except PermissionError:
        print(attempt, "refused")
"""


def test_learners_hand_in_and_the_trainer_sees_every_one(hub):
    for number, user in enumerate(LEARNERS, start=1):
        hub.start(user)
        said = hub.run(user, ANSWER.format(user=user, level=1 + number % 5))
        assert "Sent to your trainer" in said, said
    hub.start(TRAINER)
    seen = hub.run(
        TRAINER,
        "from opsbook.content import load_four_powers\n"
        "from opsbook.four_powers.files import load_folder\n"
        "from opsbook import handin\n"
        "from opsbook.widgets import HandInWatch\n"
        "teams, problems = load_folder(load_four_powers(), handin.drop_folder() / 'four_powers')\n"
        "print(sorted(t.team for t in teams), problems)\n"
        "print(HandInWatch('four_powers', every=None).summary())\n",
    )
    assert str(sorted(f"Team {u}" for u in LEARNERS)) + " []" in seen, seen
    assert "5 handed in, 0 on the roster not yet" in seen
    for path in (hub.drop / "four_powers").iterdir():  # each file is its sender's, 0640
        assert path.owner() == path.stem and oct(path.stat().st_mode)[-3:] == "640"


def test_a_learner_cannot_read_or_replace_anothers_hand_in(hub):
    tried = hub.run(LEARNERS[1], TRY_ANOTHERS.format(other=LEARNERS[0]))
    assert tried.split() == ["read", "refused", "list", "refused", "replace", "refused"], tried
    again = hub.run(LEARNERS[0], ANSWER.format(user=LEARNERS[0], level=5))  # one's own: fine
    assert "Sent to your trainer" in again
    assert handin.isolation_problems(hub.drop) == []


def test_the_isolation_check_fails_on_a_world_readable_drop_folder(hub):
    """Made world-readable, the folder lets a learner read another's work — and both the
    attempt and the check say so."""
    subprocess.run(["chmod", "-R", "o+r", str(hub.drop)], check=True)
    try:
        tried = hub.run(LEARNERS[1], TRY_ANOTHERS.format(other=LEARNERS[0]))
        assert "read ALLOWED" in tried and "list ALLOWED" in tried
        assert any("can list the folder" in p for p in handin.isolation_problems(hub.drop))
    finally:
        subprocess.run(["chmod", "-R", "o-r", str(hub.drop)], check=True)

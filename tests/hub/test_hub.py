"""A cohort on a real JupyterHub (``make test-hub``): five learners and one trainer, each a real
account of this machine with a server of their own (JupyterHub's local-process spawner, its
proxy from npm). Each learner's server opens the worksheet, answers, and hands it in; the
trainer's server reads every hand-in; a learner cannot read or replace another's — and the test
shows the isolation check failing once the drop folder is made world-readable. The hub loads the
course's settings for The Littlest JupyterHub (``deploy/tljh/ops_playbook.py``), the learners'
JupyterLab gets the course's defaults (``opsbook learner-defaults``), and the course reaches a
learner through the nbgitpuller link, an update included, without touching their work; a learner
also follows that link in a real browser (Chromium, as the browser tests find it).

Needs root (to make the accounts and start servers as them), ``useradd``, and
``configurable-http-proxy`` on the PATH (``make test-hub`` installs it from npm).
"""

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from opsbook import handin
from opsbook.core.paths import PROJECT_ROOT
from opsbook.serve import deploy
from opsbook_devtools.hub import Hub, make_accounts, remove_accounts

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
    # `opsbook learner-defaults --edition zh`, into an environment folder of the test's own
    environment = folder / "environment"
    deploy.write_learner_defaults("zh", environment)
    subprocess.run(["chmod", "-R", "a+rX", str(environment)], check=True)
    lab_settings = environment / "share/jupyter/lab/settings"
    running = Hub(folder, [*LEARNERS, TRAINER], [TRAINER], {"OPSBOOK_DROP": str(drop)},
                  arguments=[f"--LabApp.app_settings_dir={lab_settings}"])  # fmt: skip
    running.drop = drop
    yield running
    running.stop()
    shutil.rmtree(folder, ignore_errors=True)


ANSWER = """
from opsbook.content import load_playbook
from opsbook.widgets import SelfAssessment
rubric = load_playbook("four_powers")
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
        "from opsbook.content import load_playbook\n"
        "from opsbook.four_powers.files import load_folder\n"
        "from opsbook import handin\n"
        "from opsbook.widgets import HandInWatch\n"
        "rubric = load_playbook('four_powers')\n"
        "teams, problems = load_folder(rubric, handin.drop_folder() / 'four_powers')\n"
        "print(sorted(t.team for t in teams), problems)\n"
        "print(HandInWatch('four_powers', every=None).summary())\n",
    )
    assert str(sorted(f"Team {u}" for u in LEARNERS)) + " []" in seen, seen
    assert "5 handed in, 0 on the roster not yet" in seen
    for path in (hub.drop / "four_powers").iterdir():  # each file is its sender's, 0640
        assert path.owner() == path.stem and oct(path.stat().st_mode)[-3:] == "640"


PROGRESS = """
from opsbook.course import progress
from opsbook.course.exercises import exercises_for
ex = exercises_for("01_department_structure")
for answer in {answers!r}:
    ex.q1.check(answer)
print(progress.send())
"""


def test_two_learners_send_their_progress_and_the_gradebook_shows_both(hub):
    """One answers chapter 1's first exercise right at once, the other after a wrong option;
    each sends their record; the trainer's gradebook reads both, each under its sender."""
    first, second = LEARNERS[:2]
    for user, answers in ((first, ["B"]), (second, ["A", "B"])):
        hub.start(user)
        said = hub.run(user, PROGRESS.format(answers=answers))
        assert "Sent to your trainer" in said, said
    hub.start(TRAINER)
    seen = hub.run(
        TRAINER,
        "from opsbook.core.i18n import set_language\n"
        "from opsbook.course import gradebook\n"
        "set_language('en')\n"
        "records, problems = gradebook.records()\n"
        "print(problems)\n"
        "table = gradebook.progress_table(records).set_index('Learner')\n"
        "print(sorted(table.loc[list(records), '01'].items()))\n"
        "items = gradebook.item_analysis(records)\n"
        "print(items.values.tolist())\n",
    )
    assert "[]" in seen.splitlines()[0], seen  # no hand-in refused
    assert f"[('{first}', '1/5'), ('{second}', '1/5')]" in seen, seen
    assert "['01 · Exercise 1', 2, '50%', 'picked A (1)', 0]" in seen, seen
    for path in (hub.drop / "progress").iterdir():  # each file is its sender's, 0640
        assert path.owner() == path.stem and oct(path.stat().st_mode)[-3:] == "640"


def test_a_learner_cannot_read_or_replace_anothers_hand_in(hub):
    tried = hub.run(LEARNERS[1], TRY_ANOTHERS.format(other=LEARNERS[0]))
    assert tried.split() == ["read", "refused", "list", "refused", "replace", "refused"], tried
    again = hub.run(LEARNERS[0], ANSWER.format(user=LEARNERS[0], level=5))  # one's own: fine
    assert "Sent to your trainer" in again
    assert handin.isolation_problems(hub.drop) == []


FORGE = """
import os
from pathlib import Path
from opsbook import handin
os.environ["JUPYTERHUB_USER"] = "{other}"  # what anyone can do in a terminal
try:
    handin.send("four_powers", {{"team": "forged"}})
    print("SENT")
except Exception as error:
    print("REFUSED:", error)
planted = Path(os.environ["OPSBOOK_DROP"]) / "four_powers" / "{other}.json"
planted.write_text('{{"team": "forged"}}')  # and without the course, straight into the folder
print("PLANTED")
"""


def test_a_learner_who_forges_anothers_name_is_refused_and_shown(hub):
    """A learner sets JUPYTERHUB_USER to another's name: the send is refused, and a file
    written under that name straight into the folder is shown to the trainer as written by
    the forger's account, not counted as the other's hand-in."""
    forger, other = LEARNERS[3], TRAINER  # the trainer has handed nothing in
    said = hub.run(forger, FORGE.format(other=other))
    assert f'REFUSED: Not sent — this server runs as the account "{forger}"' in said, said
    assert "PLANTED" in said
    seen = hub.run(
        TRAINER,
        "from opsbook import handin\n"
        "found = handin.scan('four_powers')\n"
        "print([r.learner for r in found.received])\n"
        "print(found.problems)\n",
    )
    assert str(sorted(LEARNERS)) in seen, seen
    assert (
        f'four_powers/{other}.json: named for "{other}" but written by the account "{forger}"'
        in seen
    ), seen
    (hub.drop / "four_powers" / f"{other}.json").unlink()


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


def test_learners_get_the_courses_jupyterlab_defaults(hub):
    """`opsbook learner-defaults --edition zh`: Chinese menus and saved widget state for every
    learner who has not chosen otherwise."""
    for plugin, key, value in [
        ("@jupyterlab/translation-extension:plugin", "locale", "zh_CN"),
        ("@jupyter-widgets/jupyterlab-manager:plugin", "saveState", True),
    ]:
        setting = hub.api("GET", f"/user/{LEARNERS[0]}/lab/api/settings/{plugin}")
        assert key not in setting["settings"]  # the learner has not chosen
        assert setting["schema"]["properties"][key]["default"] == value, setting["schema"]


def pull(hub: Hub, user: str, query: dict) -> list[dict]:
    """What the link's page does in the browser: nbgitpuller's pull, its progress events."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{hub.port}/user/{user}/git-pull/api?{urlencode(query)}",
        headers={"Authorization": f"token {hub.token}"},
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        stream = response.read().decode()
    return [json.loads(line[6:]) for line in stream.splitlines() if line.startswith("data: ")]


def publish(hub: Hub, learner: str) -> Path:
    """The course as the trainer publishes it, in a repository on this machine (no network).
    git reads a repository on disk only as its owner: the learner's, as a hosted one would be."""
    source = hub.folder / f"course-for-{learner}.git"
    subprocess.run(["git", "clone", "-q", "--bare", "--depth", "1", f"file://{PROJECT_ROOT}",
                    str(source)], check=True)  # fmt: skip
    subprocess.run(["chown", "-R", learner, str(source)], check=True)
    return source


def test_the_course_link_gives_the_course_and_an_update_keeps_a_learners_work(hub, tmp_path):
    learner = LEARNERS[2]
    home = Path(f"~{learner}").expanduser()
    source = publish(hub, learner)
    link = deploy.pull_link(f"http://127.0.0.1:{hub.port}", "https://git.example.com/ops-playbook",
                            language="zh")  # fmt: skip
    assert urlsplit(link).path == "/hub/user-redirect/git-pull"
    query = {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}
    assert query["urlpath"] == "lab/tree/ops-playbook/notebooks/zh/00_start_here.ipynb"
    query["repo"] = str(source)  # the same link, from the copy on this machine

    events = pull(hub, learner, query)
    assert events[-1]["phase"] == "finished", events
    start = home / "ops-playbook" / "notebooks" / "zh" / "00_start_here.ipynb"
    assert start.is_file() and start.owner() == learner
    work = home / "opsbook-work"
    saved = {path: path.read_bytes() for path in work.rglob("*") if path.is_file()}
    assert saved, "the learner answered the worksheet earlier: their work folder has it"

    # the learner writes a note into the chapter; the trainer publishes an update
    chapter = json.loads(start.read_text("utf-8"))
    chapter["cells"].insert(1, {"cell_type": "markdown", "metadata": {}, "source": ["my note"]})
    start.write_text(json.dumps(chapter, ensure_ascii=False, indent=1) + "\n", "utf-8")
    update = tmp_path / "update"
    subprocess.run(["chown", "-R", "root", str(source)], check=True)  # the publisher's turn
    subprocess.run(["git", "clone", "-q", str(source), str(update)], check=True)
    (update / "README.md").write_text("Updated for the next session.\n", "utf-8")
    git = ["git", "-C", str(update), "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "commit", "-qam", "Update"], check=True)
    subprocess.run([*git, "push", "-q", "origin", "HEAD"], check=True)
    subprocess.run(["chown", "-R", learner, str(source)], check=True)

    events = pull(hub, learner, query)
    assert events[-1]["phase"] == "finished", events
    assert (home / "ops-playbook" / "README.md").read_text("utf-8").startswith("Updated")
    assert json.loads(start.read_text("utf-8"))["cells"][1]["source"] == ["my note"]  # kept
    assert {path: path.read_bytes() for path in saved} == saved  # their work is untouched


def test_a_learner_follows_the_course_link_in_a_browser(hub, browser, artifacts):
    """What a learner does: open the link, log in, and land in JupyterLab on the Chinese
    edition's start notebook, with Chinese menus, the course pulled into their home."""
    from playwright.sync_api import expect

    learner = LEARNERS[3]
    base = f"http://127.0.0.1:{hub.port}"
    link = deploy.pull_link(base, "https://git.example.com/ops-playbook", language="zh")
    query = {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}
    query["repo"] = str(publish(hub, learner))  # the same link, from the copy on this machine
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(f"{base}{urlsplit(link).path}?{urlencode(query)}")
        page.fill("#username_input", learner)
        page.fill("#password_input", hub.password)
        page.click("#login_submit")
        tab = page.locator(".lm-TabBar-tab.jp-mod-current[title*='00_start_here']")
        expect(tab).to_be_visible(timeout=180_000)
        menu = page.locator(".lm-MenuBar-itemLabel").get_by_text("文件", exact=True)
        expect(menu).to_be_visible()  # "File": JupyterLab in Chinese, from learner-defaults
        page.screenshot(path=str(artifacts / "hub_course_link.png"))
        assert "/notebooks/zh/00_start_here.ipynb" in page.url
    finally:
        page.close()
    pulled = Path(f"~{learner}").expanduser() / "ops-playbook" / "notebooks" / "zh"
    assert (pulled / "00_start_here.ipynb").owner() == learner

"""A cohort on a real JupyterHub (``make test-hub``): five learners and one trainer, each a real
account of this machine with a server of their own (JupyterHub's local-process spawner, its
proxy from npm). Each learner's server opens the worksheet, answers, and hands it in; the
trainer's server reads every hand-in; a learner cannot read or replace another's — and the test
shows the isolation check failing once the drop folder is made world-readable.

Needs root (to make the accounts and start servers as them), ``useradd``, and
``configurable-http-proxy`` on the PATH (``make test-hub`` installs it from npm).
"""

import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from opsbook import handin
from opsbook.paths import PROJECT_ROOT

pytestmark = pytest.mark.hub

LEARNERS = [f"opsbook-l{n}" for n in range(1, 6)]
TRAINER = "opsbook-trainer"
GROUP = "opsbook-trainers"
VENV_BIN = Path(sys.executable).parent


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def accounts():
    if os.getuid() != 0 or not shutil.which("useradd"):
        pytest.skip("the hub test makes accounts and starts servers as them: run it as root")
    if not shutil.which("configurable-http-proxy"):
        pytest.skip("configurable-http-proxy is not on the PATH: run `make test-hub`")
    _run("groupadd", "-f", GROUP)
    for name in [*LEARNERS, TRAINER]:
        subprocess.run(["userdel", "-r", name], capture_output=True)
        extra = ["-G", GROUP] if name == TRAINER else []
        _run("useradd", "-m", "-s", "/bin/bash", *extra, name)
    opened = _reachable(Path(sys.executable).resolve())
    yield
    for folder, mode in opened:
        os.chmod(folder, mode)
    for name in [*LEARNERS, TRAINER]:
        subprocess.run(["userdel", "-r", name], capture_output=True)
    subprocess.run(["groupdel", GROUP], capture_output=True)


def _reachable(interpreter: Path) -> list[tuple[Path, int]]:
    """Let the accounts run the course's Python: a folder on its way that others may not pass
    through (an interpreter under /root, say) gets the pass-through bit for the test, no more
    (not the right to list). Returns the folders and modes to restore."""
    opened = []
    for folder in interpreter.parents:
        mode = folder.stat().st_mode & 0o7777
        if not mode & 0o001:
            os.chmod(folder, mode | 0o001)
            opened.append((folder, mode))
    return opened


class Hub:
    """A JupyterHub on a free local port, and code run in a user's own kernel."""

    def __init__(self, folder: Path, drop: Path):
        self.folder, self.drop = folder, drop
        self.port = _free_port()
        self.token = secrets.token_hex(24)
        self.output: list[str] = []
        config = folder / "jupyterhub_config.py"
        config.write_text(
            f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_port = {_free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{_free_port()}"
c.ConfigurableHTTPProxy.pid_file = {str(folder / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{folder / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(folder / "cookie_secret")!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {secrets.token_hex(8)!r}
c.Authenticator.allowed_users = {set([*LEARNERS, TRAINER])!r}
c.Authenticator.admin_users = {{{TRAINER!r}}}
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [{str(VENV_BIN / "jupyterhub-singleuser")!r}]
c.Spawner.notebook_dir = {str(PROJECT_ROOT)!r}
c.Spawner.environment = {{"OPSBOOK_DROP": {str(drop)!r},
                          "JUPYTER_CONFIG_DIR": {str(PROJECT_ROOT / "lib/opsbook/jupyter")!r}}}
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 180
c.JupyterHub.services = [{{"name": "course-test", "api_token": {self.token!r}}}]
c.JupyterHub.load_roles = [{{"name": "course-test", "services": ["course-test"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"]}}]
"""
        )
        env = {**os.environ, "PATH": f"{VENV_BIN}:{os.environ['PATH']}"}
        self.process = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(config)],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.ready.wait(180), "the hub did not start:\n" + "".join(self.output[-40:])
        assert self.process.poll() is None, "the hub stopped:\n" + "".join(self.output[-40:])

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)
            if "JupyterHub is now running" in line:
                self.ready.set()
        self.ready.set()

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        import urllib.error
        import urllib.request

        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as error:
            body = error.read().decode(errors="replace")[:400]
            log = "".join(self.output[-60:])
            raise AssertionError(f"{method} {path}: {error.code} {body}\n{log}") from None
        return json.loads(text) if text else {}

    def start(self, user: str) -> None:
        """Start the user's server and wait until the hub says it is ready."""
        self.api("POST", f"/hub/api/users/{user}/server")
        deadline = time.monotonic() + 240
        while not self.api("GET", f"/hub/api/users/{user}")["servers"].get("", {}).get("ready"):
            assert time.monotonic() < deadline, f"{user}'s server did not start"
            time.sleep(0.5)

    def run(self, user: str, code: str) -> str:
        """Run ``code`` in a new kernel on ``user``'s server (as that account); its output."""
        kernel = self.api("POST", f"/user/{user}/api/kernels", {"name": "python3"})["id"]
        try:
            return asyncio.run(self._execute(user, kernel, code))
        finally:
            self.api("DELETE", f"/user/{user}/api/kernels/{kernel}")

    async def _execute(self, user: str, kernel: str, code: str) -> str:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = f"ws://127.0.0.1:{self.port}/user/{user}/api/kernels/{kernel}/channels"
        socket = await websocket_connect(
            HTTPRequest(url, headers={"Authorization": f"token {self.token}"})
        )
        msg_id = uuid.uuid4().hex
        message = {
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user,
                       "session": uuid.uuid4().hex, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }  # fmt: skip
        await socket.write_message(json.dumps(message))
        out = []
        while True:
            frame = await asyncio.wait_for(socket.read_message(), 180)
            assert frame is not None, "the kernel's connection closed"
            if isinstance(frame, bytes):  # a widget message with buffers (an image): not ours
                continue
            reply = json.loads(frame)
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = reply["msg_type"]
            if kind == "stream":
                out.append(reply["content"]["text"])
            elif kind == "error":
                out.append("\n".join(reply["content"]["traceback"]))
            elif kind == "status" and reply["content"]["execution_state"] == "idle":
                socket.close()
                return "".join(out)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


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
    running = Hub(folder, drop)
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

"""A real JupyterHub on this machine, for ``make test-hub`` and the capacity measurement
(:mod:`opsbook_devtools.loadtest`): accounts made for the run, the local-process spawner (each
account's server runs as that account), the proxy from npm, and code run in an account's own
kernel through the hub, as a learner's browser would reach it.

Needs root (accounts, and servers started as them) and ``configurable-http-proxy`` on the PATH.
"""

import asyncio
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from opsbook.core.paths import PROJECT_ROOT

VENV_BIN = Path(sys.executable).parent
TLJH_SETTINGS = PROJECT_ROOT / "deploy" / "tljh" / "ops_playbook.py"


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_accounts(names: list[str], group: str | None = None, in_group=()) -> list[tuple]:
    """Make the accounts (again, if left from a run that was stopped); those in ``in_group``
    join ``group``. Returns what :func:`remove_accounts` restores."""
    if group:
        _run("groupadd", "-f", group)
    for name in names:
        subprocess.run(["userdel", "-r", name], capture_output=True)
        extra = ["-G", group] if group and name in in_group else []
        _run("useradd", "-m", "-s", "/bin/bash", *extra, name)
    return reachable(Path(sys.executable).resolve())


def remove_accounts(names: list[str], group: str | None, opened: list[tuple]) -> None:
    for folder, mode in opened:
        os.chmod(folder, mode)
    for name in names:
        subprocess.run(["userdel", "-r", name], capture_output=True)
    if group:
        subprocess.run(["groupdel", group], capture_output=True)


def reachable(interpreter: Path) -> list[tuple[Path, int]]:
    """Let the accounts run the course's Python: a folder on its way that others may not pass
    through (an interpreter under /root, say) gets the pass-through bit for the run, no more
    (not the right to list). Returns the folders and modes to restore."""
    opened = []
    for folder in interpreter.parents:
        mode = folder.stat().st_mode & 0o7777
        if not mode & 0o001:
            os.chmod(folder, mode | 0o001)
            opened.append((folder, mode))
    return opened


class Hub:
    """A JupyterHub on a free local port for ``users`` (``admins`` among them) with the course's
    settings for The Littlest JupyterHub (``deploy/tljh/ops_playbook.py``), their servers started
    with ``environment`` added and command-line ``arguments``; :meth:`run` runs code in a user's
    own kernel."""

    def __init__(self, folder: Path, users: list[str], admins=(), environment: dict | None = None,
                 arguments=()):  # fmt: skip
        self.folder = folder
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.password = secrets.token_hex(8)  # every account's, at the hub's login page
        self.output: list[str] = []
        config = folder / "jupyterhub_config.py"
        config.write_text(
            f"""
load_subconfig({str(TLJH_SETTINGS)!r})  # the course's settings, as on a Littlest JupyterHub
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.pid_file = {str(folder / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{folder / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(folder / "cookie_secret")!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {self.password!r}
c.Authenticator.allowed_users = {set(users)!r}
c.Authenticator.admin_users = {set(admins) or set()!r}
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [{str(VENV_BIN / "jupyterhub-singleuser")!r}]
c.Spawner.args = {list(arguments)!r}
c.Spawner.environment.update({environment or {}!r})
c.Spawner.http_timeout = 180
c.Spawner.start_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 0
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
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as error:
            body = error.read().decode(errors="replace")[:400]
            log = "".join(self.output[-60:])
            raise AssertionError(f"{method} {path}: {error.code} {body}\n{log}") from None
        return json.loads(text) if text else {}

    def server_ready(self, user: str) -> bool:
        return bool(self.api("GET", f"/hub/api/users/{user}")["servers"].get("", {}).get("ready"))

    def start(self, user: str) -> None:
        """Start the user's server (unless it runs already) and wait until the hub says it is
        ready."""
        if self.server_ready(user):
            return
        self.api("POST", f"/hub/api/users/{user}/server")
        deadline = time.monotonic() + 300
        while not self.server_ready(user):
            assert time.monotonic() < deadline, f"{user}'s server did not start"
            time.sleep(0.5)

    def run(self, user: str, code: str) -> str:
        """Run ``code`` in a new kernel on ``user``'s server (as that account); its output."""

        async def once() -> str:
            kernel = await Kernel.open(self, user)
            try:
                return (await kernel.execute(code))[0]
            finally:
                await kernel.close()

        return asyncio.run(once())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Kernel:
    """A kernel on a user's server, reached through the hub's proxy over a websocket."""

    def __init__(self, hub: Hub, user: str, kernel_id: str, connection):
        self.hub, self.user, self.id, self.connection = hub, user, kernel_id, connection

    @classmethod
    async def open(cls, hub: Hub, user: str) -> "Kernel":
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        made = await asyncio.to_thread(
            hub.api, "POST", f"/user/{user}/api/kernels", {"name": "python3"}
        )
        url = f"ws://127.0.0.1:{hub.port}/user/{user}/api/kernels/{made['id']}/channels"
        connection = await websocket_connect(
            HTTPRequest(url, headers={"Authorization": f"token {hub.token}"}),
            max_message_size=64 * 1024 * 1024,
        )
        return cls(hub, user, made["id"], connection)

    async def execute(self, code: str, timeout: float = 600) -> tuple[str, float]:
        """Run ``code``; its printed output and the seconds from sending to the kernel's idle."""
        msg_id = uuid.uuid4().hex
        message = {
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.user,
                       "session": uuid.uuid4().hex, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }  # fmt: skip
        started = time.perf_counter()
        await self.connection.write_message(json.dumps(message))
        out = []
        while True:
            frame = await asyncio.wait_for(self.connection.read_message(), timeout)
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
                return "".join(out), time.perf_counter() - started

    async def close(self) -> None:
        self.connection.close()
        await asyncio.to_thread(self.hub.api, "DELETE", f"/user/{self.user}/api/kernels/{self.id}")

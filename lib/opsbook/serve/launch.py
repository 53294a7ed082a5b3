"""What ``make lab`` and ``make app`` share: the language to start in (remembered in the work
folder), the course's Jupyter settings folder, and waiting for a server to answer."""

import contextlib
import json
import socket
import subprocess
import time

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import LANGUAGES
from opsbook.core.paths import PACKAGE_DIR
from opsbook.core.settings import SETTINGS_FILE, work_path
from opsbook.core.store import atomic_write_text, read_json

# JupyterLab's and Voila's settings for the course: custom.css, voila.json, the page template
JUPYTER_CONFIG = PACKAGE_DIR / "jupyter"


def chosen_language(asked: str | None) -> str:
    """The language asked for (and remember it), else the one chosen last time, else English."""
    settings = work_path(SETTINGS_FILE)
    with contextlib.suppress(OpsbookError, OSError):  # not remembered is no reason not to start
        saved = read_json(settings) if settings.exists() else {}
        saved = saved if isinstance(saved, dict) else {}
        if asked:
            atomic_write_text(settings, json.dumps({**saved, "language": asked}) + "\n")
        elif saved.get("language") in LANGUAGES:
            return saved["language"]
    return asked or "en"


def wait_for_port(port: int, server: subprocess.Popen, timeout: float = 120) -> bool:
    """True once the server accepts connections; False if it exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        time.sleep(0.2)
    return False

"""Shared fixtures: a scratch copy of a playbook file that a test can break on purpose.

Tests and the notebooks nbval runs save learner work into an empty, temporary work folder, never
into the user's own (the notebook kernels inherit the environment variable).
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from opsbook.core.i18n import set_language
from opsbook.core.paths import PLAYBOOK_DIR, PROJECT_ROOT
from opsbook.serve.browser import CHROMIUM_FLAGS, find_chromium
from opsbook.serve.launch import JUPYTER_CONFIG

os.environ["OPSBOOK_HOME"] = tempfile.mkdtemp(prefix="opsbook-test-home-")


# the longest groups of tests start first, so pytest-xdist's two workers finish together
FIRST = (
    "test_browser_present.py",
    "test_browser_phone.py",
    "test_publish.py",
    "test_browser_worksheet.py",
    "test_app_security.py",
    "test_browser_fonts.py",
    "test_browser_my_data.py",
    "test_browser_plan_export.py",
)


NOTEBOOK_LEARNER = "learner"  # the Makefile's notebooks target names the learner the same


class NotebookHomes:
    """Each notebook nbval runs starts its kernel in a work folder of its own, as a new learner:
    what the tests or another notebook recorded (progress, saved worksheets) never shows in its
    outputs. The learner has the same name on every machine (:data:`NOTEBOOK_LEARNER`, as
    ``make notebooks`` names them), so a checkpoint draws the committed questions. A plugin,
    since a hook in this file would only see the items under tests/."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        notebook = item.parent
        if item.path.suffix == ".ipynb" and not getattr(notebook, "opsbook_home", None):
            notebook.opsbook_home = tempfile.mkdtemp(prefix="opsbook-notebook-home-")
            os.environ["OPSBOOK_HOME"] = notebook.opsbook_home
        if item.path.suffix == ".ipynb":  # for the kernel it starts; not for the other tests
            self.hub_user = os.environ.get("JUPYTERHUB_USER")
            os.environ["JUPYTERHUB_USER"] = NOTEBOOK_LEARNER

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_teardown(self, item):
        if item.path.suffix == ".ipynb":
            os.environ.pop("JUPYTERHUB_USER", None)
            if self.hub_user is not None:
                os.environ["JUPYTERHUB_USER"] = self.hub_user


def pytest_configure(config):
    config.pluginmanager.register(NotebookHomes(), "opsbook-notebook-homes")


def pytest_collection_modifyitems(items):
    """The browser tests, longest first; then the rest in their order (the sort is stable)."""
    items.sort(key=lambda item: FIRST.index(item.path.name) if item.path.name in FIRST else 99)


@pytest.fixture(autouse=True)
def english():
    """Every test starts (and ends) in English, whatever a previous test switched to."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def organization_text() -> str:
    return (PLAYBOOK_DIR / "department_structure.yaml").read_text(encoding="utf-8")


@pytest.fixture
def write_yaml(tmp_path: Path):
    """Write text to a YAML file in a temporary folder and return its path."""

    def write(text: str, name: str = "department_structure.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright; the test is skipped, saying why, without one."""
    executable = find_chromium()
    if executable is None:
        pytest.skip(
            "browser test skipped: no Chromium found — install it (Debian/Ubuntu: "
            "apt-get install chromium-headless-shell) or set OPSBOOK_CHROMIUM to its path"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests keep screenshots (ignored by git)."""
    folder = PROJECT_ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class App:
    """The worksheet app started as ``make app`` starts it (``python -m opsbook.serve.app``)."""

    token = "test-token-0123456789abcdef"

    def __init__(
        self,
        home: Path,
        language: str = "en",
        sheet: str = "four_powers",
        port: int | None = None,
        more: tuple[str, ...] = (),
    ):
        self.home = home
        self.port = port or free_port()
        self.output: list[str] = []
        self.ready = threading.Event()
        command = [
            sys.executable,
            "-m",
            "opsbook.serve.app",
            "--no-browser",
            "--port",
            str(self.port),
        ]
        self.process = subprocess.Popen(
            [*command, "--lang", language, "--sheet", sheet, *more],
            env={**os.environ, "OPSBOOK_HOME": str(home), "OPSBOOK_APP_TOKEN": self.token},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:  # drained all along, so the server never blocks
            self.output.append(line)
            if self.output[-2:-1] and "worksheet is ready" in self.output[-2]:
                self.port = int(re.search(r":(\d+)/", line).group(1))  # the address printed
                self.ready.set()
        self.ready.set()  # the server ended: wake the waiting test, which then fails

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def url(self) -> str:
        return f"{self.base}?token={self.token}"

    def server_pid(self) -> int:
        """The Voila server: the launcher's only child."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return int(children.read_text().split()[0])

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def start_app(home: Path, language: str = "en", sheet: str = "four_powers", **more) -> App:
    running = App(home, language, sheet, **more)
    assert running.ready.wait(timeout=180), "the app did not start in 3 minutes"
    if running.process.poll() is not None:
        pytest.fail("the app did not start:\n" + "".join(running.output))
    return running


@pytest.fixture
def app(tmp_path):
    """The worksheet app on a free local port with an empty work folder."""
    running = start_app(tmp_path / "home")
    yield running
    running.stop()


@pytest.fixture
def app_zh(tmp_path):
    """The Chinese edition of the worksheet app (``make app LANG=zh``)."""
    running = start_app(tmp_path / "home", "zh")
    yield running
    running.stop()


def fonts_drawing(page, text: str) -> list[dict]:
    """The fonts Chromium really used to draw the first shown element whose own text contains
    ``text`` (DevTools' platform fonts: family, whether it is a web font, glyph count)."""
    found = page.evaluate(
        """(text) => {
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const element = walker.currentNode.parentElement;
                if (walker.currentNode.textContent.includes(text)
                    && element.getClientRects().length > 0) {  // shown, not hidden
                    walker.currentNode.parentElement.setAttribute("data-font-probe", "1");
                    return true;
                }
            }
            return false;
        }""",
        text,
    )
    assert found, f"no element shows {text!r}"
    page.evaluate(  # a web font loads when text needs it: wait for that, not for a time
        """async (text) => {
            await document.fonts.load('16px "Noto Sans SC"', text);
            await document.fonts.ready;
        }""",
        text,
    )
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": "[data-font-probe]"})
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    session.detach()
    return fonts


def chinese_outside_font(page, within: str = "body") -> list[str]:
    """Text shown inside ``within`` whose Chinese characters Chromium did not all draw with the
    course's font (DevTools' platform fonts of each element with Chinese in its own text: the
    glyphs drawn by "Noto Sans SC" must be at least its Chinese characters)."""
    count = page.evaluate(
        """(within) => {
            const han = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/g;  // count (g)
            const any = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;  // test (no lastIndex)
            let n = 0;
            for (const root of document.querySelectorAll(within)) {
                const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                    const element = walker.currentNode.parentElement;
                    if (!any.test(walker.currentNode.textContent) || element.dataset.han
                        || element.getClientRects().length === 0) continue;
                    const own = [...element.childNodes].filter((c) => c.nodeType === 3)
                        .map((c) => c.textContent).join("");
                    element.dataset.han = String((own.match(han) || []).length);
                    n++;
                }
            }
            return n;
        }""",
        within,
    )
    if count == 0:
        return []
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]  # nodes come on query
    nodes = session.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-han]"})
    wrong = []
    for node in nodes["nodeIds"]:
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        attributes = session.send("DOM.getAttributes", {"nodeId": node})["attributes"]
        needed = int(dict(zip(attributes[::2], attributes[1::2], strict=True))["data-han"])
        drawn = sum(f["glyphCount"] for f in fonts if f["familyName"] == "Noto Sans SC")
        if drawn < needed:
            text = session.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"][:120]
            wrong.append(f"{[f['familyName'] for f in fonts]}: {text}")
    session.detach()
    page.evaluate("document.querySelectorAll('[data-han]').forEach((e) => delete e.dataset.han)")
    return wrong


class Lab:
    """JupyterLab started as ``make lab`` starts it (``python -m opsbook.serve.lab``), with a copy
    of the course's settings folder, so a test never changes the settings a learner chose."""

    def __init__(self, home: Path, settings: Path, language: str = "en"):
        # the font folders are linked in the course (relative links): the copy holds the files
        shutil.copytree(JUPYTER_CONFIG, settings, ignore=shutil.ignore_patterns("lab"))
        # checkpoints go to the test's folder, not beside the course's notebooks
        checkpoints = {"FileCheckpoints": {"checkpoint_dir": str(settings / "checkpoints")}}
        (settings / "jupyter_server_config.json").write_text(json.dumps(checkpoints))
        self.settings, self.home = settings, home
        self.port = free_port()
        self.output: list[str] = []
        self.url = ""
        self.ready = threading.Event()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "opsbook.serve.lab",
                "--no-browser",
                "--port",
                str(self.port),
                "--lang",
                language,
            ],
            env={**os.environ, "OPSBOOK_HOME": str(home), "JUPYTER_CONFIG_DIR": str(settings)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)
            found = re.search(rf"(http://127\.0\.0\.1:{self.port}/\S+token=\S+)", line)
            if found and not self.url:
                self.url = found.group(1)
                self.ready.set()
        self.ready.set()

    def open(self, relative: str) -> str:
        """The address of a file of the course, with the token."""
        base, token = self.url.split("/lab/", 1)[0], self.url.split("token=", 1)[1]
        return f"{base}/lab/tree/{relative}?token={token}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a loaded machine: do not let teardown fail a test
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on a free local port (English edition), with an empty work folder."""
    running = Lab(tmp_path / "home", tmp_path / "jupyter")
    assert running.ready.wait(timeout=180) and running.url, "".join(running.output)
    yield running
    running.stop()


@pytest.fixture
def lab_zh(tmp_path):
    """JupyterLab as ``make lab LANG=zh`` starts it."""
    running = Lab(tmp_path / "home", tmp_path / "jupyter", "zh")
    assert running.ready.wait(timeout=180) and running.url, "".join(running.output)
    yield running
    running.stop()

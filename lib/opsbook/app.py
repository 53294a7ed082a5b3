"""``python -m opsbook.app`` (``make app``): a worksheet as a page without code, served by Voila
and safe to leave running on a shared machine: the four-powers self-assessment, or with
``--sheet my_data`` (``make app SHEET=my_data``) the page that imports your own exports.

- **In English or Chinese**: ``--lang zh`` (``make app LANG=zh``) serves the Chinese edition;
  the choice is remembered in the work folder for the next start.
- **A token**, like JupyterLab: every request needs it (in the printed address, then a cookie).
  It is made afresh at each start, or taken from ``$OPSBOOK_APP_TOKEN``.
- **This machine only**: the server listens on 127.0.0.1 and refuses a request whose ``Host`` is
  not a local name (a web page using DNS rebinding cannot reach it), and a kernel connection
  from a page of another site (``Origin``) that rides on the login cookie.
- **Bounded**: a widget message is at most 1 MB (30 MB for an export sent to the my_data page,
  whose byte budget lets one such message through), and each page's messages have a budget per
  second (:mod:`opsbook.app_limits`); the server and every worksheet kernel may use at most
  :data:`MEMORY_LIMIT_BYTES` of memory each.
- **Nothing from a CDN**: the page template ``opsbook`` is Voila's lab template without its
  Font Awesome and Mermaid links, so the page works offline.

The settings live in ``jupyter/voila.json`` and ``jupyter/voila/templates/opsbook`` beside this
module.
"""

import argparse
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import webbrowser

from opsbook.launch import JUPYTER_CONFIG, chosen_language, wait_for_port
from opsbook.paths import NOTEBOOKS_DIR, PROJECT_ROOT

SHEETS = {  # the worksheets served as pages, by name: the file name in each edition
    "four_powers": "four_powers_self_assessment.ipynb",
    "my_data": "my_data.ipynb",
}
EDITIONS = {"en": NOTEBOOKS_DIR / "worksheets", "zh": NOTEBOOKS_DIR / "zh" / "worksheets"}
# the my_data page takes an export in one message: up to 30 MB (settings in jupyter/upload/)
UPLOAD_CONFIG = JUPYTER_CONFIG / "upload"
MEMORY_LIMIT_BYTES = 2 * 1024**3  # per process; a worksheet kernel uses about 0.35 GB


def worksheet(language: str = "en", sheet: str = "four_powers"):
    return EDITIONS[language] / SHEETS[sheet]


def voila_command(
    port: int, token: str, language: str = "en", sheet: str = "four_powers"
) -> list[str]:
    """The Voila command line that serves the worksheet with the settings above."""
    settings = UPLOAD_CONFIG if sheet == "my_data" else JUPYTER_CONFIG
    return [
        sys.executable,
        "-m",
        "voila",
        str(worksheet(language, sheet)),
        "--no-browser",
        "--template=opsbook",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        f"--Voila.token={token}",
        f"--Voila.config_file_paths={settings}",
    ]


def environment() -> dict[str, str]:
    """The server's environment: Jupyter also looks in the package for the page template."""
    paths = [
        str(JUPYTER_CONFIG),
        *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep)),
    ]
    # OPSBOOK_APP: the page has no code, so tools leave out what only a notebook user needs
    # (my_data: a box for a path on the server)
    return {**os.environ, "JUPYTER_PATH": os.pathsep.join(paths), "OPSBOOK_APP": "1"}


def limit_memory() -> None:
    """Cap the heap of the server and, inherited, of every kernel it starts."""
    import resource

    resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m opsbook.app", description="The four-powers worksheet as a page."
    )
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--lang", choices=sorted(EDITIONS), help="en or zh (中文); remembered for next time"
    )
    parser.add_argument(
        "--sheet",
        choices=sorted(SHEETS),
        default="four_powers",
        help="four_powers (the self-assessment) or my_data (import your own exports)",
    )
    args = parser.parse_args(argv)
    token = os.environ.get("OPSBOOK_APP_TOKEN") or secrets.token_hex(24)
    server = subprocess.Popen(
        voila_command(args.port, token, chosen_language(args.lang), args.sheet),
        env=environment(),
        cwd=PROJECT_ROOT,
        preexec_fn=limit_memory,  # the launcher has no threads, so this is safe
    )
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        if wait_for_port(args.port, server):
            url = f"http://127.0.0.1:{args.port}/?token={token}"
            print(f"\nThe worksheet is ready at (the address holds the token):\n    {url}")
            print(f"自评表已就绪，请打开（地址中含访问令牌）：\n    {url}\n", flush=True)
            if not args.no_browser:
                with contextlib.suppress(webbrowser.Error):
                    webbrowser.open(url)
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        return server.wait()


if __name__ == "__main__":
    sys.exit(main())

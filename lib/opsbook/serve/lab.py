"""``python -m opsbook.serve.lab`` (``make lab``): JupyterLab on the start notebook of the chosen
edition, with the course's settings (``jupyter/`` beside this module, as
``JUPYTER_CONFIG_DIR``):

- ``custom.css`` serves the bundled Chinese font to the browser (turned on in
  ``jupyter_server_config.py``);
- ``--lang zh`` opens ``notebooks/zh/00_start_here.ipynb`` with JupyterLab's menus in Chinese
  (the zh-CN language pack); the choice is remembered for the next start;
- widget state is saved with a notebook, so a chapter that was run, saved and reopened shows its
  tools' last view instead of "model not found";
- the printed address opens the start notebook, on 127.0.0.1, with a token.
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

from opsbook.content import course
from opsbook.core.paths import PROJECT_ROOT
from opsbook.core.settings import EDITIONS
from opsbook.serve.launch import JUPYTER_CONFIG, chosen_language

DEFAULTS = {  # user settings the course starts with; a learner's own choice is kept
    "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings": {"saveState": True},
    # no pop-up asking about Jupyter news in front of a room
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    # every cell drawn, not only those on screen: a chapter is short, and a tool scrolled to
    # stays drawn (in front of a room, and for the browser tests)
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def start_page(language: str) -> str:
    """The start notebook of an edition, from the project's root."""
    return f"{EDITIONS[language].folder}/{course().start.id}.ipynb"


def config_dir() -> Path:
    """The settings folder: the course's, unless ``$JUPYTER_CONFIG_DIR`` names another (a test
    uses a copy, so it never touches the settings a learner chose)."""
    return Path(os.environ.get("JUPYTER_CONFIG_DIR") or JUPYTER_CONFIG)


def write_settings(language: str, asked: bool) -> None:
    """JupyterLab's language when one was asked for, and saved widget state unless the user
    has chosen otherwise (user settings are written under the settings folder, kept out of git)."""
    settings = config_dir() / "lab" / "user-settings"
    folder = settings / "@jupyterlab" / "translation-extension"
    if asked or not (folder / "plugin.jupyterlab-settings").exists():
        _write(folder / "plugin.jupyterlab-settings", {"locale": EDITIONS[language].locale})
    for name, values in DEFAULTS.items():
        if not (settings / name).exists():
            _write(settings / name, values)
    # a deck left on when JupyterLab was stopped would open the next start as slides, menus hidden
    deck = settings / "jupyterlab-slideshow" / "plugin.jupyterlab-settings"
    if deck.exists():  # JupyterLab writes it with comments (JSON5): change the one value
        text = deck.read_text(encoding="utf-8")
        deck.write_text(re.sub(r'"active"\s*:\s*true', '"active": false', text), "utf-8")


def _write(path: Path, settings: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings) + "\n", encoding="utf-8")


def lab_command(language: str, port: int | None = None, browser: bool = True) -> list[str]:
    start = start_page(language)
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={PROJECT_ROOT}",
        f"--LabApp.default_url=/lab/tree/{start}",  # the printed address opens the start page
        *([f"--ServerApp.port={port}"] if port else []),
        *([] if browser else ["--no-browser"]),
        *(["--allow-root"] if os.geteuid() == 0 else []),  # containers often run as root
        str(PROJECT_ROOT / start),
    ]


def environment() -> dict[str, str]:
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config_dir())}
    if env.get("LANG") in EDITIONS:  # make lab LANG=zh is the course's language, not a locale
        env["LANG"] = "C.UTF-8"
    return env


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m opsbook.serve.lab", description="The course.")
    parser.add_argument("--lang", choices=sorted(EDITIONS), help="en or zh (中文); remembered")
    parser.add_argument("--port", type=int)
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--settings-only",
        action="store_true",
        help="write the course's JupyterLab settings and stop (Binder's start script)",
    )
    args = parser.parse_args(argv)
    language = chosen_language(args.lang)
    write_settings(language, asked=args.lang is not None)
    if args.settings_only:
        return
    command = lab_command(language, args.port, not args.no_browser)
    os.execve(command[0], command, environment())


if __name__ == "__main__":
    main()

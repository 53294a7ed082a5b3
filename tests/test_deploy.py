"""The repository builds on Binder / repo2docker as it is: its file conventions (environment.yml
at the top, postBuild and start beside it, no binder/ folder that would hide them), and the start
script run for real: the course's settings, the language from the link, then the server."""

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import yaml

from opsbook.paths import PROJECT_ROOT


def test_repo2docker_finds_the_environment_and_the_scripts():
    # repo2docker reads a binder/ (or .binder/) folder instead of the top when there is one
    assert not (PROJECT_ROOT / "binder").exists() and not (PROJECT_ROOT / ".binder").exists()
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text("utf-8"))
    listed = [d for d in environment["dependencies"] if isinstance(d, str)]
    for package in ("jupyterlab", "ipywidgets", "jupyterlab-slideshow", "voila"):
        assert any(d.startswith(package) for d in listed), package
    for script in ("start", "postBuild"):
        path = PROJECT_ROOT / script
        text = path.read_text("utf-8")
        assert text.startswith("#!/bin/bash\n") and "set -euo pipefail" in text, script
        assert path.stat().st_mode & stat.S_IXUSR, f"{script} must be executable"
    assert (PROJECT_ROOT / "start").read_text("utf-8").rstrip().endswith('exec "$@"')


def run_start(tmp_path: Path, default_url: str) -> tuple[str, Path]:
    """The start script as repo2docker runs it: the repository is the home folder."""
    repo = tmp_path / "repo"
    shutil.copytree(PROJECT_ROOT / "lib" / "opsbook" / "jupyter", repo / "lib/opsbook/jupyter",
                    ignore=shutil.ignore_patterns("lab", "migrated"))  # fmt: skip
    env = {
        **os.environ,
        "REPO_DIR": str(repo),
        "OPSBOOK_HOME": str(tmp_path / "work"),
        "JUPYTERHUB_DEFAULT_URL": default_url,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    done = subprocess.run([str(PROJECT_ROOT / "start"), "printenv", "JUPYTER_CONFIG_DIR"],
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip(), repo / "lib/opsbook/jupyter/lab/user-settings"


def test_start_writes_the_course_settings_and_starts_the_server(tmp_path):
    config, settings = run_start(tmp_path, "/lab/tree/notebooks/00_start_here.ipynb")
    assert config == str(tmp_path / "repo/lib/opsbook/jupyter")  # what the server is given
    widgets = settings / "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings"
    assert json.loads(widgets.read_text()) == {"saveState": True}
    locale = settings / "@jupyterlab/translation-extension/plugin.jupyterlab-settings"
    assert json.loads(locale.read_text()) == {"locale": "en"}


def test_a_link_to_the_chinese_edition_starts_in_chinese(tmp_path):
    _, settings = run_start(tmp_path, "/lab/tree/notebooks/zh/00_start_here.ipynb")
    locale = settings / "@jupyterlab/translation-extension/plugin.jupyterlab-settings"
    assert json.loads(locale.read_text()) == {"locale": "zh_CN"}

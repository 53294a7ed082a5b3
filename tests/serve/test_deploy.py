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

import pytest
import yaml

from opsbook import handin
from opsbook.core.errors import OpsbookError
from opsbook.core.paths import PROJECT_ROOT


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


# Kubernetes (Zero to JupyterHub) and The Littlest JupyterHub: the files a trainer deploys with.
# Neither can run here (no cluster, no systemd server to install on); what can be checked is.

VALUES = PROJECT_ROOT / "deploy" / "kubernetes" / "values.yaml"
TLJH = PROJECT_ROOT / "deploy" / "tljh" / "ops_playbook.py"


def values() -> dict:
    return yaml.safe_load(VALUES.read_text("utf-8"))


def cohort_mounts(mounts: list[dict]) -> list[dict]:
    return [mount for mount in mounts if mount["name"] == "cohort"]


def test_every_learners_server_mounts_its_own_hand_in_folder_where_the_course_looks():
    single = values()["singleuser"]
    drop = single["extraEnv"]["OPSBOOK_DROP"]
    [volume] = single["storage"]["extraVolumes"]
    assert volume["name"] == "cohort" and "persistentVolumeClaim" in volume
    [mount] = cohort_mounts(single["storage"]["extraVolumeMounts"])
    assert mount["mountPath"] == drop and mount["subPath"] == "hand_in/{unescaped_username}"
    # the init step prepares the same folder: each kind of hand-in, owned by the learner
    [init] = single["initContainers"]
    [init_mount] = cohort_mounts(init["volumeMounts"])
    assert {k: init_mount[k] for k in ("mountPath", "subPath")} == {
        "mountPath": drop,
        "subPath": mount["subPath"],
    }
    for kind in handin.KINDS:
        assert f"{drop}/{kind}" in init["command"][-1]
    assert f"chown -R {single.get('uid', 1000)}:" in init["command"][-1]


HOME = {"name": "home", "mountPath": "~"}  # the learner's own volume, which the hook leaves alone


def run_extra_config(admin: bool) -> list[dict]:
    from types import SimpleNamespace

    from traitlets.config import Config

    c = Config()
    for code in values()["hub"]["extraConfig"].values():
        exec(code, {"c": c})
    spawner = SimpleNamespace(
        user=SimpleNamespace(admin=admin),
        volume_mounts=[
            HOME,
            *values()["singleuser"]["storage"]["extraVolumeMounts"],
        ],
    )
    c.KubeSpawner.pre_spawn_hook(spawner)
    return spawner.volume_mounts


def test_a_trainers_server_mounts_every_hand_in_and_a_learners_only_their_own():
    learner, trainer = run_extra_config(admin=False), run_extra_config(admin=True)
    assert learner[0] == trainer[0] == HOME
    assert cohort_mounts(learner)[0]["subPath"] == "hand_in/{unescaped_username}"
    assert cohort_mounts(trainer)[0]["subPath"] == "hand_in"
    assert cohort_mounts(trainer)[0]["mountPath"] == cohort_mounts(learner)[0]["mountPath"]


def test_the_trainer_reads_what_learners_with_any_name_sent_through_those_mounts(
    tmp_path, monkeypatch
):
    """The volume as the mounts lay it out: each learner writes into hand_in/<their name>/, the
    trainer reads hand_in/ (names as hubs have them: dots, an e-mail address, Chinese)."""
    [mount] = cohort_mounts(values()["singleuser"]["storage"]["extraVolumeMounts"])
    volume = tmp_path / "volume"
    names = ["zhang.wei", "li@example.com", "王芳"]
    for name in names:
        own = volume / mount["subPath"].format(unescaped_username=name)
        for kind in handin.KINDS:
            (own / kind).mkdir(parents=True)  # what the init step makes
        monkeypatch.setenv("OPSBOOK_DROP", str(own))
        monkeypatch.setenv("JUPYTERHUB_USER", name)
        handin.send("four_powers", {"team": name})
    trainer_view = volume / cohort_mounts(run_extra_config(admin=True))[0]["subPath"]
    sent = handin.received("four_powers", trainer_view)
    assert sorted(r.learner for r in sent) == sorted(names)
    assert len({r.path.name for r in sent}) == len(names)
    # the roster lists hub names as they are
    (trainer_view / "roster.txt").write_text("\n".join([*names, "chen.jing"]) + "\n", "utf-8")
    assert handin.missing("four_powers", trainer_view) == ["chen.jing"]


def test_guarantees_and_limits_are_the_ones_the_trainers_page_recommends():
    single = values()["singleuser"]
    readme = (PROJECT_ROOT / "README.md").read_text("utf-8")
    memory, cpu = single["memory"], single["cpu"]
    recommended = (
        f"memory {memory['guarantee']} guaranteed, {memory['limit']} at most; "
        f"CPU {cpu['guarantee']} guaranteed, {cpu['limit']} at most"
    )
    assert recommended in readme
    # The Littlest JupyterHub gets the same limits
    from traitlets.config import Config

    c = Config()
    exec(TLJH.read_text("utf-8"), {"c": c})
    assert c.Spawner.mem_limit == memory["limit"] and c.Spawner.cpu_limit == cpu["limit"]
    assert c.Spawner.environment.get_value({}) == {"OPSBOOK_DROP": "/srv/ops-playbook/hand_in"}


def test_the_course_link_opens_the_edition_in_each_learners_copy():
    from urllib.parse import parse_qs, urlsplit

    from opsbook.serve import deploy, lab

    for edition in ("en", "zh"):
        link = deploy.pull_link("https://hub.example.com/", "https://git.example.com/c", "main",
                                edition)  # fmt: skip
        parts = urlsplit(link)
        assert (parts.netloc, parts.path) == ("hub.example.com", "/hub/user-redirect/git-pull")
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert query["repo"] == "https://git.example.com/c" and query["branch"] == "main"
        opened = query["urlpath"].removeprefix(f"lab/tree/{query['targetpath']}/")
        assert opened == lab.start_page(edition) and (PROJECT_ROOT / opened).is_file()
    with pytest.raises(OpsbookError, match="is not a web address — write it like https://"):
        deploy.pull_link("hub.example.com", "https://git.example.com/c")


def test_learner_defaults_are_jupyterlabs_own_settings(tmp_path):
    from opsbook.serve import deploy

    path = deploy.write_learner_defaults("zh", tmp_path)
    assert path == tmp_path / "share/jupyter/lab/settings/overrides.d/ops-playbook.json"
    written = json.loads(path.read_text("utf-8"))
    assert written["@jupyterlab/translation-extension:plugin"] == {"locale": "zh_CN"}
    assert written["@jupyter-widgets/jupyterlab-manager:plugin"] == {"saveState": True}
    # every key names a plugin whose schema JupyterLab ships, so it takes effect
    share = Path(sys.prefix) / "share" / "jupyter"
    for plugin in written:
        package, name = plugin.split(":")
        core = share / "lab" / "schemas" / package / f"{name}.json"
        extension = share / "labextensions" / package / "schemas" / package / f"{name}.json"
        assert core.is_file() or extension.is_file(), plugin


def test_the_commands_print_the_link_and_write_the_defaults(tmp_path, monkeypatch, capsys):
    from opsbook.serve import cli

    repo = "https://git.example.com/ops-playbook"
    assert cli.main(["--lang", "en", "hub-link", "https://hub.example.com", "--repo", repo,
                     "--edition", "zh"]) == 0  # fmt: skip
    link = capsys.readouterr().out.strip()
    assert link.startswith("https://hub.example.com/hub/user-redirect/git-pull?repo=https%3A")
    assert "notebooks%2Fzh%2F00_start_here.ipynb" in link
    assert cli.main(["--lang", "en", "hub-link", "hub.example.com", "--repo", repo]) == 2
    assert '"hub.example.com" is not a web address' in capsys.readouterr().err

    monkeypatch.setattr(sys, "prefix", str(tmp_path))  # the environment learners' servers use
    assert cli.main(["--lang", "en", "learner-defaults", "--edition", "zh"]) == 0
    written = tmp_path / "share/jupyter/lab/settings/overrides.d/ops-playbook.json"
    assert json.loads(written.read_text("utf-8"))["@jupyterlab/translation-extension:plugin"] == {
        "locale": "zh_CN"
    }
    assert "starts with the course's settings" in capsys.readouterr().out


def test_the_browser_gets_the_font_custom_css_asks_for_whatever_folder_jupyterlab_shows():
    """custom.css names the font by a path relative to itself: JupyterLab serves the settings
    folder's custom/ at /custom/, so the font is found from any server root (on a hub or on
    Binder, a learner's home). The settings folder turns custom.css on for make lab, Binder and
    the Kubernetes image alike."""
    import re

    from traitlets.config import Config

    from opsbook.core.paths import FONT_FILE
    from opsbook.serve.launch import JUPYTER_CONFIG

    custom = JUPYTER_CONFIG / "custom"
    asked = re.findall(r'url\("([^"]+)"\)', (custom / "custom.css").read_text("utf-8"))
    assert set(asked) == {FONT_FILE.name}  # beside custom.css
    # custom/ is the fonts folder (a relative link, so any clone has it): the web server, which
    # refuses a link out of the folder it serves, finds the font inside it
    assert custom.is_symlink() and custom.resolve() == FONT_FILE.parent.resolve()
    c = Config()
    exec((JUPYTER_CONFIG / "jupyter_server_config.py").read_text("utf-8"), {"c": c})
    assert c.LabApp.custom_css is True


def test_the_link_names_the_repository_the_course_was_cloned_from(tmp_path, monkeypatch):
    """As on a hub: the course cloned by one account (root), the command run by another (the
    trainer's), which git refuses to read unless told the folder is safe."""
    import os

    from opsbook.serve import deploy

    clone = tmp_path / "ops-playbook"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "remote", "add", "origin",
                    "https://git.example.com/acme/ops-playbook"], check=True)  # fmt: skip
    monkeypatch.setattr(deploy, "PROJECT_ROOT", clone)
    if os.getuid() == 0:  # give the clone to another account, as root's clone is to a trainer
        subprocess.run(["chown", "-R", "nobody", str(clone)], check=True)
        plain = subprocess.run(["git", "-C", str(clone), "remote", "get-url", "origin"],
                               capture_output=True, text=True)  # fmt: skip
        assert "dubious ownership" in plain.stderr  # what a plain git says
    assert deploy.course_repository() == "https://git.example.com/acme/ops-playbook"
    subprocess.run(["git", "-c", f"safe.directory={clone}", "-C", str(clone), "remote", "remove",
                    "origin"], check=True)  # fmt: skip
    with pytest.raises(OpsbookError, match="no origin to pull from"):
        deploy.course_repository()

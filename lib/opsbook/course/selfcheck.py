"""The environment self-check run by ``00_start_here``: names anything missing and how to fix it.

Its output holds no versions, paths or times, so the start notebook reproduces exactly.
"""

import html
import re
import sys
from dataclasses import dataclass
from importlib import metadata

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import label, pick


def _reinstall() -> str:
    return pick("run `make lab` again from the course folder", "在课程目录下重新运行 `make lab`")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    fix: str = ""


def _required_packages() -> list[str]:
    requirements = metadata.requires("opsbook") or []
    return [
        re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0]
        for req in requirements
        if "extra ==" not in req
    ]


def _check_python() -> Check:
    ok = sys.version_info >= (3, 10)
    return Check(
        pick("Python 3.10 or newer", "Python 3.10 或更新版本"),
        ok,
        ""
        if ok
        else pick("install Python 3.10+, then", "安装 Python 3.10+ 后") + " " + _reinstall(),
    )


def _check_packages() -> list[Check]:
    checks = []
    for name in _required_packages():
        try:
            metadata.distribution(name)
            checks.append(Check(pick(f"package {name}", f"软件包 {name}"), True))
        except metadata.PackageNotFoundError:
            checks.append(Check(pick(f"package {name}", f"软件包 {name}"), False, _reinstall()))
    return checks


def _check_widgets_frontend() -> Check:
    try:
        metadata.distribution("jupyterlab_widgets")
        return Check(pick("widgets in JupyterLab", "JupyterLab 交互控件"), True)
    except metadata.PackageNotFoundError:
        return Check(
            pick("widgets in JupyterLab", "JupyterLab 交互控件"),
            False,
            _reinstall() + pick(", then reload the browser tab", "，然后刷新浏览器页面"),
        )


def _check_font() -> Check:
    from opsbook.present.charts import missing_glyph_warnings

    name = pick("Chinese labels in charts", "图表中的中文标签")
    try:
        missing = missing_glyph_warnings("运营力 私域 复购 Operations")
    except OpsbookError as error:
        return Check(name, False, str(error))
    return Check(name, not missing, "" if not missing else "git checkout -- lib/opsbook/fonts")


def _check_browser_font() -> Check:
    """Chinese in the browser: JupyterLab reads the course's settings folder (``make lab``, Binder,
    the Kubernetes image), which serves the bundled font (custom.css in lib/opsbook/jupyter) to
    browsers that have no Chinese font."""
    import os
    from pathlib import Path

    from opsbook.core.paths import FONT_FILE, PACKAGE_DIR

    name = pick("Chinese text in the browser", "浏览器中的中文")
    served = PACKAGE_DIR / "jupyter"
    configured = os.environ.get("JUPYTER_CONFIG_DIR", "")
    ok = (
        bool(configured)
        and Path(configured).resolve() == served.resolve()
        and (served / "custom" / "custom.css").is_file()
        and (served / "custom" / FONT_FILE.name).is_file()  # custom/ is the fonts folder
    )
    return Check(
        name,
        ok,
        ""
        if ok
        else pick(
            "start the course with `make lab` (it serves a Chinese font to the browser); on a "
            "hub without it, the browser uses this computer's own Chinese font (Windows, macOS "
            "and phones have one), else install one, such as Noto Sans CJK SC",
            "用 `make lab` 启动课程（它会把中文字体提供给浏览器）；在没有这项设置的 JupyterHub "
            "上，浏览器用电脑自带的中文字体（Windows、macOS 和手机都有），没有就安装一个，"
            "例如 Noto Sans CJK SC",
        ),
    )


def _check_content() -> list[Check]:
    """Every playbook file the course manifest lists (and the manifest itself), every import
    profile and every sample data set reads."""
    from opsbook.content import course, load_playbook
    from opsbook.core.paths import PLAYBOOK_DIR
    from opsbook.datasets import DATASETS, load_dataset
    from opsbook.imports.profiles import load_profile

    try:
        manifest = course()
    except OpsbookError as error:
        return [Check("playbook/course.yaml", False, str(error))]
    names = [
        *manifest.content_models(),
        *(
            f"{folder}/{c.id}"
            for c in manifest.chapters
            for folder in ("exercises", "trainer_guide")
        ),
    ]
    loads = [("playbook/course.yaml", course)]
    loads += [(f"playbook/{n}.yaml", lambda n=n: load_playbook(n)) for n in names]
    profiles = sorted((PLAYBOOK_DIR / "imports").glob("*.yaml"))
    loads += [(f"playbook/imports/{p.name}", lambda p=p: load_profile(p)) for p in profiles]
    loads += [(f"datasets/{n}.csv", lambda n=n: load_dataset(n)) for n in DATASETS]
    checks = []
    for name, load in loads:
        try:
            load()
            checks.append(Check(name, True))
        except OpsbookError as error:
            checks.append(Check(name, False, str(error)))
    return checks


def _check_work_folder() -> Check:
    """Learner work is saved outside the notebooks: the work folder must be writable."""
    from opsbook.core.settings import work_home
    from opsbook.core.store import atomic_write_text

    name = pick("work folder for saved answers", "保存答案的工作目录")
    probe = work_home() / ".write-check"
    try:
        atomic_write_text(probe, "ok")
        probe.unlink()
    except OSError as error:
        return Check(
            name,
            False,
            pick(
                f"cannot write there ({error.strerror}) — set OPSBOOK_HOME to a folder you can "
                "write to, then restart JupyterLab",
                f"无法写入（{error.strerror}）——把 OPSBOOK_HOME 设为可写的目录，"
                "然后重启 JupyterLab",
            ),
        )
    return Check(name, True)


@dataclass(frozen=True)
class SelfCheckReport:
    checks: list[Check]

    @property
    def all_ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def headline(self) -> str:
        failed = [c for c in self.checks if not c.ok]
        if not failed:
            return pick(
                f"All {len(self.checks)} checks passed — you are ready to start.",
                f"全部 {len(self.checks)} 项检查通过，可以开始学习了。",
            )
        return pick(
            f"{len(failed)} of {len(self.checks)} checks failed — fix them as shown below.",
            f"{len(self.checks)} 项检查中有 {len(failed)} 项未通过 —— 请按下表修复。",
        )

    def __repr__(self) -> str:
        lines = [self.headline()]
        lines += [
            f"{'✓' if c.ok else '✗'} {c.name}" + (f" — {c.fix}" if c.fix else "")
            for c in self.checks
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{'✅' if c.ok else '❌'}</td><td>{html.escape(c.name)}</td>"
            f"<td>{html.escape(c.fix)}</td></tr>"
            for c in self.checks
            if not c.ok
        )
        passed = sum(c.ok for c in self.checks)
        table = (
            f"<table><tr><th>{label('status')}</th><th>{label('check')}</th>"
            f"<th>{label('fix')}</th></tr>{rows}</table>"
            if rows
            else ""
        )
        names = ", ".join(html.escape(c.name) for c in self.checks if c.ok)
        return (
            f"<p><strong>{html.escape(self.headline())}</strong></p>{table}"
            f"<details><summary>✓ {passed}</summary><p>{names}</p></details>"
        )


def run_self_check() -> SelfCheckReport:
    """Check Python, packages, the widget front end, the Chinese fonts of charts and of the
    browser, the work folder, playbook and data."""
    return SelfCheckReport(
        [
            _check_python(),
            *_check_packages(),
            _check_widgets_frontend(),
            _check_font(),
            _check_browser_font(),
            _check_work_folder(),
            *_check_content(),
        ]
    )

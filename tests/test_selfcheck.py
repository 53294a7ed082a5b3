"""The start notebook's self-check: every line passes on a working install, and a missing piece
is reported with its fix."""

from opsbook.paths import PACKAGE_DIR
from opsbook.selfcheck import _check_browser_font, run_self_check


def test_a_working_install_passes_every_check(monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(PACKAGE_DIR / "jupyter"))  # as make lab sets it
    report = run_self_check()
    assert report.all_ok, [c for c in report.checks if not c.ok]


def test_a_browser_without_the_served_font_is_reported_with_the_fix(monkeypatch):
    monkeypatch.delenv("JUPYTER_CONFIG_DIR", raising=False)  # JupyterLab started some other way
    check = _check_browser_font()
    assert not check.ok and "make lab" in check.fix

"""The start notebook's self-check: every line passes on a working install, and a missing piece
is reported with its fix."""

from opsbook.core.paths import PACKAGE_DIR
from opsbook.course.selfcheck import _check_browser_font, run_self_check


def test_a_working_install_passes_every_check(monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(PACKAGE_DIR / "jupyter"))  # as make lab sets it
    report = run_self_check()
    assert report.all_ok, [c for c in report.checks if not c.ok]


def test_a_browser_without_the_served_font_is_reported_with_the_fix(monkeypatch):
    monkeypatch.delenv("JUPYTER_CONFIG_DIR", raising=False)  # JupyterLab started some other way
    check = _check_browser_font()
    assert not check.ok and "make lab" in check.fix


def test_a_broken_playbook_file_is_named_with_its_fix(monkeypatch, tmp_path):
    import shutil

    from opsbook.core import paths
    from opsbook.course.selfcheck import _check_content

    copy = tmp_path / "playbook"
    shutil.copytree(paths.PLAYBOOK_DIR, copy)
    text = (copy / "daily_operations.yaml").read_text("utf-8")
    (copy / "daily_operations.yaml").write_text(text.replace("weight: 20", "weight: -1"), "utf-8")
    monkeypatch.setattr(paths, "PLAYBOOK_DIR", copy)
    monkeypatch.setattr("opsbook.content.PLAYBOOK_DIR", copy)
    checks = {c.name: c for c in _check_content()}
    for name in ("calendar.yaml", "event_sop.yaml", "plan_writing.yaml", "trainer_guide/05"):
        assert any(name in key and check.ok for key, check in checks.items()), name
    broken = checks["playbook/daily_operations.yaml"]
    assert not broken.ok and "weight" in broken.fix


def test_a_broken_import_profile_is_named_with_its_fix(monkeypatch, tmp_path):
    import shutil

    from opsbook.core import paths
    from opsbook.course.selfcheck import _check_content

    copy = tmp_path / "playbook"
    shutil.copytree(paths.PLAYBOOK_DIR, copy)
    profile = copy / "imports" / "youzan_orders.yaml"
    profile.write_text(profile.read_text("utf-8").replace("table: orders", "table: refunds"))
    monkeypatch.setattr(paths, "PLAYBOOK_DIR", copy)
    checks = {c.name: c for c in _check_content()}
    assert checks["playbook/imports/taobao_orders.yaml"].ok
    broken = checks["playbook/imports/youzan_orders.yaml"]
    assert not broken.ok and "table" in broken.fix

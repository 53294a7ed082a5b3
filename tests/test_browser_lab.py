"""JupyterLab as `make lab` starts it, in a real browser: the printed address opens the start
notebook; the Chinese edition shows Chinese menus and draws Chinese with the bundled font on a
machine without one; a chapter that was run, saved and reopened shows its tools, not an error."""

import shutil

from opsbook.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from tests.conftest import fonts_drawing

WAIT = 120_000  # ms: running a chapter on a loaded 2-core machine takes a while


def test_the_printed_address_opens_the_start_notebook(browser, lab):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT)

    assert "/lab/tree/notebooks/00_start_here.ipynb" in lab.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(90_000)
    page.goto(lab.url)
    expect(page.get_by_role("heading", name="Ops Playbook · 运营实战手册")).to_be_visible()
    page.close()


def test_the_chinese_edition_opens_in_chinese_with_a_chinese_font(browser, lab_zh, artifacts):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT)

    assert "/lab/tree/notebooks/zh/00_start_here.ipynb" in lab_zh.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(90_000)
    page.goto(lab_zh.url)
    expect(page.get_by_role("heading", name="课程地图")).to_be_visible()
    expect(page.locator(".lm-MenuBar-itemLabel", has_text="文件")).to_be_visible()  # zh-CN pack
    drawn = [fonts_drawing(page, text) for text in ("课程地图", "文件")]  # a heading, a menu
    page.screenshot(path=str(artifacts / "lab_zh.png"))
    page.close()
    for fonts in drawn:
        assert any(f["familyName"] == "Noto Sans SC" and f["glyphCount"] for f in fonts), fonts


def run_save_and_reopen(browser, lab, relative: str):
    """Run every cell from the menu, save, shut the kernel down and open the notebook again as
    a learner would the next day; return the reopened page."""
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT)

    saved = PROJECT_ROOT / relative
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(120_000)
    page.goto(lab.open(relative))
    expect(page.locator(".jp-Notebook")).to_be_visible()
    # the kernel must be up first: cells run before it is are silently skipped
    expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible()
    page.locator(".lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    expect(page.locator(".jp-OutputArea .widget-dropdown").first).to_be_visible()
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(1)
    before = saved.stat().st_mtime_ns
    page.keyboard.press("Control+s")
    deadline = page.evaluate("Date.now()") + 60_000
    while saved.stat().st_mtime_ns == before:  # the save is the event to wait for
        assert page.evaluate("Date.now()") < deadline, "the notebook was not saved"
        page.wait_for_timeout(100)
    page.locator(".lm-MenuBar-itemLabel").get_by_text("Kernel", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Shut Down Kernel", exact=True).click()
    page.close()
    reopened = browser.new_page(viewport={"width": 1280, "height": 900})
    reopened.set_default_timeout(120_000)
    reopened.goto(lab.open(relative))
    expect(reopened.locator(".jp-Notebook")).to_be_visible()
    expect(reopened.locator(".jp-OutputArea-output").first).to_be_visible()
    return reopened


def test_a_chapter_run_saved_and_reopened_shows_its_tools(browser, lab, artifacts):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT)

    relative = "test-artifacts/reopen/01_department_structure.ipynb"
    (PROJECT_ROOT / relative).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(NOTEBOOKS_DIR / "01_department_structure.ipynb", PROJECT_ROOT / relative)
    page = run_save_and_reopen(browser, lab, relative)
    expect(page.locator(".jp-OutputArea .widget-dropdown").first).to_be_visible()
    page.screenshot(path=str(artifacts / "lab_reopened.png"))
    errors = page.get_by_text("Error displaying widget").count()
    page.close()
    assert errors == 0

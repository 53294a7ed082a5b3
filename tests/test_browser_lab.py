"""JupyterLab as `make lab LANG=zh` starts it, in a real browser: the Chinese edition shows Chinese
menus and draws Chinese with the bundled font on a machine without one. (The English start page,
presenting every chapter and reopening a saved chapter: tests/test_browser_present.py.)"""

from tests.conftest import fonts_drawing

WAIT = 120_000  # ms: running a chapter on a loaded 2-core machine takes a while


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

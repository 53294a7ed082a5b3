"""Chinese renders with a Chinese font in the browser even when the machine has none: the
worksheet app (Chinese edition) and an exported Chinese report, checked with the fonts Chromium
really used to draw the text (this machine and CI have no system CJK font; see `fc-list`)."""

from opsbook.content import load_playbook
from opsbook.core.i18n import language
from opsbook.four_powers.assessment import Answer, Assessment
from opsbook.four_powers.report import report_html
from tests.conftest import fonts_drawing


def drawn_with_the_bundled_font(fonts: list[dict]) -> bool:
    return any(f["familyName"] == "Noto Sans SC" and f["glyphCount"] > 0 for f in fonts)


def test_the_chinese_app_draws_chinese_with_a_chinese_font(browser, app_zh, artifacts):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    page.set_default_timeout(60_000)
    page.goto(app_zh.url)
    expect(page.locator(".widget-radio-box").first).to_be_visible()
    expect(page.get_by_text("尚未作答").first).to_be_visible()
    label, title, tab = (fonts_drawing(page, text) for text in ("尚未作答", "四力自评表", "组织力"))
    page.screenshot(path=str(artifacts / "worksheet_zh.png"))
    page.close()
    assert drawn_with_the_bundled_font(label), label
    assert drawn_with_the_bundled_font(title), title  # a heading: another weight and size
    assert drawn_with_the_bundled_font(tab), tab  # JupyterLab's tabs ask for Helvetica, Arial


def test_an_exported_chinese_report_draws_chinese_with_a_chinese_font(browser, tmp_path, artifacts):
    rubric = load_playbook("four_powers")
    with language("zh"):
        report = report_html(
            rubric,
            Assessment(team="南湾门店", period="2026-Q4", answers={"op_public_reach": Answer(3)}),
        )
    path = tmp_path / "report.html"
    path.write_text(report, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    page.goto(path.as_uri())
    fonts = fonts_drawing(page, "南湾门店")
    page.screenshot(path=str(artifacts / "report_zh.png"))
    page.close()
    assert drawn_with_the_bundled_font(fonts), fonts


def test_without_the_embedded_font_the_report_would_show_boxes(browser, tmp_path):
    """The check above can fail: strip the embedded font and Chinese has no font to use."""
    rubric = load_playbook("four_powers")
    with language("zh"):
        report = report_html(rubric, Assessment(team="南湾门店", period="2026-Q4"))
    start = report.index("@font-face")
    path = tmp_path / "bare.html"
    path.write_text(report[:start] + report[report.index("}", start) + 1 :], encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    fonts = fonts_drawing(page, "南湾门店")
    page.close()
    assert not drawn_with_the_bundled_font(fonts), fonts

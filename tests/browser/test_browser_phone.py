"""The self-assessment on a phone (390 × 844, touch), as a team member fills it in the Chinese
app: every level's text inside its own row and the circle beside the level tapped, nothing off
the side of the screen, every control a target of at least 44 px with 16 px text, the send
confirmation beside the button, and a downloaded report that fits the screen. Headless
Chromium, as the other browser tests."""

import base64
import re
from itertools import pairwise

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

# every box a learner taps, and the text in it (what the page would draw too small or too wide)
TARGETS = """() => {
  const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const picked = [
    ...document.querySelectorAll('.widget-radio-box label'),
    ...document.querySelectorAll('.widget-text input, .widget-dropdown select, textarea'),
    ...document.querySelectorAll('.widget-checkbox'),
    ...document.querySelectorAll('button'),
    ...document.querySelectorAll('.lm-TabBar-tab'),
  ].filter(shown);
  return picked.map((e) => {
    const box = e.getBoundingClientRect();
    return {what: e.tagName + ' ' + (e.textContent || e.placeholder || '').trim().slice(0, 30),
            height: box.height, font: parseFloat(getComputedStyle(e).fontSize),
            left: box.left, right: box.right};
  });
}"""

LEVELS = """(radio) => [...radio.querySelectorAll('label')].map((label) => {
  const box = label.getBoundingClientRect(), input = label.querySelector('input');
  const circle = input.getBoundingClientRect();
  return {text: label.textContent.trim(), top: box.top, bottom: box.bottom,
          clipped: label.scrollHeight > label.clientHeight + 1,
          circle_inside: circle.top >= box.top - 1 && circle.bottom <= box.bottom + 1,
          checked: input.checked};
})"""


def no_side_scroll(page) -> bool:
    return page.evaluate(
        """() => [document.scrollingElement, document.getElementById('rendered_cells')]
            .filter(Boolean).every((e) => e.scrollWidth <= e.clientWidth + 1)"""
    )


def test_the_worksheet_on_a_phone(browser, app_zh, artifacts):
    from playwright.sync_api import expect

    page = browser.new_page(**PHONE)
    page.set_default_timeout(60_000)
    page.goto(app_zh.url)
    first = page.locator(".widget-radio-box").first
    expect(first).to_be_visible()

    level_three = first.locator("label", has_text="3 · 成型")
    level_three.tap()
    expect(level_three.locator("input")).to_be_checked()
    levels = page.evaluate(LEVELS, first.element_handle())
    assert [level["checked"] for level in levels] == [False, False, False, True, False, False]
    assert not [level["text"] for level in levels if level["clipped"]]  # text inside its row
    assert all(level["circle_inside"] for level in levels)  # the circle beside its own level
    assert all(a["bottom"] <= b["top"] + 1 for a, b in pairwise(levels))  # no overlap

    assert no_side_scroll(page)
    period = page.locator(".widget-text input").nth(1)
    box = period.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # on the screen, not beside it
    targets = page.evaluate(TARGETS)
    assert [t for t in targets if t["height"] < 44 or t["font"] < 16] == []
    assert [t for t in targets if t["left"] < 0 or t["right"] > 390] == []  # none cut off
    page.screenshot(path=str(artifacts / "phone_worksheet_zh.png"))

    page.locator(".widget-text input").first.fill("西门店")
    page.locator(".widget-text input").first.press("Enter")
    send = page.locator("button", has_text="提交给培训师")
    send.scroll_into_view_if_needed()
    send.tap()
    said = page.locator(".widget-html", has_text="已提交给培训师").last
    expect(said).to_be_visible()
    gap = said.bounding_box()["y"] - (send.bounding_box()["y"] + send.bounding_box()["height"])
    assert 0 <= gap <= 60  # the confirmation right under the button, not a screen away
    page.screenshot(path=str(artifacts / "phone_sent_zh.png"))

    page.locator("button", has_text="报告（HTML）").tap()
    link = page.locator("a[download$='.html']")
    expect(link).to_be_visible()
    report = base64.b64decode(re.sub("^data:[^,]*,", "", link.get_attribute("href")))
    page.close()

    downloaded = browser.new_page(**PHONE)
    downloaded.set_content(report.decode("utf-8"))
    assert downloaded.evaluate("document.documentElement.scrollWidth") <= 390
    assert downloaded.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16
    downloaded.screenshot(path=str(artifacts / "phone_report_zh.png"), full_page=True)
    downloaded.close()


def test_the_my_data_page_on_a_phone(browser, tmp_path, artifacts):
    """The page that imports a shop's exports, at 390 × 844 in Chinese: every tab's whole name,
    the upload button with its words, numbers written as people read them, nothing off the
    side, every control a 44 px target with 16 px text."""
    from playwright.sync_api import expect

    from tests.conftest import start_app

    running = start_app(tmp_path / "home", "zh", "my_data")
    try:
        page = browser.new_page(**PHONE)
        page.set_default_timeout(120_000)
        page.goto(running.url)
        tabs = page.locator(".lm-TabBar-tab")
        expect(tabs.first).to_be_visible()
        names = page.evaluate(
            """() => [...document.querySelectorAll('.lm-TabBar-tabLabel')].map((label) =>
                 ({text: label.textContent, whole: label.scrollWidth <= label.clientWidth + 1}))"""
        )
        assert [n["text"] for n in names] == [
            "GMV 因子",
            "复购与留存",
            "活动复盘",
            "日报",
            "客户分层",
        ]
        assert all(n["whole"] for n in names)
        expect(page.locator(".widget-upload")).to_contain_text("选择导出文件")
        expect(page.locator(".widget-html-content", has_text="支付转化率").first).to_contain_text(
            "%"
        )
        assert no_side_scroll(page)
        targets = page.evaluate(TARGETS)
        assert [t for t in targets if t["height"] < 44 or t["font"] < 16] == []
        assert [t for t in targets if t["left"] < 0 or t["right"] > 390] == []
        page.screenshot(path=str(artifacts / "phone_my_data_zh.png"))
        page.close()
    finally:
        running.stop()

"""The exported plan page in a real browser: every section and the schedule chart are visible.
Headless Chromium through Playwright; skipped with the reason when no Chromium is installed."""

from playwright.sync_api import expect

from opsbook.content import load_playbook
from opsbook.plan_writing.export import to_html
from opsbook.plan_writing.files import example_plan


def test_exported_plan_renders_every_section_and_the_chart(browser, artifacts, tmp_path):
    template = load_playbook("plan_writing")
    page_file = tmp_path / "plan.html"
    page_file.write_text(to_html(example_plan("national_day_event"), template), "utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(page_file.as_uri())
    for section in template.sections:
        expect(page.get_by_role("heading", name=str(section.name), exact=True)).to_be_visible()
    chart = page.locator("#schedule-chart")
    expect(chart).to_be_visible()
    width = chart.evaluate("image => image.complete ? image.naturalWidth : 0")
    assert width > 300  # the embedded PNG decoded
    expect(page.get_by_role("cell", name="Designer", exact=True)).to_be_visible()
    page.screenshot(path=str(artifacts / "plan_export.png"), full_page=True)
    page.close()

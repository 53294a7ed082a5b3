"""The worksheet as a code-free app (Voila, started as ``make app`` starts it) in a real browser:
answers set in the page survive a reload, the scores follow them, evidence is saved as it is
typed, and the page fetches nothing from another host. Runs in headless Chromium driven by
Playwright, without a browser download; skipped, with the reason in the summary, when no
Chromium is installed."""

import json
import time
from urllib.parse import urlparse


def saved_worksheets(home) -> list[dict]:
    return [json.loads(p.read_text("utf-8")) for p in (home / "worksheets").glob("*.json")]


def wait_until(condition, timeout: float = 60):
    """Wait for ``condition()`` to hold (checked every 0.1 s), failing after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the condition"
        time.sleep(0.1)


def test_answers_survive_a_reload_and_scores_follow(browser, app, artifacts):
    from playwright.sync_api import expect

    home = app.home
    record = {"version": 1, "events": [{"chapter": "01_department_structure", "event": "check",
              "exercise": "q1", "at": "2026-03-02T09:00:00Z", "result": "correct"}]}  # fmt: skip
    (home / "progress").mkdir(parents=True, exist_ok=True)
    (home / "progress" / "record.json").write_text(json.dumps(record), "utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    page.set_default_timeout(60_000)
    elsewhere = []  # the page works offline: nothing is fetched from another host
    page.on(
        "request",
        lambda r: urlparse(r.url).hostname not in ("127.0.0.1", None) and elsewhere.append(r.url),
    )
    page.goto(app.url)
    items = page.locator(".widget-radio-box")
    expect(items.first).to_be_visible()
    overall = page.locator(".overall-score")
    expect(overall).to_have_text("–")
    # the learner's progress through the chapters, from their work folder, without links
    chapter_one = page.locator("tr", has_text="01 How an operations organization is built")
    expect(chapter_one.locator("td").nth(2)).to_have_text("1/5")
    expect(chapter_one.get_by_role("link")).to_have_count(0)

    team = page.locator(".widget-text input").first
    team.fill("Browser team")
    team.press("Enter")
    items.nth(0).locator("label", has_text="3 · Defined").click()  # op_public_reach, weight 3
    items.nth(1).locator("label", has_text="1 · Absent").click()  # op_private_retention, 3
    page.locator(".widget-checkbox input").nth(2).check()  # op_full_chain: not applicable
    expect(overall).to_have_text("2.00")  # (3×3 + 1×3) / 6; N/A drops out
    page.screenshot(path=str(artifacts / "worksheet_answered.png"), full_page=True)

    page.reload()
    items = page.locator(".widget-radio-box")
    expect(items.first).to_be_visible()
    expect(page.locator(".widget-text input").first).to_have_value("Browser team")
    expect(items.nth(0).locator("label", has_text="3 · Defined").locator("input")).to_be_checked()
    expect(items.nth(1).locator("label", has_text="1 · Absent").locator("input")).to_be_checked()
    expect(page.locator(".widget-checkbox input").nth(2)).to_be_checked()
    expect(page.locator(".overall-score")).to_have_text("2.00")
    page.screenshot(path=str(artifacts / "worksheet_reloaded.png"), full_page=True)
    page.close()
    assert elsewhere == []

    saved = saved_worksheets(home)
    assert len(saved) == 1
    assert saved[0]["team"] == "Browser team"
    assert saved[0]["answers"]["op_public_reach"]["level"] == 3
    assert saved[0]["answers"]["op_full_chain"]["not_applicable"] is True


def test_evidence_is_saved_as_it_is_typed(browser, app):
    """No blur, no Enter: the text reaches the file while the cursor is still in the box."""
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    page.set_default_timeout(60_000)
    page.goto(app.url)
    evidence = page.locator(".widget-textarea textarea").first
    expect(evidence).to_be_visible()
    evidence.click()
    page.keyboard.type("QR codes at 12 tills", delay=20)

    def typed_text_on_disk() -> bool:
        sheets = saved_worksheets(app.home) if (app.home / "worksheets").is_dir() else []
        answers = sheets[0]["answers"] if sheets else {}
        return answers.get("op_public_reach", {}).get("evidence") == "QR codes at 12 tills"

    wait_until(typed_text_on_disk)
    expect(evidence).to_be_focused()  # saved while still typing, not on leaving the box
    page.reload()
    expect(page.locator(".widget-textarea textarea").first).to_have_value("QR codes at 12 tills")
    page.close()

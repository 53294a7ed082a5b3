"""The worksheet as a code-free app (Voila) in a real browser: answers set in the page survive a
reload, and the scores follow them. Runs in headless Chromium driven by Playwright, without a
browser download; skipped, with the reason in the summary, when no Chromium is installed."""

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from opsbook.paths import NOTEBOOKS_DIR, PROJECT_ROOT

APP = NOTEBOOKS_DIR / "worksheets" / "four_powers_self_assessment.ipynb"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def app(tmp_path):
    """The worksheet served by Voila on 127.0.0.1 with an empty work folder."""
    port = free_port()
    home = tmp_path / "home"
    log = (tmp_path / "voila.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            str(APP),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={port}",
        ],
        env={**os.environ, "OPSBOOK_HOME": str(home)},
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=PROJECT_ROOT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("Voila did not start:\n" + (tmp_path / "voila.log").read_text())
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}/", home
    server.terminate()
    server.wait(timeout=20)
    log.close()


def test_answers_survive_a_reload_and_scores_follow(browser, app, artifacts):
    from playwright.sync_api import expect

    url, home = app
    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    page.set_default_timeout(60_000)
    page.goto(url)
    items = page.locator(".widget-radio-box")
    expect(items.first).to_be_visible()
    overall = page.locator(".overall-score")
    expect(overall).to_have_text("–")

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

    saved = [json.loads(p.read_text("utf-8")) for p in (home / "worksheets").glob("*.json")]
    assert len(saved) == 1
    assert saved[0]["team"] == "Browser team"
    assert saved[0]["answers"]["op_public_reach"]["level"] == 3
    assert saved[0]["answers"]["op_full_chain"]["not_applicable"] is True

"""My progress in JupyterLab as a learner meets it: the start page's map shows chapter 1 not
started; its link opens the chapter; an exercise answered there and checked is on the map when
the start page's cell runs again (the record is the work folder's, kept by the kernel)."""

import json
import re
import shutil

from opsbook.core.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from opsbook.serve.browser import POLL

WAIT = 120_000  # ms: a loaded 2-core machine
FOLDER = "test-artifacts/progress"
START, CHAPTER = "00_start_here.ipynb", "01_department_structure.ipynb"
SHOWN = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def cell_with(page, text: str):
    """The cell of the notebook on screen whose code contains ``text``."""
    return page.locator(f"{SHOWN} .jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=text)
    )


def run(page, cell, code: str | None = None) -> None:
    """Put ``code`` in the cell (as a learner types it), run it, and wait for its new output."""
    before = cell.locator(".jp-InputPrompt").inner_text()
    cell.locator(".cm-content").click()
    if code is not None:
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(code)
    page.keyboard.press("Control+Enter")
    prompt = cell.locator(".jp-InputPrompt").element_handle()
    page.wait_for_function(
        """([p, before]) => /\\[\\d+\\]/.test(p.textContent) && p.textContent !== before""",
        arg=[prompt, before],
        polling=POLL,
    )


def test_an_exercise_checked_in_a_chapter_shows_on_the_progress_map(browser, lab):
    from playwright.sync_api import expect

    folder = PROJECT_ROOT / FOLDER  # copies: a run must not change the course's own files
    folder.mkdir(parents=True, exist_ok=True)
    for name in (START, CHAPTER):
        shutil.copy(NOTEBOOKS_DIR / name, folder / name)
    expect.set_options(timeout=WAIT)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT)
    page.goto(lab.open(f"{FOLDER}/{START}"))
    expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible()

    chapter_row = page.locator(f"{SHOWN} .jp-OutputArea tr", has_text="01 How an operations")
    progress = cell_with(page, "my_progress()")
    run(page, progress)  # a new learner: nothing recorded in the work folder
    expect(chapter_row.locator("td").nth(2)).to_have_text("0/5")

    chapter_row.get_by_role("link").click()  # the map's link opens the chapter
    expect(page.locator(f".lm-TabBar-tab.jp-mod-current[title*='{CHAPTER}']")).to_be_visible()
    expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible()
    page.locator(".lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    last = page.locator(f"{SHOWN} .jp-CodeCell").last.locator(".jp-InputPrompt")
    expect(last).to_have_text(re.compile(r"\[\d+\]"))  # the whole chapter has run
    check = cell_with(page, "ex.q1.check(answer)")
    run(page, check, 'answer = "B"\nex.q1.check(answer)')
    expect(check.locator(".jp-OutputArea")).to_contain_text("Correct")

    page.locator(f".lm-TabBar-tab[title*='{START}']").click()
    run(page, cell_with(page, "my_progress()"))
    expect(chapter_row.locator("td").nth(2)).to_have_text("1/5")
    expect(chapter_row.locator("td").nth(1)).to_contain_text("✓")
    expect(chapter_row.locator("td").nth(3)).to_have_text("1/5")  # right at the first try
    page.close()
    record = json.loads((lab.home / "progress" / "record.json").read_text("utf-8"))
    assert [e["event"] for e in record["events"] if e.get("exercise") == "q1"] == ["check"]

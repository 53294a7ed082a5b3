"""A training day in JupyterLab as `make lab` starts it, in headless Chromium: the printed address
opens the start notebook; each chapter is opened from the File menu, run, and presented with the
deck button of the notebook toolbar (jupyterlab-slideshow), every slide stepped through with
Space; the next day a saved chapter opens with its tools. Each chapter is presented once, in one
edition or the other (the two editions share their cells, code and slide types, which
tests/test_editions.py compares), so the two editions' pages split the chapters between them.

On every slide: what is on it fits 1280×720 or scrolls into view; no error output anywhere. On one
slide per chapter a live tool answers a change. Presenting leaves the chapter's cells as they were.
Screenshots of each chapter's first slides go to test-artifacts/present/."""

import itertools
import json

from opsbook.core.paths import PROJECT_ROOT
from opsbook.core.settings import EDITIONS
from opsbook.serve.browser import POLL
from opsbook.serve.publish import chapters
from tests.conftest import fonts_drawing

WAIT = 120_000  # ms: a chapter's tools on a loaded 2-core machine
SCREEN = {"width": 1280, "height": 720}
CHAPTERS = [path.stem for path in chapters("en")]  # the same names in both editions
PRESENTED = {"en": CHAPTERS[0::2], "zh": CHAPTERS[1::2]}  # each chapter once

# what the deck shows now: the active cell, the cells on the slide, where the slide starts, and
# where it ends when its scroll container (JupyterLab's notebook window) is scrolled to the end
SLIDE = """() => {
  const cells = [...document.querySelectorAll('.jp-Deck .jp-Notebook .jp-Cell')];
  const on = cells.filter(c => c.classList.contains('jp-deck-mod-onscreen'));
  const active = cells.findIndex(c => c.classList.contains('jp-mod-active'));
  const scroller = document.querySelector('.jp-Deck .jp-WindowedPanel-outer');
  scroller.scrollTop = 0;
  const top = Math.min(...on.map(c => c.getBoundingClientRect().top));
  scroller.scrollTop = scroller.scrollHeight;
  const bottom = Math.max(...on.map(c => c.getBoundingClientRect().bottom));
  scroller.scrollTop = 0;
  return {active, count: cells.length, onscreen: on.map(c => cells.indexOf(c)),
          tall: on.length ? Math.max(...on.map(c => c.scrollHeight)) : 0,
          bottom, top, height: window.innerHeight};
}"""
# these cells of the notebook on screen have run: each shows its number again (a cell with its
# code folded away shows none)
RAN = """cells => cells.every(i => {
  const cell = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')[i];
  return cell.querySelector('.jp-InputPlaceholder')
    || /\\[\\d+\\]/.test(cell.querySelector('.jp-InputPrompt').textContent);
})"""
ACTIVE = """() => [...document.querySelectorAll('.jp-Deck .jp-Notebook .jp-Cell')]
  .findIndex(c => c.classList.contains('jp-mod-active'))"""


def write_without_outputs(chapter, copy) -> None:
    """The chapter with its outputs and saved widget views cleared, so a cell having run is an
    event (its number comes back) and the page draws each output once."""
    notebook = json.loads(chapter.read_text("utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    notebook["metadata"].pop("widgets", None)
    copy.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", "utf-8")


def cell_content(path) -> list:
    """What presenting must not change: each cell's type, text and metadata."""
    cells = json.loads(path.read_text("utf-8"))["cells"]
    return [(c["cell_type"], c["source"], c["metadata"]) for c in cells]


def wait_for_active(page, cell: int) -> None:
    """Wait for the deck to show cell ``cell`` as the active one."""
    page.wait_for_function(f"({ACTIVE})() === {cell}", polling=POLL)


# the notebook on screen (other chapters stay open in hidden tabs)
SHOWN = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def new_page(browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT)
    page = browser.new_page(viewport=SCREEN)
    page.set_default_timeout(WAIT)
    return page


def open_printed_address(browser, lab, start: str, heading: str):
    """A page on the address `make lab` printed, once it shows the start notebook."""
    from playwright.sync_api import expect

    assert f"/lab/tree/{start}.ipynb" in lab.url
    page = new_page(browser)
    page.goto(lab.url)
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    return page


# one class per edition: pytest-xdist (--dist loadscope) runs the two side by side
class TestEnglish:
    def test_a_training_day(self, browser, lab, artifacts):
        """The address `make lab` prints opens the start notebook; every chapter is presented;
        a chapter run, saved and opened again (its kernel gone) shows its tools, not an
        error."""
        from playwright.sync_api import expect

        page = open_printed_address(
            browser, lab, "notebooks/00_start_here", "Ops Playbook · 运营实战手册"
        )
        present_edition(page, artifacts, "en")
        page.close()

        # the next day: no kernel left, the chapter opened again from its saved file
        base, token = lab.url.split("/lab/", 1)[0], lab.url.split("token=", 1)[1]
        api = browser.new_context().request
        for kernel in api.get(f"{base}/api/kernels?token={token}").json():
            api.delete(f"{base}/api/kernels/{kernel['id']}?token={token}")
        reopened = new_page(browser)
        reopened.goto(lab.open(f"test-artifacts/present/en/{CHAPTERS[0]}.ipynb") + "&reset")
        expect(reopened.locator(".jp-OutputArea .widget-dropdown").first).to_be_visible()
        reopened.screenshot(path=str(artifacts / "lab_reopened.png"))
        errors = reopened.get_by_text("Error displaying widget").count()
        reopened.close()
        assert errors == 0


class TestChinese:
    def test_a_training_day_in_chinese(self, browser, lab_zh, artifacts):
        """`make lab LANG=zh`: the printed address opens the Chinese start notebook with
        Chinese menus, drawn with the bundled font on a machine without a Chinese one; every
        chapter of the Chinese edition is presented."""
        from playwright.sync_api import expect

        page = open_printed_address(browser, lab_zh, "notebooks/zh/00_start_here", "课程地图")
        expect(page.locator(".lm-MenuBar-itemLabel", has_text="文件")).to_be_visible()  # zh-CN
        drawn = [fonts_drawing(page, text) for text in ("课程地图", "文件")]  # a heading, a menu
        page.screenshot(path=str(artifacts / "lab_zh.png"))
        for fonts in drawn:
            assert any(f["familyName"] == "Noto Sans SC" and f["glyphCount"] for f in fonts), fonts
        present_edition(page, artifacts, "zh", MENUS_ZH)
        page.close()


# what the steps click, as JupyterLab names it in English and with the zh-CN language pack
MENUS_EN = {
    "File": "File",
    "Open from Path…": "Open from Path…",
    "Idle": "Idle",
    "Run": "Run",
    "Run All Cells": "Run All Cells",
}
MENUS_ZH = {
    "File": "文件",
    "Open from Path…": "从路径打开…",
    "Idle": "空闲",
    "Run": "运行",
    "Run All Cells": "运行所有单元格",
}


def present_edition(page, artifacts, edition: str, menus: dict = MENUS_EN) -> None:
    """The edition's chapters (:data:`PRESENTED`) in one JupyterLab page opened on the start
    notebook, as in a training day: each chapter opened from the File menu, run, presented,
    saved. Both ways the README gives are taken, alternating from chapter to chapter: running
    the cells with Shift+Enter on the slides, or running the chapter first and then presenting
    it."""
    from playwright.sync_api import expect

    for chapter in PRESENTED[edition]:
        number = CHAPTERS.index(chapter)
        relative = f"test-artifacts/present/{edition}/{chapter}.ipynb"
        copy = PROJECT_ROOT / relative  # not the course's own file: a run changes its outputs
        copy.parent.mkdir(parents=True, exist_ok=True)
        write_without_outputs(EDITIONS[edition].notebooks / f"{chapter}.ipynb", copy)
        before = cell_content(copy)
        page.locator(".lm-MenuBar-itemLabel").get_by_text(menus["File"], exact=True).click()
        page.locator(".lm-Menu-itemLabel").get_by_text(menus["Open from Path…"]).click()
        page.get_by_placeholder("/path/relative/to/jlab/root").fill(relative)
        page.keyboard.press("Enter")
        expect(page.locator(f".lm-TabBar-tab.jp-mod-current[title*='{chapter}']")).to_be_visible()
        # the kernel must be up: cells run before it is are skipped
        expect(page.get_by_text(f"Python 3 (ipykernel) | {menus['Idle']}")).to_be_visible()
        on_the_slides = number % 4 in (0, 1)  # 1 and 2 on the slides, 3 and 4 run first, …
        if not on_the_slides:
            run_all(page, copy, menus)
        shots = artifacts / "present"
        slides, changed = present(page, shots, f"{edition}_{chapter}", copy, on_the_slides)
        assert len(slides) >= 8, (chapter, slides)
        assert 1 in slides[0]["onscreen"], chapter  # the set-up cell is on the title slide
        for slide in slides:  # fits the screen, or scrolls until its end is in view
            assert slide["top"] >= -1 and slide["bottom"] <= slide["height"] + 1, (chapter, slide)
        assert changed, f"{chapter}: no live tool on the slides answered a change"
        assert cell_content(copy) == before, chapter  # presenting added no slide type or style
        page.keyboard.press("Alt+w")  # close the chapter's tab, as after a session
        expect(page.locator(f".lm-TabBar-tab[title*='{chapter}']")).to_have_count(0)


def run_all(page, copy, menus: dict) -> None:
    """Run every cell of the notebook on screen from the Run menu, and wait until all have run."""
    page.locator(".lm-MenuBar-itemLabel").get_by_text(menus["Run"], exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text(menus["Run All Cells"], exact=True).click()
    cells = json.loads(copy.read_text("utf-8"))["cells"]
    code = [i for i, cell in enumerate(cells) if cell["cell_type"] == "code"]
    page.wait_for_function(f"({RAN})({code})", polling=POLL)


def slide_groups(copy) -> tuple[list, list[list[int]]]:
    """The notebook's cells, and the cells of each slide (off-slide cells left out)."""
    cells = json.loads(copy.read_text("utf-8"))["cells"]
    groups: list[list[int]] = []
    for index, cell in enumerate(cells):
        kind = cell["metadata"].get("slideshow", {}).get("slide_type")
        if kind in {"skip", "notes"}:
            continue
        if kind in {"slide", "subslide"} or not groups:
            groups.append([])
        groups[-1].append(index)
    return cells, groups


def present(page, shots, name: str, copy, run_on_the_slides: bool) -> tuple[list[dict], bool]:
    """Present the notebook on screen from its first slide, as a trainer does in front of a
    room. With ``run_on_the_slides``, Shift+Enter runs the cell on screen and moves on, and the
    slide's last cell runs with Ctrl+Enter; otherwise the chapter has run already. Each slide,
    once its cells have run, is measured; the deck moves on with Space. Leave the deck and
    save. The slides, and whether a tool on them answered a change."""
    from playwright.sync_api import expect

    shots.mkdir(parents=True, exist_ok=True)
    cells, groups = slide_groups(copy)
    start_deck(page)
    slides, changed = [], False
    for group, following in itertools.zip_longest(groups, groups[1:]):
        for after in group[1:]:  # the deck steps cell by cell
            # Shift+Enter runs the cell and moves on (the kernel queues the runs)
            page.keyboard.press("Shift+Enter" if run_on_the_slides else "Space")
            wait_for_active(page, after)
        if run_on_the_slides:
            page.keyboard.press("Control+Enter")  # the slide's last cell: run it and stay
        so_far = [i for shown in groups[: len(slides) + 1] for i in shown]
        ran = [i for i in so_far if cells[i]["cell_type"] == "code"]
        page.wait_for_function(f"({RAN})({ran})", polling=POLL)
        slides.append(page.evaluate(SLIDE))
        if len(slides) <= 2:
            page.screenshot(path=str(shots / f"{name}_{len(slides)}.png"))
        if not changed and answers_a_change(page):
            changed = True
            # the tool had the focus (and made its cell the active one): back to the deck
            page.locator(f"{SHOWN} .jp-Cell").nth(group[-1]).focus()
            wait_for_active(page, group[-1])
        if following is not None:
            page.keyboard.press("Space")
            wait_for_active(page, following[0])
    # the tools render as real controls, with no error anywhere in the chapter
    expect(page.locator(f"{SHOWN} .jp-OutputArea .widget-box").first).to_be_attached()
    assert page.locator(f"{SHOWN} .jp-OutputArea-output[data-mime-type*='error']").count() == 0
    assert page.locator(f"{SHOWN} .jp-OutputArea-output[data-mime-type*='stderr']").count() == 0
    assert page.locator(SHOWN).get_by_text("Error displaying widget").count() == 0
    page.keyboard.press("Escape")
    expect(page.locator(".jp-Deck")).to_have_count(0)
    page.keyboard.press("Control+s")  # what presenting did to the notebook, on disk
    expect(page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty")).to_have_count(0)
    return slides, changed


def start_deck(page) -> None:
    """Select the first cell and click the deck button of the notebook's toolbar."""
    from playwright.sync_api import expect

    page.locator(f"{SHOWN} .jp-Cell").first.click()
    page.locator(f"{SHOWN} .jp-NotebookPanel-toolbar [data-command='deck:toggle']").click()
    expect(page.locator(".jp-Deck .jp-deck-mod-onscreen").first).to_be_visible()


# what a tool shows besides its controls: its text and its charts
VIEW = """area => [...area.querySelectorAll('.widget-html-content, img')]
  .map(e => e.tagName === 'IMG' ? e.src : e.innerHTML).join('|')"""


def answers_a_change(page) -> bool:
    """Move the first menu or slider of a tool on this slide; True when the tool's text or chart
    changes in answer (a live widget talking to the kernel, not a picture of one)."""
    tools = page.locator(".jp-deck-mod-onscreen .jp-OutputArea-output").filter(
        has=page.locator(".widget-dropdown select, .widget-slider .noUi-handle")
    )
    if not tools.count() or not tools.first.is_visible():
        return False
    tool = tools.first
    shown = tool.evaluate(VIEW)
    menu = tool.locator(".widget-dropdown select")
    if menu.count():
        current = menu.first.evaluate("m => m.selectedIndex")
        options = menu.first.locator("option").all_inner_texts()
        menu.first.select_option(label=options[1 if current == 0 else 0])
    else:
        handle = tool.locator(".widget-slider .noUi-handle").first
        at_start = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemin")
        handle.focus()
        page.keyboard.press("End" if at_start else "Home")  # to the other end of the range
    page.wait_for_function(
        f"([area, shown]) => ({VIEW})(area) !== shown",
        arg=[tool.element_handle(), shown],
        polling=POLL,
    )
    return True

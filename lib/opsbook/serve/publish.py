"""``python -m opsbook.serve.publish`` (``make slides``, ``make handouts``, ``make guide``): every
chapter of both editions as a file a trainer can take into a room without a network.

- **Decks** (``build/slides/<en|zh>/<chapter>.slides.html``): reveal.js slides, one file each,
  with reveal.js, the widget manager and the widgets' saved state inside it, so every tool shows
  the view it had when the chapter was last run (``make notebooks``). No code, no answer cells.
- **Handouts** (``build/handouts/<en|zh>/<chapter>.pdf``): the chapter as a printable A4 PDF:
  text, full tables, charts and the exercise questions; no code, answers or hints (they are in
  the trainer guide). Printed by the Chromium already on the machine (``OPSBOOK_CHROMIUM`` or
  one on the PATH), never a downloaded one.
- **Trainer guide** (``build/guide/<en|zh>/<chapter>.html``): ``opsbook.course.trainer_guide``.

Nothing is fetched from the network: reveal.js and the widget manager are vendored from npm in
``vendor/`` beside this module (versions in ``vendor/README.md``).
"""

import argparse
import copy
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

import nbformat

from opsbook.content import course
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import language
from opsbook.core.paths import PACKAGE_DIR, PROJECT_ROOT, relative_to_project
from opsbook.core.settings import EDITIONS
from opsbook.course.trainer_guide import guide_page
from opsbook.present.webfont import font_face
from opsbook.serve.browser import CHROMIUM_FLAGS, POLL, find_chromium
from opsbook.serve.launch import JUPYTER_CONFIG

VENDOR = PACKAGE_DIR / "vendor"
TEMPLATES = JUPYTER_CONFIG / "nbconvert" / "templates"
BUILD = PROJECT_ROOT / "build"


def chapters(language: str) -> list[Path]:
    """The chapter notebooks of an edition, in the course's order (``playbook/course.yaml``)."""
    return [EDITIONS[language].notebooks / f"{c.id}.ipynb" for c in course().chapters]


# what only a notebook's reader needs ("run the set-up cell first", "drag the slider"), marked
# in the Markdown so: invisible in the notebook's own view of the marks, left out of decks and
# handouts, which have no kernel
NOTEBOOK_ONLY = re.compile(r"\s?<!-- notebook -->.*?<!-- /notebook -->", re.S)


def _slides_only(notebook: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """The notebook without the cells kept off the slides (answer and hint cells) and without
    what only its reader needs; refused if its tools were saved without their state."""
    _check_widget_state(notebook, path)
    shown = copy.deepcopy(notebook)
    shown.cells = [
        c
        for c in shown.cells
        if c.metadata.get("slideshow", {}).get("slide_type") not in {"skip", "notes"}
    ]
    for cell in shown.cells:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_ONLY.sub("", cell.source)
    return shown


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _check_widget_state(notebook: nbformat.NotebookNode, path: Path) -> None:
    """A deck or handout draws each tool from the state saved with the notebook. A notebook
    saved without running it (Ctrl+S on a chapter just opened) keeps the tools' places but
    not their state: it would give a deck without its tools, so it is refused."""
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    views = [
        output.data[WIDGET_VIEW]["model_id"]
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if WIDGET_VIEW in output.get("data", {})
    ]
    lost = [model for model in views if model not in state]
    if lost:
        raise OpsbookError(
            f"{relative_to_project(path)}: {len(lost)} of its {len(views)} tools have no saved "
            "state (the notebook was saved without being run), so its deck and handout would "
            "show them empty — run `make notebooks` (or open it, Run All, and save), then build "
            "again."
        )


@lru_cache(maxsize=1)
def _vendored() -> dict[str, str]:
    return {
        "reveal_js": _inline_script((VENDOR / "reveal.js").read_text("utf-8")),
        "reveal_css": (VENDOR / "reset.css").read_text("utf-8")
        + (VENDOR / "reveal.css").read_text("utf-8"),
        "widgets_embed": _inline_script((VENDOR / "widgets-embed.js").read_text("utf-8")),
    }


def _inline_script(code: str) -> str:
    """Script text that cannot end its <script> element early: a backslash after ``<`` changes
    nothing in JavaScript's strings and regular expressions, and hides ``</script`` and ``<!--``
    from the HTML parser."""
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


FONT_PLACE = "/* the Chinese characters of the page */"


def _export(exporter, notebook: nbformat.NotebookNode) -> str:
    """The page, with the font cut down to the characters it shows (text, tables, widgets)."""
    resources = {"opsbook": {**_vendored(), "font_face": FONT_PLACE}}
    html, _ = exporter.from_notebook_node(notebook, resources=resources)
    shown = html.replace(_vendored()["widgets_embed"], "")  # the characters, not the scripts
    shown += json.dumps(notebook.metadata.get("widgets", {}), ensure_ascii=False)  # \u escapes
    return html.replace(FONT_PLACE, font_face(shown), 1)


def deck(path: Path) -> str:
    """One chapter as a self-contained reveal.js deck (HTML text)."""
    from nbconvert import SlidesExporter

    notebook = _slides_only(nbformat.read(path, as_version=4), path)
    exporter = SlidesExporter(
        template_name="opsbook_deck", extra_template_basedirs=[str(TEMPLATES)], exclude_input=True
    )
    return _export(exporter, notebook)


@lru_cache(maxsize=16)
def handout_page(path: Path) -> str:
    """One chapter as a page to print (HTML text)."""
    from nbconvert import HTMLExporter

    notebook = _slides_only(nbformat.read(path, as_version=4), path)
    exporter = HTMLExporter(
        template_name="opsbook_handout",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
    )
    return _export(exporter, notebook)


def _targets(languages: list[str], out: Path, suffix: str):
    """Each chapter of the editions asked for, with the file to write for it (folder made)."""
    for code in languages:
        for path in chapters(code):
            target = out / code / f"{path.stem}{suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            yield code, path, target


def write_slides(languages: list[str], out: Path = BUILD / "slides") -> list[Path]:
    written = []
    for _, path, target in _targets(languages, out, ".slides.html"):
        target.write_text(deck(path), encoding="utf-8")
        written.append(target)
    return written


def chapter_title(path: Path) -> str:
    """The chapter's title: the first heading of its notebook."""
    notebook = nbformat.read(path, as_version=4)
    first = next(c for c in notebook.cells if c.cell_type == "markdown")
    return first.source.splitlines()[0].lstrip("# ").strip()


def write_guides(languages: list[str], out: Path = BUILD / "guide") -> list[Path]:
    """The trainer guide of each chapter as a page (``opsbook.course.trainer_guide``)."""
    written = []
    for code, path, target in _targets(languages, out, ".html"):
        with language(code):
            target.write_text(guide_page(path.stem, chapter_title(path)), encoding="utf-8")
        written.append(target)
    return written


def write_handouts(
    languages: list[str], out: Path = BUILD / "handouts", browser=None
) -> list[Path]:
    """Print each chapter to PDF with ``browser`` (a Playwright Chromium), or with the Chromium
    on this machine."""
    if browser is not None:
        return _print_handouts(browser, languages, out)
    executable = find_chromium()
    if executable is None:
        raise OpsbookError(
            "make handouts prints with Chromium and found none: install it (Debian/Ubuntu: "
            "sudo apt-get install chromium-headless-shell) or set OPSBOOK_CHROMIUM to a Chrome "
            "or Chromium binary. The decks (make slides) need no browser."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            return _print_handouts(chromium, languages, out)
        finally:
            chromium.close()


def _print_handouts(browser, languages: list[str], out: Path) -> list[Path]:
    written = []
    page = browser.new_page()
    page.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())  # no network
    for _, path, target in _targets(languages, out, ".pdf"):
        printed = target.with_suffix(".html")
        printed.write_text(handout_page(path), encoding="utf-8")
        page.goto(printed.as_uri())
        page.wait_for_function(WIDGETS_DRAWN, polling=POLL)
        page.pdf(path=str(target), format="A4", print_background=True, margin=MARGINS)
        printed.unlink()
        written.append(target)
    page.close()
    return written


MARGINS = {"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"}
# every saved widget view on the page has been drawn by the widget manager
WIDGETS_DRAWN = """() => document.querySelectorAll(
  'script[type="application/vnd.jupyter.widget-view+json"]').length
  <= document.querySelectorAll('.widget-subarea').length"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m opsbook.serve.publish", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("what", choices=["slides", "handouts", "guide"])
    parser.add_argument("--lang", choices=sorted(EDITIONS), action="append", help="default: both")
    args = parser.parse_args(argv)
    languages = args.lang or sorted(EDITIONS)
    try:
        write = {"slides": write_slides, "handouts": write_handouts, "guide": write_guides}
        written = write[args.what](languages)
    except OpsbookError as error:
        sys.exit(str(error))
    for path in written:
        print(path.relative_to(PROJECT_ROOT))


if __name__ == "__main__":
    main()

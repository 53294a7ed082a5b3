"""`make slides` and `make handouts`: each chapter of both editions as an offline reveal.js deck
and a printable PDF. Every deck is opened in headless Chromium with the network blocked: no
request fails or leaves the file, every slide is there, the charts and the tools' saved views
are drawn."""

import html
import re

import nbformat
import pytest

from opsbook.content import course
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import language
from opsbook.core.settings import EDITIONS
from opsbook.course.exercises import exercises_for
from opsbook.serve import publish
from opsbook.serve.browser import POLL, find_chromium
from tests.conftest import chinese_outside_font

# every saved widget view drawn, every picture loaded
DRAWN = f"""() => ({publish.WIDGETS_DRAWN})()
  && [...document.images].every(p => p.complete && p.naturalWidth > 0)"""


SLIDES = "Reveal.getSlides().map((slide) => Reveal.getIndices(slide))"
SHOWN_SLIDE = ".reveal .slides section.present:not(.stack)"
SHOWN = f"""(() => {{
  const slide = document.querySelector("{SHOWN_SLIDE}"), box = slide.getBoundingClientRect();
  return {{height: box.height, content: slide.scrollHeight, room: slide.clientHeight}};
}})()"""
# sentences for a notebook's reader (there is no kernel in a deck or on paper)
FOR_NOTEBOOK_READERS = [
    "Run the set-up cell first",
    "先运行下面的准备单元格",
    "拖动滑块",
    "Move the sliders",
    "calc.set(",
    "run again",
    "后重新运行",
]


def slides_in(path) -> int:
    """How many slides the chapter has: a slide or sub-slide start among the cells shown."""
    notebook = nbformat.read(path, as_version=4)
    kinds = [c.metadata.get("slideshow", {}).get("slide_type") for c in notebook.cells]
    shown = [k for k in kinds if k not in {"skip", "notes"}]
    return 1 + sum(k in {"slide", "subslide"} for k in shown[1:])


@pytest.fixture(scope="class")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    return publish.write_slides(sorted(EDITIONS), out)


CHAPTERS = [(lang, p) for lang in sorted(EDITIONS) for p in publish.chapters(lang)]


class TestDecks:
    def test_every_chapter_of_both_editions(self, decks):
        assert len(CHAPTERS) == 2 * len(course().chapters)  # every chapter, both editions
        assert [d.parent.name + "/" + d.name.split(".")[0] for d in decks] == [
            f"{lang}/{path.stem}" for lang, path in CHAPTERS
        ]

    @pytest.mark.parametrize("edition, chapter", CHAPTERS, ids=lambda v: getattr(v, "stem", v))
    def test_a_deck_works_offline(self, browser, decks, artifacts, edition, chapter):
        deck = next(
            d for d in decks if d.parent.name == edition and d.name.startswith(chapter.stem)
        )
        html = deck.read_text("utf-8")
        assert "answer = " not in html and "ex.q1.hint" not in html  # no code, no answer cells
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        requests, failed, errors = [], [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())  # offline
        page.goto(deck.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", polling=POLL)
        page.wait_for_function(DRAWN, polling=POLL)
        page.wait_for_function("() => window.opsbookFitted === true", polling=POLL)
        total = page.evaluate("Reveal.getTotalSlides()")
        too_tall, boxes = [], []
        for number, place in enumerate(page.evaluate(SLIDES)):
            page.evaluate(f"Reveal.slide({place['h']}, {place.get('v') or 0})")
            shown = page.evaluate(SHOWN)
            if shown["height"] > 720.5 or shown["content"] > shown["room"] + 1:
                too_tall.append((number, shown))
            boxes += [f"slide {number}: {b}" for b in chinese_outside_font(page, SHOWN_SLIDE)]
            if number == 1:  # the first slide after the title
                page.screenshot(path=str(artifacts / f"deck_{edition}_{chapter.stem}.png"))
        page.evaluate("Reveal.slide(0)")
        boxes += chinese_outside_font(page, SHOWN_SLIDE)  # the title slide, once more
        pictures = page.evaluate("document.querySelectorAll('.reveal img').length")
        text = page.evaluate("document.body.innerText")
        page.close()
        assert failed == [] and errors == []
        assert [r for r in requests if not r.startswith(("data:", deck.as_uri()))] == []
        assert total >= slides_in(chapter)  # a slide taller than the screen goes on in the next
        assert too_tall == []  # every slide within 1280 × 720
        assert boxes == []  # every Chinese character in the course's font
        assert pictures > 0  # the charts are in the deck
        assert not [t for t in FOR_NOTEBOOK_READERS if t in text]


@pytest.fixture(scope="class")
def handouts(tmp_path_factory, browser):  # browser: skipped with the reason without Chromium
    out = tmp_path_factory.mktemp("handouts")
    return publish.write_handouts(sorted(EDITIONS), out, browser)


class TestHandouts:
    def test_a_pdf_per_chapter_of_both_editions(self, handouts):
        assert [h.parent.name + "/" + h.stem for h in handouts] == [
            f"{lang}/{path.stem}" for lang, path in CHAPTERS
        ]
        for handout in handouts:
            data = handout.read_bytes()
            assert data.startswith(b"%PDF-")
            assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 3, handout  # pages

    @pytest.mark.parametrize("edition, chapter", CHAPTERS, ids=lambda v: getattr(v, "stem", v))
    def test_the_questions_without_code_or_answers(self, edition, chapter):
        page = publish.handout_page(chapter)
        assert 'class="jp-CodeMirrorEditor' not in page  # no code
        assert "answer = " not in page and ".hint()" not in page
        with language(edition):
            exercises = exercises_for(chapter.stem)
            for exercise in exercises:
                assert str(exercise.spec.prompt) in html.unescape(page)
                assert str(exercise.spec.solution) not in html.unescape(page)


@pytest.mark.parametrize("edition, chapter", CHAPTERS, ids=lambda v: getattr(v, "stem", v))
def test_a_handout_draws_every_chinese_character_in_the_courses_font(
    browser, edition, chapter, tmp_path
):
    """The page Chromium prints to PDF: text, tables and every tool's saved view (whose own
    styles would otherwise print Chinese in a serif font without the glyphs)."""
    printed = tmp_path / "handout.html"
    printed.write_text(publish.handout_page(chapter), encoding="utf-8")
    page = browser.new_page()
    page.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())
    page.goto(printed.as_uri())
    page.wait_for_function(DRAWN, polling=POLL)
    page.evaluate("document.fonts.ready")
    boxes = chinese_outside_font(page)
    text = page.evaluate("document.body.innerText")
    page.close()
    assert boxes == []
    assert not [t for t in FOR_NOTEBOOK_READERS if t in text]


def test_a_chapter_saved_without_its_tools_state_is_refused_not_printed_empty(tmp_path):
    """Ctrl+S on a chapter that was opened but not run saves its tools without their state: the
    deck would lose every tool, so make slides and make handouts say how to fix it instead."""
    source = next(p for p in publish.chapters("zh") if p.stem == "05_daily_operations")
    notebook = nbformat.read(source, as_version=4)
    notebook.metadata["widgets"] = {}  # what JupyterLab saved
    unrun = tmp_path / source.name
    nbformat.write(notebook, unrun)
    for build in (publish.deck, publish.handout_page):
        with pytest.raises(OpsbookError, match=r"have no saved state .* run `make notebooks`"):
            build(unrun)


def test_the_headless_shell_is_taken_before_the_full_browser(tmp_path, monkeypatch):
    for name in ("chromium", "chromium-headless-shell"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("OPSBOOK_CHROMIUM", raising=False)
    assert find_chromium() == str(tmp_path / "chromium-headless-shell")
    monkeypatch.setenv("OPSBOOK_CHROMIUM", str(tmp_path / "chromium"))  # the user's choice wins
    assert find_chromium() == str(tmp_path / "chromium")

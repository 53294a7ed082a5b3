"""`make slides` and `make handouts`: each chapter of both editions as an offline reveal.js deck
and a printable PDF. Every deck is opened in headless Chromium with the network blocked: no
request fails or leaves the file, every slide is there, the charts and the tools' saved views
are drawn."""

import html
import re

import nbformat
import pytest

from opsbook import publish
from opsbook.browser import POLL, find_chromium
from opsbook.exercises import exercises_for
from opsbook.i18n import language

# every saved widget view drawn, every picture loaded
DRAWN = f"""() => ({publish.WIDGETS_DRAWN})()
  && [...document.images].every(p => p.complete && p.naturalWidth > 0)"""


def slides_in(path) -> int:
    """How many slides the chapter has: a slide or sub-slide start among the cells shown."""
    notebook = nbformat.read(path, as_version=4)
    kinds = [c.metadata.get("slideshow", {}).get("slide_type") for c in notebook.cells]
    shown = [k for k in kinds if k not in {"skip", "notes"}]
    return 1 + sum(k in {"slide", "subslide"} for k in shown[1:])


@pytest.fixture(scope="class")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    return publish.write_slides(sorted(publish.EDITIONS), out)


CHAPTERS = [(lang, p) for lang in sorted(publish.EDITIONS) for p in publish.chapters(lang)]


class TestDecks:
    def test_every_chapter_of_both_editions(self, decks):
        assert len(CHAPTERS) == 10
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
        total = page.evaluate("Reveal.getTotalSlides()")
        page.evaluate("Reveal.slide(1)")  # the first slide after the title
        page.screenshot(path=str(artifacts / f"deck_{edition}_{chapter.stem}.png"))
        pictures = page.evaluate("document.querySelectorAll('.reveal img').length")
        page.close()
        assert failed == [] and errors == []
        assert [r for r in requests if not r.startswith(("data:", deck.as_uri()))] == []
        assert total == slides_in(chapter)
        assert pictures > 0  # the charts are in the deck


@pytest.fixture(scope="class")
def handouts(tmp_path_factory, browser):  # browser: skipped with the reason without Chromium
    out = tmp_path_factory.mktemp("handouts")
    return publish.write_handouts(sorted(publish.EDITIONS), out, browser)


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


def test_the_headless_shell_is_taken_before_the_full_browser(tmp_path, monkeypatch):
    for name in ("chromium", "chromium-headless-shell"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("OPSBOOK_CHROMIUM", raising=False)
    assert find_chromium() == str(tmp_path / "chromium-headless-shell")
    monkeypatch.setenv("OPSBOOK_CHROMIUM", str(tmp_path / "chromium"))  # the user's choice wins
    assert find_chromium() == str(tmp_path / "chromium")

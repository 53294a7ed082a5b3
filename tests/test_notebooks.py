"""Course conventions every notebook keeps (nbval checks their outputs separately)."""

import json
import re
from pathlib import Path

import pytest

from opsbook.core.paths import NOTEBOOKS_DIR, PROJECT_ROOT

NOTEBOOKS = sorted(
    p for p in NOTEBOOKS_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)  # checkpoints are JupyterLab's copies, made when a learner saves
CHAPTERS = [p for p in NOTEBOOKS if re.match(r"\d\d_", p.name) and p.name != "00_start_here.ipynb"]
# a cell without a slide type continues the slide above it (nbconvert reads it as "-"); the live
# deck (jupyterlab-slideshow) hides a cell marked "-", so "-" is not used
SLIDE_TYPES = {None, "slide", "subslide", "fragment", "skip", "notes"}


def cells(path):
    return json.loads(path.read_text("utf-8"))["cells"]


def text(cell) -> str:
    return "".join(cell["source"])


def test_there_are_notebooks():
    assert (NOTEBOOKS_DIR / "00_start_here.ipynb") in NOTEBOOKS
    assert CHAPTERS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(NOTEBOOKS_DIR)))
def test_slide_types_show_in_the_live_deck(path):
    for index, cell in enumerate(cells(path)):
        assert cell["metadata"].get("slideshow", {}).get("slide_type") in SLIDE_TYPES, index
    assert cells(path)[0]["metadata"]["slideshow"]["slide_type"] == "slide"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: str(p.relative_to(NOTEBOOKS_DIR)))
def test_slides_run_the_set_up_and_leave_answers_off(path):
    """The set-up cell is on the title slide (stepping through the deck runs it; its code is
    folded away), answer and hint cells are off the slides."""
    setup = next(c for c in cells(path) if c["cell_type"] == "code")
    assert "set_language(" in text(setup)
    assert setup["metadata"].get("slideshow", {}).get("slide_type") != "skip"
    assert setup["metadata"]["jupyter"]["source_hidden"] is True
    for index, cell in enumerate(cells(path)):
        if re.match(r"answer = |# ex\.q\d", text(cell)):
            assert cell["metadata"]["slideshow"]["slide_type"] == "skip", index


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(NOTEBOOKS_DIR)))
def test_committed_executed_without_errors_or_machine_paths(path):
    raw = path.read_text("utf-8")
    assert str(PROJECT_ROOT) not in raw
    assert str(Path.home()) not in raw
    for cell in cells(path):
        if cell["cell_type"] == "code" and text(cell).strip() and not text(cell).startswith("#"):
            assert cell["execution_count"] is not None, text(cell)[:60]
            assert all(o["output_type"] != "error" for o in cell["outputs"])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: str(p.relative_to(NOTEBOOKS_DIR)))
def test_chapter_opens_with_objectives_and_ends_with_recap(path):
    chinese = "zh" in path.relative_to(NOTEBOOKS_DIR).parts
    assert ("学完本章，你能" if chinese else "After this chapter you can") in text(cells(path)[0])
    assert ("本章小结" if chinese else "Recap") in text(cells(path)[-1])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: str(p.relative_to(NOTEBOOKS_DIR)))
def test_chapter_has_at_least_three_checked_exercises(path):
    checks = {m for c in cells(path) for m in re.findall(r"ex\.(q\d+)\.check\(", text(c))}
    assert len(checks) >= 3


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: str(p.relative_to(NOTEBOOKS_DIR)))
def test_exercises_come_in_order_each_with_hint_and_solution_lines(path):
    code = ["".join(c["source"]) for c in cells(path) if c["cell_type"] == "code"]
    checked = [m for source in code for m in re.findall(r"ex\.(q\d+)\.check\(", source)]
    assert checked == sorted(checked, key=lambda q: int(q[1:]))
    for number, source in enumerate(code):
        for key in re.findall(r"ex\.(q\d+)\.check\(", source):
            after = code[number + 1] if number + 1 < len(code) else ""
            assert f"# ex.{key}.hint()" in after and f"# ex.{key}.solution()" in after, key

"""One course, two editions: every notebook exists in English (``notebooks/``) and in Chinese
(``notebooks/zh/``) with the same code, exercises and slide metadata; the Chinese prose is
Chinese; and no table a learner sees shows a code name or text cut short.

The checks are functions, and each is also run on a notebook broken on purpose, to show that it
catches what it is for.
"""

import copy
import io
import json
import re
import tokenize
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from opsbook.core.paths import NOTEBOOKS_DIR

ENGLISH = sorted(
    p.relative_to(NOTEBOOKS_DIR)
    for p in NOTEBOOKS_DIR.rglob("*.ipynb")
    if "zh" not in p.relative_to(NOTEBOOKS_DIR).parts and ".ipynb_checkpoints" not in p.parts
)
CHINESE = sorted(
    p.relative_to(NOTEBOOKS_DIR / "zh")
    for p in (NOTEBOOKS_DIR / "zh").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
HAN = re.compile(r"[\u4e00-\u9fff]")
LANGUAGE_LINE = re.compile(r'set_language\("(en|zh)"\)')
CODE_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")  # a snake_case key, alone in a cell
MISSING = {"NaN", "nan", "<NA>", "None", "NaT"}  # an empty cell should say "—" or why
# what a Chinese table may show without Chinese characters: numbers, periods, acronyms
NEUTRAL = re.compile(r"^[\dA-Z\s.,:%/()+\-–—→·#×≤≥<>&|]*$")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_without_comments(source: str) -> str:
    """A code cell as the parity check compares it: comments dropped, the language line
    neutral, blank lines and trailing spaces ignored."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    comments = [(t.start, t.end) for t in tokens if t.type == tokenize.COMMENT]
    lines = source.splitlines()
    for (row, start), (_row, end) in reversed(comments):
        line = lines[row - 1]
        lines[row - 1] = line[:start] + line[end:]
    kept = [LANGUAGE_LINE.sub('set_language("…")', line).rstrip() for line in lines]
    return "\n".join(line for line in kept if line.strip())


def parity_problems(english: dict, chinese: dict) -> list[str]:
    """Where two editions of a notebook disagree in structure (empty when they agree)."""
    problems = []
    kinds = [c["cell_type"] for c in english["cells"]], [c["cell_type"] for c in chinese["cells"]]
    if kinds[0] != kinds[1]:
        return [f"cell kinds differ: {len(kinds[0])} English cells, {len(kinds[1])} Chinese"]
    for number, (en, zh) in enumerate(zip(english["cells"], chinese["cells"], strict=True)):
        slide = en["metadata"].get("slideshow"), zh["metadata"].get("slideshow")
        if slide[0] != slide[1]:
            problems.append(f"cell {number}: slide metadata {slide[0]} vs {slide[1]}")
        if en["cell_type"] == "code":
            pair = [code_without_comments("".join(c["source"])) for c in (en, zh)]
            if pair[0] != pair[1]:
                problems.append(f"cell {number}: code differs:\n{pair[0]}\n---\n{pair[1]}")
    return problems


def prose_lines(notebook: dict) -> list[str]:
    """The lines of text a reader reads: markdown outside code blocks, with letters in them."""
    lines, fenced = [], False
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            if line.strip().startswith("```"):
                fenced = not fenced
            elif not fenced and any(ch.isalpha() for ch in line):
                lines.append(line)
    return lines


def _punctuation(character: str) -> bool:
    """CommonMark's Unicode punctuation (full-width marks such as 。 and ） included)."""
    return unicodedata.category(character)[0] in "PS"


def _closers_that_do_not_close(text: str) -> list[str]:
    """Each ``**`` that should close a bold span but cannot by CommonMark's rule: it follows
    punctuation and a letter follows it (``（首购人群）**上``). A renderer may then pair the stars
    wrongly instead of printing them, so the rendered page alone does not show every case."""
    found = []
    for paragraph in re.split(r"\n\s*\n", re.sub(r"`[^`]*`", "", text)):
        opened = False
        for match in re.finditer(r"(?<!\*)\*\*(?!\*)", paragraph):
            before = paragraph[match.start() - 1] if match.start() else " "
            after = paragraph[match.end()] if match.end() < len(paragraph) else " "
            if opened and _punctuation(before) and not after.isspace() and not _punctuation(after):
                found.append(paragraph[max(0, match.start() - 10) : match.end() + 10])
            opened = not opened
    return found


def unclosed_emphasis(notebook: dict) -> list[str]:
    """Markdown emphasis a reader sees as literal asterisks or misplaced bold: CommonMark does
    not close ``**`` after punctuation followed by a letter (``**开源节流。**新客``). Rendered
    with mistune (CommonMark's rules, as JupyterLab's renderer follows them), and each closing
    ``**`` checked against the rule itself, where mistune pairs the stars wrongly instead."""
    import mistune

    render = mistune.create_markdown()
    found = []
    for number, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        html = re.sub(r"<code>.*?</code>|<pre>.*?</pre>", "", render(source), flags=re.S)
        found += [
            f"cell {number}: …{m.group(0)}…" for m in re.finditer(r".{0,10}\*\*.{0,10}", html)
        ]
        found += [f"cell {number}: …{run}…" for run in _closers_that_do_not_close(source)]
    return found


def chinese_share(notebook: dict) -> float:
    lines = prose_lines(notebook)
    return sum(bool(HAN.search(line)) for line in lines) / len(lines)


class _Cells(HTMLParser):
    """The header and data cells of the HTML tables in an output, and the row headers."""

    def __init__(self):
        super().__init__()
        self.cells: list[tuple[str, str]] = []
        self.row_headers: list[str] = []
        self._open: str | None = None
        self._text = ""
        self._in_body = self._row_start = False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr":
            self._row_start = self._in_body
        elif tag in ("th", "td"):
            self._open, self._text = tag, ""
            self._row_header = tag == "th" and self._row_start
            self._row_start = False

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._open:
            self.cells.append((self._open, self._text.strip()))
            if self._row_header:
                self.row_headers.append(self._text.strip())
            self._open = None
        elif tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        if self._open:
            self._text += data


def table_problems(notebook: dict, chinese: bool) -> list[str]:
    """Table cells a learner should not see: row numbers that mean nothing, a code name, text cut
    with "…", NaN, and in the Chinese
    edition a header without Chinese (unless it is a number, a period or an acronym, or the cell
    shows the other language on purpose)."""
    problems = []
    for number, cell in enumerate(notebook["cells"]):
        on_purpose = "other_language()" in "".join(cell.get("source", []))
        for output in cell.get("outputs", []):
            page = "".join(output.get("data", {}).get("text/html", ""))
            if "<table" not in page:
                continue
            parser = _Cells()
            parser.feed(page)
            if parser.row_headers and all(h.isdigit() for h in parser.row_headers):
                problems.append(f"cell {number}: row numbers 0…n as the first column")
            for tag, text in parser.cells:
                if CODE_NAME.match(text) or text.endswith(("…", "...")) or text in MISSING:
                    problems.append(f"cell {number}: {tag} {text!r}")
                elif (
                    chinese
                    and tag == "th"
                    and not on_purpose
                    and not HAN.search(text)
                    and not NEUTRAL.match(text)
                ):
                    problems.append(f"cell {number}: English header {text!r}")
    return problems


def test_every_notebook_has_both_editions():
    assert ENGLISH, "no notebooks found"
    assert ENGLISH == CHINESE


@pytest.mark.parametrize("name", ENGLISH, ids=str)
def test_the_editions_agree_in_structure(name):
    problems = parity_problems(load(NOTEBOOKS_DIR / name), load(NOTEBOOKS_DIR / "zh" / name))
    assert problems == []


@pytest.mark.parametrize("name", CHINESE, ids=str)
def test_the_chinese_prose_is_chinese(name):
    assert chinese_share(load(NOTEBOOKS_DIR / "zh" / name)) >= 0.9


@pytest.mark.parametrize("name", CHINESE, ids=str)
def test_each_edition_sets_its_language(name):
    folders = (NOTEBOOKS_DIR, NOTEBOOKS_DIR / "zh")
    english, chinese = (json.dumps(load(folder / name)) for folder in folders)
    assert 'set_language(\\"zh\\")' in chinese and 'set_language(\\"en\\")' in english


@pytest.mark.parametrize(
    ("name", "chinese"),
    [(p, False) for p in ENGLISH] + [(Path("zh") / p, True) for p in CHINESE],
    ids=str,
)
def test_tables_show_names_and_whole_texts(name, chinese):
    assert table_problems(load(NOTEBOOKS_DIR / name), chinese) == []


# -- the checks catch what they are for -------------------------------------------------------


@pytest.fixture
def pair():
    name = Path("02_four_powers.ipynb")
    return load(NOTEBOOKS_DIR / name), load(NOTEBOOKS_DIR / "zh" / name)


def test_parity_catches_a_removed_cell(pair):
    english, chinese = pair
    broken = copy.deepcopy(chinese)
    del broken["cells"][5]
    assert parity_problems(english, broken)


def test_parity_catches_changed_code_and_slides(pair):
    english, chinese = pair
    broken = copy.deepcopy(chinese)
    code = next(c for c in broken["cells"] if c["cell_type"] == "code" and c["source"])
    code["source"] = ["1 + 1"]
    broken["cells"][0]["metadata"]["slideshow"] = {"slide_type": "skip"}
    found = parity_problems(english, broken)
    assert any("code differs" in p for p in found) and any("slide metadata" in p for p in found)


def test_parity_ignores_comments_and_the_language_line():
    english = 'set_language("en")  # 中文版\nanswer = ...  # a letter\n'
    chinese = 'set_language("zh")  # English edition\nanswer = ...  # 一个字母\n'
    assert code_without_comments(english) == code_without_comments(chinese)


def test_the_prose_check_catches_english_paragraphs(pair):
    _english, chinese = pair
    broken = copy.deepcopy(chinese)
    for cell in broken["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] += ["\n", "\n", "This paragraph was left in English by mistake.\n"] * 2
    assert chinese_share(broken) < 0.9


def test_the_table_check_catches_codes_cut_texts_and_english_headers():
    def notebook(html: str) -> dict:
        output = {"output_type": "execute_result", "data": {"text/html": html}}
        return {"cells": [{"cell_type": "code", "outputs": [output]}]}

    assert table_problems(notebook("<table><th>visits_target</th></table>"), False)
    assert table_problems(notebook("<table><td>NaN</td></table>"), False)
    numbered = "<table><tbody><tr><th>0</th><td>a</td></tr><tr><th>1</th><td>b</td></tr></tbody>"
    assert table_problems(notebook(numbered + "</table>"), False)
    assert table_problems(notebook("<table><td>Pick one definition (first...</td></table>"), False)
    assert table_problems(notebook("<table><th>Sales target</th></table>"), True)
    assert not table_problems(notebook("<table><th>销售目标</th><th>2025Q3</th></table>"), True)


@pytest.mark.parametrize("name", ENGLISH + [Path("zh") / n for n in CHINESE], ids=str)
def test_no_emphasis_prints_its_asterisks(name):
    assert unclosed_emphasis(load(NOTEBOOKS_DIR / name)) == []


def test_the_emphasis_check_catches_punctuation_before_the_closing_stars():
    broken = {
        "cells": [
            {"cell_type": "markdown", "source": ["**开源节流。**新客总要来"]},
            {"cell_type": "markdown", "source": ["**开源节流**。`**code**` 不算"]},
            {
                "cell_type": "markdown",
                "source": ["**链路**和 **复购率（首购人群）**上；**定价**上"],
            },
        ]
    }
    assert unclosed_emphasis(broken) == [
        "cell 0: …<p>**开源节流。**新客总要来</p>…",
        "cell 0: …**开源节流。**新客总要来…",
        "cell 2: …/strong>和 **复购率（首购人群）*…",
        "cell 2: …*复购率（首购人群）**上；**定价**上…",
    ]

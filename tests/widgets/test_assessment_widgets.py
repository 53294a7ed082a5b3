"""The chapter 2 tools: the GMV calculator follows its sliders; the worksheet saves every change,
restores it when opened again, reports unreadable files without overwriting them, and exports
reports with user text escaped."""

import base64
import json
import re

import pytest

from opsbook.content import load_playbook
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import language
from opsbook.four_powers.assessment import Answer, Assessment
from opsbook.four_powers.files import WorksheetFiles
from opsbook.four_powers.metrics import GmvInputs
from opsbook.four_powers.report import md_escape, report_html, report_markdown
from opsbook.widgets import GmvCalculator, SelfAssessment

HOSTILE = '<script>alert("x")</script> **Team** [link](javascript:alert(1)) | # _x_'


@pytest.fixture(scope="module")
def rubric():
    return load_playbook("four_powers")


@pytest.fixture
def files(rubric, tmp_path):
    return WorksheetFiles(rubric, tmp_path / "worksheets")


BASE = GmvInputs(
    traffic=10_000, lead_conversion=0.4, purchase_conversion=0.05, aov=120, repurchase=1.5
)


def test_calculator_follows_its_sliders(rubric):
    calc = GmvCalculator(rubric, BASE, "Q2")
    assert "GMV did not change" in calc.static_html()
    calc.sliders["purchase_conversion"].value = 0.044  # what dragging the slider does
    assert "fell 12.0 %" in calc.static_html()
    assert "Down: product-page conversion (-4,320)." in calc.static_html()
    chart = calc.chart.value  # drawn by the browser: the bars of the decomposition
    assert chart.startswith("<svg") and chart.count("<rect") == 5
    assert ">Product-page conversion</text>" in chart and ">-4,320</text>" in chart
    assert calc.figure().get_axes()[0].get_title() == calc.chart_title  # the same, for a page
    calc.set(aov=132, purchase_conversion=0.05)
    assert calc.summary() == "GMV calculator: 39,600 (+10.0 %)"
    with language("zh"):
        shown = GmvCalculator(rubric, BASE, "二季度").static_html()
    assert "GMV：<b>36,000</b>（二季度：36,000）" in shown and "UV 价值：<b>3.60</b>" in shown


def test_calculator_refuses_unknown_or_impossible_factors(rubric):
    calc = GmvCalculator(rubric, BASE)
    with pytest.raises(OpsbookError, match="Unknown factor"):
        calc.set(fans=3)
    with pytest.raises(OpsbookError, match="at least 1"):
        calc.set(repurchase=0.5)


def test_opening_does_not_create_a_file_and_the_first_change_does(rubric, files):
    sheet = SelfAssessment(rubric, files)
    assert files.listing()[0] == []
    sheet.team.value = "South Bay"  # what typing in the box does
    assert [e["team"] for e in files.listing()[0]] == ["South Bay"]


def test_every_change_is_saved_and_restored_when_opened_again(rubric, files):
    sheet = SelfAssessment(rubric, files)
    sheet.team.value = "South Bay"
    sheet.period.value = "2026-Q4"
    sheet.rows["op_public_reach"].level.value = 3
    sheet.rows["op_public_reach"].evidence.value = "QR codes at all tills"
    sheet.answer("op_full_chain", not_applicable=True)
    sheet.answer("or_role", level=2, target=5)
    assert sheet.summary() == "Four-powers worksheet: 2/16 answered, overall 2.50"

    again = SelfAssessment(rubric, files)  # a restarted kernel or a reloaded page
    assert again.doc_id == sheet.doc_id
    assert again.team.value == "South Bay" and again.period.value == "2026-Q4"
    assert again.rows["op_public_reach"].level.value == 3
    assert again.rows["op_public_reach"].evidence.value == "QR codes at all tills"
    assert again.rows["op_full_chain"].not_applicable.value is True
    assert again.rows["or_role"].target.value == 5
    assert again.summary() == sheet.summary()


def test_clearing_a_level_saves_not_answered(rubric, files):
    sheet = SelfAssessment(rubric, files)
    sheet.answer("op_public_reach", level=3)
    sheet.answer("op_public_reach", level=0)  # "Not answered yet"
    assert files.assessment(sheet.doc_id).answers["op_public_reach"].level is None


def test_a_new_worksheet_compares_with_the_same_teams_last_one(rubric, files):
    first = SelfAssessment(rubric, files)
    first.team.value = "East Lake"
    first.period.value = "2026-Q3"
    first.answer("op_public_reach", level=2)
    sheet = SelfAssessment(rubric, files)
    sheet.picker.value = "__new__"  # "+ New worksheet"
    assert sheet.doc_id is None and sheet.rows["op_public_reach"].level.value == 0
    sheet.team.value = "East Lake"
    sheet.period.value = "2026-Q4"
    sheet.answer("op_public_reach", level=4)
    reopened = SelfAssessment(rubric, files)
    assert reopened.doc_id == sheet.doc_id
    assert reopened.previous.value == first.doc_id
    assert "<th>2026-Q3</th>" in reopened.comparison.value
    assert "<td>2.0</td>" in reopened.comparison.value  # last quarter's operation score


def test_an_unreadable_file_is_reported_and_kept(rubric, files):
    sheet = SelfAssessment(rubric, files)
    sheet.answer("op_public_reach", level=3)
    path = files.store.path(sheet.doc_id)
    path.write_text(path.read_text("utf-8").replace('"level": 3', '"level": 9'), "utf-8")
    broken = path.read_text("utf-8")
    sheet.answer("or_role", level=2)
    assert "expected a number at most 5" in sheet.status.value
    assert path.read_text("utf-8") == broken
    fresh = SelfAssessment(rubric, files)  # the listing names the file instead of failing
    assert path.name in fresh.status.value


def test_export_downloads_escape_user_text(rubric, files):
    sheet = SelfAssessment(rubric, files)
    sheet.team.value = HOSTILE
    sheet.answer("op_public_reach", level=2, evidence="<img src=x onerror=alert(1)>")
    sheet.export_html.click()
    link = sheet.downloads.value
    assert "<script>" not in link
    page = base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1)).decode("utf-8")
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    sheet.export_md.click()
    text = base64.b64decode(re.search(r"base64,([^\"]+)", sheet.downloads.value).group(1))
    assert "<script>" not in text.decode("utf-8")


def test_static_rendering_escapes_the_team_name(rubric, files):
    sheet = SelfAssessment(rubric, files)
    sheet.team.value = HOSTILE
    assert "<script>" not in sheet.static_html()
    assert "&lt;script&gt;" in sheet.static_html()


def test_reports_escape_hostile_text_in_every_place(rubric):
    hostile = Assessment(
        team=HOSTILE,
        period="<b>Q4</b>",
        answers={"op_public_reach": Answer(2, evidence=HOSTILE)},
    )
    previous = Assessment(team=HOSTILE, period="<i>Q3</i>", answers={})
    page = report_html(rubric, hostile, previous)
    assert "<script>" not in page and "<b>Q4</b>" not in page and "<i>Q3</i>" not in page
    assert page.count("&lt;script&gt;") >= 3  # title, heading, evidence
    markdown = report_markdown(rubric, hostile, previous)
    assert "<script>" not in markdown and "<b>" not in markdown
    assert "\\[link\\](javascript" in markdown  # escaped brackets: no link can form
    assert "\\*\\*Team\\*\\*" in markdown


def test_markdown_escape_keeps_plain_text_readable():
    assert md_escape("South Bay 2026-Q4 (stores)") == "South Bay 2026-Q4 (stores)"
    assert md_escape("a\nb") == "a b"  # one line: a newline cannot start a heading


def test_the_saved_file_matches_the_documented_format(rubric, files):
    sheet = SelfAssessment(rubric, files)
    sheet.answer("pr_retention", level=4)
    document = json.loads(files.store.path(sheet.doc_id).read_text("utf-8"))
    assert set(document) == {"format", "version", "id", "team", "period", "updated", "answers"}
    assert document["answers"]["pr_retention"] == {
        "level": 4,
        "target": None,
        "not_applicable": False,
        "evidence": "",
    }


def test_picking_a_file_that_broke_since_the_list_was_made_says_so(rubric, files):
    first = SelfAssessment(rubric, files)
    first.answer("or_role", level=2)
    files.create("Other team", "2026-Q4")
    sheet = SelfAssessment(rubric, files)  # opens the newer worksheet
    files.store.path(first.doc_id).write_text("{", encoding="utf-8")
    sheet.picker.value = first.doc_id
    assert "not valid JSON" in sheet.status.value

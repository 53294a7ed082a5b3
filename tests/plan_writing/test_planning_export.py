"""Plans leave as documents and come back: Markdown, HTML and Word round-trip, the Word file opens
with python-docx and holds every section, user text is escaped, and plans save like worksheets."""

import json
from datetime import date

import pytest
from docx import Document

from opsbook.content import load_playbook
from opsbook.core.errors import StoreError
from opsbook.plan_writing import Plan, form
from opsbook.plan_writing.export import import_plan, to_docx, to_html, to_markdown
from opsbook.plan_writing.files import PlanFiles, example_plan
from opsbook.plan_writing.model import BudgetLine, ScheduleRow, budget_total

HOSTILE = '<script>alert("x")</script> **bold** [link](javascript:x) </script>'
EXAMPLES = ["national_day_event", "community_college_section", "flawed_plan"]


@pytest.fixture(scope="module")
def template():
    return load_playbook("plan_writing")


def write(tmp_path, plan, template, suffix):
    path = tmp_path / f"plan.{suffix}"
    if suffix == "docx":
        path.write_bytes(to_docx(plan, template))
    else:
        path.write_text((to_markdown if suffix == "md" else to_html)(plan, template), "utf-8")
    return path


@pytest.mark.parametrize("suffix", ["md", "html", "docx"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_export_then_import_gives_the_same_plan(tmp_path, template, name, suffix):
    plan = example_plan(name)
    assert import_plan(write(tmp_path, plan, template, suffix)).content() == plan.content()


@pytest.mark.parametrize("suffix", ["md", "html", "docx"])
def test_hostile_text_round_trips_and_is_escaped(tmp_path, template, suffix):
    plan = example_plan("national_day_event").model_copy(
        update={"title": HOSTILE, "background": [HOSTILE], "owner": HOSTILE}
    )
    path = write(tmp_path, plan, template, suffix)
    assert import_plan(path).content() == plan.content()
    if suffix != "docx":
        text = path.read_text("utf-8")
        assert "<script>alert" not in text
        assert text.count("</script>") == (1 if suffix == "html" else 0)  # only the plan data's


def test_markdown_without_the_chart_is_the_same_text_less_its_picture(template):
    plan = example_plan("national_day_event")
    full, text = to_markdown(plan, template), to_markdown(plan, template, chart=False)
    (picture,) = [line for line in full.splitlines() if line.startswith("![")]
    assert "data:image/png;base64," in picture
    assert full.replace(picture + "\n\n", "") == text


def test_word_document_opens_and_holds_every_section(tmp_path, template):
    plan = example_plan("national_day_event")
    document = Document(str(write(tmp_path, plan, template, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for section in template.sections:
        assert str(section.name) in headings
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Designer" in cells and "52,000" in cells
    assert "27,000.00" in cells  # 8,000 + 16,000 yuan + 300,000 coins at 100 per yuan
    assert len(document.inline_shapes) == 1  # the schedule chart
    assert plan.background[0] in [p.text for p in document.paragraphs]


def test_html_has_every_section_the_chart_and_the_total(template):
    page = to_html(example_plan("community_college_section"), template)
    for section in template.sections:
        assert f"<h2>{section.name}</h2>" in page
    assert 'id="schedule-chart"' in page and "data:image/png;base64," in page
    assert "7,000.00" in page  # 4,000 yuan + 600,000 points at 200 per yuan


def test_budget_converts_virtual_currencies():
    plan = Plan(
        budget=[
            BudgetLine(item="Red envelopes", amount=8000),
            BudgetLine(item="Draw", amount=300000, unit="Coins"),
            BudgetLine(item="Badges", amount=50, unit="stars"),
        ],
        exchange_rates={"coins": 100},
    )
    total, lines = budget_total(plan)
    assert total == 11000
    assert [value for _line, value in lines] == [8000, 3000, None]


def test_import_reports_files_it_cannot_read(tmp_path):
    other = tmp_path / "notes.md"
    other.write_text("# just notes\n", "utf-8")
    with pytest.raises(StoreError, match="no Ops Playbook plan found"):
        import_plan(other)
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(StoreError, match=r"cannot read \.txt"):
        import_plan(tmp_path / "a.txt")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "opsbook-plan", "version": 1, "kind": "party"}))
    with pytest.raises(StoreError, match="kind"):
        import_plan(bad)


def test_plans_save_field_by_field_and_reopen(tmp_path):
    files = PlanFiles(tmp_path / "plans")
    doc_id = files.create(example_plan("national_day_event"))
    files.set_fields(doc_id, title="Changed", schedule=[ScheduleRow(task="Only task")])
    again = PlanFiles(tmp_path / "plans").read(doc_id)
    assert again.title == "Changed" and [r.task for r in again.schedule] == ["Only task"]
    assert again.background == example_plan("national_day_event").background
    path = files.store.path(doc_id)
    path.write_text(path.read_text("utf-8").replace('"activity"', '"party"'), "utf-8")
    kept = path.read_text("utf-8")
    with pytest.raises(StoreError, match="kind"):
        files.set_fields(doc_id, title="x")
    assert path.read_text("utf-8") == kept


def test_form_text_round_trips_and_names_bad_lines():
    plan = example_plan("national_day_event")
    assert form.parse_schedule(form.format_schedule(plan.schedule))[0] == plan.schedule
    assert form.parse_budget(form.format_budget(plan.budget))[0] == plan.budget
    assert form.parse_rates(form.format_rates(plan.exchange_rates))[0] == plan.exchange_rates
    rows, problems = form.parse_objectives("GMV | 52k | yuan | 8 Oct")
    assert rows[0].target is None and rows[0].deadline is None
    assert problems == [
        'Objectives, line 1: "52k" is not a number — write digits like 52000',
        'Objectives, line 1: "8 Oct" is not a date — write it as 2026-10-08',
    ]
    rows, _ = form.parse_schedule("Posters | Designer | 2026-09-01")
    assert rows[0].start == date(2026, 9, 1) and rows[0].end is None

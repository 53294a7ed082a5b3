"""The plan builder and target tree: form edits are saved and restored, unreadable text is kept
as a draft, examples open as copies, findings follow the form, exports carry the plan."""

import base64
import re

import pytest

from opsbook.content import load_playbook
from opsbook.core.errors import OpsbookError
from opsbook.datasets import load_dataset
from opsbook.plan_writing import decompose
from opsbook.plan_writing.files import PlanFiles, example_plan
from opsbook.widgets import PlanBuilder, TargetTree


@pytest.fixture(scope="module")
def template():
    return load_playbook("plan_writing")


@pytest.fixture
def files(tmp_path):
    return PlanFiles(tmp_path / "plans")


def test_edits_are_saved_and_restored(template, files):
    builder = PlanBuilder(template, files)
    assert files.listing()[0] == []  # opening creates nothing
    builder.title.value = "Spring tea festival"  # what typing does
    builder.boxes["background"].value = "Tea sales doubled in April\nTwo new tea merchants"
    builder.boxes["schedule"].value = "Posters | Designer | 2026-03-01 | 2026-03-05 | 3 posters"
    builder.edit(**{"strategy.audience": "Tea buyers of the last year"})
    again = PlanBuilder(template, files)
    assert again.doc_id == builder.doc_id
    assert again.title.value == "Spring tea festival"
    assert again.boxes["background"].value == "Tea sales doubled in April\nTwo new tea merchants"
    assert again.boxes["schedule"].value == (
        "Posters | Designer | 2026-03-01 | 2026-03-05 | 3 posters"
    )
    assert again.strategy_fields["audience"].value == "Tea buyers of the last year"


def test_unreadable_text_is_kept_as_a_draft_until_it_reads(template, files):
    builder = PlanBuilder(template, files)
    builder.edit(objectives="GMV | 52k | yuan | 2026-10-08")
    assert "not a number" in builder.status.value
    reopened = PlanBuilder(template, files)
    assert reopened.boxes["objectives"].value == "GMV | 52k | yuan | 2026-10-08"  # nothing lost
    reopened.edit(objectives="GMV | 52000 | yuan | 2026-10-08")
    plan = files.read(reopened.doc_id)
    assert plan.drafts == {} and plan.objectives[0].target == 52000


def test_findings_follow_the_form(template, files):
    builder = PlanBuilder(template, files)
    builder.edit(direct_purposes="Raise sales\nGrow users")
    assert "2 direct purposes" in builder.findings.value
    builder.edit(direct_purposes="Raise sales")
    assert "2 direct purposes" not in builder.findings.value


def test_kind_changes_the_strategy_fields(template, files):
    builder = PlanBuilder(template, files)
    assert next(iter(builder.strategy_fields)) == "audience"
    builder.kind.value = "operation"
    assert list(builder.strategy_fields) == [
        "positioning",
        "content_operation",
        "user_incentives",
        "early_promotion",
    ]


def test_examples_open_as_copies(template, files):
    builder = PlanBuilder(template, files)
    builder.picker.value = "example:community_college_section"
    assert builder.summary().endswith("0 errors, 0 warnings")
    builder.edit(title="My section plan")
    assert example_plan("community_college_section").title != "My section plan"
    assert builder.plan.content() != example_plan("community_college_section").content()


def test_export_download_carries_an_escaped_plan(template, files):
    builder = PlanBuilder(template, files)
    builder.picker.value = "example:national_day_event"
    builder.edit(title="<script>x</script>")
    data = builder.export("html")
    assert b"<script>x</script>" not in data and b"&lt;script&gt;x&lt;/script&gt;" in data
    link = re.search(r'base64,([^"]+)"', builder.downloads.value).group(1)
    assert base64.b64decode(link) == data
    assert builder.export("docx")[:2] == b"PK"  # a zip, as every .docx


def test_an_exported_plan_reopens_in_the_builder(template, files, tmp_path):
    builder = PlanBuilder(template, files)
    builder.open_example("community_college_section")
    exported = tmp_path / "plan.docx"
    exported.write_bytes(builder.export("docx"))
    other = PlanBuilder(template, PlanFiles(tmp_path / "elsewhere"))
    other.open_file(exported)
    assert other.plan.content() == builder.plan.content()
    assert other.title.value == builder.plan.title


def test_target_tree_follows_its_controls():
    traffic, channels = load_dataset("daily_channel_traffic"), load_dataset("channels")
    months = decompose.monthly_levers(traffic)
    baseline = decompose.levers_for(months, "2025-12")
    tree = TargetTree(baseline, months, decompose.channel_mix(traffic, channels))
    tree.target.value = 150_000  # what moving the slider does
    assert tree.levers.sales == pytest.approx(150_000)
    assert tree.split["Visitors"].sum() == round(tree.levers.traffic)
    solved_traffic = tree.levers.traffic
    tree.set(solve_for="aov")  # traffic now stays at the value it had
    assert tree.levers.traffic == pytest.approx(solved_traffic, abs=0.01)
    tree.inputs["conversion"].value = 3.0  # typing a conversion of 3 %
    assert tree.levers.conversion == pytest.approx(0.03)
    assert tree.levers.aov == pytest.approx(150_000 / (tree.levers.traffic * 0.03))
    assert tree.inputs["aov"].disabled and not tree.inputs["conversion"].disabled
    tree.set(solve_for="traffic", conversion=0.025, aov=120)
    assert tree.levers.traffic == pytest.approx(50_000)  # 150,000 ÷ (0.025 × 120)
    page = tree.static_html()
    assert "The tree closes" in page and "50,000 visitors × 2.50% order conversion" in page
    with pytest.raises(OpsbookError):
        tree.set(solve_for="price")


def test_the_schedule_chart_is_drawn_by_the_browser_a_bar_per_dated_task(template, files):
    builder = PlanBuilder(template, files)
    builder.edit(
        schedule="Posters | Designer | 2026-09-01 | 2026-09-10 | 3 posters\n"
        "Undated | Nobody | | | left out\n"
        "A task whose name is far too long to fit left of the bars | Operator "
        "| 2026-09-11 | 2026-09-20 | ok"
    )
    chart = builder.chart.value
    bars = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', chart)
    assert len(bars) == 2  # the undated row is left out (the linter names it)
    (x1, w1), (x2, w2) = ((float(x), float(w)) for x, w in bars)
    assert x2 == pytest.approx(x1 + w1) and w1 == pytest.approx(w2)  # ten days each, one after
    assert ">Designer</text>" in chart and "<title>Posters: Designer</title>" in chart
    assert "…</text>" in chart and "far too long to fit left of the bars: Operator" in chart
    assert ">09-01</text>" in chart
    builder.edit(schedule="")
    assert "No dated tasks yet" in builder.chart.value

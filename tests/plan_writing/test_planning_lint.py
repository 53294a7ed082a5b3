"""Every rule of the plan linter, with a case that passes and a case that fails."""

from datetime import date

import pytest

from opsbook.content import load_playbook
from opsbook.core.i18n import language
from opsbook.plan_writing import Plan, lint
from opsbook.plan_writing.files import example_plan
from opsbook.plan_writing.lint import RULES
from opsbook.plan_writing.model import BudgetLine, Objective, ScheduleRow


@pytest.fixture(scope="module")
def template():
    return load_playbook("plan_writing")


@pytest.fixture(scope="module")
def good():
    return example_plan("national_day_event")


def rules_hit(plan, template) -> set[str]:
    return {finding.rule for finding in lint(plan, template)}


def with_(plan: Plan, **fields) -> Plan:
    return plan.model_copy(update=fields)


GOOD_ROW = ScheduleRow(
    task="Posters",
    owner="Designer",
    start=date(2026, 9, 1),
    end=date(2026, 9, 5),
    deliverable="3 posters",
)

# rule -> (fields that break it, fields that satisfy it), applied to the passing example
CASES = {
    "background_missing": ({"background": ["  "]}, {"background": ["One fact"]}),
    "background_too_long": ({"background": ["a", "b", "c", "d"]}, {"background": ["a", "b", "c"]}),
    "purpose_direct_count": (
        {"direct_purposes": ["Raise sales", "Grow users"]},
        {"direct_purposes": ["Raise sales"]},
    ),
    "purpose_indirect_max": (
        {"indirect_purposes": ["a", "b", "c"]},
        {"indirect_purposes": ["a", "b"]},
    ),
    "objectives_missing": (
        {"objectives": []},
        {
            "objectives": [
                Objective(metric="GMV", target=1, unit="yuan", deadline=date(2026, 10, 8))
            ]
        },
    ),
    "objective_not_quantified": (
        {"objectives": [Objective(metric="Activity", unit="", deadline=date(2026, 10, 8))]},
        {
            "objectives": [
                Objective(metric="DAU", target=5000, unit="users", deadline=date(2026, 10, 8))
            ]
        },
    ),
    "objective_no_deadline": (
        {"objectives": [Objective(metric="GMV", target=1, unit="yuan")]},
        {
            "objectives": [
                Objective(metric="GMV", target=1, unit="yuan", deadline=date(2026, 10, 8))
            ]
        },
    ),
    "strategy_element_missing": ({"strategy": {"mechanics": "Two-wave price"}}, {}),
    "schedule_missing": ({"schedule": []}, {"schedule": [GOOD_ROW]}),
    "schedule_row_incomplete": (
        {"schedule": [GOOD_ROW.model_copy(update={"owner": ""})]},
        {"schedule": [GOOD_ROW]},
    ),
    "schedule_vague_owner": (
        {"schedule": [GOOD_ROW.model_copy(update={"owner": "Team"})]},
        {"schedule": [GOOD_ROW]},
    ),
    "schedule_dates_reversed": (
        {"schedule": [GOOD_ROW.model_copy(update={"end": date(2026, 8, 30)})]},
        {"schedule": [GOOD_ROW.model_copy(update={"end": date(2026, 9, 1)})]},
    ),  # one-day task
    "schedule_after_deadline": (
        {"schedule": [GOOD_ROW.model_copy(update={"end": date(2026, 11, 1)})]},
        {"schedule": [GOOD_ROW.model_copy(update={"end": date(2026, 10, 31)})]},
    ),  # = deadline
    "resources_missing": ({"resources": []}, {"resources": ["Home-page banner"]}),
    "budget_missing": ({"budget": []}, {"budget": [BudgetLine(item="Prizes", amount=0)]}),
    "budget_unconverted": (
        {"budget": [BudgetLine(item="Draw", amount=1000, unit="points")]},
        {"budget": [BudgetLine(item="Draw", amount=1000, unit="coins")]},
    ),
    "unread_text": ({"drafts": {"schedule": "Posters | Designer | 1 Sep"}}, {"drafts": {}}),
    "copy_compliance": (
        {"strategy": {"copy_materials": "全网最低价，五星好评返现 5 元"}},
        {"strategy": {"copy_materials": "5 月卖出 1,200 份，到店打卡送饮品"}},
    ),
    "budget_negative": (
        {"budget": [BudgetLine(item="Refund", amount=-5)]},
        {"budget": [BudgetLine(item="Prizes", amount=5)]},
    ),
}


def test_every_rule_has_a_case():
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fails_and_passes(rule, template, good):
    broken, fixed = CASES[rule]
    assert rule in rules_hit(with_(good, **broken), template)
    assert rule not in rules_hit(with_(good, **fixed), template)


@pytest.mark.parametrize("code", ["en", "zh"])
def test_the_worked_examples_pass(template, code):
    with language(code):
        for name in ("national_day_event", "community_college_section"):
            assert lint(example_plan(name), template) == [], name


@pytest.mark.parametrize("code", ["en", "zh"])
def test_the_flawed_plan_and_an_empty_plan_show_every_rule(template, code):
    with language(code):
        flawed = rules_hit(example_plan("flawed_plan"), template)
    empty = rules_hit(Plan(), template)
    assert flawed | empty == set(RULES)
    assert len(flawed) >= 13


def test_the_examples_are_the_same_plans_in_both_languages():
    """The Chinese examples translate the English ones: same structure, numbers and dates."""

    def shape(plan: Plan) -> dict:
        data = plan.model_dump(mode="json")
        return {
            "kind": data["kind"],
            "stage": data["stage"],
            "work_type": data["work_type"],
            "counts": [len(data[k]) for k in ("background", "direct_purposes", "objectives")],
            "targets": [(o["target"], o["deadline"]) for o in data["objectives"]],
            "strategy": sorted(data["strategy"]),
            "schedule": [(r["start"], r["end"]) for r in data["schedule"]],
            "budget": [line["amount"] for line in data["budget"]],
            "rates": sorted(data["exchange_rates"].values()),
        }

    for name in ("national_day_event", "community_college_section", "flawed_plan"):
        english = example_plan(name)
        with language("zh"):
            chinese = example_plan(name)
        assert shape(chinese) == shape(english), name
        assert chinese.title != english.title


def test_findings_read_like_advice(template):
    plan = Plan(direct_purposes=["Raise sales", "Grow users"])
    texts = [f.text(template) for f in lint(plan, template)]
    assert (
        "Purpose: 2 direct purposes — keep one; move the others to indirect or drop them" in texts
    )


def test_errors_come_before_warnings(template):
    severities = [f.severity for f in lint(example_plan("flawed_plan"), template)]
    assert severities == sorted(severities, key=lambda s: s != "error")


def test_rule_limits_come_from_the_template(template):
    relaxed = template.model_copy(
        update={"rules": template.rules.model_copy(update={"background_max_items": 5})}
    )
    plan = with_(example_plan("national_day_event"), background=["a", "b", "c", "d"])
    assert "background_too_long" in rules_hit(plan, template)
    assert "background_too_long" not in rules_hit(plan, relaxed)


def test_chinese_findings(template):
    with language("zh"):
        texts = [f.text(template) for f in lint(Plan(direct_purposes=["a", "b"]), template)]
    assert any(t.startswith("项目目的：2 个直接目的") for t in texts)

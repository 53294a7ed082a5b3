"""Organization domain: department profiles, the responsibility matrix, work areas and the
organization-model chooser's recommendations."""

import pytest

from opsbook import department_structure
from opsbook.content import load_playbook
from opsbook.core.errors import AnswerError
from opsbook.core.i18n import language


@pytest.fixture(scope="module")
def playbook():
    return load_playbook("department_structure")


def answers(**overrides):
    base = {
        "team_size": "medium",
        "offline_stores": "few",
        "ecommerce_team": "no",
        "budget": "medium",
        "main_goal": "reach",
    }
    return {**base, **overrides}


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (answers(), "marketing_led"),
        (answers(offline_stores="many", main_goal="store_sales", budget="low"), "offline_led"),
        (answers(ecommerce_team="yes", main_goal="online_sales", budget="low"), "under_ecommerce"),
        (answers(team_size="large", budget="high", main_goal="long_term"), "independent"),
    ],
)
def test_chooser_recommends_the_fitting_model(playbook, profile, expected):
    assert department_structure.recommend_model(playbook, profile).best.model.key == expected


def test_chooser_explains_its_choice(playbook):
    rec = department_structure.recommend_model(
        playbook, answers(offline_stores="many", main_goal="store_sales", budget="low")
    )
    assert rec.best.score == 7
    assert any("50 or more (+3)" in reason for reason in rec.best.reasons)
    scores = [fit.score for fit in rec.ranking]
    assert scores == sorted(scores, reverse=True)
    assert len(rec.ranking) == 4


def test_no_budget_speaks_against_an_independent_team(playbook):
    rec = department_structure.recommend_model(
        playbook, answers(budget="low", main_goal="long_term")
    )
    independent = next(f for f in rec.ranking if f.model.key == "independent")
    assert any("(-3)" in caution for caution in independent.cautions)


def test_ties_keep_the_playbook_order(playbook):
    neutral = answers(
        team_size="medium",
        offline_stores="few",
        ecommerce_team="no",
        budget="medium",
        main_goal="reach",
    )
    first = department_structure.recommend_model(playbook, neutral).ranking
    second = department_structure.recommend_model(
        playbook, dict(reversed(list(neutral.items())))
    ).ranking
    assert [f.model.key for f in first] == [f.model.key for f in second]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"budget": "huge"}, '"huge" is not an answer to "budget" — use one of: low, medium, high'),
        ({"colour": "red"}, "Unknown question(s) ['colour']"),
    ],
)
def test_chooser_rejects_bad_answers(playbook, bad, message):
    with pytest.raises(AnswerError) as caught:
        department_structure.recommend_model(playbook, {**answers(), **bad})
    assert message in str(caught.value)


def test_chooser_needs_every_answer(playbook):
    partial = answers()
    del partial["budget"]
    with pytest.raises(AnswerError, match=r'"budget".*has no answer'):
        department_structure.recommend_model(playbook, partial)


def test_recommendation_card_shows_trade_offs(playbook):
    html = department_structure.recommendation_html(
        department_structure.recommend_model(playbook, answers())
    )
    assert "Recommended: Led by the marketing department" in html
    assert "Disconnected from offline channels" in html
    assert "Also consider" in html


def test_department_profile_has_handoffs_both_ways(playbook):
    profile = department_structure.department_profile(playbook, "operations")
    assert {d.key for d, _ in profile.hands_off_to} == {
        "technology",
        "customer_service",
        "business_center",
    }
    assert {d.key for d, _ in profile.receives_from} == {
        "business_center",
        "copywriting",
        "customer_service",
        "technology",
    }
    assert len(profile.work_areas) == 5
    card = department_structure.department_card_html(profile)
    assert "Receives from" in card and "Repurchase rate" in card


def test_unknown_department_lists_known(playbook):
    with pytest.raises(AnswerError, match="use one of: business_center, copywriting"):
        department_structure.department_profile(playbook, "sales")


def test_every_task_has_exactly_one_owner(playbook):
    matrix = department_structure.responsibility_matrix(playbook)
    assert ((matrix == "R").sum(axis=1) == 1).all()
    assert len(matrix) == len(playbook.role_map.tasks)
    assert set(matrix.to_numpy().ravel()) <= {"", "R", "C"}


def test_workload_counts_match_the_matrix(playbook):
    workload = department_structure.role_workload(playbook)
    assert workload["Owner (R)"].sum() == len(playbook.role_map.tasks)
    assert workload.loc["Marketing lead (also head of the Intime online channel)", "Owner (R)"] == 9


def test_every_work_area_is_carried(playbook):
    matrix = department_structure.work_area_matrix(playbook)
    assert (matrix.sum(axis=1) >= 1).all()
    assert matrix.loc["Data analysis", "Technology center"] == 1


def test_tables_follow_the_language(playbook):
    with language("zh"):
        table = department_structure.offices_table(playbook)
        assert list(table.columns) == ["前中后台", "部门", "使命"]
        assert table.iloc[0, 0] == "前台"
    assert list(department_structure.offices_table(playbook).columns) == [
        "Office",
        "Department",
        "Mission",
    ]

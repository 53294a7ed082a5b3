"""Scoring rules: weights, not applicable, partial worksheets, gaps, comparison and cohorts."""

import pandas as pd
import pytest

from opsbook.content import load_playbook
from opsbook.four_powers.assessment import (
    DEFAULT_TARGET,
    Answer,
    Assessment,
    cohort_summary,
    cohort_table,
    compare,
    dimension_scores,
    gap_table,
    gaps,
    latest_period,
    score,
    team_history,
    weakest_items,
)


@pytest.fixture(scope="module")
def rubric():
    return load_playbook("four_powers")


def test_power_score_is_the_weighted_mean_of_its_items(rubric):
    # op_public_reach weighs 3, op_full_chain weighs 2
    sheet = Assessment(answers={"op_public_reach": Answer(5), "op_full_chain": Answer(1)})
    scores = score(rubric, sheet)
    assert scores.powers.loc["operation", "score"] == pytest.approx((5 * 3 + 1 * 2) / 5)
    assert scores.overall == pytest.approx(3.4)


def test_not_applicable_items_drop_out_and_their_weight_is_redistributed(rubric):
    sheet = Assessment(
        answers={
            "op_public_reach": Answer(5),
            "op_full_chain": Answer(1, not_applicable=True),
        }
    )
    scores = score(rubric, sheet)
    assert scores.powers.loc["operation", "score"] == 5
    assert scores.powers.loc["operation", "applicable"] == 6
    assert scores.applicable == len(rubric.items) - 1


def test_a_partial_worksheet_scores_what_is_answered_and_says_how_complete(rubric):
    sheet = Assessment(answers={"pr_retention": Answer(2), "me_assortment": Answer(4)})
    scores = score(rubric, sheet)
    assert scores.answered == 2
    assert scores.completeness == pytest.approx(2 / len(rubric.items) * 100)
    assert (
        scores.powers.loc["operation", "score"] is None
        or (scores.powers["score"].isna()["operation"])
    )
    assert scores.overall == pytest.approx(3)  # mean of product 2 and merchandise 4


def test_an_empty_worksheet_has_no_score(rubric):
    scores = score(rubric, Assessment())
    assert scores.overall is None
    assert scores.completeness == 0


def test_overall_weights_powers(rubric):
    heavy = rubric.model_copy(
        update={"powers": [rubric.powers[0].model_copy(update={"weight": 3}), *rubric.powers[1:]]}
    )
    sheet = Assessment(answers={"op_public_reach": Answer(5), "pr_retention": Answer(1)})
    assert score(heavy, sheet).overall == pytest.approx((5 * 3 + 1) / 4)


def test_gaps_are_ranked_by_weight_times_gap_with_the_next_action(rubric):
    sheet = Assessment(
        answers={
            "op_full_chain": Answer(1),  # weight 2 × gap 3 = 6
            "op_public_reach": Answer(2),  # weight 3 × gap 2 = 6, earlier in the playbook
            "pr_retention": Answer(3, target=5),  # weight 3 × gap 2 = 6
            "me_assortment": Answer(4),  # at the default target: no gap
            "or_role": Answer(5, target=3),  # above target: no gap
        }
    )
    found = gaps(rubric, sheet)
    assert [g.item.key for g in found] == ["op_public_reach", "op_full_chain", "pr_retention"]
    assert [g.priority for g in found] == [6, 6, 6]
    assert found[0].action == str(rubric.items["op_public_reach"].actions[2])
    assert DEFAULT_TARGET == 4
    table = gap_table(rubric, sheet, top=2)
    assert len(table) == 2
    assert list(table["Priority"]) == [6, 6]


def test_not_applicable_items_have_no_gap(rubric):
    sheet = Assessment(answers={"op_full_chain": Answer(1, not_applicable=True)})
    assert gaps(rubric, sheet) == []


def test_compare_shows_the_change_per_power_and_overall(rubric):
    before = Assessment("A", "2026-Q3", {"op_public_reach": Answer(2), "pr_retention": Answer(2)})
    after = Assessment("A", "2026-Q4", {"op_public_reach": Answer(4), "pr_retention": Answer(2)})
    table = compare(rubric, before, after)
    assert table.loc["operation", "change"] == 2
    assert table.loc["product", "change"] == 0
    assert table.loc["overall", "before"] == 2
    assert table.loc["overall", "after"] == 3


def test_cohort_statistics(rubric):
    teams = [
        Assessment("A", "Q4", {"op_public_reach": Answer(2)}),
        Assessment("B", "Q4", {"op_public_reach": Answer(4), "or_role": Answer(3)}),
        Assessment("C", "Q4", {}),
    ]
    table = cohort_table(rubric, teams)
    assert list(table["team"]) == ["A", "B", "C"]
    summary = cohort_summary(rubric, table)
    assert summary.loc["Operation power", "count"] == 2
    assert summary.loc["Operation power", "mean"] == 3
    assert summary.loc["Operation power", "std"] == pytest.approx(1.41, abs=0.01)
    assert summary.loc["Organization power", "count"] == 1
    weakest = weakest_items(rubric, teams, top=1)
    assert weakest.iloc[0]["item"] == "op_public_reach"
    assert weakest.iloc[0]["teams"] == 2


def test_dimension_scores_are_weighted_within_each_dimension(rubric):
    sheet = Assessment(
        answers={
            "op_public_reach": Answer(5),  # touchpoints, weight 3
            "op_full_chain": Answer(2),  # touchpoints, weight 2
            "op_guide_in": Answer(1, not_applicable=True),  # conversion: nothing counts
        }
    )
    table = dimension_scores(rubric, sheet).set_index("dimension")
    assert table.loc["touchpoints", "score"] == pytest.approx((5 * 3 + 2 * 2) / 5)
    assert pd.isna(table.loc["conversion", "score"])  # nothing counts there yet
    assert len(table) == sum(len(p.dimensions) for p in rubric.powers)


def test_team_history_and_latest_period():
    sheets = [
        Assessment("West Gate stores", "2026-Q3"),
        Assessment("West Gate stores", "2026-Q2"),
        Assessment("East Lake stores", "2026-Q3"),
    ]
    assert [a.period for a in team_history(sheets, "West Gate")] == ["2026-Q2", "2026-Q3"]
    assert [a.team for a in latest_period(sheets)] == ["West Gate stores", "East Lake stores"]
    assert latest_period([]) == []

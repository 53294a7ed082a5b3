"""Goal decomposition: the leaves reproduce the target, channel splits add up, MECE checks."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import language
from opsbook.datasets import load_dataset
from opsbook.plan_writing import decompose
from opsbook.plan_writing.decompose import Node, SalesLevers, check_tree, solve

BASE = SalesLevers(traffic=40_000, conversion=0.025, aov=120)


@pytest.fixture(scope="module")
def sample():
    traffic, channels = load_dataset("daily_channel_traffic"), load_dataset("channels")
    months = decompose.monthly_levers(traffic)
    return months, decompose.channel_mix(traffic, channels)


@pytest.mark.parametrize("lever", ["traffic", "conversion", "aov"])
def test_solving_any_lever_reproduces_the_target(lever):
    levers = solve(150_000, BASE, lever)
    assert levers.sales == pytest.approx(150_000)
    for other in {"traffic", "conversion", "aov"} - {lever}:
        assert getattr(levers, other) == getattr(BASE, other)


def test_hand_computed_case():
    assert solve(150_000, BASE).traffic == pytest.approx(50_000)  # 150,000 ÷ (0.025 × 120)
    assert solve(150_000, BASE, "aov", traffic=50_000).aov == pytest.approx(120)


def test_bad_targets_are_refused():
    with pytest.raises(OpsbookError, match="positive"):
        solve(0, BASE)
    with pytest.raises(OpsbookError, match="use one of"):
        solve(1000, BASE, "price")


@given(st.integers(min_value=1_000, max_value=5_000_000))
def test_channel_split_adds_up_exactly(visits):
    mix = pd.DataFrame(
        {
            "name_en": ["A", "B", "C"],
            "name_zh": ["甲", "乙", "丙"],
            "share": [0.5, 0.3, 0.2],
            "cost_per_visit": [1.0, 0.5, 0.1],
            "cost_per_order": [40.0, 20.0, 4.0],
        },
        index=["a", "b", "c"],
    )
    split = decompose.split_traffic(visits, mix)
    assert split["Visitors"].sum() == visits
    assert (split["Cost"] == (split["Visitors"] * split["Cost per visitor"]).round(0)).all()


def test_sample_channel_mix_shares_sum_to_one(sample):
    _months, mix = sample
    assert mix["share"].sum() == pytest.approx(1)
    assert (mix["cost_per_order"] == mix["cost_per_visit"] / mix["conversion"]).all()


def test_sales_tree_leaves_reproduce_the_target(sample):
    months, mix = sample
    baseline = decompose.levers_for(months, "2025-12")
    levers = solve(120_000, baseline)
    tree = decompose.sales_tree(120_000, levers, decompose.split_traffic(levers.traffic, mix))
    assert check_tree(tree) == []
    product = math.prod(child.value for child in tree.children)
    assert product == pytest.approx(120_000, rel=1e-3)


def test_lever_options_need_the_same_factor_and_rank_by_headroom(sample):
    months, mix = sample
    baseline = decompose.levers_for(months, "2025-12")
    options = decompose.lever_options(120_000, baseline, months, mix)
    assert options["Change %"].round(2).nunique() == 1  # any lever alone scales by target/now
    beyond = dict(zip(options["Lever"], options["Beyond best month %"], strict=True))
    assert decompose.cheapest_lever(options) == min(beyond, key=beyond.get)
    extra = options.loc[options["Lever"] == "Visitors", "Extra cost (yuan)"].iloc[0]
    blended = (mix["share"] * mix["cost_per_visit"]).sum()
    assert extra == pytest.approx(
        (solve(120_000, baseline).traffic - baseline.traffic) * blended, rel=1e-3
    )


def test_registration_tree():
    split = pd.DataFrame({"Channel": ["A", "B"], "Share %": [75.0, 25.0], "Visits": [3, 1]})
    tree = decompose.registration_tree(2_000, 0.08, split)
    assert tree.children[0].value == pytest.approx(25_000)
    assert [c.value for c in tree.children[0].children] == pytest.approx([18_750, 6_250])
    assert check_tree(tree) == []
    odd = pd.DataFrame({"Channel": ["A", "B", "C"], "Share %": [0, 0, 0], "Visits": [1, 1, 1]})
    visitors = [c.value for c in decompose.registration_tree(100, 0.08, odd).children[0].children]
    assert visitors == [416, 417, 417] and sum(visitors) == 1_250  # whole people, adding up


def test_the_tree_table_writes_each_value_by_its_kind():
    levers = SalesLevers(traffic=41_704.02, conversion=0.0239, aov=120.166)
    split = pd.DataFrame({"Channel": ["A"], "Share %": [100.0], "Visitors": [41_704]})
    with language("zh"):
        table = decompose.tree_table(decompose.sales_tree(120_000, levers, split))
    assert list(table["数值"]) == ["120,000", "41,704", "41,704", "2.39%", "120.17"]
    assert list(table["分支"])[-2:] == ["    └ 订单转化率", "    └ 笔单价"]
    with pytest.raises(OpsbookError, match="share"):
        decompose.registration_tree(2_000, 8, split)


def test_mece_flags_missing_overlapping_and_unfinished_branches():
    missing = Node("Users", 3000, "sum", [Node("Ads", 1200), Node("WeChat", 1100)])
    assert "a branch is missing" in check_tree(missing)[0]
    double = Node("Users", 3000, "sum", [Node("Ads", 2000), Node("ads", 1000), Node("WeChat", 500)])
    problems = check_tree(double)
    assert any("overlap" in p for p in problems)
    assert any("counted twice" in p for p in problems)
    product = Node("Sales", 100, "product", [Node("Traffic", 10), Node("AOV", 5)])
    assert "multiply to 50, not 100" in check_tree(product)[0]
    unfinished = Node("Sales", 100, None, [Node("Traffic", None)])
    assert "give each branch a value" in check_tree(unfinished)[0]
    assert check_tree(Node("Users", 3000, "sum", [Node("Ads", 1800.0), Node("Other", 1200)])) == []

"""The GMV formula, its decomposition, and the rates computed from the sample data."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from opsbook.content import load_playbook
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import language
from opsbook.datasets import load_dataset
from opsbook.four_powers import metrics
from opsbook.four_powers.metrics import FACTORS, GmvInputs, decompose

BASE = GmvInputs(
    traffic=10_000, lead_conversion=0.4, purchase_conversion=0.05, aov=120, repurchase=1.5
)


def test_gmv_is_the_product_of_the_five_factors():
    assert BASE.gmv == pytest.approx(10_000 * 0.4 * 0.05 * 120 * 1.5)
    assert BASE.uv_value == pytest.approx(BASE.gmv / 10_000)
    assert BASE.orders == pytest.approx(300)


@pytest.mark.parametrize(
    ("name", "value", "advice"),
    [
        ("traffic", 0, "above 0"),
        ("lead_conversion", 12, "write 12 % as 0.12"),
        ("repurchase", 0.5, "at least 1"),
        ("aov", float("nan"), "above 0"),
    ],
)
def test_impossible_factors_are_refused_with_advice(name, value, advice):
    with pytest.raises(OpsbookError, match=advice):
        BASE.with_factor(name, value)


def test_a_single_factor_change_is_attributed_entirely_to_it():
    after = BASE.with_factor("purchase_conversion", 0.044)  # −12 %
    result = decompose(BASE, after)
    assert result.change_pct == pytest.approx(-12)
    assert result.main_driver == "purchase_conversion"
    assert result.contributions["purchase_conversion"] == pytest.approx(result.change)
    assert all(result.contributions[f] == 0 for f in FACTORS if f != "purchase_conversion")
    assert result.sentence() == (
        f"GMV fell 12.0 % ({result.change:+,.0f}). Down: product-page conversion "
        f"({result.change:+,.0f})."
    )


def test_the_sentence_names_the_biggest_movers_both_ways_and_those_close_behind():
    after = GmvInputs(
        traffic=12_000,  # +20 %
        lead_conversion=0.4,
        purchase_conversion=0.0595,  # +19 %: close behind traffic
        aov=120 * 0.6,  # −40 %: the largest single mover, against the change
        repurchase=1.5 * 1.05,  # +5 %: up, but far behind
    )
    result = decompose(BASE, after)
    up, down = result.movers()["up"], result.movers()["down"]
    assert up == ["traffic", "purchase_conversion"] and down == ["aov"]
    text = result.sentence()
    c = {name: f"{value:+,.0f}" for name, value in result.contributions.items()}
    assert f"Up: private-domain visitors ({c['traffic']}), with product-page conversion " in text
    assert f"({c['purchase_conversion']}) close behind." in text
    assert f"Down: value per order ({c['aov']}), the largest single mover." in text
    assert "purchases per buyer" not in text
    with language("zh"):
        text = result.sentence()
        assert text.startswith("GMV 下降 ") and "下降主要来自笔单价（" in text
        assert "也是影响最大的单项" in text and "往上拉的是私域访客数（" in text
        assert ": " not in text and ", " not in text  # full-width punctuation in Chinese


def test_a_fall_says_first_where_it_came_from():
    after = BASE.with_factor("purchase_conversion", 0.03).with_factor("traffic", 11_000)
    with language("zh"):
        text = decompose(BASE, after).sentence()
    assert text.index("下降主要来自详情页转化率") < text.index("往上拉的是私域访客数")


def test_the_shown_table_writes_numbers_as_people_read_them():
    after = BASE.with_factor("traffic", 12_345).with_factor("purchase_conversion", 0.0512)
    with language("zh"):
        table = decompose(BASE, after).table()
    first, conversion = table.iloc[0], table.iloc[2]
    assert (first["之前"], first["之后"], first["变化"]) == ("10,000", "12,345", "+23.45%")
    assert (conversion["之前"], conversion["之后"]) == ("5.00%", "5.12%")
    assert table.iloc[3]["之前"] == "120.00" and table.iloc[4]["之前"] == "1.50"


factor = st.floats(min_value=0.05, max_value=0.95)


@given(
    st.tuples(st.floats(100, 1e6), factor, factor, st.floats(5, 2000), st.floats(1, 5)),
    st.tuples(st.floats(100, 1e6), factor, factor, st.floats(5, 2000), st.floats(1, 5)),
)
def test_contributions_always_add_up_to_the_total_change(a, b):
    before, after = GmvInputs(*a), GmvInputs(*b)
    result = decompose(before, after)
    assert math.isclose(
        sum(result.contributions.values()), result.change, rel_tol=1e-9, abs_tol=1e-6 * before.gmv
    )


def test_the_main_driver_goes_in_the_direction_of_the_change():
    after = GmvInputs(
        traffic=11_000, lead_conversion=0.4, purchase_conversion=0.03, aov=120, repurchase=1.5
    )
    result = decompose(BASE, after)
    assert result.change < 0
    assert result.main_driver == "purchase_conversion"
    assert result.contributions["traffic"] > 0


@pytest.fixture(scope="module")
def sample():
    return {
        name: load_dataset(name)
        for name in ("daily_channel_traffic", "orders", "channels", "touchpoint_monthly")
    }


def test_factors_from_the_sample_data_reproduce_private_gmv(sample):
    factors = metrics.private_gmv_factors(
        sample["daily_channel_traffic"], sample["orders"], sample["channels"], "Q"
    )
    assert list(factors.index) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    for period in factors.index:
        inputs = metrics.inputs_for(factors, period)
        assert inputs.gmv == pytest.approx(factors.loc[period, "gmv"])
    private = sample["channels"].query("domain == 'private'")["channel_id"]
    q1 = sample["orders"][
        sample["orders"]["channel_id"].isin(private)
        & (sample["orders"]["order_date"] < "2025-04-01")
    ]
    assert factors.loc["2025Q1", "gmv"] == pytest.approx(q1["amount"].sum())


def test_unknown_period_names_the_choices(sample):
    factors = metrics.private_gmv_factors(
        sample["daily_channel_traffic"], sample["orders"], sample["channels"], "Q"
    )
    with pytest.raises(OpsbookError, match="2025Q1"):
        metrics.inputs_for(factors, "2031Q1")


def test_rates_divide_the_counts_they_show(sample):
    rubric = load_playbook("four_powers")
    table = metrics.rates(rubric, sample["touchpoint_monthly"], "2025-06")
    rates = table[table["unit"] == "%"]
    assert len(rates) == 11
    assert (rates["value"] == rates["numerator"] / rates["denominator"] * 100).all()
    counts = sample["touchpoint_monthly"].query("month == '2025-06' and family == 'community'")
    members, spoke = counts.sort_values("step")["count"]
    row = table[table["metric"] == "community_open_rate"].iloc[0]
    assert row["value"] == pytest.approx(spoke / members * 100)
    shown = metrics.rate_table(rubric, sample["touchpoint_monthly"], "2025-06")
    open_rate = shown[shown["Metric"] == "Community speaking rate"].iloc[0]
    assert open_rate["Value"] == f"{spoke / members:.2%}"
    assert open_rate["Denominator"] == f"{members:,}"


def test_live_rates_follow_the_compass_and_say_which_the_data_cannot_give(sample):
    rubric = load_playbook("four_powers")
    with language("zh"):
        shown = metrics.rate_table(rubric, sample["touchpoint_monthly"], "2025-06")
    live = shown[shown["类别"] == "直播"].set_index("指标")
    assert list(live.index[:4]) == ["曝光-进入率", "商品曝光率", "商品点击率", "点击-成交转化率"]
    assert pd.isna(live.loc["商品点击率", "数值"])  # the data counts no product impressions
    assert "示例数据没有统计这一步" in live.loc["商品点击率", "计算口径"]
    counts = sample["touchpoint_monthly"].query("month == '2025-06' and family == 'live'")
    clicked, bought = counts.sort_values("step")["count"].iloc[2:]
    assert live.loc["点击-成交转化率", "数值"] == f"{bought / clicked:.2%}"


def test_unknown_month_is_refused(sample):
    with pytest.raises(OpsbookError, match="2025-12"):
        metrics.rate_table(load_playbook("four_powers"), sample["touchpoint_monthly"], "1999-01")


def test_chain_funnel_narrows_and_rates_chain_up(sample):
    counts = metrics.chain_counts(sample["daily_channel_traffic"]).tolist()
    assert counts == sorted(counts, reverse=True)
    funnel = metrics.chain_funnel(sample["daily_channel_traffic"])
    assert funnel["Count"].iloc[0] == f"{counts[0]:,}"
    assert funnel["Of visitors"].iloc[-1] == f"{counts[-1] / counts[0]:.2%}"
    assert funnel["Step rate"].iloc[1] == f"{counts[1] / counts[0]:.2%}"  # two decimals, as "of"


def test_retention_on_a_hand_made_case():
    orders = pd.DataFrame(
        {
            "order_id": ["a", "b", "c", "d", "e", "f"],
            "user_id": ["u1", "u1", "u2", "u3", "u3", "u2"],
            "order_date": pd.to_datetime(
                ["2025-01-05", "2025-01-20", "2025-01-10", "2025-01-31", "2025-04-15", "2025-05-10"]
            ),
        }
    )
    table = metrics.retention(orders, horizons=(30, 90, 180))
    jan = table.loc["2025-01"]
    assert jan["First-time buyers"] == 3
    assert jan["30-day repurchase %"] == pytest.approx(33.3)  # u1 came back after 15 days
    assert jan["90-day repurchase %"] == pytest.approx(66.7)  # u3 after 74 days; u2 after 120
    assert pd.isna(jan["180-day repurchase %"])  # the data ends before January + 180 days


def test_repurchase_rate_counts_buyers_with_two_orders():
    orders = pd.DataFrame({"order_id": list("abc"), "user_id": ["u1", "u1", "u2"]})
    assert metrics.repurchase_rate(orders) == 50

"""Chapter 5's calculations, each pinned on a case worked by hand: referral generations, copy
test significance and sample size, membership threshold shares, the daily report's flags, the
selection scorecard's verdicts and the customer segments."""

import itertools
import re
from datetime import date, timedelta

import pandas as pd
import pytest

from opsbook.content import load_playbook
from opsbook.core.errors import ContentError, OpsbookError
from opsbook.daily_operations import charts, copy_test, membership, report, segments, selection
from opsbook.daily_operations.fission import Referral, grow

CONTENT = load_playbook("daily_operations")


# referral growth: 20 % invite, 5 invitations each, 30 % accepted → k = 0.3
def test_generations_shrink_by_k_and_the_cost_follows():
    result = grow(
        Referral(
            seed=1000,
            invite_rate=0.2,
            invites=5,
            acceptance=0.3,
            reward_inviter=12,
            reward_new=8,
            value_per_user=60,
            generations=4,
        )
    )
    assert result.k == pytest.approx(0.3)
    assert list(result.table["new_users"]) == pytest.approx([300, 90, 27, 8.1])
    assert result.new_users == pytest.approx(425.1)
    assert result.cost == pytest.approx(425.1 * 20)  # both rewards per new user
    assert result.payback == pytest.approx(3.0)  # 60 yuan of value for 20 of cost


def test_a_share_above_one_is_refused_with_an_example():
    with pytest.raises(OpsbookError, match="invite_rate is a share between 0 and 1"):
        Referral(1000, 20, 5, 0.3, 10, 10, 60)


# copy test: A 100 of 1,000, B 130 of 1,000. Pooled rate 0.115; standard error
# sqrt(0.115 × 0.885 × 2/1000) = 0.014267; z = 0.03 / 0.014267 = 2.1028; p = 0.0355
def test_two_proportion_z_test_on_a_textbook_case():
    result = copy_test.compare(1000, 100, 1000, 130)
    assert result.z == pytest.approx(2.1028, abs=1e-4)
    assert result.p_value == pytest.approx(0.0355, abs=1e-4)
    assert result.significant and result.lift == pytest.approx(0.3)
    assert not copy_test.compare(1000, 100, 1000, 110).significant


# 10 % → 12 %, two-sided 5 %, power 80 %: (1.95996 × sqrt(2 × 0.11 × 0.89) + 0.84162 ×
# sqrt(0.1 × 0.9 + 0.12 × 0.88))² / 0.02² = 3,840.9 → 3,841 per variant
def test_sample_size_per_variant():
    assert copy_test.sample_size(0.10, 0.2) == 3841
    text = copy_test.verdict(copy_test.compare(1000, 100, 1000, 130), planned=3841, shown=1000)
    assert "Keep going" in text  # not stopped at the first significant look


def test_impossible_counts_are_refused():
    with pytest.raises(OpsbookError, match="Variant B: 20 conversions out of 10"):
        copy_test.compare(100, 5, 10, 20)


# membership threshold: spends 100 … 500
SPEND = pd.Series([100.0, 200.0, 300.0, 400.0, 500.0])


@pytest.mark.parametrize(
    "threshold, qualify, just_below",
    [(300, 3, 0), (450, 1, 1), (500, 1, 1), (600, 0, 1)],  # just below: within 20 % under it
)
def test_who_reaches_the_threshold_and_who_is_just_below(threshold, qualify, just_below):
    view = membership.at_threshold(SPEND, threshold)
    assert (view.qualify, view.just_below, view.customers) == (qualify, just_below, 5)


def test_threshold_for_a_share_and_the_advice():
    assert membership.threshold_for_share(SPEND, 0.4) == pytest.approx(340)
    assert "Too high" in membership.advice(membership.at_threshold(SPEND, 600))
    assert "Too low" in membership.advice(membership.at_threshold(SPEND, 100))


def _day_of_orders(day: date, amounts: list[float], channel: str = "community") -> list[dict]:
    return [
        {
            "order_id": f"{day}-{i}",
            "order_date": pd.Timestamp(day),
            "user_id": f"U{i}",
            "product_id": "P1",
            "channel_id": channel,
            "quantity": 1,
            "amount": amount,
        }
        for i, amount in enumerate(amounts)
    ]


# the daily report: four earlier Wednesdays of 100 yuan in one order and 10 visits; the day
# itself 200 yuan in two orders, 10 visits
def test_the_day_is_flagged_against_the_same_weekday_of_earlier_weeks():
    day = date(2025, 3, 26)  # a Wednesday
    rows, visits = _day_of_orders(day, [100, 100]), [(day, 10)]
    for weeks in range(1, 5):
        earlier = day - timedelta(weeks=weeks)
        rows += _day_of_orders(earlier, [100])
        visits.append((earlier, 10))
        rows += _day_of_orders(earlier + timedelta(days=1), [900])  # Thursdays do not count
    orders = pd.DataFrame(rows)
    traffic = pd.DataFrame(
        [{"date": pd.Timestamp(d), "channel_id": "community", "visits": v} for d, v in visits]
    )
    products = pd.DataFrame(
        [{"product_id": "P1", "name_en": "Set", "name_zh": "套餐", "stock": 10}]
    )
    built = report.build(orders, traffic, products, day, weeks=4, tolerance=0.3)
    flags = dict(zip(built.headline["metric"], built.headline["flag"], strict=True))
    change = dict(zip(built.headline["metric"], built.headline["change"], strict=True))
    assert change["gmv"] == pytest.approx(1.0) and flags["gmv"] == "up"
    assert change["aov"] == pytest.approx(0.0) and flags["aov"] == ""
    assert change["conversion"] == pytest.approx(1.0) and flags["visits"] == ""
    with pytest.raises(OpsbookError, match="pick a day from"):
        report.build(orders, traffic, products, day - timedelta(weeks=1), weeks=4)
    # the product page had 20 visitors that day: 2 orders convert 10 %
    pages = pd.DataFrame({"date": [pd.Timestamp(day)], "product_id": ["P1"], "uv": [20]})
    with_pages = report.build(orders, traffic, products, day, product_daily=pages)
    shown = report.products_table(with_pages).iloc[0]
    assert (shown["Page visitors (UV)"], shown["Product conversion"]) == (20, "10.0%")


def test_a_channel_without_visitors_or_orders_shows_unknown_not_zero():
    """朋友圈 sold 2 orders but has no visitor count; the live room had 5 visitors, no orders."""
    day = date(2025, 3, 26)
    rows = _day_of_orders(day, [100, 50], channel="moments")
    rows += _day_of_orders(day - timedelta(weeks=1), [80], channel="live")
    orders = pd.DataFrame(rows)
    traffic = pd.DataFrame([{"date": pd.Timestamp(day), "channel_id": "live", "visits": 5}])
    products = pd.DataFrame([{"product_id": "P1", "name_en": "Set", "name_zh": "套餐", "stock": 9}])
    built = report.build(orders, traffic, products, day, weeks=1)
    shown = report.channel_table(built, {}).set_index("Channel")
    columns = ["Orders", "Value per order (yuan)", "Visitors", "Order conversion"]
    assert shown.loc["moments", columns].tolist() == [2, "75.00", "—", "—"]
    assert shown.loc["live", columns].tolist() == [0, "—", "5", "0.00%"]


def _offers(rows: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    merchants = pd.DataFrame(
        [
            {"merchant_id": "M1", "name_en": "Famous", "name_zh": "名店", "category": "hotpot",
             "district": "x", "location_type": "business_district", "stores": 6,
             "brand_awareness": 5, "signed_on": "2025-01-01"},
            {"merchant_id": "M2", "name_en": "Unknown", "name_zh": "小店", "category": "spa",
             "district": "x", "location_type": "street", "stores": 0, "brand_awareness": 1,
             "signed_on": "2025-01-01"},
        ]
    )  # fmt: skip
    return merchants, pd.DataFrame(rows)


def _product(pid, merchant, kind, list_price, sale, settlement, stock) -> dict:
    return {
        "product_id": pid, "merchant_id": merchant, "name_en": pid, "name_zh": pid,
        "package_type": kind, "list_price": list_price, "sale_price": sale,
        "settlement_price": settlement, "stock": stock,
    }  # fmt: skip


# scene and menu: the best offer suits friends with a balanced menu; the weak one is solo and
# one-sided (0.5 × 5 + 0.3 × 5); the voucher suits any occasion
ATTRIBUTES = pd.DataFrame(
    {"product_id": ["best", "weak", "voucher"], "scene": ["friends", "solo", "any"],
     "structure": ["balanced", "one_sided", "not_a_menu"]}
)  # fmt: skip


def test_scorecard_verdicts_and_the_voucher_conflict():
    attributes = ATTRIBUTES
    merchants, products = _offers(
        [
            # every criterion at its full mark: 40 % off, 20 % margin, 300 in stock
            _product("best", "M1", "set_meal", 100, 60, 48, 300),
            # the other merchant: category (spa 0.4 × 15), location (street 0.5 × 15), scene and
            # menu (2.5 + 1.5): 17.5 of the weights' 110
            _product("weak", "M2", "set_meal", 100, 100, 100, 0),
        ]
    )
    scored = selection.score_offers(merchants, products, attributes, CONTENT.selection)
    scored = scored.set_index("product_id")
    assert scored.loc["best", "score"] == 100 and scored.loc["best", "verdict"] == "list"
    assert scored.loc["weak", "score"] == 15.9 and scored.loc["weak", "verdict"] == "decline"

    # the same merchant also sells a voucher at 50 % off: the set meal is reworked first
    merchants, products = _offers(
        [
            _product("best", "M1", "set_meal", 100, 60, 48, 300),
            _product("voucher", "M1", "voucher", 100, 50, 45, 300),
        ]
    )
    scored = selection.score_offers(merchants, products, attributes, CONTENT.selection)
    scored = scored.set_index("product_id")
    assert bool(scored.loc["best", "conflict"]) and scored.loc["best", "verdict"] == "rework"
    assert "Conflict" in selection.explain(scored.loc["best"], CONTENT.selection)


def test_customers_fall_into_the_first_segment_whose_rule_holds():
    as_of = date(2025, 12, 31)

    def order(user, days_ago, amount=100):
        day = pd.Timestamp(as_of - timedelta(days_ago))
        return {"order_id": f"{user}{days_ago}", "order_date": day, "user_id": user,
                "amount": amount}  # fmt: skip

    orders = pd.DataFrame(
        [
            order("new", 10),
            *[order("champion", d) for d in (5, 40, 70)],
            order("at_risk", 100, 300), order("at_risk", 160, 300),
            order("cooling", 120, 50),
            order("lapsed", 200, 400),
        ]
    )  # fmt: skip
    customers = segments.rfm(orders, as_of)
    keys = segments.assign(customers, CONTENT.segments)
    assert keys.to_dict() == {
        "at_risk": "at_risk",
        "champion": "champions",
        "cooling": "cooling",
        "lapsed": "lapsed",
        "new": "new",
    }
    recall = segments.recall_list(customers, CONTENT.segments)
    assert list(recall.iloc[:, 0]) == ["at_risk", "lapsed", "cooling"]  # by spend


def test_a_criterion_with_two_scales_is_refused_with_its_path(write_yaml):
    from opsbook.content import load_playbook
    from opsbook.core.paths import PLAYBOOK_DIR

    text = (PLAYBOOK_DIR / "daily_operations.yaml").read_text("utf-8")
    scale = "      lowest: 1\n      full_at: 5\n"
    broken = text.replace(scale, scale + "      values: {a: 1}\n", 1)
    with pytest.raises(ContentError, match=r"selection\.criteria\[0\] \(brand\)"):
        load_playbook("daily_operations", write_yaml(broken, "daily_operations.yaml"))


def test_the_review_as_a_page_and_a_picture_for_the_work_group():
    import io

    from PIL import Image

    from opsbook.datasets import channel_names, load_dataset

    orders = load_dataset("orders")
    built = report.build(
        orders, load_dataset("daily_channel_traffic"), load_dataset("products"), date(2025, 9, 16)
    )
    page = report.report_page(built, channel_names())
    assert "Flagged: GMV (yuan), Orders, Order conversion" in page  # the Tuesday that fell
    assert "Official account" in page and "official_account" not in page  # names, not codes
    picture = Image.open(io.BytesIO(charts.report_png(built, orders)))
    assert picture.size == (1080, 1080)
    half_year = report.build(
        orders,
        load_dataset("daily_channel_traffic"),
        load_dataset("products"),
        date(2025, 9, 16),
        weeks=26,
    )
    card = charts.report_card(report.headline_table(half_year), orders, half_year.day, 26, "t")
    dates = [tick.get_text() for tick in card.axes[-1].get_xticklabels()]
    assert len(card.axes[-1].patches) == 27 and len(dates) <= 9 and dates[-1] == "09-16"


# Moments: 4 slots a day (2 of them peak) over 7 days = 28 posts
@pytest.mark.parametrize("cap, ads", [(0.25, 7), (0.1, 2), (0.0, 0), (1.0, 14)])
def test_a_week_of_moments_keeps_ads_under_the_cap_on_peak_slots(cap, ads):
    from opsbook.daily_operations import private_domain

    plan = private_domain.plan_week(CONTENT.moments, ["Hotpot", "Bakery"], date(2025, 12, 1), cap)
    kinds = list(plan["Kind"])
    assert len(plan) == 28 and kinds.count("Ad") == ads  # 100 %: every peak slot, no more
    assert private_domain.ad_share(plan) <= cap
    assert set(plan.loc[plan["Kind"] == "Ad", "Time"]) <= set(CONTENT.moments.peak)
    assert all(not (a == b == "Ad") for a, b in itertools.pairwise(kinds))
    per_day = (plan["Kind"] == "Ad").groupby(plan["Day"]).sum()
    assert per_day.max() - per_day.min() <= 1  # spread over the week, not crowded at its start


# private chat: 10 contacts, 4 of them bought lately; response 6 % / 1.5 %, loss 0.4 % / 2 %
def test_a_push_to_a_segment_costs_contacts_and_brings_orders():
    from opsbook.daily_operations import private_domain

    users = pd.DataFrame(
        {
            "user_id": [f"U{i}" for i in range(12)],
            "in_private_domain": [1] * 10 + [0, 0],  # two are not contacts
            "member_level": [4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 4, 4],
        }
    )
    as_of = date(2025, 12, 31)
    orders = pd.DataFrame(
        {"user_id": ["U0", "U1", "U2", "U3", "U4", "U10"],
         "order_date": [pd.Timestamp(as_of - timedelta(days=d)) for d in (1, 5, 20, 29, 31, 1)]}
    )  # fmt: skip
    tagged = private_domain.contacts(users, orders, as_of)
    outcome = private_domain.push(tagged, CONTENT.private_chat)
    assert (outcome["reach"], outcome["recent"]) == (10, 4)  # U4's order is 31 days old
    assert outcome["orders"] == pytest.approx(4 * 0.06 + 6 * 0.015)
    assert outcome["lost"] == pytest.approx(4 * 0.004 + 6 * 0.02)
    gold = private_domain.push(
        private_domain.select(tagged, member_level=[4]), CONTENT.private_chat
    )
    assert gold["reach"] == 2
    with pytest.raises(OpsbookError, match='"level" is not a tag'):
        private_domain.select(tagged, level=[4])


# community health: group A pushed once a day for two days, group B three times a day
def test_group_health_flags_the_pace_and_the_leavers():
    from opsbook.daily_operations import community

    groups = pd.DataFrame(
        {"group_id": ["A", "B"], "name_en": ["Calm", "Busy"], "name_zh": ["安静", "忙碌"],
         "pushes_per_day": [1, 3]}
    )  # fmt: skip
    rows = [("2025-01-01", "A", "offer", 1000, 300, 10, 2, 0),
            ("2025-01-02", "A", "activity", 998, 400, 40, 2, 5)]  # fmt: skip
    rows += [(d, "B", "offer", 1000, 200, 5, 6, 0) for d in ["2025-01-01"] * 3 + ["2025-01-02"] * 3]
    pushes = pd.DataFrame(
        rows, columns=["date", "group_id", "kind", "members", "read", "replies", "left", "joined"]
    )
    table = community.health(groups, pushes, CONTENT.community).set_index("Group")
    # A: 4 left of 1,998 reached = 2.0 per 1,000 per push; B: 36 of 6,000 = 6.0
    assert table.loc["Calm", "Left per push, per 1,000"] == 2.0
    assert table.loc["Busy", "Left per push, per 1,000"] == 6.0
    assert table.loc["Calm", "Flag"] == "—"
    assert table.loc["Busy", "Flag"] == "pushes too often, members leave after pushes"
    assert table.loc["Calm", "Push click rate"] == f"{700 / 1998:.0%}"
    kinds = community.by_kind(pushes).set_index("Kind of push")
    assert kinds.loc["Offer", "Pushes"] == "7" and kinds.loc["Activity", "Pushes"] == "1"


def test_the_sop_page_has_the_limit_and_every_line():
    from opsbook.daily_operations import community

    page = community.sop_markdown(CONTENT.community, "Community SOP")
    assert page.startswith("# Community SOP\n") and "At most 2 pushes a day" in page
    for line in [*CONTENT.community.daily, *CONTENT.community.weekly]:
        assert str(line.what) in page
    assert all(str(rule) in page for rule in CONTENT.community.rules)


def test_what_the_lapsed_have_in_common():
    # four customers: two lapsed from feed ads, one lapsed and one active from groups
    customers = pd.DataFrame(
        {"days": [300, 250, 200, 5], "orders": [1, 1, 2, 4], "spend": [1.0, 1, 1, 1]},
        index=["U1", "U2", "U3", "U4"],
    )
    users = pd.DataFrame(
        {"user_id": ["U1", "U2", "U3", "U4"],
         "acquisition_channel": ["feed_ads", "feed_ads", "community", "community"]}
    )  # fmt: skip
    table = segments.lapsed_profile(
        customers, users, CONTENT.segments, "acquisition_channel", {"feed_ads": "Feed ads"}
    )
    assert list(table.iloc[:, 0]) == ["Feed ads", "community"]  # unnamed codes stay readable
    assert list(table.iloc[:, 1]) == ["67%", "33%"] and list(table.iloc[:, 2]) == ["0%", "100%"]
    assert list(table.iloc[:, 3]) == ["only the lapsed", "0.33"]  # no one else came from ads


def test_the_day_by_hour_against_the_same_weekday():
    day = date(2025, 3, 26)  # a Wednesday
    rows = [(day, h, 10, 30) for h in range(24)]
    rows += [(day - timedelta(weeks=w), h, 4 * w, 12 * w) for w in (1, 2) for h in range(24)]
    rows += [(day - timedelta(days=1), 12, 999, 999)]  # a Tuesday does not count
    hourly = pd.DataFrame(rows, columns=["date", "hour", "uv", "pv"])
    hourly["date"] = pd.to_datetime(hourly["date"])
    curve = report.hourly_curve(hourly, day, weeks=2)
    assert list(curve.index) == list(range(24))
    assert (curve["uv"] == 10).all() and (curve["uv_baseline"] == 6).all()  # (4 + 8) / 2
    assert (curve["pv_baseline"] == 18).all()


# the lottery: two weeks of one quarter; 100 entrants (70 active) and 900 others (270 active)
def test_what_the_lottery_costs_per_extra_active_member():
    from opsbook.daily_operations import promotion

    weeks = pd.DataFrame(
        {"week": ["2025-01-06", "2025-01-06", "2025-01-13", "2025-01-13"],
         "group": ["entered", "others", "entered", "others"],
         "members": [100, 900, 100, 900], "active": [70, 270, 70, 270]}
    )  # fmt: skip
    table = promotion.lottery_economics(weeks, CONTENT.promotion)
    # active 70 % against 30 %: 40 extra a week, 80 in all; prizes 2 weeks × 3 × 150 = 900
    row = table.iloc[0]
    assert list(row[:5]) == ["2025 Q1", 100, "70%", "30%", "900"]
    assert row.iloc[5] == pytest.approx(900 / 80)
    touch = promotion.touchpoints_table(CONTENT.promotion)
    assert len(touch) == len(CONTENT.promotion.touchpoints) == 5


def test_who_bought_on_the_day():
    day = date(2025, 3, 26)
    orders = pd.DataFrame(
        {"order_id": ["a", "b", "c", "d"], "user_id": ["U1", "U2", "U2", "U3"],
         "order_date": pd.to_datetime(["2025-03-01", "2025-03-26", "2025-03-26", "2025-03-26"]),
         "amount": [1.0, 1, 1, 1]}
    )  # fmt: skip
    users = pd.DataFrame(
        {"user_id": ["U1", "U2", "U3"], "in_private_domain": [1, 1, 0], "member_level": [1, 2, 2]}
    )
    assert report.buyer_profile(orders, users, day).iloc[:, 1].tolist() == [0, 2, 1, 2]
    orders.loc[0, "user_id"] = "U3"  # U3 bought before: a returning buyer
    profile = report.buyer_profile(orders, users, day)
    assert profile.iloc[:2, 1].tolist() == [1, 1] and profile.iloc[0, 2] == "50%"


def test_the_persona_card_says_who_speaks_and_what_never():
    from opsbook.daily_operations import private_domain

    card = private_domain.persona_card(CONTENT.moments)
    persona = CONTENT.moments.persona
    assert card.startswith(f"**{persona.name}**") and str(persona.voice) in card
    assert all(str(item) in card for item in [*persona.posts_about, *persona.never])


def test_a_day_that_cannot_be_reviewed_is_an_error_first_and_a_message_later():
    from opsbook.datasets import channel_names, load_dataset
    from opsbook.widgets import DailyReview

    data = [load_dataset(n) for n in ("orders", "daily_channel_traffic", "products")]
    with pytest.raises(OpsbookError, match="pick a day from 2025-01-29 on"):
        DailyReview(*data, channel_names(), date(2025, 1, 10))
    review = DailyReview(*data, channel_names(), date(2025, 9, 16))
    review.day.value = date(2025, 1, 10)  # what the date picker does
    assert "pick a day from" in review.status.value
    assert review.report.day == date(2025, 9, 16)  # the last report stays


def test_the_review_draws_its_charts_in_the_browser_and_follows_the_day():
    from opsbook.datasets import channel_names, load_dataset
    from opsbook.widgets import DailyReview

    names = ("orders", "daily_channel_traffic", "products")
    data = [load_dataset(n) for n in names]
    review = DailyReview(*data, channel_names(), date(2025, 9, 16), hourly=load_dataset(
        "hourly_traffic"))  # fmt: skip
    assert review.chart.value.startswith("<svg") and review.hours.value.startswith("<svg")
    review.day.value = date(2025, 9, 10)
    days, gmv = report.same_weekdays(data[0], date(2025, 9, 10), 4)
    assert [d.strftime("%m-%d") in review.chart.value for d in days] == [True] * 5
    bars = re.findall(r"<title>(\d\d-\d\d): ([\d,]+)</title>", review.chart.value)
    assert [float(v.replace(",", "")) for _, v in bars] == [round(g) for g in gmv]
    assert review.report.day == date(2025, 9, 10)


def test_no_baseline_means_no_change_and_no_flag():
    day = date(2025, 3, 26)
    rows = _day_of_orders(day, [100])
    rows += [r for w in range(1, 5) for r in _day_of_orders(day - timedelta(weeks=w), [50])]
    orders = pd.DataFrame(rows)
    traffic = pd.DataFrame(
        {"date": [pd.Timestamp(day)], "channel_id": ["community"], "visits": [5]}
    )
    products = pd.DataFrame([{"product_id": "P1", "name_en": "S", "name_zh": "套", "stock": 1}])
    built = report.build(orders, traffic, products, day)
    visits = built.headline.set_index("metric").loc["visits"]
    assert pd.isna(visits["change"]) and visits["flag"] == ""  # no visits recorded before
    assert report.headline_table(built).iloc[3, 3] == "—"


def test_a_category_the_scorecard_has_no_score_for_is_named():
    merchants, products = _offers([_product("best", "M1", "set_meal", 100, 60, 48, 300)])
    merchants.loc[0, "category"] = "karaoke"
    with pytest.raises(OpsbookError, match=r"\(category\)\.values: no score for karaoke"):
        selection.score_offers(merchants, products, ATTRIBUTES, CONTENT.selection)


def test_a_quiet_group_is_left_out_and_a_lottery_that_adds_nothing_says_so():
    from opsbook.daily_operations import community, promotion

    groups = pd.DataFrame(
        {"group_id": ["A", "Q"], "name_en": ["A", "Quiet"], "name_zh": ["甲", "静"]}
    )
    pushes = pd.DataFrame(
        [("2025-01-01", "A", "offer", 100, 30, 1, 0, 0)],
        columns=["date", "group_id", "kind", "members", "read", "replies", "left", "joined"],
    )
    assert list(community.health(groups, pushes, CONTENT.community)["Group"]) == ["A"]
    weeks = pd.DataFrame(
        {"week": ["2025-01-06"] * 2, "group": ["entered", "others"],
         "members": [100, 900], "active": [30, 270]}
    )  # fmt: skip
    assert promotion.lottery_economics(weeks, CONTENT.promotion).iloc[0, 5] == "no extra"


def test_the_mall_checklist_has_a_box_per_job():
    from opsbook.daily_operations import community

    lines = community.mall_checklist(CONTENT.mall).splitlines()
    assert lines == [f"- ☐ {item}" for item in CONTENT.mall.routine]

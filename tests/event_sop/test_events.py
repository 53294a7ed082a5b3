"""Chapter 4's domain: calendar lookups, back-scheduling, forecasting, tiered pricing, live
monitoring at its thresholds' edges and the review's numbers, each on hand-checked cases."""

from datetime import date, timedelta

import pandas as pd
import pytest

from opsbook.content import load_playbook
from opsbook.core.errors import AnswerError, OpsbookError
from opsbook.core.i18n import language
from opsbook.datasets import channel_names, load_dataset
from opsbook.event_sop import forecast, monitor, pricing, review
from opsbook.event_sop.calendar import event_window, next_node, node_date, year_calendar
from opsbook.event_sop.schedule import back_schedule


@pytest.fixture(scope="module")
def calendar():
    return load_playbook("calendar")


@pytest.fixture(scope="module")
def sop():
    return load_playbook("event_sop")


# -- calendar ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "year", "expected"),
    [
        ("double_11", 2031, date(2031, 11, 11)),  # fixed: any year
        ("spring_festival", 2026, date(2026, 2, 17)),  # lunar 01-01 (lunardate)
        ("spring_festival", 2027, date(2027, 2, 6)),
        ("qixi", 2025, date(2025, 8, 29)),
        ("mid_autumn", 2028, date(2028, 10, 3)),
        ("qixi", 2031, date(2031, 8, 24)),  # any year, no table to extend
        ("new_year_goods", 2026, date(2026, 1, 26)),  # 腊八 of the lunar year before
        ("qingming", 2025, date(2025, 4, 4)),  # a solar term
        ("qingming", 2026, date(2026, 4, 5)),
        ("black_friday", 2024, date(2024, 11, 29)),  # day after the 4th Thursday
        ("black_friday", 2026, date(2026, 11, 27)),
        ("black_friday", 2019, date(2019, 11, 29)),  # 1 Nov 2019 was a Friday
    ],
)
def test_node_dates_across_years(calendar, key, year, expected):
    assert node_date(calendar, key, year) == expected


def test_a_year_beyond_the_lunar_tables_says_which_years_are_known(calendar):
    with pytest.raises(AnswerError, match=r"2150 is not a year the calendar .* 1901 to 2099"):
        node_date(calendar, "qixi", 2150)


def test_unknown_node_lists_the_known_ones(calendar):
    with pytest.raises(OpsbookError, match="double_11"):
        node_date(calendar, "singles_day", 2026)


def test_windows_match_the_sample_events(calendar):
    events = load_dataset("events")
    for _, event in events.iterrows():
        start, end = event_window(calendar, event["node"], event["start_date"].year)
        assert (start, end) == (event["start_date"].date(), event["end_date"].date()), event["node"]


def test_year_calendar_is_in_date_order_and_next_node_crosses_the_year(calendar):
    dates = list(year_calendar(calendar, 2027)["Date"])
    assert dates == sorted(dates) and len(dates) == len(calendar.nodes)
    assert next_node(calendar, date(2026, 12, 13)) == ("new_year", date(2027, 1, 1))
    assert next_node(calendar, date(2026, 11, 11)) == ("double_11", date(2026, 11, 11))


# -- scheduling -------------------------------------------------------------------------------
def test_dependencies_are_respected_and_before_steps_end_before_the_event(sop):
    start, end = date(2026, 10, 1), date(2026, 10, 5)
    slots = {s.step.key: s for s in back_schedule(sop, start, end, date(2026, 8, 1), capacity=2)}
    for slot in slots.values():
        for dep in slot.step.depends_on:
            assert slots[dep].end < slot.start, (dep, slot.step.key)
        assert (slot.end - slot.start).days + 1 == max(slot.step.duration, 1) or (
            slot.step.phase == "during"
        )
    assert all(s.end < start for s in slots.values() if s.step.phase == "before")
    assert slots["warmup_promotion"].end == start - timedelta(days=1)  # as late as possible
    assert (slots["live_monitoring"].start, slots["live_monitoring"].end) == (start, end)
    assert slots["data_review"].start == end + timedelta(days=1)


@pytest.mark.parametrize("capacity", [1, 2, 3])
def test_no_day_runs_more_steps_than_the_team_can(sop, capacity):
    slots = back_schedule(sop, date(2026, 10, 1), date(2026, 10, 5), date(2026, 6, 1), capacity)
    days: dict[date, int] = {}
    for slot in slots:
        if slot.step.phase != "before":
            continue
        day = slot.start
        while day <= slot.end:
            days[day] = days.get(day, 0) + 1
            day += timedelta(days=1)
    assert max(days.values()) <= capacity
    if capacity == 1:
        assert sum(days.values()) == len(days)  # one step at a time: no overlaps at all


def test_steps_that_no_longer_fit_are_flagged_with_the_days_missing(sop):
    start = date(2026, 10, 1)
    slots = back_schedule(sop, start, date(2026, 10, 5), today=date(2026, 9, 20), capacity=1)
    late = {s.step.key: s.late_by for s in slots if not s.fits}
    first = next(s for s in slots if s.step.key == "calendar_theme")
    assert late["calendar_theme"] == (date(2026, 9, 20) - first.start).days > 0
    assert "warmup_promotion" not in late
    roomy = back_schedule(sop, start, date(2026, 10, 5), today=date(2026, 8, 1), capacity=2)
    assert all(s.fits for s in roomy)


def test_impossible_inputs_are_refused(sop):
    with pytest.raises(OpsbookError, match="before it starts"):
        back_schedule(sop, date(2026, 10, 5), date(2026, 10, 1), date(2026, 9, 1))
    with pytest.raises(OpsbookError, match="1 or more"):
        back_schedule(sop, date(2026, 10, 1), date(2026, 10, 5), date(2026, 9, 1), capacity=0)


# -- forecast ---------------------------------------------------------------------------------
def synthetic_history():
    """Two channels, two past events; every number chosen so the lifts are round."""
    days = pd.date_range("2024-01-01", "2025-12-31", freq="D")
    rows = []
    for day in days:
        in_event = (day.month, day.day) in {(10, 1), (10, 2)}
        for channel, visits, conversion in (("a", 100, 0.02), ("b", 50, 0.04)):
            lift = (2.0 if day.year == 2024 else 3.0) if in_event else 1.0
            v = visits * lift
            orders = v * conversion * (1.5 if in_event else 1.0)
            rows.append(
                {
                    "date": day,
                    "channel_id": channel,
                    "visits": v,
                    "orders": orders,
                    "gmv": orders * (100 if in_event else 80),
                }
            )
    traffic = pd.DataFrame(rows)
    events = pd.DataFrame(
        {
            "event_id": ["X1", "X2"],
            "node": ["national_day"] * 2,
            "start_date": pd.to_datetime(["2024-10-01", "2025-10-01"]),
            "end_date": pd.to_datetime(["2024-10-02", "2025-10-02"]),
            "gmv_target": [0.0, 0.0],
        }
    )
    return events, traffic


def test_lift_on_known_inputs():
    events, traffic = synthetic_history()
    lift = forecast.event_lift(events, traffic, "X2")
    assert lift.loc["a", "visit_lift"] == pytest.approx(3.0)
    assert lift.loc["a", "conversion_lift"] == pytest.approx(1.5)
    assert lift.loc["b", "event_aov"] == pytest.approx(100)


def test_forecast_range_and_targets_on_known_inputs():
    events, traffic = synthetic_history()
    result = forecast.forecast_event(events, traffic, "national_day", days=2)
    # base: channel a, 100 visits a day at 2 % in the last 28 days of data
    assert result.loc["a", "visits_low"] == pytest.approx(100 * 2.0 * 2)
    assert result.loc["a", "visits_mid"] == pytest.approx(100 * 2.5 * 2)
    assert result.loc["a", "visits_high"] == pytest.approx(100 * 3.0 * 2)
    assert result.loc["a", "conversion_mid"] == pytest.approx(0.03)
    assert result.loc["a", "sales_mid"] == pytest.approx(500 * 0.03 * 100)
    table = forecast.targets(result)
    assert (
        table.loc["Total", "Sales target (yuan)"] == f"{result['sales_mid'].round(-1).sum():,.0f}"
    )
    assert table.loc["a", "Order conversion target"] == "3.00%"
    with pytest.raises(OpsbookError, match="national_day"):
        forecast.forecast_event(events, traffic, "qixi", days=2)


def test_one_past_year_gives_a_fifteen_percent_range():
    events, traffic = synthetic_history()
    result = forecast.forecast_event(events.iloc[[1]], traffic, "national_day", days=2)
    assert result.loc["a", "visits_high"] / result.loc["a", "visits_mid"] == pytest.approx(1.15)


def test_forecast_as_of_a_past_day_uses_only_what_was_known_then():
    events, traffic = synthetic_history()
    result = forecast.forecast_event(
        events, traffic, "national_day", days=2, as_of=date(2025, 9, 1)
    )
    # only the 2024 event (lift 2.0) is known, and the base is the 28 days before 1 Sep 2025
    assert result.loc["a", "visits_mid"] == pytest.approx(100 * 2.0 * 2)
    assert result.loc["a", "visits_low"] == pytest.approx(100 * 2.0 * 2 * 0.85)


# -- pricing ----------------------------------------------------------------------------------
def test_two_wave_pricing_hand_computed():
    demand = pricing.Demand(base_rate=20, reference_price=129, elasticity=1.5)
    result = pricing.simulate(
        [pricing.Tier(99, 100), pricing.Tier(129)], demand, stock=400, settlement=85, hours=24
    )
    early_rate = 20 * (99 / 129) ** -1.5
    assert result.units_by_tier == pytest.approx([100, 300])
    assert result.revenue == pytest.approx(100 * 99 + 300 * 129)
    assert result.margin == pytest.approx(result.revenue - 85 * 400)
    assert result.sellout_hour == pytest.approx(100 / early_rate + 300 / 20)
    assert result.hourly["units"].sum() == pytest.approx(400)


def test_stock_left_over_and_no_sellout():
    demand = pricing.Demand(base_rate=10, reference_price=100, elasticity=1)
    result = pricing.simulate([pricing.Tier(100)], demand, stock=500, settlement=60, hours=24)
    assert result.units == pytest.approx(240) and result.sellout_hour is None


def test_pricing_refuses_nonsense():
    demand = pricing.Demand(10, 100)
    with pytest.raises(OpsbookError):
        pricing.simulate([], demand, 100, 50)
    with pytest.raises(OpsbookError, match="positive"):
        pricing.simulate([pricing.Tier(0)], demand, 100, 50)


# -- monitoring -------------------------------------------------------------------------------
def hourly_case(clicks: dict[str, int], orders: dict[str, int], hours: int = 4) -> pd.DataFrame:
    """Products with the given clicks and orders spread evenly over ``hours`` hours."""
    rows = []
    for slot, product in enumerate(clicks, 1):
        for hour in range(hours):
            rows.append(
                {
                    "event_id": "T",
                    "hour": hour,
                    "product_id": product,
                    "slot": slot,
                    "page_views": clicks[product] * 10 // hours,
                    "detail_clicks": clicks[product] // hours,
                    "orders": orders[product] // hours,
                }
            )
    return pd.DataFrame(rows)


EDGE = monitor.Thresholds(
    high_traffic=1.5, low_traffic=0.5, low_conversion=0.05, high_conversion=0.10, no_sale_hours=4
)


def test_classification_at_the_thresholds_edges():
    # median clicks = 400 (of 200, 400, 400, 600, 800)
    clicks = {"at_high": 600, "below_high": 400, "median": 400, "at_low": 200, "big": 800}
    orders = {"at_high": 28, "below_high": 8, "median": 40, "at_low": 20, "big": 40}
    table = monitor.classify(monitor.window(hourly_case(clicks, orders), 3, 4), EDGE)
    actions = table["action"].to_dict()
    assert actions["at_high"] == "replace"  # 1.5× median exactly, 4.67 % < 5 %
    assert actions["big"] == "keep"  # 2× median but converts exactly 5 %: not below
    assert actions["below_high"] == "keep"  # 2 % conversion but only 1.0× median traffic
    assert actions["at_low"] == "move_up"  # 0.5× median exactly, converts exactly 10 %
    assert actions["median"] == "keep"


def test_swap_out_needs_a_full_window_without_orders():
    clicks = {"silent": 400, "seller": 400, "other": 400}
    orders = {"silent": 0, "seller": 40, "other": 40}
    data = hourly_case(clicks, orders)
    assert monitor.classify(monitor.window(data, 2, 4), EDGE).loc["silent", "action"] != "swap_out"
    assert monitor.classify(monitor.window(data, 3, 4), EDGE).loc["silent", "action"] == "swap_out"


def test_action_list_is_ranked_and_thresholds_are_validated():
    table = monitor.action_list(load_dataset("event_hourly"), 23)
    order = list(table["Action"])
    assert order == sorted(order, key=["Swap out", "Replace", "Move up"].index)
    assert {"P047", "P023"} <= set(table.loc[table["Action"] == "Swap out", "Product"])
    with pytest.raises(OpsbookError):
        monitor.Thresholds(low_traffic=2, high_traffic=1.5)


# -- review -----------------------------------------------------------------------------------
def test_review_numbers_on_a_hand_computed_case():
    events = pd.DataFrame(
        {
            "event_id": ["Y1", "Y2"],
            "node": ["n", "n"],
            "start_date": pd.to_datetime(["2024-05-01", "2025-05-01"]),
            "end_date": pd.to_datetime(["2024-05-01", "2025-05-01"]),
            "gmv_target": [0.0, 1000.0],
        }
    )
    traffic = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-05-01", "2024-05-01", "2025-05-01", "2025-05-01"]),
            "channel_id": ["a", "b", "a", "b"],
            "visits": [100, 100, 200, 100],
            "orders": [3, 1, 6, 2],
            "gmv": [300.0, 100.0, 660.0, 180.0],
        }
    )
    plan = pd.DataFrame(
        {"visits_mid": [250.0, 100.0], "conversion_mid": [0.02, 0.02], "sales_mid": [600.0, 250.0]},
        index=["a", "b"],
    )
    table = review.channel_results(events, traffic, "Y2", plan)
    assert table.loc["a", "sales"] == 660 and table.loc["a", "sales_target"] == 600
    assert table.loc["a", "sales_attainment"] == pytest.approx(1.1)
    assert table.loc["a", "conversion"] == pytest.approx(0.03)
    assert table.loc["a", "weakest_step"] == "visits"  # 200 of 250 visits; conversion beat 2 %
    # b: 100 of 100 visits, 2 % as planned, but 90 yuan orders against 125: order value
    assert table.loc["b", "weakest_step"] == "order value"
    assert list(table.index) == ["a", "b"]  # biggest sales first

    hourly = pd.DataFrame(
        {
            "hour": [0, 1],
            "product_id": ["p", "q"],
            "page_views": [1000, 1000],
            "detail_clicks": [100, 150],
            "orders": [10, 0],
        }
    )
    funnel = review.funnel(hourly)
    assert list(funnel["Count"]) == ["2,000", "250", "10"]
    assert list(funnel["Step rate"])[1:] == ["12.50%", "4.00%"]
    products = pd.DataFrame(
        {
            "product_id": ["p", "q"],
            "sale_price": [50.0, 80.0],
            "name_en": ["P", "Q"],
            "name_zh": ["甲", "乙"],
        }
    )
    per_product = review.product_results(hourly, products)
    assert review.best_sellers(per_product).index[0] == "p"
    assert per_product.loc["p", "sales"] == 500
    assert list(review.traffic_without_sales(per_product).index) == ["q"]  # busy, no order


def test_review_draft_is_written_from_the_numbers():
    results = pd.DataFrame(
        {
            "sales_target": [600.0, 400.0],
            "sales": [660.0, 200.0],
            "sales_attainment": [1.1, 0.5],
            "weakest_step": ["visits", "conversion"],
            "conversion": [0.03, 0.01],
            "conversion_target": [0.02, 0.04],
        },
        index=["a", "b"],
    )
    per_product = pd.DataFrame(
        {
            "name": ["P", "Q"],
            "detail_clicks": [100, 150],
            "orders": [10, 0],
            "conversion": [0.1, 0.0],
        },
        index=["p", "q"],
    )
    draft = review.draft(
        results, per_product, {"b": "Channel B"}, date(2026, 5, 1), date(2026, 5, 3)
    )
    assert draft["goals"] == ["Sell 1,000 yuan of vouchers on 1–3 May 2026."]
    assert draft["results"] == [
        "Sold 860 yuan (86% of the target).",
        "Weakest channel: Channel B at 50%, short on conversion.",
    ]
    assert draft["causes"][0].startswith("Q drew 150 clicks and 0 orders on the page")
    assert "1.0% against a target of 4.0%" in draft["causes"][1]
    with language("zh"):
        results[["sales_target", "sales"]] *= 100  # 万 from ten thousand yuan
        chinese = review.draft(results, per_product, {}, date(2025, 11, 9), date(2025, 11, 11))
        own = review.draft(results, per_product, {}, date(2025, 11, 9), date(2025, 11, 11), 120_000)
    assert chinese["goals"] == ["2025年11月9日至11日销售10万元代金券和套餐。"]
    assert chinese["results"][0] == "实际销售8.6万元（目标的 86%）。"
    # the event's own target and the channel forecast: one goal each, said apart
    assert own["goals"][0] == "2025年11月9日至11日销售12万元代金券和套餐（活动目标）。"
    assert "分渠道预估的中间值合计10万元" in own["goals"][1]
    assert own["results"][0] == "实际销售8.6万元，达成活动目标的 72%、渠道预估的 86%。"


def test_channel_names_follow_the_language():
    with language("zh"):
        assert channel_names()["search_ads"] == "搜索广告"
    assert channel_names()["search_ads"] == "Search ads"


def test_review_document_has_four_parts_and_escapes_text():
    text = review.review_document(
        "<b>T</b>", ["g"], ["r"], ["<script>c</script>"], ["l"], {"t": pd.DataFrame({"x": ["a|b"]})}
    )
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## Goals",
        "## Results",
        "## Causes",
        "## Lessons",
    ]
    assert "<script>" not in text and "a\\|b" in text
    page = review.review_document(
        "<b>T</b>", ["g"], ["r"], ["<script>c</script>"], ["l"], kind="html"
    )
    assert "<script>" not in page and "&lt;b&gt;T&lt;/b&gt;" in page


# -- statutory holidays and make-up working days (调休), from the State Council's notices ------
@pytest.mark.parametrize(
    ("year", "make_up"),
    [
        (2025, ["01-26", "02-08", "04-27", "09-28", "10-11"]),
        (2026, ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"]),
    ],
)
def test_make_up_working_days_of_two_years(year, make_up):
    from opsbook.event_sop import holidays

    assert [f"{d:%m-%d}" for d in holidays.make_up_workdays(year)] == make_up
    assert all(holidays.is_workday(date(year, int(d[:2]), int(d[3:]))) for d in make_up)


@pytest.mark.parametrize(
    ("day", "off"),
    [
        (date(2026, 5, 1), (date(2026, 5, 1), date(2026, 5, 5))),  # 劳动节: five days
        (date(2026, 10, 3), (date(2026, 10, 1), date(2026, 10, 7))),  # 国庆: seven days
        (date(2026, 2, 17), (date(2026, 2, 15), date(2026, 2, 23))),  # 春节: nine days
        (date(2025, 10, 6), (date(2025, 10, 1), date(2025, 10, 8))),  # 国庆 with 中秋: eight
        (date(2026, 3, 7), None),  # an ordinary Saturday
    ],
)
def test_days_off_around_a_holiday(day, off):
    from opsbook.event_sop import holidays

    assert holidays.days_off(day) == off


def test_working_days_count_the_make_up_saturday_and_skip_the_holiday():
    from opsbook.event_sop import holidays

    # 28–30 Sep (3), 1–7 Oct off, 8–9 Oct (2), Saturday 10 Oct worked (1), Sunday 11 Oct off
    assert holidays.workdays_between(date(2026, 9, 28), date(2026, 10, 11)) == 6
    with pytest.raises(OpsbookError, match="holidays for 2099 are not known here"):
        holidays.is_workday(date(2099, 1, 5))


def test_the_year_shows_the_days_off_and_the_big_sales_their_weeks(calendar):
    shown = year_calendar(calendar, 2026).set_index("node")
    assert shown.loc["labour_day", "Statutory days off"] == "05-01 – 05-05"
    assert shown.loc["double_12", "Statutory days off"] == "—"
    assert set(year_calendar(calendar, 2030)["Statutory days off"]) == {"not published yet"}
    from opsbook.event_sop.calendar import phases

    weeks = phases(calendar, "double_11", 2026)
    assert list(weeks["From"]) == ["10-20", "10-31", "11-02", "11-11"]  # one after the other
    assert list(weeks["To"]) == ["10-30", "11-01", "11-10", "11-11"]


def test_a_step_of_working_days_skips_the_holiday_and_counts_the_make_up_sunday():
    from opsbook.event_sop.schedule import DAY, _span

    # 3 working days ending the day before National Day 2026: Mon 28 – Wed 30 September
    assert _span(date(2026, 9, 30), 3, working=True, step=-DAY)[-1] == date(2026, 9, 28)
    # 6 working days ending Tue 22 Sep: 22, 21, Sunday 20 (a make-up day), 18, 17, 16
    assert _span(date(2026, 9, 22), 6, working=True, step=-DAY)[-1] == date(2026, 9, 16)
    # after the holiday: 3 working days from 1 Oct are 8, 9 and Saturday 10 October
    assert _span(date(2026, 10, 1), 3, working=True) == [
        date(2026, 10, 8),
        date(2026, 10, 9),
        date(2026, 10, 10),
    ]


def test_back_scheduling_in_working_days_keeps_every_rule(sop):
    from opsbook.event_sop import holidays

    start, end = date(2026, 10, 1), date(2026, 10, 7)
    slots = {
        s.step.key: s
        for s in back_schedule(sop, start, end, date(2026, 8, 1), capacity=2, working_days=True)
    }
    load: dict[date, int] = {}
    for slot in slots.values():
        if slot.step.phase == "during":
            continue
        worked = [
            slot.start + timedelta(days=i)
            for i in range((slot.end - slot.start).days + 1)
            if holidays.is_workday(slot.start + timedelta(days=i))
        ]
        assert holidays.is_workday(slot.start) and holidays.is_workday(slot.end), slot
        assert len(worked) == max(slot.step.duration, 1), slot.step.key
        for dep in slot.step.depends_on:
            assert slots[dep].end < slot.start or slots[dep].step.phase == "during"
        if slot.step.phase == "before":
            for day in worked:
                load[day] = load.get(day, 0) + 1
    assert max(load.values()) <= 2
    assert all(s.end < start for s in slots.values() if s.step.phase == "before")

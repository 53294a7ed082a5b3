"""The event SOP and calendar files refuse bad edits with readable errors; the chapter 4 tools
follow their controls."""

import itertools
import re
from datetime import date

import pytest

from opsbook.content import load_playbook
from opsbook.core.errors import ContentError
from opsbook.core.paths import PLAYBOOK_DIR
from opsbook.datasets import load_dataset
from opsbook.widgets import EventReplay, EventTimeline, PricingSimulator


def text(name: str) -> str:
    return (PLAYBOOK_DIR / name).read_text(encoding="utf-8")


def test_the_sop_has_eight_steps_in_order():
    sop = load_playbook("event_sop")
    assert [s.number for s in sop.steps] == list(range(1, 9))
    assert [s.phase for s in sop.steps].count("during") == 1


def test_a_dependency_circle_is_refused(write_yaml):
    broken = text("event_sop.yaml").replace("depends_on: []", "depends_on: [data_review]", 1)
    with pytest.raises(ContentError, match="form a circle"):
        load_playbook("event_sop", write_yaml(broken, "event_sop.yaml"))


def test_an_unknown_owner_is_named(write_yaml):
    broken = text("event_sop.yaml").replace("owner: event_lead", "owner: event_leed", 1)
    with pytest.raises(ContentError, match=r'calendar_theme\).owner: "event_leed" is not a role'):
        load_playbook("event_sop", write_yaml(broken, "event_sop.yaml"))


def test_a_step_has_one_owner_who_is_not_also_consulted(write_yaml):
    sop = load_playbook("event_sop")
    assert all(step.owner not in step.consulted for step in sop.steps)
    broken = text("event_sop.yaml").replace(
        "consulted: [data, marketing]", "consulted: [event_lead, marketing]", 1
    )
    with pytest.raises(ContentError, match=r"forecast_channels\).consulted: .*either responsible"):
        load_playbook("event_sop", write_yaml(broken, "event_sop.yaml"))


def test_sale_phases_follow_one_another(write_yaml):
    for node in load_playbook("calendar").nodes:
        for earlier, later in itertools.pairwise(node.phases):
            assert later.start == earlier.end + 1, node.key
    broken = text("calendar.yaml").replace("start: -9", "start: -10", 1)
    with pytest.raises(ContentError, match=r"double_11\).phases\[2\] \(main\): starts on day -10"):
        load_playbook("calendar", write_yaml(broken, "calendar.yaml"))


def test_a_node_needs_exactly_one_way_to_find_its_date(write_yaml):
    broken = text("calendar.yaml").replace(
        'fixed: "02-14"', 'fixed: "02-14"\n    rule: {month: 2, weekday: friday, nth: 2}', 1
    )
    with pytest.raises(ContentError, match=r"valentines\): give exactly one of"):
        load_playbook("calendar", write_yaml(broken, "calendar.yaml"))


def test_an_impossible_lunar_day_is_named(write_yaml):
    broken = text("calendar.yaml").replace('lunar: "07-07"', 'lunar: "13-07"')
    with pytest.raises(ContentError, match=r'qixi\).lunar: "13-07" is not a lunar day'):
        load_playbook("calendar", write_yaml(broken, "calendar.yaml"))


def test_an_unknown_solar_term_is_named(write_yaml):
    broken = text("calendar.yaml").replace('solar_term: "清明"', 'solar_term: "清明节"')
    with pytest.raises(ContentError, match=r'qingming\).solar_term: "清明节" is not one of'):
        load_playbook("calendar", write_yaml(broken, "calendar.yaml"))


def test_an_impossible_fixed_day_is_named(write_yaml):
    broken = text("calendar.yaml").replace('fixed: "03-08"', 'fixed: "02-30"')
    with pytest.raises(ContentError, match='"02-30" is not a day'):
        load_playbook("calendar", write_yaml(broken, "calendar.yaml"))


def test_timeline_follows_node_year_and_capacity():
    timeline = EventTimeline(
        load_playbook("event_sop"), load_playbook("calendar"), date(2026, 9, 10)
    )
    assert (
        timeline.summary() == "Event timeline: National Day 2026-10-01 – 2026-10-05, 0 steps late"
    )
    timeline.capacity.value = 1  # what the slider does
    assert timeline.summary().endswith(", 1 step late")  # one at a time: step 1 from 7 September
    timeline.node.value = "qixi"
    assert "already over" in timeline.static_html()
    timeline.year.value = 2027
    assert "2027-08-07 – 2027-08-08" in timeline.summary()
    timeline.start.value = date(2027, 9, 1)  # any other date typed in
    timeline.days.value = 2
    assert "2027-09-01 – 2027-09-02" in timeline.summary()
    timeline.step.value = "product_selection"
    assert "Stock locked for every product" in timeline.static_html()


def test_pricing_simulator_follows_its_sliders():
    simulator = PricingSimulator(early_price=99, early_units=100, price=129, stock=400)
    assert "48,600" in simulator.static_html()
    simulator.early_units.value = 0  # one price only
    assert "51,600" in simulator.static_html()


def test_the_timeline_and_the_simulator_draw_their_charts_in_the_browser():
    timeline = EventTimeline(
        load_playbook("event_sop"), load_playbook("calendar"), date(2026, 9, 10), capacity=1
    )
    bars = re.findall(r'<rect [^>]*fill="([^"]+)"><title>(\d) · ', timeline.chart.value)
    late = {str(s.step.number) for s in timeline.slots if not s.fits}
    assert len(bars) == 8 and late  # one step late at one step at a time (see above)
    assert [fill == "#ef4444" for fill, _ in bars] == [n in late for _, n in bars]
    assert "event starts</text>" in timeline.chart.value and ">09-07 – " in timeline.chart.value
    simulator = PricingSimulator(early_price=99, early_units=100, price=129, stock=400)
    totals = [int(n.replace(",", "")) for n in re.findall(r"<title>\d+: ([\d,]+)</title>",
                                                         simulator.chart.value)]  # fmt: skip
    assert totals == list(simulator.outcome.hourly["units"].cumsum().round().astype(int))
    assert totals[-1] <= 400 and 'stroke-dasharray="6 4"' in simulator.chart.value


def test_replay_follows_the_hour_and_the_thresholds():
    replay = EventReplay(load_dataset("event_hourly"), hour=0)
    assert "Swap out" not in replay.static_html()  # not a full window yet
    replay.hour.value = 6
    assert "Swap out" in replay.static_html()
    before = len(replay.table)
    replay.set_thresholds(no_sale_hours=24)
    assert len(replay.table) < before


def test_the_replay_chart_is_drawn_by_the_browser_hour_by_hour():
    hourly = load_dataset("event_hourly")
    replay = EventReplay(hourly, hour=9)
    bars = re.findall(r'fill="([^"]+)"><title>(\d+): ([\d,]+)</title>', replay.chart.value)
    per_hour = hourly.groupby("hour")["orders"].sum()
    assert [(int(h), int(n.replace(",", ""))) for _, h, n in bars] == list(per_hour.items())
    assert [fill == "#e5e7eb" for fill, _, _ in bars] == [h > 9 for h in per_hour.index]
    replay.hour.value = 20  # the day so far follows the slider
    assert replay.chart.value.count('fill="#e5e7eb"><title>') == (per_hour.index > 20).sum()
    assert len(replay.figure().axes[0].patches) == len(per_hour)  # print keeps matplotlib


def test_the_timeline_counts_working_days_and_says_when_a_year_is_not_published():
    timeline = EventTimeline(
        load_playbook("event_sop"), load_playbook("calendar"), date(2026, 9, 10)
    )
    timeline.working.value = True  # what the checkbox does: weekends and the holiday are off
    assert timeline.summary().endswith(", 2 steps late")  # less time than in calendar days
    timeline.year.value = 2027
    assert "holidays for 2027 are not known here" in timeline.static_html()
    assert "2026-10-01" in timeline.summary()  # the last plan that could be made stays

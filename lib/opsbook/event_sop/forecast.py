"""Forecasting an event from the same node in earlier years (同比): how much traffic, conversion
and order value rose against the weeks before, applied to the latest weeks, by channel, with a
range from the lowest to the highest year."""

from datetime import date, timedelta

import pandas as pd

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.datasets import channel_names
from opsbook.present.tables import formatted

BASELINE_DAYS = 28
SINGLE_YEAR_SPREAD = 0.15  # ± around the only past year, when there is just one


def event_lift(
    events: pd.DataFrame, traffic: pd.DataFrame, event_id: str, baseline_days: int = BASELINE_DAYS
) -> pd.DataFrame:
    """Per channel: daily visits, conversion and AOV in the event against the days before it.

    ``visit_lift`` = event daily visits ÷ baseline daily visits; ``conversion_lift`` likewise
    for orders ÷ visits. ``event_aov`` = event sales ÷ event orders.
    """
    event = events.set_index("event_id").loc[event_id]
    start, end = event["start_date"], event["end_date"]
    days = (end - start).days + 1
    before = traffic[
        (traffic["date"] >= start - timedelta(days=baseline_days)) & (traffic["date"] < start)
    ]
    during = traffic[(traffic["date"] >= start) & (traffic["date"] <= end)]
    base = before.groupby("channel_id")[["visits", "orders", "gmv"]].sum()
    peak = during.groupby("channel_id")[["visits", "orders", "gmv"]].sum()
    if base.empty or peak.empty:
        raise OpsbookError(
            f"Event {event_id}: no traffic data for it or the {baseline_days} days "
            "before it — pick an event inside the data."
        )
    table = pd.DataFrame(
        {
            "visit_lift": (peak["visits"] / days) / (base["visits"] / baseline_days),
            "conversion_lift": (peak["orders"] / peak["visits"])
            / (base["orders"] / base["visits"]),
            "event_aov": peak["gmv"] / peak["orders"],
        }
    )
    table["year"] = start.year
    return table


def forecast_event(
    events: pd.DataFrame,
    traffic: pd.DataFrame,
    node: str,
    days: int,
    baseline_days: int = BASELINE_DAYS,
    as_of: date | None = None,
) -> pd.DataFrame:
    """Low / mid / high visits, conversion and sales per channel for a ``days``-long event.

    The base is each channel's last ``baseline_days`` of data (before ``as_of`` when given, so
    a past event can be forecast as it would have been in step 3); the lifts come from every
    earlier event of ``node`` (mid = their mean, low/high = the lowest and highest year; with one
    year, ± 15 %). Rows without orders in a year are left out of that year.
    """
    if as_of is not None:
        cutoff = pd.Timestamp(as_of)
        events = events[events["end_date"] < cutoff]
        traffic = traffic[traffic["date"] < cutoff]
    past = events[events["node"] == node]
    if past.empty:
        known = ", ".join(sorted(events["node"].unique()))
        raise OpsbookError(f'No past event for node "{node}" — use one of: {known}.')
    lifts = pd.concat([event_lift(events, traffic, e, baseline_days) for e in past["event_id"]])
    lifts = lifts.replace([float("inf")], float("nan")).dropna()
    last = traffic["date"].max()
    recent = traffic[traffic["date"] > last - timedelta(days=baseline_days)]
    base = recent.groupby("channel_id")[["visits", "orders"]].sum()
    base_visits = base["visits"] / baseline_days
    base_conversion = base["orders"] / base["visits"]

    grouped = lifts.groupby(level=0)
    low, mid, high = grouped.min(), grouped.mean(), grouped.max()
    if lifts["year"].nunique() == 1:
        low = mid * (1 - SINGLE_YEAR_SPREAD)
        high = mid * (1 + SINGLE_YEAR_SPREAD)
    rows = {}
    for case, lift in (("low", low), ("mid", mid), ("high", high)):
        visits = base_visits * lift["visit_lift"] * days
        conversion = base_conversion * lift["conversion_lift"]
        rows[f"visits_{case}"] = visits
        rows[f"conversion_{case}"] = conversion
        rows[f"sales_{case}"] = visits * conversion * lift["event_aov"]
    return pd.DataFrame(rows).dropna().sort_values("sales_mid", ascending=False)


def targets(forecast: pd.DataFrame) -> pd.DataFrame:
    """The event's targets from a forecast: the mid case, with the low case as the floor and the
    high case as the stretch, per channel and in total, as learners read them (visitors and yuan
    to the nearest ten, order conversion in %)."""
    rounded = pd.DataFrame(
        {
            "visits": forecast["visits_mid"].round(-1),
            "conversion": forecast["conversion_mid"],
            "floor": forecast["sales_low"].round(-1),
            "target": forecast["sales_mid"].round(-1),
            "stretch": forecast["sales_high"].round(-1),
        }
    )
    total = rounded.sum()
    total["conversion"] = (forecast["visits_mid"] * forecast["conversion_mid"]).sum() / forecast[
        "visits_mid"
    ].sum()
    names = channel_names()
    rounded.index = [names.get(c, c) for c in rounded.index]
    rounded.loc[pick("Total", "合计")] = total
    shown = formatted(
        rounded,
        {
            "visits": "count",
            "conversion": "share",
            "floor": "yuan",
            "target": "yuan",
            "stretch": "yuan",
        },
    ).rename(
        columns={
            "visits": pick("Visitors target", "访客目标"),
            "conversion": pick("Order conversion target", "订单转化率目标"),
            "floor": pick("Sales floor (yuan)", "销售保底（元）"),
            "target": pick("Sales target (yuan)", "销售目标（元）"),
            "stretch": pick("Sales stretch (yuan)", "销售冲刺（元）"),
        }
    )
    shown.index.name = pick("Channel", "渠道")
    return shown

"""Membership tier thresholds (会员门槛): who reaches a proposed threshold, and who falls just
short of it. A threshold set too high leaves most members below it, and those far below give
up; those just below (within ``band`` of it) are the ones a nudge can lift."""

from dataclasses import dataclass

import pandas as pd

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick


def spend_per_customer(orders: pd.DataFrame, start=None, end=None) -> pd.Series:
    """Each customer's total spend (yuan) over the orders (optionally from ``start`` to
    ``end``, both included)."""
    chosen = orders
    if start is not None:
        chosen = chosen[pd.to_datetime(chosen["order_date"]) >= pd.Timestamp(start)]
    if end is not None:
        chosen = chosen[pd.to_datetime(chosen["order_date"]) <= pd.Timestamp(end)]
    return chosen.groupby("user_id")["amount"].sum().sort_values()


@dataclass(frozen=True)
class ThresholdView:
    threshold: float
    customers: int
    qualify: int  # spend ≥ threshold
    just_below: int  # threshold × (1 − band) ≤ spend < threshold
    band: float

    @property
    def qualify_share(self) -> float:
        return self.qualify / self.customers if self.customers else 0.0

    @property
    def just_below_share(self) -> float:
        return self.just_below / self.customers if self.customers else 0.0


def at_threshold(spend: pd.Series, threshold: float, band: float = 0.2) -> ThresholdView:
    """How many customers reach ``threshold`` and how many are within ``band`` below it."""
    if threshold <= 0:
        raise OpsbookError(f"A threshold of {threshold} yuan is not one: use a positive amount.")
    if not 0 < band < 1:
        raise OpsbookError(f"band is a share between 0 and 1 (e.g. 0.2), not {band}.")
    qualify = int((spend >= threshold).sum())
    near = int(((spend >= threshold * (1 - band)) & (spend < threshold)).sum())
    return ThresholdView(threshold, len(spend), qualify, near, band)


def threshold_for_share(spend: pd.Series, share: float) -> float:
    """The lowest threshold that about ``share`` of customers reach (a spend quantile)."""
    if not 0 < share < 1:
        raise OpsbookError(f"share is between 0 and 1 (e.g. 0.25), not {share}.")
    return float(spend.quantile(1 - share))


def advice(view: ThresholdView) -> str:
    """What the threshold does to the members, in one or two sentences."""
    reach = pick(
        f"{view.qualify:,} of {view.customers:,} customers ({view.qualify_share:.0%}) reach "
        f"{view.threshold:,.0f} yuan; {view.just_below:,} ({view.just_below_share:.0%}) are "
        f"within {view.band:.0%} below it.",
        f"{view.customers:,} 位顾客中有 {view.qualify:,} 位（{view.qualify_share:.0%}）达到 "
        f"{view.threshold:,.0f} 元；{view.just_below:,} 位（{view.just_below_share:.0%}）"
        f"差距在 {view.band:.0%} 以内。",
    )
    if view.qualify_share < 0.1:
        tip = pick(
            "Too high: few can reach it and the rest stop trying. Lower it, or add a tier below.",
            "门槛过高——能达到的人太少，其他人会放弃。降低门槛，或在下面加一级。",
        )
    elif view.qualify_share > 0.6:
        tip = pick(
            "Too low to mean anything: most already qualify. Raise it.",
            "门槛太低，大多数人已经达到，起不到激励作用。提高门槛。",
        )
    else:
        tip = pick(
            "Within reach: send those just below a reminder of how little they need.",
            "门槛合适，提醒差一点达到的顾客还差多少。",
        )
    return f"{reach}{pick(' ', '')}{tip}"  # no space after a Chinese full stop

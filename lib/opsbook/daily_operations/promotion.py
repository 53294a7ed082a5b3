"""Promotion in the private domain (私域推广): touchpoints × methods, and the economics of the
weekly free-meal lottery.

The lottery costs its prizes every week. What it buys is a habit: members who enter open the
mall far more often than those who do not. Part of that gap is self-selection (keen members
enter), so the extra active members it is credited with are an upper bound.
"""

import pandas as pd

from opsbook.content.daily_operations import Promotion
from opsbook.core.i18n import pick


def touchpoints_table(promotion: Promotion) -> pd.DataFrame:
    """Each private touchpoint with what runs on it."""
    return pd.DataFrame(
        {
            pick("Touchpoint", "触点"): [str(t.name) for t in promotion.touchpoints],
            pick("Methods", "方法"): [
                pick("; ", "；").join(str(m) for m in t.methods) for t in promotion.touchpoints
            ],
        }
    )


def lottery_economics(weeks: pd.DataFrame, promotion: Promotion) -> pd.DataFrame:
    """Per quarter: entrants, the share of entrants and of the others active in the mall, the
    extra active members (entrants × the gap) and what each cost in prizes."""
    frame = weeks.copy()
    dates = pd.to_datetime(frame["week"])
    frame["quarter"] = dates.dt.year * 10 + dates.dt.quarter
    cost = promotion.lottery.winners_per_week * promotion.lottery.meal_cost
    rows = []
    for quarter, mine in frame.groupby("quarter"):
        entered = mine[mine["group"] == "entered"]
        others = mine[mine["group"] == "others"]
        active_entered = entered["active"].sum() / entered["members"].sum()
        active_others = others["active"].sum() / others["members"].sum()
        extra = (entered["members"] * (active_entered - active_others)).sum()
        spent = cost * len(entered)
        rows.append(
            {
                pick("Quarter", "季度"): pick(
                    f"{quarter // 10} Q{quarter % 10}", f"{quarter // 10} 年第 {quarter % 10} 季度"
                ),
                pick("Entrants a week", "每周参加人数"): round(entered["members"].mean()),
                pick("Entrants active", "参加者活跃率"): f"{active_entered:.0%}",
                pick("Others active", "未参加者活跃率"): f"{active_others:.0%}",
                pick("Prizes (yuan)", "奖品成本（元）"): f"{spent:,.0f}",
                pick("Yuan per extra active member-week", "每多一个周活用户的成本（元）"): (
                    round(spent / extra, 2) if extra > 0 else pick("no extra", "没有增加")
                ),
            }
        )
    return pd.DataFrame(rows)

"""The IP persona's two reaches (IP 运营): a week of Moments (朋友圈) with the ads capped, and
private-chat pushes (私聊) to a segment picked by tags.

Moments: the posts of a week fill the day's slots; ads take peak slots only, never two in a row,
and no more than the cap; the other slots rotate through the daily-life kinds of
``playbook/daily_operations.yaml``. Private chat: every push reaches the segment's contacts, a
share of them buy and a share delete or mute the account. Contacts who bought in the last 30
days buy more after a push and leave less than the others. Compare segments by the orders each
lost contact buys.
"""

from datetime import date, timedelta

import pandas as pd

from opsbook.content.daily_operations import Moments, PrivateChat
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.present.render import markdown_bullets, md_escape
from opsbook.present.tables import number

RECENT_DAYS = 30


def plan_week(moments: Moments, offers: list[str], start: date, ad_cap: float) -> pd.DataFrame:
    """A week of Moments from ``start``: one post per slot, ads (one per offer, in turn) on
    peak slots spread over the week, at most ``ad_cap`` of all posts, never two in a row."""
    if not 0 <= ad_cap <= 1:
        raise OpsbookError(f"ad_cap is a share between 0 and 1 (e.g. 0.3), not {ad_cap}.")
    if not offers and ad_cap > 0:
        raise OpsbookError("Name at least one offer to advertise, or set ad_cap to 0.")
    slots = [(start + timedelta(days=d), slot) for d in range(7) for slot in moments.slots]
    peaks = [i for i, (_, slot) in enumerate(slots) if slot in moments.peak]
    allowed = min(int(ad_cap * len(slots)), len(peaks))
    # the ads spread evenly over the week's peak slots, not crowded into its first days
    ad_slots = {peaks[int(n * len(peaks) / allowed)] for n in range(allowed)} if allowed else set()
    rows, ads, fillers, previous_ad = [], 0, 0, False
    for index, (day, slot) in enumerate(slots):
        is_ad = index in ad_slots and not previous_ad
        if is_ad:
            offer = offers[ads % len(offers)]
            kind, idea = pick("Ad", "广告"), offer
            ads += 1
        else:
            filler = moments.fillers[fillers % len(moments.fillers)]
            kind, idea = str(filler.name), str(filler.idea)
            fillers += 1
        rows.append((_short_day(day), slot, kind, idea))
        previous_ad = is_ad
    return pd.DataFrame(
        rows,
        columns=[
            pick("Day", "日期"),
            pick("Time", "时间"),
            pick("Kind", "类型"),
            pick("Post", "内容"),
        ],
    )


def _short_day(day: date) -> str:
    weekday = day.weekday()
    return pick(
        f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[weekday]} {day:%m-%d}",
        f"周{'一二三四五六日'[weekday]} {day:%m-%d}",
    )


def week_grid(plan: pd.DataFrame) -> pd.DataFrame:
    """The plan as a grid: the day's slots down, the days across, the kind of post in each."""
    day, time, kind = plan.columns[:3]
    grid = plan.pivot(index=time, columns=day, values=kind)
    return grid[list(dict.fromkeys(plan[day]))].rename_axis(index=time, columns=None)


def ad_share(plan: pd.DataFrame) -> float:
    """The share of the plan's posts that are ads."""
    return float((plan.iloc[:, 2] == pick("Ad", "广告")).mean())


def contacts(users: pd.DataFrame, orders: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The private-domain contacts with their tags and whether they bought in the last 30 days."""
    since = pd.Timestamp(as_of) - pd.Timedelta(days=RECENT_DAYS)
    dates = pd.to_datetime(orders["order_date"])
    recent = set(orders.loc[(dates > since) & (dates <= pd.Timestamp(as_of)), "user_id"])
    reached = users[users["in_private_domain"] == 1].copy()
    reached["recent"] = reached["user_id"].isin(recent)
    return reached.set_index("user_id")


def select(tagged: pd.DataFrame, **tags) -> pd.DataFrame:
    """The contacts whose tags match, e.g. ``select(tagged, member_level=[3, 4])``."""
    chosen = tagged
    for column, values in tags.items():
        if column not in tagged.columns:
            raise OpsbookError(
                f'"{column}" is not a tag — use one of: {", ".join(tagged.columns)}.'
            )
        chosen = chosen[chosen[column].isin(values)]
    return chosen


def push(segment: pd.DataFrame, rates: PrivateChat) -> dict[str, float]:
    """What one push to ``segment`` does: reach, expected orders, expected lost contacts."""
    recent = int(segment["recent"].sum())
    other = len(segment) - recent
    orders = recent * rates.response_recent + other * rates.response_other
    lost = recent * rates.loss_recent + other * rates.loss_other
    return {"reach": len(segment), "recent": recent, "orders": orders, "lost": lost}


def compare(tagged: pd.DataFrame, segments: dict[str, dict], rates: PrivateChat) -> pd.DataFrame:
    """One push to each named segment (name → tags), side by side, as learners read it: expected
    orders and lost contacts rounded to whole ones (they are estimates from assumed rates)."""
    rows = []
    for name, tags in segments.items():
        outcome = push(select(tagged, **tags), rates)
        rows.append(
            {
                pick("Segment", "人群"): name,
                pick("Contacts reached", "触达人数"): number(outcome["reach"], "count"),
                pick("Bought in 30 days", "近 30 天下单"): number(outcome["recent"], "count"),
                pick("Expected orders", "预计订单"): number(outcome["orders"], "count"),
                pick("Expected lost contacts", "预计流失好友"): number(outcome["lost"], "count"),
                pick("Orders per lost contact", "每流失一人换来的订单"): number(
                    outcome["orders"] / outcome["lost"], "decimal:1"
                )
                if outcome["lost"]
                else "—",
            }
        )
    return pd.DataFrame(rows)


def persona_card(moments: Moments) -> str:
    """The persona as a short Markdown card: who speaks, how, about what, and never what."""
    persona = moments.persona
    lines = [
        f"**{md_escape(persona.name)}** · {md_escape(persona.avatar)}",
        "",
        f"*{md_escape(persona.voice)}*",
        "",
        pick("Posts about:", "发什么："),
        *markdown_bullets(persona.posts_about),
        "",
        pick("Never:", "绝不："),
        *markdown_bullets(persona.never),
    ]
    return "\n".join(lines)

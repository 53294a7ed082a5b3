"""Community operations (社群运营): how healthy each group is, and the SOP its host follows.

Health, per group over the pushes given: how many were pushed a day, the share of members who
clicked a push's link or mini-program card (a WeChat group has no read receipts: the ``read``
column of the sample data counts those clicks, by people) and who spoke after it (开口率), how many
left per push (per 1,000 members) and how the group grew.
A group pushed more often than the SOP allows, or losing more members per push than its limit,
is flagged. The SOP itself is content (``community`` in ``playbook/daily_operations.yaml``): a
team adapts it and exports it as Markdown for its hosts.
"""

import pandas as pd

from opsbook.content.daily_operations import Community, Mall
from opsbook.core.i18n import get_language, pick
from opsbook.present.render import markdown_bullets, md_escape


def health(groups: pd.DataFrame, pushes: pd.DataFrame, limits: Community) -> pd.DataFrame:
    """One row per group: its pace, clicks, replies, leavers per push and growth, flagged."""
    zh = get_language() == "zh"
    rows = []
    for group in groups.itertuples(index=False):
        mine = pushes[pushes["group_id"] == group.group_id].sort_values("date", kind="stable")
        if mine.empty:  # a group with nothing pushed yet has nothing to read
            continue
        days = mine["date"].nunique()
        reached = mine["members"].sum()
        per_day = len(mine) / days if days else 0.0
        leavers = 1000 * mine["left"].sum() / reached if reached else 0.0
        first, last = mine.iloc[0], mine.iloc[-1]
        end = last["members"] - last["left"]
        flags = []
        if per_day > limits.max_pushes_per_day:
            flags.append(pick("pushes too often", "推送过多"))
        if leavers > limits.max_leavers_per_1000:
            flags.append(pick("members leave after pushes", "推送后退群偏多"))
        rows.append(
            {
                pick("Group", "社群"): group.name_zh if zh else group.name_en,
                pick("Pushes a day", "日均推送"): round(per_day, 1),
                pick("Push click rate", "推送点击率"): f"{mine['read'].sum() / reached:.0%}",
                pick(
                    "Speaking after a push", "推送后开口率"
                ): f"{mine['replies'].sum() / reached:.1%}",
                pick("Left per push, per 1,000", "每条推送退群（每千人）"): round(leavers, 1),
                pick("Members: first push → last", "成员：首条 → 末条推送后"): (
                    f"{first['members']:,} → {end:,}"
                ),
                pick("Flag", "提示"): pick(", ", "，").join(flags) or "—",
            }
        )
    return pd.DataFrame(rows)


def by_kind(pushes: pd.DataFrame) -> pd.DataFrame:
    """Clicks, replies and leavers by kind of push, over every group."""
    names = {
        "offer": pick("Offer", "优惠"),
        "activity": pick("Activity", "活动"),
        "content": pick("Content", "内容"),
    }
    rows = []
    for kind, mine in pushes.groupby("kind", sort=False):
        reached = mine["members"].sum()
        rows.append(
            {
                pick("Kind of push", "推送类型"): names[kind],
                pick("Pushes", "推送条数"): f"{len(mine):,}",
                pick("Push click rate", "推送点击率"): f"{mine['read'].sum() / reached:.0%}",
                pick(
                    "Speaking after a push", "推送后开口率"
                ): f"{mine['replies'].sum() / reached:.1%}",
                pick("Left per push, per 1,000", "每条推送退群（每千人）"): round(
                    1000 * mine["left"].sum() / reached, 1
                ),
            }
        )
    return pd.DataFrame(rows)


def sop_markdown(community: Community, title: str) -> str:
    """The community SOP as a Markdown page for the group hosts."""
    lines = [f"# {md_escape(title)}", ""]
    lines += [
        pick(
            f"At most {community.max_pushes_per_day} pushes a day per group.",
            f"每个群每天最多推送 {community.max_pushes_per_day} 条。",
        ),
        "",
        f"## {pick('Every day', '每天')}",
        "",
    ]
    lines += [f"- **{md_escape(line.when)}** {md_escape(line.what)}" for line in community.daily]
    lines += ["", f"## {pick('Every week', '每周')}", ""]
    lines += [f"- **{md_escape(line.when)}** {md_escape(line.what)}" for line in community.weekly]
    lines += ["", f"## {pick('Rules', '规则')}", ""]
    lines += markdown_bullets(community.rules)
    return "\n".join(lines) + "\n"


def mall_checklist(mall: Mall) -> str:
    """The mall's daily routine as a Markdown checklist to keep by the desk."""
    return "\n".join(markdown_bullets(mall.routine, checkbox=True))

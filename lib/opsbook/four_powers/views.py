"""Presenting the four-powers (四力) playbook in chapter 2: overview tables and practice lists.

Scoring lives in :mod:`opsbook.four_powers.assessment`; the arithmetic of operation power in
:mod:`opsbook.four_powers.metrics`.
"""

import pandas as pd

from opsbook.content.four_powers import FourPowers
from opsbook.core.i18n import label, pick
from opsbook.present.render import bullets, esc


def overview(rubric: FourPowers) -> pd.DataFrame:
    """One row per power: what it is about, its dimensions and how many items assess it."""
    return pd.DataFrame(
        [
            {
                label("power"): power.name.both(),
                pick("About", "关注点"): str(power.summary),
                pick("Dimensions", "维度"): " · ".join(str(d.name) for d in power.dimensions),
                pick("Items", "评估项"): len(power.items),
            }
            for power in rubric.powers
        ]
    )


def level_ladder(rubric: FourPowers, item: str) -> pd.DataFrame:
    """The five levels of one item and the action that lifts a team from each to the next."""
    spec = rubric.items[item]
    return pd.DataFrame(
        [
            {
                pick("Level", "等级"): f"{n} · {rubric.level_name(n)}",
                pick("What you see", "现状描述"): str(spec.level_text(n)),
                pick("To reach the next level", "升级行动"): str(spec.actions[n]) if n < 5 else "",
            }
            for n in range(1, 6)
        ]
    )


class PracticeList:
    """A power's practice lists (common combinations, general and newer ways), shown as HTML."""

    def __init__(self, rubric: FourPowers, power: str):
        self.power = next(p for p in rubric.powers if p.key == power)

    def _repr_html_(self) -> str:
        return "".join(
            f"<p><b>{esc(practice.title)}</b></p>{bullets(practice.points)}"
            for practice in self.power.practices
        )

    def __repr__(self) -> str:
        return "\n".join(
            f"{practice.title}:\n" + "\n".join(f"  - {point}" for point in practice.points)
            for practice in self.power.practices
        )


def positioning_roles(rubric: FourPowers) -> pd.DataFrame:
    """The roles a private domain can play (组织力 · 定位) and what each means."""
    return pd.DataFrame(
        [
            {
                pick("Role", "定位"): role.name.both(),
                pick("What it means", "含义"): str(role.meaning),
            }
            for role in rubric.positioning_roles
        ]
    )


def gmv_factors(rubric: FourPowers) -> pd.DataFrame:
    """The five factors of the operation-power formula and how each is counted."""
    return pd.DataFrame(
        [
            {
                pick("Factor", "因子"): f.name.both(),
                pick("Counted here as", "本课程口径"): str(f.definition),
                pick("Where practice differs", "常见的其他口径"): str(f.practice or "–"),
            }
            for f in rubric.gmv_factors
        ]
    )

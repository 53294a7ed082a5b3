"""Referral growth (裂变): existing users bring new ones for a reward.

Each generation of users sends invitations: a share of them invite (``invite_rate``), each
inviter sends ``invites`` invitations, and a share of those are accepted (``acceptance``). The
viral coefficient k = invite_rate × invites × acceptance is the number of new users one user
brings; generation g has seed × k^g users. Every accepted invitation costs both rewards (the
inviter's and the new user's); a new user pays back when the value of their repeat purchases
(``value_per_user``, margin over the period) covers that cost.
"""

from dataclasses import dataclass

import pandas as pd

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.present.tables import formatted


@dataclass(frozen=True)
class Referral:
    seed: int  # users who start the campaign
    invite_rate: float  # share of users who invite anyone
    invites: float  # invitations per inviter
    acceptance: float  # share of invitations accepted
    reward_inviter: float  # yuan paid to the inviter per accepted invitation
    reward_new: float  # yuan given to each new user
    value_per_user: float  # margin a new user brings over the period (repeat purchases)
    generations: int = 4

    def __post_init__(self) -> None:
        for name in ("invite_rate", "acceptance"):
            if not 0 <= getattr(self, name) <= 1:
                raise OpsbookError(
                    f"{name} is a share between 0 and 1 (e.g. 0.2 for 20 %), "
                    f"not {getattr(self, name)}."
                )
        if self.seed < 1 or self.invites < 0 or self.generations < 1:
            raise OpsbookError("Give at least one seed user, one generation and invites ≥ 0.")
        if min(self.reward_inviter, self.reward_new) < 0:
            raise OpsbookError("A reward is a cost in yuan: 0 or more.")

    @property
    def k(self) -> float:
        """The viral coefficient: new users each user brings."""
        return self.invite_rate * self.invites * self.acceptance

    @property
    def cost_per_new_user(self) -> float:
        return self.reward_inviter + self.reward_new


@dataclass(frozen=True)
class FissionResult:
    table: pd.DataFrame  # one row per generation
    new_users: float
    cost: float
    cost_per_new_user: float
    payback: float  # value of a new user ÷ its cost; ≥ 1 pays back
    k: float


def grow(referral: Referral) -> FissionResult:
    """Users per generation, the total, the cost and whether it pays back."""
    rows, users = [], float(referral.seed)
    for generation in range(1, referral.generations + 1):
        users *= referral.k
        rows.append((generation, users, users * referral.cost_per_new_user))
    table = pd.DataFrame(rows, columns=["generation", "new_users", "reward_cost"])
    new_users = float(table["new_users"].sum())
    cost = float(table["reward_cost"].sum())
    per_user = referral.cost_per_new_user
    payback = referral.value_per_user / per_user if per_user else float("inf")
    return FissionResult(table, new_users, cost, per_user, payback, referral.k)


def generations_table(result: FissionResult) -> pd.DataFrame:
    """The generations with readable headers (what the learner sees)."""
    table = formatted(result.table, {"new_users": "count", "reward_cost": "yuan"})
    return table.rename(
        columns={
            "generation": pick("Round", "轮次"),
            "new_users": pick("New users", "新增用户"),
            "reward_cost": pick("Reward cost (yuan)", "奖励成本（元）"),
        }
    )


def verdict(result: FissionResult) -> str:
    """One sentence: does the campaign spread by itself, and does it pay back?"""
    spread = (
        pick(
            "k ≥ 1: every round of new users is bigger than the last; cap the rewards or the "
            "budget.",
            "k ≥ 1：每一轮新增都比上一轮多，要给奖励总额设上限。",
        )
        if result.k >= 1
        else pick(
            f"k = {result.k:.2f}: each round of new users is {result.k:.0%} of the one before; "
            "without new seed users the campaign soon stops.",
            f"k = {result.k:.2f}：每一轮新增只有上一轮的 {result.k:.0%}，"
            "不持续补种子用户很快就停。",
        )
    )
    pays = (
        pick(
            f"A new user costs {result.cost_per_new_user:,.0f} yuan in rewards and their repeat "
            f"margin is {f'{result.payback:.1f}'.removesuffix('.0')}× that: it pays.",
            f"每个新用户奖励成本 {result.cost_per_new_user:,.0f} 元，复购毛利是成本的 "
            f"{f'{result.payback:.1f}'.removesuffix('.0')} 倍，划算。",
        )
        if result.payback >= 1
        else pick(
            f"A new user costs {result.cost_per_new_user:,.0f} yuan in rewards and their repeat "
            f"margin brings back only {result.payback:.0%} of it: lower the rewards or raise "
            "repeat value.",
            f"每个新用户奖励成本 {result.cost_per_new_user:,.0f} 元，复购毛利只收回 "
            f"{result.payback:.0%}，要降低奖励或提高复购价值。",
        )
    )
    return f"{spread}{pick(' ', '')}{pays}"  # no space after a Chinese full stop

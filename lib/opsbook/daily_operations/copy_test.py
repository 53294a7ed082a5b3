"""Two copy variants (文案测试) for the same push or ad: is the difference real, and how many
people does each variant need?

The test is the two-proportion z-test with a pooled rate; the sample size is the usual one for
a two-sided test at level ``alpha`` with ``power`` (normal approximation, no continuity
correction). Stop when both variants have the planned sample, not when the difference first
looks significant: looking every day and stopping at the first "win" finds winners that are not.
"""

import math
from dataclasses import dataclass
from statistics import NormalDist

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick

_NORMAL = NormalDist()


@dataclass(frozen=True)
class CopyTestResult:
    rate_a: float
    rate_b: float
    lift: float  # rate_b ÷ rate_a − 1
    z: float
    p_value: float  # two-sided
    significant: bool


def compare(shown_a: int, converted_a: int, shown_b: int, converted_b: int, alpha=0.05):
    """Variant A against variant B: conversion rates, z, the two-sided p-value."""
    for shown, converted, name in ((shown_a, converted_a, "A"), (shown_b, converted_b, "B")):
        if shown <= 0 or not 0 <= converted <= shown:
            raise OpsbookError(
                f"Variant {name}: {converted} conversions out of {shown} shown is not possible "
                "— conversions must be between 0 and the number shown."
            )
    rate_a, rate_b = converted_a / shown_a, converted_b / shown_b
    pooled = (converted_a + converted_b) / (shown_a + shown_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / shown_a + 1 / shown_b))
    z = (rate_b - rate_a) / spread if spread else 0.0
    p_value = 2 * (1 - _NORMAL.cdf(abs(z)))
    lift = rate_b / rate_a - 1 if rate_a else float("inf")
    return CopyTestResult(rate_a, rate_b, lift, z, p_value, p_value < alpha)


def sample_size(base_rate: float, lift: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """People per variant needed to detect a relative ``lift`` over ``base_rate``."""
    target = base_rate * (1 + lift)
    if not 0 < base_rate < 1 or not 0 < target < 1 or lift == 0:
        raise OpsbookError(
            "base_rate and base_rate × (1 + lift) must be rates between 0 and 1, and the lift "
            "not 0 (e.g. base_rate=0.10, lift=0.2 for 10 % → 12 %)."
        )
    z_alpha = _NORMAL.inv_cdf(1 - alpha / 2)
    z_power = _NORMAL.inv_cdf(power)
    mean = (base_rate + target) / 2
    needed = (
        z_alpha * math.sqrt(2 * mean * (1 - mean))
        + z_power * math.sqrt(base_rate * (1 - base_rate) + target * (1 - target))
    ) ** 2 / (target - base_rate) ** 2
    return math.ceil(needed)


def verdict(result: CopyTestResult, planned: int | None = None, shown: int | None = None) -> str:
    """What to do with the result, in one sentence."""
    rates = pick(
        f"A converts {result.rate_a:.2%}, B {result.rate_b:.2%} ({result.lift:+.0%}), "
        f"p = {result.p_value:.3f}.",
        f"A 的转化率 {result.rate_a:.2%}，B {result.rate_b:.2%}（{result.lift:+.0%}），"
        f"p = {result.p_value:.3f}。",
    )
    if planned is not None and shown is not None and shown < planned:
        return rates + pick(
            f" Keep going: {shown:,} of the {planned:,} planned per variant so far.",
            f"继续测试：每组计划 {planned:,} 人，目前 {shown:,} 人。",
        )
    if result.significant:
        better = "B" if result.rate_b > result.rate_a else "A"
        return rates + pick(f" The difference is real: use {better}.", f"差异显著：采用 {better}。")
    return rates + pick(
        " No real difference: keep the cheaper or simpler copy, or test a bolder change.",
        "差异不显著：保留成本更低或更简单的文案，或测试更大的改动。",
    )

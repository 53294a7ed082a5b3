"""Decomposition thinking (拆解思维) on the sales formula.

Sales = visitors × order conversion × value per order (销售额 = 访客数 × 订单转化率 × 笔单价:
visitors are daily UV added up, order conversion is orders ÷ visitors, value per order is sales ÷
orders); for a free product, registered users = visitors × registration conversion. A target is
split into the three factors (the code calls them levers), visitors into channels by their
historical share, and a target tree can be checked for MECE: branches that do not add up (or
multiply up) to their parent, or that repeat each other.
"""

import math
from dataclasses import dataclass, field

import pandas as pd

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.present.tables import formatted, number

LEVERS = ("traffic", "conversion", "aov")


@dataclass(frozen=True)
class SalesLevers:
    traffic: float  # visitors (daily UV added up)
    conversion: float  # orders ÷ visitors (订单转化率)
    aov: float  # sales ÷ orders (笔单价, value per order)

    @property
    def sales(self) -> float:
        return self.traffic * self.conversion * self.aov

    @property
    def orders(self) -> float:
        return self.traffic * self.conversion


def lever_names() -> dict[str, str]:
    """The three factors' names, as the chapter and the back offices say them."""
    return {
        "traffic": pick("Visitors", "访客数"),
        "conversion": pick("Order conversion", "订单转化率"),
        "aov": pick("Value per order", "笔单价"),
    }


# how each factor is written (opsbook.present.tables.number)
LEVER_KINDS = {"traffic": "count", "conversion": "share", "aov": "money"}


def monthly_levers(traffic: pd.DataFrame) -> pd.DataFrame:
    """Visitors, orders, sales, order conversion and value per order per month from
    ``daily_channel_traffic``."""
    month = traffic["date"].dt.to_period("M").astype(str)
    table = traffic.groupby(month)[["visits", "orders", "gmv"]].sum()
    table["conversion"] = table["orders"] / table["visits"]
    table["aov"] = table["gmv"] / table["orders"]
    table.index.name = "month"
    return table


def levers_for(months: pd.DataFrame, month: str) -> SalesLevers:
    if month not in months.index:
        raise OpsbookError(
            f'No data for month "{month}" — use one from {months.index[0]} to {months.index[-1]}.'
        )
    row = months.loc[month]
    return SalesLevers(float(row["visits"]), float(row["conversion"]), float(row["aov"]))


def channel_mix(traffic: pd.DataFrame, channels: pd.DataFrame, last_months: int = 3):
    """Each channel's share of visitors, its order conversion, its cost per visitor and its cost
    per order (cost per visitor ÷ order conversion) over the last months of the data."""
    month = traffic["date"].dt.to_period("M")
    recent = traffic[month >= month.max() - (last_months - 1)]
    table = recent.groupby("channel_id")[["visits", "orders", "gmv"]].sum()
    table = table.join(channels.set_index("channel_id")[["name_en", "name_zh", "cost_per_visit"]])
    table["share"] = table["visits"] / table["visits"].sum()
    table["conversion"] = table["orders"] / table["visits"]
    table["cost_per_order"] = table["cost_per_visit"] / table["conversion"]
    return table.sort_values("share", ascending=False)


def _whole(shares: pd.Series, total: float) -> pd.Series:
    """``total`` split by ``shares`` into whole numbers that add up to it (the rounding is
    settled on the first, largest, share)."""
    rounded = (shares * total).round().astype(int)
    rounded.iloc[0] += round(total) - int(rounded.sum())
    return rounded


def split_traffic(visits: float, mix: pd.DataFrame) -> pd.DataFrame:
    """Split a visitor target across channels by historical share; cost at each channel's price.

    Rounded visitors are adjusted on the largest channel so the channels add up to the target.
    """
    rounded = _whole(mix["share"], visits)
    table = pd.DataFrame(
        {
            pick("Channel", "渠道"): mix[pick("name_en", "name_zh")],
            pick("Share %", "占比 %"): (mix["share"] * 100).round(1),
            pick("Visitors", "访客数"): rounded,
            pick("Cost per visitor", "单 UV 成本（元）"): mix["cost_per_visit"],
            pick("Cost", "成本（元）"): (rounded * mix["cost_per_visit"]).round(0),
            pick("Cost per order", "单均成本（元）"): mix["cost_per_order"].round(2),
        }
    )
    table.index.name = "channel_id"
    return table


def split_table(split: pd.DataFrame) -> pd.DataFrame:
    """:func:`split_traffic` as learners read it: shares in %, visitors as counts, yuan."""
    share, visitors, per_visitor, cost, per_order = split.columns[1:6]
    shown = formatted(
        split,
        {
            share: "percent:1",
            visitors: "count",
            per_visitor: "money",
            cost: "yuan",
            per_order: "money",
        },
    )
    return shown.rename(columns={share: pick("Share", "占比")})


def solve(target: float, baseline: SalesLevers, solve_for: str = "traffic", **fixed) -> SalesLevers:
    """The levers that reach ``target``: two are fixed (baseline or given), the third solved."""
    if solve_for not in LEVERS:
        raise OpsbookError(f'Cannot solve for "{solve_for}" — use one of {", ".join(LEVERS)}.')
    if target <= 0:
        raise OpsbookError(f"The sales target is {target} — give a positive amount in yuan.")
    values = {name: fixed.get(name, getattr(baseline, name)) for name in LEVERS}
    others = math.prod(v for name, v in values.items() if name != solve_for)
    if others <= 0:
        raise OpsbookError("Every lever must be above 0 to solve for the last one.")
    values[solve_for] = target / others
    return SalesLevers(**values)


def lever_options(target: float, baseline: SalesLevers, months: pd.DataFrame, mix: pd.DataFrame):
    """For each lever alone: the value that reaches the target, how far beyond the platform's
    own best month that is, and for traffic what the extra visits cost at today's channel mix.

    Moving one lever alone always takes the same factor; what differs is the headroom: a lever
    that has been higher before is cheaper to move than one that never has.
    """
    best = {
        "traffic": months["visits"].max(),
        "conversion": months["conversion"].max(),
        "aov": months["aov"].max(),
    }
    blended_cost = float((mix["share"] * mix["cost_per_visit"]).sum())
    names = lever_names()
    rows = []
    for lever in LEVERS:
        now, needed = getattr(baseline, lever), getattr(solve(target, baseline, lever), lever)
        extra = (needed - baseline.traffic) * blended_cost if lever == "traffic" else None
        rows.append(
            {
                pick("Lever", "因子"): names[lever],
                pick("Now", "当前"): now,
                pick("Needed alone", "单独需达到"): needed,
                pick("Change %", "变化 %"): (needed / now - 1) * 100,
                pick("Best month so far", "历史最佳月"): best[lever],
                pick("Beyond best month %", "超出历史最佳 %"): (needed / best[lever] - 1) * 100,
                pick("Extra cost (yuan)", "额外成本（元）"): None
                if extra is None
                else max(extra, 0),
            }
        )
    return pd.DataFrame(rows).round(4)


def options_table(options: pd.DataFrame) -> pd.DataFrame:
    """:func:`lever_options` as learners read it: each factor's values in its own kind (visitors,
    a rate in %, yuan), the changes in %, the extra cost in yuan."""
    kinds = dict(zip(lever_names().values(), LEVER_KINDS.values(), strict=True))
    shown = options.copy().astype(object)
    _lever, now, needed, change, best, beyond, extra = options.columns
    for row, name in options.iloc[:, 0].items():
        for column in (now, needed, best):
            shown.at[row, column] = number(options.at[row, column], kinds[name])
    for column in (change, beyond):
        shown[column] = [number(v / 100, "+share") for v in options[column]]
    shown[extra] = [number(v, "yuan") for v in options[extra]]
    return shown.rename(
        columns={
            change: pick("Change", "变化"),
            beyond: pick("Beyond best month", "超出历史最佳"),
        }
    )


def cheapest_lever(options: pd.DataFrame) -> str:
    """The factor to move first: the one that has to rise least above its best month so far."""
    return str(options.loc[options.iloc[:, 5].idxmin()].iloc[0])


def _num(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.4g}"


@dataclass
class Node:
    """A branch of a target tree. ``op`` says how the children make this node: "sum" or
    "product"; leaves have no op. ``kind`` is how its value is written
    (:func:`opsbook.present.tables.number`): "count", "share", "money" or "yuan"."""

    name: str
    value: float | None
    op: str | None = None
    children: list["Node"] = field(default_factory=list)
    kind: str = "count"

    def walk(self, depth: int = 0):
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


def sales_tree(target: float, levers: SalesLevers, split: pd.DataFrame) -> Node:
    """Sales = visitors × order conversion × value per order, visitors as the sum of channels."""
    visits_col, name_col = split.columns[2], split.columns[0]
    channels = [Node(str(row[name_col]), float(row[visits_col])) for _, row in split.iterrows()]
    names = lever_names()
    return Node(
        pick("Sales (yuan)", "销售额（元）"),
        target,
        "product",
        [
            Node(names["traffic"], levers.traffic, "sum", channels),
            Node(names["conversion"], levers.conversion, kind="share"),
            Node(names["aov"], levers.aov, kind="money"),
        ],
        kind="yuan",
    )


def registration_tree(target: float, conversion: float, split: pd.DataFrame) -> Node:
    """Registered users = visitors × registration conversion, visitors split by channel in whole
    people (the channels add up to the visitors exactly)."""
    if not 0 < conversion <= 1:
        raise OpsbookError(f"Conversion is {conversion} — write it as a share such as 0.08.")
    traffic = target / conversion
    visits_col, name_col = split.columns[2], split.columns[0]
    total = float(split[visits_col].sum()) or 1.0
    shares = split[visits_col].astype(float) / total
    whole = _whole(shares.reset_index(drop=True), traffic)
    channels = [
        Node(str(name), float(visitors))
        for name, visitors in zip(split[name_col], whole, strict=True)
    ]
    return Node(
        pick("Registered users", "注册用户"),
        target,
        "product",
        [
            Node(pick("Visitors", "访客数"), traffic, "sum", channels),
            Node(pick("Registration conversion", "注册转化率"), conversion, kind="share"),
        ],
    )


def check_tree(node: Node, tolerance: float = 0.005) -> list[str]:
    """MECE problems: repeated branches (overlap) and children that do not add up or multiply
    up to their parent within ``tolerance`` (something missing or counted twice)."""
    problems = []
    for _depth, branch in node.walk():
        if not branch.children:
            continue
        names = [c.name.strip().lower() for c in branch.children]
        repeated = sorted(
            {c.name for c in branch.children if names.count(c.name.strip().lower()) > 1}
        )
        if repeated:
            problems.append(
                pick(
                    f"{branch.name}: {', '.join(repeated)} repeated — the branches overlap",
                    f"{branch.name}：{'、'.join(repeated)} 重复出现——分支相互重叠",
                )
            )
        values = [c.value for c in branch.children]
        if branch.value is None or any(v is None for v in values) or branch.op is None:
            problems.append(
                pick(
                    f"{branch.name}: give each branch a value and say if they add or multiply",
                    f"{branch.name}：每个分支都要有数值，并说明是相加还是相乘",
                )
            )
            continue
        combined = sum(values) if branch.op == "sum" else math.prod(values)
        if not math.isclose(combined, branch.value, rel_tol=tolerance):
            verb = (
                pick("add up to", "相加得") if branch.op == "sum" else pick("multiply to", "相乘得")
            )
            hint = (
                pick("a branch is missing", "缺少分支")
                if combined < branch.value
                else pick("something is counted twice", "有重复计算")
            )
            got, want = _num(combined), _num(branch.value)
            problems.append(
                pick(
                    f"{branch.name}: the branches {verb} {got}, not {want} — {hint}",
                    f"{branch.name}：分支{verb} {got}，而不是 {want}——{hint}",
                )
            )
    return problems


def tree_table(node: Node) -> pd.DataFrame:
    """The tree as an indented table (value written by its kind, with the operation that combines
    its branches)."""
    ops = {"sum": pick("= sum of", "= 求和"), "product": pick("= product of", "= 相乘"), None: ""}
    return pd.DataFrame(
        [
            {
                pick("Branch", "分支"): "    " * depth + ("└ " if depth else "") + branch.name,
                pick("Value", "数值"): number(branch.value, branch.kind),
                pick("Made of", "构成"): ops[branch.op] if branch.children else "",
            }
            for depth, branch in node.walk()
        ]
    )

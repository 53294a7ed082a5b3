"""Operation-power (运营力) arithmetic: the private-domain GMV formula, its factor decomposition,
the touchpoint rate families, the product chain funnel and buyer retention.

Pure functions over DataFrames (load them with :func:`opsbook.datasets.load_dataset`).

The formula: GMV = traffic × lead conversion × purchase conversion × AOV × repurchase, where
lead conversion = product views ÷ visits, purchase conversion = buyers ÷ product views,
AOV (客单价) = GMV ÷ orders and repurchase (复购) = orders ÷ buyers; the product is exactly GMV.
"""

import math
from dataclasses import asdict, dataclass

import pandas as pd

from opsbook.content.four_powers import FourPowers
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import get_language, label, pick
from opsbook.datasets import value_names

FACTORS = ("traffic", "lead_conversion", "purchase_conversion", "aov", "repurchase")


@dataclass(frozen=True)
class GmvInputs:
    """The five factors of private-domain GMV."""

    traffic: float
    lead_conversion: float
    purchase_conversion: float
    aov: float
    repurchase: float

    def __post_init__(self) -> None:
        for name in FACTORS:
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
                raise OpsbookError(
                    f'GMV factor "{name}" is {value!r} — every factor must be a number above 0.'
                )
        for name in ("lead_conversion", "purchase_conversion"):
            if getattr(self, name) > 1:
                raise OpsbookError(
                    f'GMV factor "{name}" is {getattr(self, name)} — a conversion rate is a share '
                    "between 0 and 1 (write 12 % as 0.12)."
                )
        if self.repurchase < 1:
            raise OpsbookError(
                f"Repurchase is {self.repurchase} — it counts orders per buyer, so it is at "
                "least 1."
            )

    @property
    def gmv(self) -> float:
        return math.prod(getattr(self, name) for name in FACTORS)

    @property
    def value_per_fan(self) -> float:
        """单粉丝价值: GMV per unit of private traffic (the product of the other four factors)."""
        return self.gmv / self.traffic

    @property
    def buyers(self) -> float:
        return self.traffic * self.lead_conversion * self.purchase_conversion

    @property
    def orders(self) -> float:
        return self.buyers * self.repurchase

    def with_factor(self, name: str, value: float) -> "GmvInputs":
        return GmvInputs(**{**asdict(self), name: value})


CLOSE_SHARE = 0.1  # movers within 10 % of the leader's size are "close" to it


@dataclass(frozen=True)
class Decomposition:
    """How much of a GMV change each factor explains; contributions add up to the change."""

    before: GmvInputs
    after: GmvInputs
    contributions: dict[str, float]

    @property
    def change(self) -> float:
        return self.after.gmv - self.before.gmv

    @property
    def change_pct(self) -> float:
        return self.change / self.before.gmv * 100

    @property
    def main_driver(self) -> str:
        """The factor with the largest contribution in the direction of the change."""
        sign = 1 if self.change >= 0 else -1
        return max(self.contributions, key=lambda name: sign * self.contributions[name])

    def table(self, rubric: FourPowers | None = None) -> pd.DataFrame:
        names = _factor_names(rubric)
        rows = [
            {
                pick("Factor", "因子"): names[name],
                pick("Before", "之前"): getattr(self.before, name),
                pick("After", "之后"): getattr(self.after, name),
                pick("Change %", "变化 %"): (
                    getattr(self.after, name) / getattr(self.before, name) - 1
                )
                * 100,
                pick("Contribution to GMV", "对 GMV 的贡献"): self.contributions[name],
            }
            for name in FACTORS
        ]
        return pd.DataFrame(rows).round(3)

    def movers(self, close: float = CLOSE_SHARE) -> dict[str, list[str]]:
        """The factors that moved GMV most, up and down: the leader of each direction and those
        within ``close`` (a share of the leader's size) of it, biggest first."""
        result = {}
        for direction, sign in (("up", 1), ("down", -1)):
            moved = sorted(
                (n for n, c in self.contributions.items() if sign * c > 0),
                key=lambda n: -sign * self.contributions[n],
            )
            if moved:
                lead = abs(self.contributions[moved[0]])
                result[direction] = [
                    n for n in moved if lead - abs(self.contributions[n]) <= close * lead
                ]
        return result

    def sentence(self, rubric: FourPowers | None = None) -> str:
        """The change and its biggest movers in both directions, e.g. "GMV rose 9.7 % (+17,941).
        Up: private traffic (+11,835), with order value (+10,904) close behind. Down: repurchase
        (−15,067), the largest single mover." Factors within 10 % of a leader are named with it."""
        if self.change == 0:
            return pick("GMV did not change.", "GMV 没有变化。")
        names = _factor_names(rubric)
        largest = max(self.contributions, key=lambda n: abs(self.contributions[n]))
        both_ways = len(self.movers()) == 2

        def said(name: str) -> str:
            text = f"{pick(names[name].lower(), names[name])} ({self.contributions[name]:+,.0f})"
            if both_ways and name == largest:
                text += pick(", the largest single mover", "，是变动最大的单个因素")
            return text if get_language() == "en" else text.replace(" (", "（").replace(")", "）")

        parts = []
        for direction, found in self.movers().items():
            lead, *close = found
            label = {"up": pick("Up", "拉动"), "down": pick("Down", "拖累")}[direction]
            text = f"{label}{pick(': ', '：')}{said(lead)}"
            if close:
                others = pick(" and ", "和").join(said(n) for n in close)
                text += pick(f", with {others} close behind", f"，{others}紧随其后")
            parts.append(text + pick(".", "。"))
        verb = pick("rose", "上升") if self.change > 0 else pick("fell", "下降")
        head = pick(
            f"GMV {verb} {abs(self.change_pct):.1f} % ({self.change:+,.0f}). ",
            f"GMV {verb} {abs(self.change_pct):.1f}%（{self.change:+,.0f}）。",
        )
        return head + pick(" ", "").join(parts)


def lmdi(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Split the change of a product of factors into one contribution per factor.

    The logarithmic mean Divisia index (LMDI): contribution_i = L × ln(x_after / x_before) with
    L = (V_after − V_before) / ln(V_after / V_before), V the product of the factors. The
    contributions add up exactly to the change, and a factor that did not move gets zero.
    """
    v0, v1 = math.prod(before.values()), math.prod(after.values())
    weight = v0 if math.isclose(v0, v1, rel_tol=1e-12) else (v1 - v0) / math.log(v1 / v0)
    return {name: weight * math.log(after[name] / before[name]) for name in before}


def decompose(before: GmvInputs, after: GmvInputs) -> Decomposition:
    """Split ``after.gmv − before.gmv`` into one contribution per factor (:func:`lmdi`)."""
    return Decomposition(before, after, lmdi(asdict(before), asdict(after)))


def _factor_names(rubric: FourPowers | None) -> dict[str, str]:
    """The factors' names in the current language (from the playbook, never their keys)."""
    if rubric is None:
        from opsbook.content import load_playbook

        rubric = load_playbook("four_powers")
    return {factor.key: str(factor.name) for factor in rubric.gmv_factors}


def private_gmv_factors(
    traffic: pd.DataFrame, orders: pd.DataFrame, channels: pd.DataFrame, freq: str = "M"
) -> pd.DataFrame:
    """The five factors per period (month "M" or quarter "Q") for private-domain channels.

    ``traffic`` is ``daily_channel_traffic``, ``orders`` is ``orders``; only periods covered by
    the orders are returned (buyers come from the order lines).
    """
    private = set(channels.loc[channels["domain"] == "private", "channel_id"])
    visits = traffic[traffic["channel_id"].isin(private)].copy()
    visits["period"] = visits["date"].dt.to_period(freq).astype(str)
    lines = orders[orders["channel_id"].isin(private)].copy()
    lines["period"] = lines["order_date"].dt.to_period(freq).astype(str)
    funnel = visits.groupby("period")[["visits", "product_views"]].sum()
    sales = lines.groupby("period").agg(
        orders=("order_id", "nunique"), buyers=("user_id", "nunique"), gmv=("amount", "sum")
    )
    table = funnel.join(sales, how="inner")
    return pd.DataFrame(
        {
            "traffic": table["visits"].astype(float),
            "lead_conversion": table["product_views"] / table["visits"],
            "purchase_conversion": table["buyers"] / table["product_views"],
            "aov": table["gmv"] / table["orders"],
            "repurchase": table["orders"] / table["buyers"],
            "gmv": table["gmv"],
        }
    )


def factor_table(factors: pd.DataFrame, rubric: FourPowers | None = None) -> pd.DataFrame:
    """:func:`private_gmv_factors` as learners read it: factor names, rates as percentages."""
    names = _factor_names(rubric)
    shown = pd.DataFrame(index=factors.index.copy())
    for name in FACTORS:
        rate = name in {"lead_conversion", "purchase_conversion"}
        column = f"{names[name]} %" if rate else names[name]
        shown[column] = (factors[name] * 100).round(2) if rate else factors[name].round(2)
    shown["GMV"] = factors["gmv"].round(0)
    shown.index.name = label("period")
    return shown


def inputs_for(factors: pd.DataFrame, period: str) -> GmvInputs:
    """The :class:`GmvInputs` of one row of :func:`private_gmv_factors`."""
    if period not in factors.index:
        raise OpsbookError(
            f'There is no period "{period}" in the data — use one of: {", ".join(factors.index)}.'
        )
    row = factors.loc[period]
    return GmvInputs(**{name: float(row[name]) for name in FACTORS})


def _counted_as(metric) -> str:
    """A metric's definition, with the note on where practice counts it differently."""
    note = f" {pick('Note', '注')}{pick(': ', '：')}{metric.practice}" if metric.practice else ""
    return str(metric.definition) + note


def rate_table(rubric: FourPowers, touchpoints: pd.DataFrame, month: str) -> pd.DataFrame:
    """Every rate of the rate families for one month, with the counts it divides and how."""
    counts = touchpoints[touchpoints["month"] == month]
    if counts.empty:
        raise OpsbookError(
            f'No touchpoint counts for month "{month}" — use a month like '
            f'"{touchpoints["month"].iloc[-1]}".'
        )
    step = counts.set_index(["family", "step"])
    rows = []
    for metric in rubric.metrics:
        if metric.family is None or metric.numerator is None:
            continue
        top = step.loc[(metric.family, metric.numerator)]
        row = {
            pick("Family", "类别"): str(rubric.family(metric.family).name),
            pick("Metric", "指标"): str(metric.name),
            pick("Counted as", "计算口径"): _counted_as(metric),
            pick("Numerator", "分子"): int(top["count"]),
        }
        if metric.denominator is None:
            row[pick("Denominator", "分母")] = None
            row[pick("Value", "数值")] = float(top["count"])
            row[pick("Unit", "单位")] = pick("count", "数量")
        else:
            bottom = int(step.loc[(metric.family, metric.denominator), "count"])
            row[pick("Denominator", "分母")] = bottom
            row[pick("Value", "数值")] = round(int(top["count"]) / bottom * 100, 2)
            row[pick("Unit", "单位")] = "%"
        rows.append(row)
    table = pd.DataFrame(rows)
    denominator = pick("Denominator", "分母")
    table[denominator] = table[denominator].astype("Int64")
    return table


def chain_funnel(traffic: pd.DataFrame) -> pd.DataFrame:
    """The product chain browse → product page → cart → paid order, with step and overall rates.

    On the sample platform an order is paid when it is placed (vouchers and set meals), so the
    last step stands for both order and payment.
    """
    steps = {
        "visits": pick("Visits (browse)", "访问（浏览）"),
        "product_views": pick("Product views", "商品浏览"),
        "cart_adds": pick("Added to cart", "加购"),
        "orders": pick("Paid orders", "下单支付"),
    }
    totals = traffic[list(steps)].sum()
    table = pd.DataFrame({pick("Step", "环节"): list(steps.values()), "count": totals.values})
    table[pick("Step rate %", "环节转化率 %")] = (totals / totals.shift(1) * 100).round(1).values
    table[pick("Of visits %", "占访问 %")] = (totals / totals.iloc[0] * 100).round(2).values
    return table.rename(columns={"count": pick("Count", "数量")})


def retention(orders: pd.DataFrame, horizons: tuple[int, ...] = (30, 90, 180)) -> pd.DataFrame:
    """Share of each month's first-time buyers who ordered again within N days (in %).

    A cohort gets no value for a horizon the data cannot yet see for all its buyers (the end of
    its month + N days lies after the last order date), so young cohorts are never under-counted.
    """
    dates = orders[["user_id", "order_date"]].sort_values("order_date")
    first = dates.groupby("user_id")["order_date"].min().rename("first")
    later = dates.join(first, on="user_id")
    later = later[later["order_date"] > later["first"]]
    next_gap = (later.groupby("user_id")["order_date"].min() - first).dt.days
    buyers = first.to_frame()
    buyers["gap"] = next_gap
    buyers["cohort"] = buyers["first"].dt.to_period("M").astype(str)
    last_day = dates["order_date"].max()
    table = {}
    for days in horizons:
        month_end = buyers["first"] + pd.offsets.MonthEnd(0)
        seen = buyers[month_end + pd.Timedelta(days=days) <= last_day]
        back = (seen["gap"] <= days).groupby(seen["cohort"]).mean() * 100
        table[pick(f"{days}-day %", f"{days}天 %")] = back.round(1)
    frame = pd.DataFrame(table, index=sorted(buyers["cohort"].unique()))
    frame.index.name = pick("First purchase", "首购月份")
    frame.insert(0, pick("Buyers", "买家数"), buyers.groupby("cohort").size())
    return frame


def repurchase_rate(orders: pd.DataFrame) -> float:
    """Share of buyers (in %) with more than one order in the data."""
    per_buyer = orders.groupby("user_id")["order_id"].nunique()
    return float((per_buyer > 1).mean() * 100)


PRICE_BANDS = [0, 50, 100, 200, float("inf")]


def assortment(products: pd.DataFrame, merchants: pd.DataFrame) -> pd.DataFrame:
    """SKU width and pricing per category: SKUs, price bands, discount and platform margin.

    Discount = 1 − sale price ÷ list price; platform margin = (sale − settlement) ÷ sale price,
    what the platform keeps per voucher (the merchant is paid the settlement price).
    """
    table = products.merge(merchants[["merchant_id", "category"]], on="merchant_id")
    table["discount"] = (1 - table["sale_price"] / table["list_price"]) * 100
    table["margin"] = (table["sale_price"] - table["settlement_price"]) / table["sale_price"] * 100
    bands = pd.cut(
        table["sale_price"], PRICE_BANDS, right=False, labels=["<50", "50–99", "100–199", "200+"]
    )
    width = pd.crosstab(table["category"], bands)
    summary = table.groupby("category").agg(
        skus=("product_id", "count"),
        merchants=("merchant_id", "nunique"),
        median_price=("sale_price", "median"),
        median_discount=("discount", "median"),
        median_margin=("margin", "median"),
    )
    result = summary.join(width).sort_values("skus", ascending=False).round(1)
    result.columns = [
        pick("SKUs", "SKU 数"),
        pick("Merchants", "商户数"),
        pick("Median price", "价格中位数"),
        pick("Median discount %", "折扣中位数 %"),
        pick("Median platform margin %", "平台毛利中位数 %"),
        *[pick(f"Price {band}", f"价格 {band}") for band in width.columns],
    ]
    result.index = result.index.map(value_names("category"))
    result.index.name = pick("Category", "品类")
    return result

"""Operation-power (运营力) arithmetic: the private-domain GMV formula, its factor decomposition,
the touchpoint rate families, the product chain funnel and the repurchase of first-time buyers.

Pure functions over DataFrames (load them with :func:`opsbook.datasets.load_dataset`).

The formula (腾讯智慧零售's, each factor named as back offices name it): GMV = visitors (访客数,
daily UV added up) × product-page reach rate (详情页到达率 = product-page visitors ÷ visitors) ×
product-page conversion (详情页转化率 = paying buyers ÷ product-page visitors) × value per order
(笔单价 = GMV ÷ orders) × purchases per buyer (人均购买次数 = orders ÷ buyers); the product is
exactly GMV. The factor keys (``aov``, ``repurchase`` …) are codes, not names: the names and
definitions shown are in ``playbook/four_powers.yaml``.
"""

import math
from dataclasses import asdict, dataclass

import pandas as pd

from opsbook.content.four_powers import FourPowers
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import get_language, label, pick
from opsbook.datasets import value_names
from opsbook.present.tables import formatted, number

FACTORS = ("traffic", "lead_conversion", "purchase_conversion", "aov", "repurchase")
# how each factor is written (opsbook.present.tables.number): visitors, two rates, yuan, a ratio
FACTOR_KINDS = {
    "traffic": "count",
    "lead_conversion": "share",
    "purchase_conversion": "share",
    "aov": "money",
    "repurchase": "decimal",
}


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
                f"Purchases per buyer (repurchase) is {self.repurchase} — it counts orders per "
                "buyer, so it is at least 1."
            )

    @property
    def gmv(self) -> float:
        return math.prod(getattr(self, name) for name in FACTORS)

    @property
    def uv_value(self) -> float:
        """UV 价值: GMV per visitor (the product of the other four factors). The guide's 单粉丝价值
        is the same product when traffic is counted as fans instead of visitors."""
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
        """Each factor before and after, its change and its contribution, as learners read them
        (numbers as text: visitors as a count, rates in %, yuan); the numbers are the
        decomposition's own (``before``, ``after``, ``contributions``, :meth:`by_factor`)."""
        names = _factor_names(rubric)
        before, after = pick("Before", "之前"), pick("After", "之后")
        change, share = pick("Change", "变化"), pick("Contribution to GMV", "对 GMV 的贡献")
        rows = [
            {
                pick("Factor", "因子"): names[name],
                before: number(getattr(self.before, name), FACTOR_KINDS[name]),
                after: number(getattr(self.after, name), FACTOR_KINDS[name]),
                change: number(
                    getattr(self.after, name) / getattr(self.before, name) - 1, "+share"
                ),
                share: number(self.contributions[name], "+yuan"),
            }
            for name in FACTORS
        ]
        return pd.DataFrame(rows)

    def by_factor(self, rubric: FourPowers | None = None) -> pd.Series:
        """Each factor's contribution to the change, in yuan, by the factor's name (for a chart)."""
        names = _factor_names(rubric)
        return pd.Series(
            [self.contributions[name] for name in FACTORS],
            index=[names[name] for name in FACTORS],
            name=pick("Contribution to GMV", "对 GMV 的贡献"),
        )

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
        (−15,067), the largest single mover." Factors within 10 % of a leader are named with it;
        in Chinese the sentence says where the rise (or fall) came from and what held it back."""
        if self.change == 0:
            return pick("GMV did not change.", "GMV 没有变化。")
        names = _factor_names(rubric)
        largest = max(self.contributions, key=lambda n: abs(self.contributions[n]))
        both_ways = len(self.movers()) == 2
        rising = self.change > 0
        if get_language() == "zh":
            return self._sentence_zh(names, largest, both_ways, rising)

        def said(name: str) -> str:
            text = f"{names[name].lower()} ({self.contributions[name]:+,.0f})"
            if both_ways and name == largest:
                text += ", the largest single mover"
            return text

        parts = []
        for direction, found in self.movers().items():
            lead, *close = found
            text = f"{'Up' if direction == 'up' else 'Down'}: {said(lead)}"
            if close:
                text += f", with {' and '.join(said(n) for n in close)} close behind"
            parts.append(text + ".")
        verb = "rose" if rising else "fell"
        return f"GMV {verb} {abs(self.change_pct):.1f} % ({self.change:+,.0f}). " + " ".join(parts)

    def _sentence_zh(
        self, names: dict[str, str], largest: str, both_ways: bool, rising: bool
    ) -> str:
        def said(name: str) -> str:
            return f"{names[name]}（{self.contributions[name]:+,.0f}）"

        parts = []
        for direction, found in self.movers().items():
            lead, *close = found
            with_change = (direction == "up") == rising  # the movers that made the change
            if with_change:
                text = f"{'增长' if rising else '下降'}主要来自{said(lead)}"
            else:
                text = f"{'拖后腿' if rising else '往上拉'}的是{said(lead)}"
            if close:
                text += f"，{'和'.join(said(n) for n in close)}贡献相近"
            if both_ways and lead == largest:
                text += "，也是影响最大的单项"
            parts.append((not with_change, text))  # what made the change comes first
        verb = "上升" if rising else "下降"
        head = f"GMV {verb} {abs(self.change_pct):.1f}%（{self.change:+,.0f}）。"
        return head + "；".join(text for _, text in sorted(parts)) + "。"


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
    """:func:`private_gmv_factors` as learners read it: factor names, visitors as a count, rates
    in %, value per order to the fen, GMV in yuan."""
    names = _factor_names(rubric)
    shown = factors[[*FACTORS, "gmv"]].rename(columns={**names, "gmv": "GMV"})
    shown = formatted(shown, {names[n]: FACTOR_KINDS[n] for n in FACTORS} | {"GMV": "yuan"})
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


def _counted_as(metric, counted: bool = True) -> str:
    """A metric's definition, with the note on where practice counts it differently (and, for a
    step the sample data does not count, that it is not in the data)."""
    note = pick(" Note: ", "注：") + str(metric.practice) if metric.practice else ""
    missing = (
        ""
        if counted
        else pick(
            " The sample data does not count this step: no number.",
            "示例数据没有统计这一步，所以没有数值。",
        )
    )
    return str(metric.definition) + note + missing


def rates(rubric: FourPowers, touchpoints: pd.DataFrame, month: str) -> pd.DataFrame:
    """Every metric of the rate families for one month, as numbers: the counts it divides, its
    value (in % for a rate) and its unit ("%" or "count"); a metric whose steps the data does not
    count has no numbers."""
    counts = touchpoints[touchpoints["month"] == month]
    if counts.empty:
        raise OpsbookError(
            f'No touchpoint counts for month "{month}" — use a month like '
            f'"{touchpoints["month"].iloc[-1]}".'
        )
    step = counts.set_index(["family", "step"])["count"]
    rows = []
    for metric in rubric.metrics:
        if metric.family is None:
            continue
        row = {"family": metric.family, "metric": metric.key, "numerator": None}
        row |= {"denominator": None, "value": None, "unit": None}
        if metric.numerator is not None:
            top = int(step.loc[(metric.family, metric.numerator)])
            row |= {"numerator": top, "value": float(top), "unit": "count"}
            if metric.denominator is not None:
                bottom = int(step.loc[(metric.family, metric.denominator)])
                row |= {"denominator": bottom, "value": top / bottom * 100, "unit": "%"}
        rows.append(row)
    table = pd.DataFrame(rows)
    for column in ("numerator", "denominator"):
        table[column] = table[column].astype("Int64")
    return table


def rate_table(rubric: FourPowers, touchpoints: pd.DataFrame, month: str) -> pd.DataFrame:
    """:func:`rates` as learners read it: each metric with how it is counted, the counts it
    divides and its value (a rate in %, a count with thousands separators); "—" where the sample
    data does not count the steps."""
    numbers = rates(rubric, touchpoints, month)
    metrics = {m.key: m for m in rubric.metrics}
    return pd.DataFrame(
        {
            pick("Family", "类别"): [str(rubric.family(f).name) for f in numbers["family"]],
            pick("Metric", "指标"): [str(metrics[k].name) for k in numbers["metric"]],
            pick("Counted as", "计算口径"): [
                _counted_as(metrics[k], pd.notna(v))
                for k, v in zip(numbers["metric"], numbers["value"], strict=True)
            ],
            pick("Numerator", "分子"): [number(v, "count") for v in numbers["numerator"]],
            pick("Denominator", "分母"): [number(v, "count") for v in numbers["denominator"]],
            pick("Value", "数值"): [
                number(v, "percent" if u == "%" else "count")
                for v, u in zip(numbers["value"], numbers["unit"], strict=True)
            ],
        }
    )


def _chain_steps() -> dict[str, str]:
    return {
        "visits": pick("Visitors (browse)", "访客（浏览）"),
        "product_views": pick("Product-page visitors", "商品访客"),
        "cart_adds": pick("Added to cart", "加购人数"),
        "orders": pick("Paid orders", "支付订单"),
    }


def chain_counts(traffic: pd.DataFrame) -> pd.Series:
    """The product chain's counts by step name (daily UV added up, and paid orders)."""
    steps = _chain_steps()
    totals = traffic[list(steps)].sum()
    return pd.Series(totals.to_numpy(), index=list(steps.values()), name=pick("Count", "数量"))


def chain_funnel(traffic: pd.DataFrame) -> pd.DataFrame:
    """The product chain browse → product page → cart → paid order, with step and overall rates
    (in %, two decimals each), as learners read it; :func:`chain_counts` gives the numbers.

    On the sample platform an order is paid when it is placed (vouchers and set meals), so the
    last step stands for both order and payment. The first three steps count people (each day's
    visitors added up), the last counts orders.
    """
    counts = chain_counts(traffic)
    return pd.DataFrame(
        {
            pick("Step", "环节"): counts.index,
            pick("Count", "数量"): [number(v, "count") for v in counts],
            pick("Step rate", "环节转化率"): [
                number(v, "share") for v in (counts / counts.shift(1)).to_numpy()
            ],
            pick("Of visitors", "占访客"): [number(v, "share") for v in counts / counts.iloc[0]],
        }
    )


def retention(orders: pd.DataFrame, horizons: tuple[int, ...] = (30, 90, 180)) -> pd.DataFrame:
    """The N-day repurchase rate of each month's first-time buyers (复购率（首购人群）): the share,
    in %, who ordered again within N days of their first order. (Retention, 留存, is wider: coming
    back at all; the orders show only those who came back to buy.)

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
        table[pick(f"{days}-day repurchase %", f"{days} 天复购率 %")] = back.round(1)
    frame = pd.DataFrame(table, index=sorted(buyers["cohort"].unique()))
    frame.index.name = pick("First purchase", "首购月份")
    frame.insert(0, pick("First-time buyers", "首购人数"), buyers.groupby("cohort").size())
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
    result = summary.join(width).sort_values("skus", ascending=False)
    result = formatted(
        result,
        {
            "median_price": "money",
            "median_discount": "percent:1",
            "median_margin": "percent:1",
        },
    )
    result.columns = [
        pick("SKUs", "SKU 数"),
        pick("Merchants", "商户数"),
        pick("Median price (yuan)", "价格中位数（元）"),
        pick("Median discount", "优惠幅度中位数"),
        pick("Median platform margin", "平台毛利中位数"),
        *[pick(f"Price {band}", f"价格 {band}") for band in width.columns],
    ]
    result.index = result.index.map(value_names("category"))
    result.index.name = pick("Category", "品类")
    return result

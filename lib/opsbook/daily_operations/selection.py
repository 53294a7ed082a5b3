"""The product-selection scorecard (选品评分): once BD has agreed a first offer with the
merchant, operations checks, before it is listed, that it will sell. Merchant criteria (brand
awareness, category size, store coverage, location) and product criteria (deal depth, platform
margin, stock, consumption scene, package structure) each score 0–1, weighted as
``playbook/daily_operations.yaml`` says, into a score out of 100 and a verdict: list it, send it
back to rework, or decline. A set meal sold while the same merchant's voucher gives a deeper
discount is a conflict: it is never listed (reworked, or declined if its score is too low)."""

import pandas as pd

from opsbook.content.daily_operations import Criterion, Selection
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import get_language, label, pick

VERDICT_NAMES = {
    "list": ("List it", "上架"),
    "rework": ("Rework with BD", "退回商务改方案"),
    "decline": ("Decline", "不上架"),
}


def measures(
    merchants: pd.DataFrame, products: pd.DataFrame, attributes: pd.DataFrame
) -> pd.DataFrame:
    """One row per offer with everything the scorecard measures (``attributes``: each offer's
    scene and menu structure, as in ``datasets/offer_attributes.csv``)."""
    offers = products.merge(merchants, on="merchant_id", suffixes=("", "_merchant"))
    offers = offers.merge(attributes, on="product_id", how="left")
    offers["discount"] = 1 - offers["sale_price"] / offers["list_price"]
    offers["margin"] = (offers["sale_price"] - offers["settlement_price"]) / offers["sale_price"]
    return offers


def criterion_score(criterion: Criterion, values: pd.Series) -> pd.Series:
    """0–1 per offer for one criterion."""
    if criterion.values is not None:
        unknown = sorted(set(values.dropna()) - set(criterion.values))
        if unknown:
            raise OpsbookError(
                f"playbook/daily_operations.yaml, selection.criteria ({criterion.key}).values: "
                f"no score for {', '.join(map(str, unknown))} — add each under values with a "
                "score from 0 to 1."
            )
        return values.map(criterion.values).fillna(0.0).astype(float)
    span = criterion.full_at - criterion.lowest
    return ((values.astype(float) - criterion.lowest) / span).clip(0, 1)


def conflicts(offers: pd.DataFrame) -> pd.Series:
    """True for a set meal whose merchant sells a voucher at a discount as deep or deeper."""
    vouchers = offers[offers["package_type"] == "voucher"]
    deepest = vouchers.groupby("merchant_id")["discount"].max()
    voucher_depth = offers["merchant_id"].map(deepest)
    return (offers["package_type"] == "set_meal") & (voucher_depth >= offers["discount"])


def score_offers(
    merchants: pd.DataFrame,
    products: pd.DataFrame,
    attributes: pd.DataFrame,
    selection: Selection,
) -> pd.DataFrame:
    """Each offer's criterion scores (0–1), total score (0–100), conflict flag and verdict."""
    offers = measures(merchants, products, attributes)
    weights = sum(c.weight for c in selection.criteria)
    total = pd.Series(0.0, index=offers.index)
    for criterion in selection.criteria:
        offers[criterion.key] = criterion_score(criterion, offers[criterion.measure])
        total += offers[criterion.key] * criterion.weight
    offers["score"] = (100 * total / weights).round(1)
    offers["conflict"] = conflicts(offers)
    verdicts = selection.verdicts
    offers["verdict"] = "decline"
    offers.loc[offers["score"] >= verdicts.rework_at, "verdict"] = "rework"
    offers.loc[(offers["score"] >= verdicts.list_at) & ~offers["conflict"], "verdict"] = "list"
    return offers


def explain(offer: pd.Series, selection: Selection) -> str:
    """Why an offer got its verdict: its strongest and weakest criteria, and any conflict."""
    ranked = sorted(selection.criteria, key=lambda c: offer[c.key] * c.weight)
    weakest, strongest = ranked[0], ranked[-1]
    opening, closing = pick(" (", "（"), pick(")", "）")
    weak = weakest.weak or f"{weakest.name}{opening}{weakest.why}{closing}"
    parts = [
        pick("Strongest: ", "优势：") + f"{strongest.name}{opening}{strongest.why}{closing}",
        pick("weakest: ", "短板：") + str(weak),
    ]
    text = pick("; ", "；").join(parts)
    if offer["conflict"]:
        text += pick(". Conflict: ", "。冲突：") + str(selection.conflict)
    return text


def scorecard_table(offers: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """The scored offers as the learner reads them: names, score, verdict and why."""
    zh = get_language() == "zh"
    table = pd.DataFrame(
        {
            pick("Offer", "商品"): offers["name_zh" if zh else "name_en"],
            label("score"): offers["score"],
            pick("Verdict", "结论"): offers["verdict"].map(
                lambda v: VERDICT_NAMES[v][1 if zh else 0]
            ),
            pick("Why", "原因"): [explain(row, selection) for _, row in offers.iterrows()],
        }
    )
    return table.reset_index(drop=True)


def verdict_summary(offers: pd.DataFrame) -> pd.DataFrame:
    """How many offers get each verdict, and how many of them are in conflict."""
    zh = get_language() == "zh"
    rows = []
    for key, verdict_names in VERDICT_NAMES.items():
        chosen = offers[offers["verdict"] == key]
        rows.append(
            {
                pick("Verdict", "结论"): verdict_names[1 if zh else 0],
                pick("Offers", "方案数"): len(chosen),
                pick("Of which in conflict", "其中有冲突"): int(chosen["conflict"].sum()),
            }
        )
    return pd.DataFrame(rows)

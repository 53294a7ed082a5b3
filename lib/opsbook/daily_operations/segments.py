"""Customers by recent behaviour (客户分层, RFM: recency, frequency, monetary) and the recall list
(召回名单): who to win back, and with what touch. The segments and their rules are content
(``playbook/daily_operations.yaml``): a customer is in the first segment whose rule holds."""

from datetime import date

import pandas as pd

from opsbook.content.daily_operations import Rule, Segment
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick


def rfm(orders: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Per customer, from the orders up to ``as_of``: days since the last order, orders, spend."""
    until = orders[pd.to_datetime(orders["order_date"]) <= pd.Timestamp(as_of)]
    if until.empty:
        raise OpsbookError(f"No orders on or before {as_of}: pick a later date.")
    per = until.groupby("user_id").agg(
        last=("order_date", "max"), orders=("order_id", "count"), spend=("amount", "sum")
    )
    per["days"] = (pd.Timestamp(as_of) - pd.to_datetime(per["last"])).dt.days
    return per[["days", "orders", "spend"]]


def _holds(rule: Rule, customers: pd.DataFrame) -> pd.Series:
    held = pd.Series(True, index=customers.index)
    if rule.max_days is not None:
        held &= customers["days"] <= rule.max_days
    if rule.min_days is not None:
        held &= customers["days"] >= rule.min_days
    if rule.min_orders is not None:
        held &= customers["orders"] >= rule.min_orders
    if rule.max_orders is not None:
        held &= customers["orders"] <= rule.max_orders
    return held


def assign(customers: pd.DataFrame, segments: list[Segment]) -> pd.Series:
    """Each customer's segment key: the first segment whose rule holds."""
    result = pd.Series(pd.NA, index=customers.index, dtype="object")
    for segment in segments:
        result = result.where(result.notna() | ~_holds(segment.rule, customers), segment.key)
    return result.fillna(segments[-1].key)


def segment_summary(customers: pd.DataFrame, segments: list[Segment]) -> pd.DataFrame:
    """Per segment: customers, their share, average spend and days since the last order."""
    keys = assign(customers, segments)
    rows = []
    for segment in segments:
        members = customers[keys == segment.key]
        rows.append(
            {
                pick("Segment", "分层"): str(segment.name),
                pick("Customers", "顾客数"): len(members),
                pick("Share", "占比"): f"{len(members) / len(customers):.0%}",
                pick("Average spend (yuan)", "人均消费（元）"): round(members["spend"].mean())
                if len(members)
                else "—",
                pick("Days since last order", "距上次下单天数"): round(members["days"].mean())
                if len(members)
                else "—",
                pick("Touch", "触达方式"): str(segment.touch),
            }
        )
    return pd.DataFrame(rows)


def recall_list(customers: pd.DataFrame, segments: list[Segment], top: int = 10) -> pd.DataFrame:
    """The customers of the recall segments worth most first, each with the touch to send."""
    keys = assign(customers, segments)
    by_key = {s.key: s for s in segments}
    chosen = customers[keys.map(lambda k: by_key[k].recall)].copy()
    chosen["segment"] = keys[chosen.index]
    chosen = chosen.sort_values(["spend", "days"], ascending=[False, True]).head(top)
    return pd.DataFrame(
        {
            pick("Customer", "顾客"): chosen.index,
            pick("Segment", "分层"): [str(by_key[k].name) for k in chosen["segment"]],
            pick("Orders", "订单数"): chosen["orders"].to_numpy(),
            pick("Spend (yuan)", "消费（元）"): chosen["spend"].round(0).astype(int).to_numpy(),
            pick("Days since last order", "距上次下单天数"): chosen["days"].to_numpy(),
            pick("Touch", "触达方式"): [str(by_key[k].touch) for k in chosen["segment"]],
        }
    )


def lapsed_profile(
    customers: pd.DataFrame,
    users: pd.DataFrame,
    segments: list[Segment],
    by: str,
    names: dict[str, str],
) -> pd.DataFrame:
    """What lapsed customers have in common: for each value of ``by`` (a column of the users,
    e.g. ``"acquisition_channel"``), its share among the lapsed (the last segment) and among
    everyone else; an index above 1 means the lapsed come from there more than the others do."""
    keys = assign(customers, segments)
    lapsed = keys == segments[-1].key
    tags = users.set_index("user_id")[by].reindex(customers.index)
    lapsed_share = tags[lapsed].value_counts(normalize=True)
    other_share = tags[~lapsed].value_counts(normalize=True)
    shares = pd.DataFrame({"lapsed": lapsed_share, "others": other_share}).fillna(0.0)
    shares["index"] = shares["lapsed"] / shares["others"]  # a source only the lapsed had: inf
    shares = shares.sort_values("index", ascending=False)
    return pd.DataFrame(
        {
            pick("Where from", "来源"): [names.get(k, str(k)) for k in shares.index],
            pick("Share of the lapsed", "已流失顾客占比"): [f"{v:.0%}" for v in shares["lapsed"]],
            pick("Share of the others", "其他顾客占比"): [f"{v:.0%}" for v in shares["others"]],
            pick("Index (1 = as common)", "指数（1 = 持平）"): [
                pick("only the lapsed", "仅见于已流失顾客") if v == float("inf") else f"{v:.2f}"
                for v in shares["index"]
            ],
        }
    )

"""The course's own schema for imported data: four tables, each field with its kind of value.

An import profile (``playbook/imports/*.yaml``) maps an export's columns onto these fields; the
kind says how a cell is read (:mod:`opsbook.imports.cleaning`) and what a bad cell is reported as.
"""

from dataclasses import dataclass
from typing import Literal

Kind = Literal["id", "buyer", "text", "status", "money", "count", "percent", "datetime", "date"]


@dataclass(frozen=True)
class Field:
    kind: Kind
    en: str
    zh: str
    required: bool = False


TABLES: dict[str, dict[str, Field]] = {
    "orders": {
        "order_id": Field("id", "Order number", "订单编号", required=True),
        "buyer": Field("buyer", "Buyer (kept only as a salted hash)", "买家（只存加盐哈希）"),
        "created_at": Field("datetime", "Order time", "下单时间"),
        "paid_at": Field("datetime", "Payment time", "付款时间"),
        "redeemed_at": Field("datetime", "Redemption time (核销)", "核销时间"),
        "status": Field("status", "Order status", "订单状态", required=True),
        "paid_amount": Field("money", "Amount the buyer paid", "买家实付金额", required=True),
        "refund_amount": Field("money", "Refunded amount", "退款金额"),
        "settlement_amount": Field("money", "Settlement to the merchant", "结算金额"),
        "channel": Field("text", "Channel or source", "渠道 / 来源"),
        "store": Field("text", "Store", "门店"),
        "currency": Field("text", "Currency", "币种"),
        "product": Field("text", "Product", "商品"),
        "quantity": Field("count", "Quantity", "数量"),
        "unit_price": Field("money", "Unit price", "单价"),
        "line_amount": Field("money", "Line amount", "商品行金额"),
    },
    "daily_traffic": {
        "date": Field("date", "Date", "日期", required=True),
        "visitors": Field("count", "Visitors (UV)", "访客数", required=True),
        "page_views": Field("count", "Page views (PV)", "浏览量"),
        "buyers": Field("count", "Paying buyers", "支付买家数"),
        "paid_amount": Field("money", "Paid amount", "支付金额"),
        "conversion": Field("percent", "Payment conversion", "支付转化率"),
        "bounce_rate": Field("percent", "Bounce rate", "跳失率"),
    },
    "products": {
        "product_id": Field("id", "Product ID", "商品ID"),
        "product": Field("text", "Product", "商品名称", required=True),
        "visitors": Field("count", "Product visitors", "商品访客数"),
        "page_views": Field("count", "Product page views", "商品浏览量"),
        "buyers": Field("count", "Paying buyers", "支付买家数"),
        "units": Field("count", "Units sold", "支付件数"),
        "paid_amount": Field("money", "Paid amount", "支付金额", required=True),
        "conversion": Field("percent", "Payment conversion", "商品支付转化率"),
    },
}

# the order fields that describe one line of an order (a product) rather than the whole order
LINE_FIELDS = ("product", "quantity", "unit_price", "line_amount")

# what each table is stored under, one row per key (a re-import replaces, never doubles)
KEYS: dict[str, tuple[str, ...]] = {
    "orders": ("order_id",),
    "order_lines": ("order_id",),  # an order's lines are replaced together
    "daily_traffic": ("date",),
    "products": ("period_start", "period_end", "product"),  # one period's figures per product
}

STATUSES = ("paid", "unpaid", "closed", "refunded")

"""Synthetic platform exports, in each platform's column layout, encoding and quirks, made from
known orders so that what an import should find is known without importing.

- :func:`taobao_orders` makes a Taobao order report of any size, vectorised (``make bench``
  imports a million rows of it); :func:`write_csv` writes it in GB18030.
- :func:`write_fixtures` writes one small export per import profile into a folder (the tests'
  ``tests/fixtures/exports/``) with ``expected.json``: each file's figures worked out from the
  orders it was made from. Excel files need the test tools (openpyxl, xlwt).
"""

import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from opsbook.datasets import DEMO_EXPORTS

TAOBAO_COLUMNS = [
    "订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "买家支付积分",
    "总金额", "返点积分", "买家实际支付金额", "买家实际支付积分", "订单状态", "买家留言",
    "收货人姓名", "收货地址 ", "运送方式", "联系电话 ", "联系手机", "订单创建时间",
    "订单付款时间 ", "宝贝标题 ", "宝贝种类 ", "物流单号 ", "物流公司", "订单备注",
    "宝贝总数量", "店铺Id", "店铺名称", "订单关闭原因", "卖家服务费", "买家服务费", "发票抬头",
    "是否手机订单", "退款金额", "确认收货时间",
]  # fmt: skip
PRODUCTS = [
    ("纯棉短袖T恤 男女同款", 59.0), ("冰丝防晒衣 UPF50+", 129.0), ("高腰阔腿牛仔裤", 159.0),
    ("真丝睡衣套装", 299.0), ("帆布托特包", 79.0), ("运动速干袜 5双装", 39.9),
    ("羊毛混纺针织开衫", 239.0), ("儿童纯棉连衣裙", 89.0),
]  # fmt: skip
NICKNAMES = ["小鱼", "tb", "阿花", "lucky", "快乐的", "jerry", "喵喵", "晴天"]
# the share of orders in each state, and what Taobao writes for it
TAOBAO_STATES = [
    ("paid", "交易成功", 0.70),
    ("paid", "买家已付款，等待卖家发货", 0.08),
    ("paid", "卖家已发货，等待买家确认", 0.10),
    ("unpaid", "等待买家付款", 0.04),
    ("closed", "交易关闭", 0.05),  # never paid
    ("refunded", "交易关闭", 0.03),  # paid, then refunded in full and closed
]
HOURLY = np.array([2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 7, 6, 5, 5, 5, 6, 7, 8, 10, 11, 9, 5.0])


def taobao_orders(
    n: int, seed: int = 7, start: date = date(2025, 1, 1), days: int = 365
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` orders as Taobao's order report writes them (every cell text, newest first) and
    the orders as they are (``truth``: amounts, states and times as values)."""
    rng = np.random.default_rng(seed)
    day = rng.integers(0, days, n)
    hour = rng.choice(24, n, p=HOURLY / HOURLY.sum())
    created = np.datetime64(start, "s") + (
        day * 86400 + hour * 3600 + rng.integers(0, 3600, n)
    ).astype("timedelta64[s]")
    order = np.argsort(created)[::-1]
    created = created[order]
    ids = 2_000_000_000_000_000_000 + np.sort(rng.choice(10**15, n, replace=False)) * 1000
    ids = ids[::-1] + rng.integers(0, 1000, n)
    shares = np.array([s for *_, s in TAOBAO_STATES])
    state = rng.choice(len(TAOBAO_STATES), n, p=shares / shares.sum())
    status = np.array([s for s, *_ in TAOBAO_STATES])[state]
    status_text = np.array([t for _, t, _ in TAOBAO_STATES])[state]
    pool = max(n // 3, 1)
    buyer_no = np.minimum(rng.zipf(1.6, n), pool) + rng.integers(0, pool, n)
    prefix = np.array(NICKNAMES)[buyer_no % len(NICKNAMES)]
    buyer = np.char.add(prefix, (buyer_no * 7919 % 10**6).astype(str))
    product = rng.integers(0, len(PRODUCTS), n)
    quantity = rng.choice([1, 1, 1, 1, 2, 2, 3], n)
    price = np.array([p for _, p in PRODUCTS])[product]
    discount = rng.choice([1.0, 1.0, 0.9, 0.85], n)
    amount = np.round(price * quantity * discount, 2)
    paid_mask = status != "unpaid"
    paid_mask &= ~(status == "closed")
    paid = np.where(
        paid_mask, created + rng.integers(5, 900, n).astype("timedelta64[s]"), np.datetime64("NaT")
    )
    partial = (status == "paid") & (rng.random(n) < 0.02)
    refund = np.where(status == "refunded", amount, np.where(partial, np.round(amount / 2, 2), 0))
    mobile = rng.random(n) < 0.85
    message = np.where(rng.random(n) < 0.01, "请尽快发货，谢谢！\n周末也可以收货", "")
    truth = pd.DataFrame(
        {
            "order_id": ids.astype(str),
            "buyer": buyer,
            "created": created,
            "paid": paid,
            "status": status,
            "amount": amount,
            "refund": refund,
            "channel": np.where(mobile, "手机订单", ""),
            "product": np.array([p for p, _ in PRODUCTS])[product],
            "quantity": quantity,
        }
    )
    stamp = "%Y-%m-%d %H:%M:%S"
    paid_text = pd.Series(pd.to_datetime(paid)).dt.strftime(stamp).fillna("")
    money = pd.Series(amount).map("{:.2f}".format)
    layout = pd.DataFrame(
        {
            "订单编号": '="' + truth["order_id"] + '"',
            "买家会员名": buyer,
            "买家支付宝账号": "**",
            "买家应付货款": money,
            "买家应付邮费": "0.00",
            "买家支付积分": "0",
            "总金额": money,
            "返点积分": "0",
            "买家实际支付金额": np.where(paid_mask, money, "0.00"),
            "买家实际支付积分": "0",
            "订单状态": status_text,
            "买家留言": message,
            "收货人姓名": "张**",
            "收货地址 ": "浙江省 杭州市 西湖区 文三路***号",
            "运送方式": "快递",
            "联系电话 ": "",
            "联系手机": "'138****" + pd.Series(rng.integers(1000, 9999, n)).astype(str),
            "订单创建时间": pd.Series(pd.to_datetime(created)).dt.strftime(stamp),
            "订单付款时间 ": paid_text,
            "宝贝标题 ": truth["product"],
            "宝贝种类 ": "1",
            "物流单号 ": np.where(paid_mask, "No:YT" + pd.Series(ids % 10**13).astype(str), ""),
            "物流公司": np.where(paid_mask, "圆通速递", ""),
            "订单备注": "",
            "宝贝总数量": quantity.astype(str),
            "店铺Id": "108862233",
            "店铺名称": "晴川服饰旗舰店",
            "订单关闭原因": np.where(
                status == "closed",
                "买家不想买了",
                np.where(status == "refunded", "退款", "订单未关闭"),
            ),
            "卖家服务费": "0",
            "买家服务费": "0元",
            "发票抬头": "",
            "是否手机订单": truth["channel"],
            "退款金额": pd.Series(refund).map("{:.2f}".format),
            "确认收货时间": np.where(status_text == "交易成功", paid_text, ""),
        },
        columns=TAOBAO_COLUMNS,
    )
    truth["paid"] = pd.to_datetime(truth["paid"])
    truth["created"] = pd.to_datetime(truth["created"])
    return layout, truth


def write_csv(layout: pd.DataFrame, path: Path, encoding: str = "gb18030") -> Path:
    """Write an export as the platform does: Taobao writes ``="2025…"`` bare, unquoted (Excel
    then keeps the digits), and quotes cells with commas or new lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = layout.to_csv(index=False, lineterminator="\r\n")
    text = re.sub(r'"=""(\d+)"""', r'="\1"', text)
    path.write_bytes(text.encode(encoding))
    return path


def expected_orders(truth: pd.DataFrame, rows_read: int, dropped: dict | None = None) -> dict:
    """What importing an export made from ``truth`` must find (worked out from the orders)."""
    paid = truth[truth["paid"].notna()]
    buyers = paid["buyer"].dropna()
    return {
        "rows_read": rows_read,
        "orders": len(paid),
        "gmv": round(float(paid["amount"].sum()), 2),
        "refunds": round(float(paid["refund"].sum()), 2),
        "first_order": paid["created"].min().date().isoformat(),
        "last_order": paid["created"].max().date().isoformat(),
        "buyers": int(buyers[buyers != ""].nunique()) or None,  # none told apart: unknown
        "dropped": dropped or {},
    }


# ---------------------------------------------------------------------------------------------
# The small exports of every profile


@dataclass
class Order:
    order_id: str
    buyer: str
    created: datetime
    paid: datetime | None
    status: str  # paid, unpaid, closed, refunded
    channel: str
    lines: list[tuple[str, int, float]] = field(default_factory=list)  # product, qty, price
    refund: float = 0.0

    @property
    def amount(self) -> float:
        return round(sum(q * p for _, q, p in self.lines), 2)


def orders_for(
    seed: int,
    n: int,
    channels: list[str],
    states: dict[str, float],
    most_lines: int = 1,
    start: date = date(2025, 6, 1),
) -> list[Order]:
    """``n`` orders over June 2025: states by share, lines 1..most_lines, some buyers return."""
    rand = random.Random(seed)
    result = []
    for i in range(n):
        created = datetime.combine(start, datetime.min.time()) + timedelta(
            days=rand.randrange(30), hours=rand.randrange(8, 23), seconds=rand.randrange(3600)
        )
        status = rand.choices(list(states), weights=list(states.values()))[0]
        paid = created + timedelta(seconds=rand.randrange(5, 600)) if status != "unpaid" else None
        if status == "closed":
            paid = None
        lines = [
            (name, rand.choice([1, 1, 2]), price)
            for name, price in rand.sample(PRODUCTS, rand.randint(1, most_lines))
        ]
        order = Order(
            order_id=str(i),
            buyer=f"buyer{rand.randrange(max(n // 2, 1))}",
            created=created,
            paid=paid,
            status=status,
            channel=rand.choice(channels),
            lines=lines,
        )
        if status == "refunded":
            order.refund = order.amount
        result.append(order)
    return sorted(result, key=lambda o: o.created)


def truth_of(orders: list[Order]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": [o.order_id for o in orders],
            "buyer": [o.buyer for o in orders],
            "created": pd.to_datetime([o.created for o in orders]),
            "paid": pd.to_datetime([o.paid for o in orders]),
            "amount": [o.amount for o in orders],
            "refund": [o.refund for o in orders],
        }
    )


def _stamp(moment: datetime | None, layout: str = "%Y-%m-%d %H:%M:%S") -> str:
    return moment.strftime(layout) if moment else ""


def _pinduoduo(folder: Path) -> dict:
    states = {"paid": 0.8, "closed": 0.1, "refunded": 0.1}
    orders = orders_for(11, 24, [""], states)
    text = {"paid": ["待发货", "已发货，待签收", "已签收"], "closed": ["已取消"],
            "refunded": ["未发货，退款成功"]}  # fmt: skip
    rows = []
    for n, o in enumerate(orders):
        o.order_id = f"{o.created:%y%m%d}-{734512009871000 + n * 37:015d}"
        o.buyer = ""
        name, quantity, _ = o.lines[0]
        rows.append(
            {
                "商品": name,
                "订单号": o.order_id,
                "订单状态": text[o.status][n % len(text[o.status])],
                "商品总价（元）": f"{o.amount:.2f}",
                "店铺优惠折扣（元）": "0.00",
                "用户实付金额（元）": f"{o.amount:.2f}",
                "商品数量（件）": str(quantity),
                "收货人": "李**",
                "手机": "[178****5521]",
                "省": "广东省",
                "市": "深圳市",
                "区": "南山区",
                "街道": "粤海街道",
                "支付时间": _stamp(o.paid),
                "拼单成功时间": _stamp(o.paid),
                "订单成交时间": _stamp(o.created),
                "商品id": "589231177",
                "商品规格": "白色,L",
                "售后状态": "退款成功" if o.status == "refunded" else "无售后或售后取消",
            }
        )
    write_csv(pd.DataFrame(rows), folder / "pinduoduo_orders.csv", "gb18030")
    return expected_orders(truth_of(orders), len(rows))


def _douyin(folder: Path) -> dict:
    states = {"paid": 0.8, "unpaid": 0.1, "refunded": 0.1}
    orders = orders_for(12, 20, ["直播", "短视频", "商品卡"], states, most_lines=3)
    text = {"paid": ["已完成", "已发货", "待发货"], "unpaid": ["待支付"], "refunded": ["已退款"]}
    rows = []
    for n, o in enumerate(orders):
        o.order_id = f"{6925_1804_7732_0000_000 + n * 1013}"
        o.buyer = f"抖音用户{n % 7}{n % 3}"
        for k, (name, quantity, price) in enumerate(o.lines):
            rows.append(
                {
                    "主订单编号": "\t" + o.order_id,
                    "子订单编号": "\t" + str(int(o.order_id) + k + 1),
                    "选购商品": name,
                    "商品规格": "默认",
                    "商品数量": str(quantity),
                    "商品ID": "3598012234871",
                    "商品单价": f"{price:.2f}",
                    "订单应付金额": f"{quantity * price:.2f}",
                    "运费": "0.00",
                    "优惠总金额": "0.00",
                    "订单提交时间": _stamp(o.created, "%Y/%m/%d %H:%M:%S"),
                    "支付完成时间": _stamp(o.paid, "%Y/%m/%d %H:%M:%S"),
                    "订单状态": text[o.status][n % len(text[o.status])],
                    "售后状态": "退款成功" if o.status == "refunded" else "-",
                    "收件人": "王**",
                    "收件人手机号": "150****8890",
                    "省": "四川省",
                    "市": "成都市",
                    "区": "武侯区",
                    "详细地址": "***",
                    "买家留言": "",
                    "流量来源": o.channel,
                    "流量渠道": "精选联盟" if n % 2 else "自营",
                    "达人昵称": "",
                    "买家昵称": o.buyer,
                }
            )
    write_csv(pd.DataFrame(rows), folder / "douyin_orders.csv", "utf-8")
    return expected_orders(truth_of(orders), len(rows))


def _wechat_shop(folder: Path) -> dict:
    states = {"paid": 0.75, "unpaid": 0.1, "closed": 0.05, "refunded": 0.1}
    orders = orders_for(13, 25, ["视频号直播", "视频号橱窗", "公众号"], states)
    text = {"paid": ["已完成", "待发货", "已发货"], "unpaid": ["待付款"], "closed": ["已取消"],
            "refunded": ["售后完成"]}  # fmt: skip
    rows = []
    for n, o in enumerate(orders):
        o.order_id = f"{3721_0564_8812_3345_600 + n * 17}"  # 19 digits, written plainly
        o.buyer = f"o6_bmjrPTlm6_2sgVt7hMZOPfL{n % 9:02d}"
        name, quantity, _ = o.lines[0]
        rows.append(
            {
                "订单号": o.order_id,
                "下单时间": _stamp(o.created, "%Y/%m/%d %H:%M:%S"),
                "支付时间": _stamp(o.paid, "%Y/%m/%d %H:%M:%S"),
                "订单状态": text[o.status][n % len(text[o.status])],
                "商品名称": name,
                "商品数量": str(quantity),
                "实付金额(元)": f"¥{o.amount:,.2f}" if o.paid else "¥0.00",
                "退款金额(元)": f"¥{o.refund:,.2f}",
                "买家OpenID": o.buyer,
                "订单来源": o.channel,
                "收件人": "赵**",
                "联系电话": "186****0012",
                "详细地址": "***",
            }
        )
    paid = [o for o in orders if o.paid]
    rows.append({k: "" for k in rows[0]})
    rows.append({**{k: "" for k in rows[0]}, "订单号": "合计",
                 "实付金额(元)": f"¥{sum(o.amount for o in paid):,.2f}"})  # fmt: skip
    write_csv(pd.DataFrame(rows), folder / "wechat_shop_orders.csv", "utf-8-sig")
    return expected_orders(truth_of(orders), len(rows), {"summary row (合计)": 1, "empty row": 1})


def _shopify(folder: Path) -> dict:
    states = {"paid": 0.75, "unpaid": 0.1, "refunded": 0.15}
    orders = orders_for(14, 16, ["web", "pos", "shopify_draft_order"], states, most_lines=3)
    rows = []
    away = timedelta(hours=15)  # the shop keeps Pacific time (UTC−7); Beijing is UTC+8
    for n, o in enumerate(orders):
        o.order_id = f"#{1001 + n}"
        o.buyer = f"customer{n % 6}@example.com"
        o.lines = [(name, q, round(p / 7, 2)) for name, q, p in o.lines]  # in US dollars
        if o.status == "refunded":
            o.refund = o.amount
        for k, (name, quantity, price) in enumerate(o.lines):
            first = k == 0
            rows.append(
                {
                    "Name": o.order_id,
                    "Email": o.buyer if first else "",
                    "Financial Status": {"paid": "paid", "unpaid": "pending",
                                         "refunded": "refunded"}[o.status] if first else "",
                    "Paid at": _stamp(o.paid - away, "%Y-%m-%d %H:%M:%S -0700")
                    if first and o.paid else "",
                    "Fulfillment Status": "fulfilled" if first else "",
                    "Currency": "USD" if first else "",
                    "Subtotal": f"{o.amount:.2f}" if first else "",
                    "Shipping": "0.00" if first else "",
                    "Taxes": "0.00" if first else "",
                    "Total": f"{o.amount:.2f}" if first else "",
                    "Discount Code": "",
                    "Created at": _stamp(o.created - away, "%Y-%m-%d %H:%M:%S -0700"),
                    "Lineitem quantity": str(quantity),
                    "Lineitem name": name,
                    "Lineitem price": f"{price:.2f}",
                    "Lineitem sku": f"SKU-{k}",
                    "Billing Name": "Jane D." if first else "",
                    "Billing Phone": "+1 415 555 0100" if first else "",
                    "Refunded Amount": f"{o.refund:.2f}" if first else "",
                    "Source": o.channel if first else "",
                    "Id": str(5_500_000_000 + n) if first else "",
                }
            )  # fmt: skip
    write_csv(pd.DataFrame(rows), folder / "shopify_orders.csv", "utf-8")
    expected = expected_orders(truth_of(orders), len(rows))
    return expected | {"currency": "USD"}


def _youzan(folder: Path) -> dict:
    from openpyxl import Workbook

    states = {"paid": 0.8, "unpaid": 0.1, "closed": 0.1}
    orders = orders_for(15, 22, ["微商城", "小程序", "视频号"], states)
    text = {"paid": ["交易成功", "待发货", "已发货"], "unpaid": ["待付款"], "closed": ["交易关闭"]}
    book = Workbook()
    sheet = book.active
    header = ["订单号", "订单状态", "订单创建时间", "买家付款时间", "订单实付金额",
              "订单已退款金额", "买家手机号", "订单来源", "商品名称", "商品数量", "收货人姓名",
              "收货地址"]  # fmt: skip
    sheet.append(header)
    for n, o in enumerate(orders):
        o.order_id = f"E2025{o.created:%m%d}{n:013d}"
        o.buyer = f"1390000{n % 8:04d}"
        name, quantity, _ = o.lines[0]
        sheet.append(
            [o.order_id, text[o.status][n % len(text[o.status])], o.created, o.paid,
             o.amount if o.paid else 0, 0, o.buyer, o.channel, name, quantity, "孙**", "***"]
        )  # fmt: skip
    book.save(folder / "youzan_orders.xlsx")
    return expected_orders(truth_of(orders), len(orders))


def _meituan(folder: Path) -> dict:
    from openpyxl import Workbook

    orders = orders_for(16, 30, ["美团", "大众点评"], {"paid": 0.9, "refunded": 0.1})
    book = Workbook()
    sheet = book.active
    sheet.append(["美团开店宝 验券记录（2025-06-01 至 2025-06-30）"])
    sheet.append([])
    sheet.append(["券码", "团购名称", "售卖价(元)", "结算价(元)", "下单时间", "核销时间",
                  "券码状态", "来源平台", "核销门店", "验证方式", "手机号"])  # fmt: skip
    deals = [("双人下午茶套餐", 88.0), ("100元代金券", 89.0), ("单人精致午餐", 45.9)]
    for n, o in enumerate(orders):
        deal, price = deals[n % len(deals)]
        o.lines = [(deal, 1, price)]
        o.order_id = str(3_180_552_901_000 + n * 7)
        o.buyer = ""
        o.paid = o.created
        o.refund = o.amount if o.status == "refunded" else 0.0
        redeemed = o.created + timedelta(days=n % 5) if o.status == "paid" and n % 4 else None
        state = "已退款" if o.status == "refunded" else ("已核销" if redeemed else "未核销")
        sheet.append(
            [int(o.order_id), deal, f"¥{price:.2f}", round(price * 0.85, 2), o.created,
             redeemed, state, o.channel, "静安寺店" if n % 2 else "徐家汇店",
             "扫码" if n % 2 else "输码", "138****2233"]
        )  # fmt: skip
    book.save(folder / "meituan_redemptions.xlsx")
    return expected_orders(truth_of(orders), len(orders))


def write_sycm_traffic(days: pd.DataFrame, path: Path, seed: int) -> dict:
    """A 生意参谋 shop traffic export (legacy .xls: title rows, rates as text, visitors with
    thousands separators) of ``days`` (date, buyers, gmv); visitors follow from a conversion
    of 1.5–4 %."""
    import xlwt

    rand = random.Random(seed)
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("店铺流量")
    first, last = days["date"].min(), days["date"].max()
    sheet.write(0, 0, "生意参谋 > 流量 > 店铺流量总览")
    sheet.write(1, 0, f"统计时间：{first:%Y-%m-%d} ~ {last:%Y-%m-%d}")
    header = ["统计日期", "访客数", "浏览量", "支付买家数", "支付转化率", "客单价", "支付金额",
              "跳失率", "人均浏览量"]  # fmt: skip
    for col, name in enumerate(header):
        sheet.write(3, col, name)
    visitors = 0
    for n, day in enumerate(days.itertuples()):
        uv = max(day.buyers, round(day.buyers / rand.uniform(0.015, 0.04)))
        visitors += uv
        aov = round(day.gmv / day.buyers, 2) if day.buyers else 0
        row = [f"{day.date:%Y-%m-%d}", f"{uv:,}", uv * 3, int(day.buyers),
               f"{day.buyers / uv:.2%}", aov, round(day.gmv, 2),
               f"{rand.uniform(0.5, 0.7):.2%}", 3.0]  # fmt: skip
        for col, value in enumerate(row):
            sheet.write(4 + n, col, value)
    book.save(str(path))
    return {"rows_read": len(days), "days": len(days), "visitors": visitors,
            "gmv": round(float(days["gmv"].sum()), 2), "first_day": f"{first:%Y-%m-%d}",
            "last_day": f"{last:%Y-%m-%d}", "dropped": {}}  # fmt: skip


def _sycm_traffic(folder: Path) -> dict:
    rand = random.Random(17)
    days = pd.DataFrame({"date": pd.date_range("2025-06-01", "2025-06-30")})
    days["buyers"] = [rand.randrange(20, 70) for _ in range(len(days))]
    days["gmv"] = [round(b * rand.uniform(80, 160), 2) for b in days["buyers"]]
    return write_sycm_traffic(days, folder / "sycm_shop_traffic.xls", seed=17)


def _sycm_products(folder: Path) -> dict:
    from openpyxl import Workbook

    rand = random.Random(18)
    book = Workbook()
    sheet = book.active
    sheet.append(["生意参谋 商品排行"])
    sheet.append(["统计日期：2025-06-01~2025-06-30"])
    sheet.append(["商品ID", "商品名称", "商品访客数", "商品浏览量", "支付买家数", "支付件数",
                  "支付金额", "商品支付转化率"])  # fmt: skip
    gmv = 0.0
    for n, (name, price) in enumerate(PRODUCTS):
        uv = rand.randrange(800, 9000)
        buyers = max(1, round(uv * rand.uniform(0.01, 0.05)))
        units = buyers + rand.randrange(0, 30)
        amount = round(units * price, 2)
        shown = f"{amount / 10000:.1f}万" if amount >= 10000 else amount
        amount = round(amount / 10000, 1) * 10000 if amount >= 10000 else amount
        gmv += amount
        sheet.append([612_345_678_900 + n, name, uv, uv * 2, buyers, units, shown,
                      f"{buyers / uv:.2%}"])  # fmt: skip
    sheet.append(["合计", "", "", "", "", "", round(gmv, 2), ""])
    book.save(folder / "sycm_products.xlsx")
    return {"rows_read": len(PRODUCTS) + 1, "products": len(PRODUCTS), "gmv": round(gmv, 2),
            "period": ["2025-06-01", "2025-06-30"],
            "dropped": {"summary row (合计)": 1}}  # fmt: skip


def _taobao(folder: Path) -> dict:
    # seed 8: every state, a partial refund and a PC order among the 40
    layout, truth = taobao_orders(40, seed=8, start=date(2025, 6, 1), days=30)
    layout.loc[3, "买家留言"] = (
        "请尽快发货，谢谢！\n周末也可以收货, 不要放快递柜"  # comma, new line
    )
    write_csv(layout, folder / "taobao_orders.csv")
    return expected_orders(truth, len(layout))


FIXTURES = {
    "taobao_orders.csv": _taobao,
    "sycm_shop_traffic.xls": _sycm_traffic,
    "sycm_products.xlsx": _sycm_products,
    "pinduoduo_orders.csv": _pinduoduo,
    "douyin_orders.csv": _douyin,
    "youzan_orders.xlsx": _youzan,
    "wechat_shop_orders.csv": _wechat_shop,
    "meituan_redemptions.xlsx": _meituan,
    "shopify_orders.csv": _shopify,
}


DEMO = DEMO_EXPORTS  # the files the my_data page shows until something is imported


def write_demo(folder: Path) -> list[Path]:
    """The sample exports the my_data worksheet tries before you bring your own: half a year of
    a small Taobao shop's orders and its 生意参谋 traffic of the same days."""
    folder.mkdir(parents=True, exist_ok=True)
    layout, truth = taobao_orders(2000, seed=42, start=date(2025, 1, 1), days=181)
    write_csv(layout, folder / DEMO[0])
    paid = truth[truth["paid"].notna()]
    days = paid.groupby(paid["created"].dt.normalize()).agg(
        buyers=("buyer", "nunique"), gmv=("amount", "sum")
    )
    days = days.reindex(pd.date_range("2025-01-01", "2025-06-30"), fill_value=0)
    write_sycm_traffic(days.rename_axis("date").reset_index(), folder / DEMO[1], seed=43)
    return [folder / name for name in DEMO]


def write_fixtures(folder: Path) -> dict:
    """Write every sample export and ``expected.json`` into ``folder``; returns the latter."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {name: make(folder) for name, make in FIXTURES.items()}
    text = json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (folder / "expected.json").write_text(text, encoding="utf-8")
    return expected


if __name__ == "__main__":  # python -m opsbook_devtools.export_samples tests/fixtures/exports
    import sys

    write_fixtures(Path(sys.argv[1]))

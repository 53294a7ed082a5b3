"""What an import found, said for people: ``opsbook import`` prints it, the my_data page shows
it."""

from opsbook.core.i18n import pick


def describe(summary: dict) -> str:
    """What an import found, for people."""
    lines = [
        pick(f"File: {summary['file']}", f"文件：{summary['file']}"),
        pick(
            f"Recognised as: {summary['title']} ({summary['format']}"
            f"{', ' + summary['encoding'] if summary['encoding'] else ''}), "
            f"header on row {summary['header_row']}",
            f"识别为：{summary['title']}（{summary['format']}"
            f"{'，' + summary['encoding'] if summary['encoding'] else ''}），"
            f"表头在第 {summary['header_row']} 行",
        ),
        pick(f"Rows read: {summary['rows_read']:,}", f"读取行数：{summary['rows_read']:,}"),
    ]
    for reason, count in summary["dropped"].items():
        lines.append(pick(f"  dropped {count:,}: {reason}", f"  舍弃 {count:,} 行：{reason}"))
    for p in summary["problems"]:
        lines.append(
            pick(
                f"  row {p['row']}, {p['column']} = {p['value']!r}: {p['reason']}",
                f"  第 {p['row']} 行，{p['column']} = {p['value']!r}：{p['reason']}",
            )
        )
    if summary.get("missing_columns"):
        lines.append(
            pick("Not in the file (left empty): ", "文件中没有（留空）：")
            + ", ".join(summary["missing_columns"])
        )
    if "orders" in summary:
        money = currency_name(summary["currency"])
        lines.append(
            pick(
                f"Paid orders: {summary['orders']:,} · GMV {summary['gmv']:,.2f} {money} · "
                f"refunds {summary['refunds']:,.2f} · "
                f"{summary['first_order']} – {summary['last_order']}",
                f"已付款订单：{summary['orders']:,} · GMV {summary['gmv']:,.2f} {money} · "
                f"退款 {summary['refunds']:,.2f} · {summary['first_order']} 至 "
                f"{summary['last_order']}",
            )
        )
        lines.append(_per_order_and_buyer(summary))
    elif "days" in summary:
        lines.append(
            pick(
                f"Days: {summary['days']} · visitors {summary['visitors']:,} · "
                f"{summary['first_day']} – {summary['last_day']}",
                f"天数：{summary['days']} · 访客 {summary['visitors']:,} · "
                f"{summary['first_day']} 至 {summary['last_day']}",
            )
        )
        if summary.get("buyers") is not None:
            lines.append(_platform_rates(summary))
    else:
        lines.append(pick(f"Products: {summary['products']}", f"商品数：{summary['products']}"))
    return "\n".join(lines)


CURRENCIES = {"CNY": ("yuan", "元"), "USD": ("US dollars", "美元"), "HKD": ("HK dollars", "港元")}


def currency_name(code: str) -> str:
    """A currency as its readers say it: 元 in Chinese, its code otherwise."""
    codes = [c.strip() for c in (code or "").split(",") if c.strip()]
    return "、".join(pick(c, CURRENCIES[c][1]) if c in CURRENCIES else c for c in codes)


def _per_order_and_buyer(summary: dict) -> str:
    per_order = summary["aov_per_order"]
    order_part = pick(
        f"value per order (笔单价, GMV ÷ orders) {per_order:,.2f}",
        f"笔单价（GMV ÷ 订单数）{per_order:,.2f}",
    )
    if summary.get("buyers") is None:
        return pick(
            f"  {order_part}; per buyer unknown: ", f"  {order_part}；按买家的数字未知："
        ) + (summary.get("per_buyer_unknown", ""))
    return pick(
        f"  {order_part} · buyers {summary['buyers']:,} · 客单价 (GMV ÷ buyers) "
        f"{summary['aov_per_buyer']:,.2f}",
        f"  {order_part} · 买家 {summary['buyers']:,} · 客单价（GMV ÷ 买家数）"
        f"{summary['aov_per_buyer']:,.2f}",
    )


def _platform_rates(summary: dict) -> str:
    """生意参谋's own figures, over the file's days (its daily buyers summed: a buyer who paid on
    two days counts twice, where its own range view counts once)."""
    conversion = summary.get("payment_conversion")
    per_buyer = summary.get("aov_per_buyer")
    rate = "—" if conversion is None else f"{conversion:.2%}"  # no visitors: unknown, not 0
    spend = "—" if per_buyer is None else f"{per_buyer:,.2f}"
    return pick(
        f"  buyers (支付买家数) {summary['buyers']:,} · 支付转化率 (buyers ÷ visitors) {rate} · "
        f"客单价 (支付金额 ÷ 支付买家数) {spend} — 生意参谋's definitions, each day's figures "
        "summed",
        f"  支付买家数 {summary['buyers']:,} · 支付转化率（支付买家数 ÷ 访客数）{rate} · "
        f"客单价（支付金额 ÷ 支付买家数）{spend}——按生意参谋的口径，逐日数字相加",
    )

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
        lines.append(
            pick(
                f"Paid orders: {summary['orders']:,} · GMV {summary['gmv']:,.2f} "
                f"{summary['currency']} · refunds {summary['refunds']:,.2f} · "
                f"{summary['first_order']} – {summary['last_order']}",
                f"已付款订单：{summary['orders']:,} · GMV {summary['gmv']:,.2f} "
                f"{summary['currency']} · 退款 {summary['refunds']:,.2f} · "
                f"{summary['first_order']} 至 {summary['last_order']}",
            )
        )
    elif "days" in summary:
        lines.append(
            pick(
                f"Days: {summary['days']} · visitors {summary['visitors']:,} · "
                f"{summary['first_day']} – {summary['last_day']}",
                f"天数：{summary['days']} · 访客 {summary['visitors']:,} · "
                f"{summary['first_day']} 至 {summary['last_day']}",
            )
        )
    else:
        lines.append(pick(f"Products: {summary['products']}", f"商品数：{summary['products']}"))
    return "\n".join(lines)

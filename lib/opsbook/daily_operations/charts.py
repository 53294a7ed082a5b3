"""Charts of chapter 5: the groups' members through the year and the review card (with a day's
GMV against the same weekday of earlier weeks). (The referral and threshold tools and the daily
review draw theirs in the browser: :mod:`opsbook.present.svg`.)"""

import math
from datetime import date

import matplotlib.dates as mdates
import pandas as pd

from opsbook.core.i18n import format_day, pick
from opsbook.daily_operations.report import DailyReport, headline_table, same_weekdays
from opsbook.present.charts import PALETTE, Chart, new_figure, use_theme


def members_chart(groups: pd.DataFrame, pushes: pd.DataFrame, title: str) -> Chart:
    """Members of each group through the year, one line per group."""
    figure, axes = new_figure(10, 4.5)
    name = "name_zh" if pick("en", "zh") == "zh" else "name_en"
    for colour, group in zip(PALETTE, groups.itertuples(index=False), strict=False):
        daily = pushes[pushes["group_id"] == group.group_id].groupby("date")["members"].first()
        label = f"{getattr(group, name)} ({group.pushes_per_day}/{pick('day', '天')})"
        axes.plot(daily.index, daily.to_numpy(), color=colour, linewidth=2, label=label)
    axes.set_ylabel(pick("Members", "成员数"))
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%m"))
    axes.set_xlabel(pick("Month of 2025", "2025 年月份"))
    axes.legend(fontsize=11, loc="upper left", bbox_to_anchor=(1.01, 1))
    axes.set_title(title)
    return figure


def _weekday_bars(axes, orders: pd.DataFrame, day: date, weeks: int) -> None:
    """GMV of ``day`` (red) and of the same weekday in the ``weeks`` before, with their mean."""
    days, values = same_weekdays(orders, day, weeks)
    colors = [PALETTE[0]] * weeks + [PALETTE[3]]
    axes.bar(range(len(days)), values, color=colors)
    # at most about nine dates side by side (more run into each other), the day's always
    shown = list(range(len(days) - 1, -1, -math.ceil(len(days) / 9)))[::-1]
    axes.set_xticks(shown, [days[i].strftime("%m-%d") for i in shown])
    axes.axhline(sum(values[:-1]) / weeks, color="#374151", linestyle="--", linewidth=1)
    axes.set_ylabel(pick("GMV (yuan)", "成交额（元）"))


CARD_DPI = 100  # 10.8 inches at 100 dots an inch: 1080 pixels


def report_card(
    table: pd.DataFrame, orders: pd.DataFrame, day: date, weeks: int, title: str
) -> Chart:
    """The daily review as one picture to post in a work group: 1080 px wide (the width chat
    apps show without scaling), the five numbers with their change and flag (``table``, as
    :func:`opsbook.daily_operations.report.headline_table` shows them) above the weekday chart."""
    use_theme()  # the course's font: Chinese is drawn, never boxes
    # fixed places instead of a layout engine: the card's layout never changes (the engine
    # took 40 % of the card's time and left no margin at the picture's edges)
    figure = Chart(figsize=(10.8, 10.8), dpi=CARD_DPI)
    axes = figure.add_axes((0.05, 0.53, 0.9, 0.35))
    axes.axis("off")
    axes.set_title(title, fontsize=26, loc="left", pad=22)
    colours = {"▲": PALETTE[2], "▼": PALETTE[3]}
    grey = {"fontsize": 15, "color": "#6b7280", "transform": axes.transAxes, "va": "center"}
    axes.text(0.50, 0.97, table.columns[1], ha="right", **grey)
    axes.text(0.68, 0.97, table.columns[3], ha="right", **grey)
    mean = pick(f"same weekday, {weeks}-week mean", f"前 {weeks} 周同日均值")
    axes.text(1.0, 0.97, mean, ha="right", **grey)
    for row, values in enumerate(table.itertuples(index=False)):
        metric, value, baseline, change, flag = values
        y = 0.80 - row * 0.18
        axes.text(1.0, y, baseline, ha="right", **grey)
        axes.text(0.0, y, metric, fontsize=19, transform=axes.transAxes, va="center")
        axes.text(0.50, y, value, fontsize=22, transform=axes.transAxes, va="center", ha="right")
        axes.text(
            0.68,
            y,
            change,
            fontsize=19,
            transform=axes.transAxes,
            va="center",
            ha="right",
            color=colours.get(flag[:1], "#374151"),
        )
        axes.text(
            0.70,
            y,
            "" if flag == "—" else flag[:1],
            fontsize=19,
            transform=axes.transAxes,
            va="center",
            color=colours.get(flag[:1], "#374151"),
        )
    chart_axes = figure.add_axes((0.13, 0.07, 0.82, 0.39))
    _weekday_bars(chart_axes, orders, day, weeks)
    chart_axes.set_title(
        pick("GMV against the same weekday before", "成交额与之前同一星期几对比"), fontsize=18
    )
    return figure


def report_png(report: DailyReport, orders: pd.DataFrame) -> bytes:
    """The review as a 1080 × 1080 picture to post in a work group."""
    import io

    title = pick(f"Daily review · {format_day(report.day)}", f"日报 · {format_day(report.day)}")
    buffer = io.BytesIO()
    card = report_card(headline_table(report), orders, report.day, report.weeks, title)
    card.savefig(buffer, format="png", dpi=CARD_DPI)
    return buffer.getvalue()

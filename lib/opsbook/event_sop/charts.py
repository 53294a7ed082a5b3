"""Charts of chapter 4: the year's promotion calendar, the event schedule and tiered-price sales
(drawn by the browser: the timeline and the simulator redraw them at every change), forecast
ranges and the hour-by-hour replay."""

from datetime import date

import matplotlib.dates as mdates
import pandas as pd

from opsbook.core.i18n import label, pick
from opsbook.event_sop.schedule import Slot
from opsbook.present import svg
from opsbook.present.charts import PALETTE, Chart, new_figure


def calendar_chart(nodes: pd.DataFrame, year: int, title: str) -> Chart:
    """The nodes of a year on one time line, each with its event window as a bar."""
    figure, axes = new_figure(12, 2.2 + 0.34 * len(nodes))
    name = nodes.columns[1]
    for y, (_, row) in enumerate(nodes.iterrows()):
        start = mdates.date2num(row["start"])
        axes.barh(
            y,
            mdates.date2num(row["end"]) - start + 1,
            left=start,
            height=0.6,
            color=PALETTE[y % len(PALETTE)],
        )
        axes.annotate(
            f"{row[name]} · {row['end']:%m-%d}" if row["start"] == row["end"] else f"{row[name]}",
            (mdates.date2num(row["end"]) + 1, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=11,
        )
    axes.set_yticks([])
    axes.invert_yaxis()
    axes.set_xlim(mdates.date2num(date(year, 1, 1)), mdates.date2num(date(year, 12, 31)) + 40)
    axes.set_xticks([mdates.date2num(date(year, month, 1)) for month in range(1, 13)])
    axes.xaxis.set_major_formatter(
        mdates.DateFormatter("%b" if pick("en", "zh") == "en" else "%m月")
    )
    axes.tick_params(axis="x", labelsize=11)
    axes.set_title(title)
    return figure


def schedule_svg(slots: list[Slot], event_start: date, title: str) -> str:
    """The eight steps as bars drawn by the browser (the timeline redraws them at every
    change), each followed by its dates; steps that no longer fit are red, and a dashed line
    marks the event's first day."""
    first = min([s.start for s in slots] + [event_start])
    last = max([s.end for s in slots] + [event_start])

    def day(value: date) -> float:
        return float((value - first).days)

    late = pick("late", "来不及")
    return svg.spans(
        [f"{s.step.number} · {s.step.name}" for s in slots],
        [(day(s.start), day(s.end) + 1) for s in slots],
        [f"{s.start:%m-%d} – {s.end:%m-%d}" + ("" if s.fits else f" · {late}") for s in slots],
        [PALETTE[0] if s.fits else PALETTE[3] for s in slots],
        title,
        svg.date_ticks(first, (last - first).days + 1),
        marker=(day(event_start), pick("event starts", "活动开始")),
    )


def forecast_chart(forecast: pd.DataFrame, names: dict[str, str], title: str) -> Chart:
    """Mid sales per channel with the low–high range as an error bar."""
    figure, axes = new_figure(10, 5)
    labels = [names.get(key, key) for key in forecast.index]
    mid = forecast["sales_mid"]
    errors = [mid - forecast["sales_low"], forecast["sales_high"] - mid]
    axes.barh(labels, mid, color=PALETTE[0], xerr=errors, capsize=4, ecolor="#374151")
    axes.invert_yaxis()
    axes.set_xlabel(pick("Sales (yuan), low – high range", "销售额（元），保守–乐观区间"))
    axes.set_title(title)
    return figure


def pricing_svg(hourly: pd.DataFrame, stock: float, title: str) -> str:
    """Units sold so far at the end of each hour, against the stock (the dashed level): drawn
    by the browser, as the simulator redraws it at every move of a slider."""
    return svg.columns(
        [str(hour + 1) for hour in hourly["hour"]],
        [float(v) for v in hourly["units"].cumsum()],
        title,
        pick("Hours since the start", "开售后小时数"),
        pick("Units sold (dashed: stock)", "累计销量（虚线：库存）"),
        reference=float(stock),
        label_every=3,
    )


def _replay_bars(hourly: pd.DataFrame, upto_hour: int) -> tuple[pd.Series, list[str]]:
    """Orders per hour, and each hour's colour: the rest of the day greyed out."""
    per_hour = hourly.groupby("hour")["orders"].sum()
    return per_hour, [PALETTE[0] if h <= upto_hour else "#e5e7eb" for h in per_hour.index]


REPLAY_AXES = (("Hour of the day", "小时"), ("Orders", "订单"))


def replay_chart(hourly: pd.DataFrame, upto_hour: int, title: str) -> Chart:
    """Orders per hour on the event page so far, as a matplotlib figure (print, a handout)."""
    figure, axes = new_figure(9, 3.6)
    per_hour, colors = _replay_bars(hourly, upto_hour)
    axes.bar(per_hour.index, per_hour.values, color=colors)
    axes.set_xlabel(pick(*REPLAY_AXES[0]))
    axes.set_ylabel(pick(*REPLAY_AXES[1]))
    axes.set_xticks(range(0, 24, 3))
    axes.set_title(title)
    return figure


def replay_svg(hourly: pd.DataFrame, upto_hour: int, title: str) -> str:
    """The same chart drawn by the browser, as the replay redraws it on every move."""
    per_hour, colors = _replay_bars(hourly, upto_hour)
    return svg.columns(
        [str(h) for h in per_hour.index],
        [float(v) for v in per_hour.values],
        title,
        pick(*REPLAY_AXES[0]),
        pick(*REPLAY_AXES[1]),
        colors=colors,
        label_every=3,
    )


def review_chart(results: pd.DataFrame, names: dict[str, str], title: str) -> Chart:
    """Sales target and actual per channel, side by side."""
    figure, axes = new_figure(10, 5)
    labels = [names.get(key, key) for key in results.index]
    positions = range(len(labels))
    axes.barh(
        [p - 0.2 for p in positions],
        results["sales_target"],
        height=0.4,
        color="#cbd5e1",
        label=label("target"),
    )
    axes.barh(
        [p + 0.2 for p in positions],
        results["sales"],
        height=0.4,
        color=PALETTE[0],
        label=pick("Actual", "实际"),
    )
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()
    axes.set_xlabel(pick("Sales (yuan)", "销售额（元）"))
    axes.legend(frameon=False, fontsize=12)
    axes.set_title(title)
    return figure

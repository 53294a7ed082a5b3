"""The schedule as a Gantt chart: one bar per task from start to end, labelled with its owner."""

import matplotlib.dates as mdates

from opsbook.core.i18n import pick
from opsbook.plan_writing.model import Plan
from opsbook.present.charts import PALETTE, Chart, new_figure

MAX_BARS = 60  # more tasks than this do not read as one chart: the first ones are drawn


def gantt(plan: Plan, title: str | None = None) -> Chart:
    """Tasks with both dates as bars; rows without dates are left out (the linter names them)."""
    dated = [r for r in plan.schedule if r.start and r.end and r.end >= r.start]
    rows = dated[:MAX_BARS]
    figure, axes = new_figure(10, 1.6 + 0.55 * max(len(rows), 1))
    owners = sorted({r.owner for r in rows})
    colors = {owner: PALETTE[i % len(PALETTE)] for i, owner in enumerate(owners)}
    for y, row in enumerate(rows):
        start = mdates.date2num(row.start)
        width = mdates.date2num(row.end) - start + 1  # the end day is included
        axes.barh(y, width, left=start, color=colors[row.owner], height=0.6)
        axes.annotate(
            row.owner,
            (start + width, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=11,
        )
    axes.set_yticks(range(len(rows)), [r.task for r in rows], fontsize=12)
    axes.invert_yaxis()
    axes.xaxis_date()
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    axes.tick_params(axis="x", labelsize=11)
    axes.margins(x=0.22)  # room for the owner labels after the last bar
    if not rows:
        axes.text(
            0.5,
            0.5,
            pick("No dated tasks yet", "尚无带日期的任务"),
            ha="center",
            va="center",
            transform=axes.transAxes,
        )
    title = title or pick("Schedule", "排期")
    if len(dated) > MAX_BARS:
        title += pick(
            f" (first {MAX_BARS} of {len(dated)} tasks)",
            f"（{len(dated)} 项任务中的前 {MAX_BARS} 项）",
        )
    axes.set_title(title)
    return figure

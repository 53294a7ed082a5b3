"""Charts of chapter 5: new users per referral generation, the spend distribution under a
membership threshold, and a day's GMV against the same weekday of earlier weeks."""

from datetime import date, timedelta

import pandas as pd

from opsbook.charts import PALETTE, Chart, new_figure
from opsbook.daily.fission import FissionResult
from opsbook.daily.membership import ThresholdView
from opsbook.i18n import pick


def fission_chart(result: FissionResult, title: str) -> Chart:
    """New users per generation (bars) with the running total (line)."""
    figure, axes = new_figure(9, 4.5)
    table = result.table
    axes.bar(table["generation"], table["new_users"], color=PALETTE[0])
    axes.plot(table["generation"], table["new_users"].cumsum(), color=PALETTE[3], marker="o")
    axes.set_xticks(table["generation"])
    axes.set_xlabel(pick("Generation", "代际"))
    axes.set_ylabel(pick("New users (line: running total)", "新增用户（折线：累计）"))
    axes.set_title(title)
    return figure


def threshold_chart(spend: pd.Series, view: ThresholdView, title: str) -> Chart:
    """Customers by spend, with the threshold and the band just below it marked."""
    figure, axes = new_figure(9, 4.5)
    cap = max(float(spend.quantile(0.98)), view.threshold * 1.2)
    axes.hist(spend.clip(upper=cap), bins=40, color=PALETTE[0])
    axes.axvspan(view.threshold * (1 - view.band), view.threshold, color=PALETTE[2], alpha=0.35)
    axes.axvline(view.threshold, color=PALETTE[3], linewidth=2)
    axes.set_xlabel(pick("Spend in the year (yuan)", "年度消费（元）"))
    axes.set_ylabel(pick("Customers", "顾客数"))
    axes.set_title(title)
    return figure


def weekday_chart(orders: pd.DataFrame, day: date, weeks: int, title: str) -> Chart:
    """GMV of the day and of the same weekday in the weeks before."""
    figure, axes = new_figure(9, 4)
    days = [day - timedelta(weeks=w) for w in range(weeks, -1, -1)]
    daily = orders.groupby(pd.to_datetime(orders["order_date"]))["amount"].sum()
    values = [float(daily.get(pd.Timestamp(d), 0.0)) for d in days]
    colors = [PALETTE[0]] * weeks + [PALETTE[3]]
    axes.bar([d.strftime("%m-%d") for d in days], values, color=colors)
    axes.axhline(sum(values[:-1]) / weeks, color="#374151", linestyle="--", linewidth=1)
    axes.set_ylabel(pick("GMV (yuan)", "成交额（元）"))
    axes.tick_params(axis="x", labelsize=11)
    axes.set_title(title)
    return figure

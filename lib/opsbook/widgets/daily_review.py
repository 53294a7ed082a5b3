"""Chapter 5's daily review (日报): a day against the same weekday of earlier weeks."""

from datetime import date

import ipywidgets as widgets

from opsbook.core.i18n import format_day, pick
from opsbook.daily_operations import report
from opsbook.present import svg
from opsbook.present.charts import PALETTE
from opsbook.present.render import esc
from opsbook.widgets.base import Tool

LABEL = {"description_width": "220px"}


class DailyReview(Tool):
    """``DailyReview(orders, traffic, products, channel_names, day)``: pick a day, read its
    report with the flags."""

    def __init__(
        self,
        orders,
        traffic,
        products,
        channel_names,
        day: date,
        weeks: int = 4,
        hourly=None,
        product_daily=None,
    ):
        self.orders, self.traffic, self.products = orders, traffic, products
        self.hourly = hourly  # visitors by hour, for the 24-hour curve (optional)
        self.product_daily = product_daily  # product pages' visitors, for their conversion
        self.names, self.weeks = channel_names, weeks
        self.day = widgets.DatePicker(value=day, description=pick("Day", "日期"), style=LABEL)
        self.day.observe(lambda _c: self._show(), names="value")
        self.status = widgets.HTML()
        self.tables = widgets.HTML()
        # both charts are drawn by the browser (SVG): a day picked costs no matplotlib render
        self.chart = widgets.HTML(layout=widgets.Layout(max_width="720px"))
        self.hours = widgets.HTML(layout=widgets.Layout(max_width="720px"))
        self.widget = widgets.VBox([self.day, self.status, self.chart, self.tables, self.hours])
        self._show()

    def _show(self) -> None:
        if self.day.value is None:
            return
        if not hasattr(self, "report"):  # the day given in code: a bad one is an error to fix
            self._draw()
            return
        with self._reporting():  # a day picked later: the message shows, the last report stays
            self._draw()

    def _draw(self) -> None:
        self.report = report.build(
            self.orders,
            self.traffic,
            self.products,
            self.day.value,
            self.weeks,
            product_daily=self.product_daily,
        )
        self.status.value = ""
        self.tables.value = self.static_html()
        days, gmv = report.same_weekdays(self.orders, self.day.value, self.weeks)
        self.chart.value = svg.columns(
            [d.strftime("%m-%d") for d in days],
            gmv,
            pick(
                f"GMV of {format_day(self.day.value)} and the same weekday before",
                f"{format_day(self.day.value)} 与之前同一星期几的成交额",
            ),
            pick("Same weekday", "同一星期几"),
            pick("GMV, yuan (dashed: mean before)", "成交额（元；虚线：之前的均值）"),
            colors=[PALETTE[0]] * self.weeks + [PALETTE[3]],
            reference=sum(gmv[:-1]) / self.weeks,
        )
        if self.hourly is not None:
            curve = report.hourly_curve(self.hourly, self.day.value, self.weeks)
            self.hours.value = svg.columns(
                [str(hour) for hour in curve.index],
                [float(v) for v in curve["uv"]],
                pick("Visitors by hour", "分小时访客数"),
                pick("Hour", "小时"),
                pick("Visitors (dashed: same weekday, mean)", "访客数（虚线：同日均值）"),
                running=[float(v) for v in curve["uv_baseline"]],
                dashed=True,
                label_every=3,
            )

    def static_html(self) -> str:
        return (
            report.headline_table(self.report).to_html(index=False, border=0)
            + f"<h4>{esc(pick('By channel', '分渠道'))}</h4>"
            + report.channel_table(self.report, self.names).to_html(index=False, border=0)
        )

    def summary(self) -> str:
        flags = int((self.report.headline["flag"] != "").sum())
        return pick(
            f"Daily review of {self.report.day}: {flags} flags",
            f"{self.report.day} 日报：{flags} 项提示",
        )

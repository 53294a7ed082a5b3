"""Chapter 4's event-day replay: move through the hours of a sample event and see what the
monitoring rules would have done."""

import ipywidgets as widgets
import pandas as pd

from opsbook.core.i18n import pick
from opsbook.event_sop.charts import replay_chart, replay_svg
from opsbook.event_sop.monitor import Thresholds, action_list
from opsbook.present.render import esc
from opsbook.widgets.base import Tool

LABEL = {"description_width": "180px"}


class EventReplay(Tool):
    """Replay an event day hour by hour; the monitoring actions follow the slider."""

    def __init__(
        self,
        hourly: pd.DataFrame,
        products: pd.DataFrame | None = None,
        hour: int = 6,
        thresholds: Thresholds | None = None,
    ):
        self.hourly, self.products = hourly, products
        self.thresholds = thresholds or Thresholds()
        self.hour = widgets.IntSlider(
            value=hour,
            min=0,
            max=int(hourly["hour"].max()),
            description=pick("Hour", "时刻"),
            style=LABEL,
            continuous_update=False,
            layout=widgets.Layout(width="620px"),
        )
        self.actions = widgets.HTML()
        self.chart = widgets.HTML(layout=widgets.Layout(max_width="720px"))
        self.hour.observe(lambda _c: self._show(), names="value")
        self.widget = widgets.VBox([self.hour, self.chart, self.actions])
        self._show()

    def set_thresholds(self, **values) -> None:
        """Change thresholds (e.g. ``low_conversion=0.02``) and recompute."""
        self.thresholds = Thresholds(**{**self.thresholds.__dict__, **values})
        self._show()

    def recompute(self) -> pd.DataFrame:
        """The ranked action list at the current hour (what the table shows)."""
        self.table = action_list(self.hourly, self.hour.value, self.thresholds, self.products)
        return self.table

    def _show(self) -> None:
        table = self.recompute()
        head = pick(f"Actions at {self.hour.value:02d}:59", f"{self.hour.value:02d}:59 的调整建议")
        self.actions.value = f"<p><b>{esc(head)}</b></p>" + (
            table.to_html(index=False, escape=True, border=0)
            if len(table)
            else f"<p>{esc(pick('Nothing to change.', '无需调整。'))}</p>"
        )
        # drawn by the browser: a move costs the server a millisecond of chart, not ninety
        self.chart.value = replay_svg(self.hourly, self.hour.value, self.chart_title)

    def figure(self):
        """The same chart as a matplotlib figure (for a page or a handout without a browser)."""
        return replay_chart(self.hourly, self.hour.value, self.chart_title)

    @property
    def chart_title(self) -> str:
        return pick("Orders per hour on the event page", "活动页每小时订单")

    def static_html(self) -> str:
        return self.actions.value

    def summary(self) -> str:
        return pick(
            f"Event replay at hour {self.hour.value}: {len(self.table)} actions",
            f"活动回放 {self.hour.value} 点：{len(self.table)} 条建议",
        )

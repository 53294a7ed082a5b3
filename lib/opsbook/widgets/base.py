"""What every interactive tool shares: a live widget plus a static rendering of its state."""

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets

from opsbook.core import settings
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.present.render import esc

log = logging.getLogger("opsbook.widgets")


def slider(
    value: float,
    low: float,
    high: float,
    step: float,
    text: str,
    kind: type = widgets.FloatSlider,
    label_width: str = "180px",
    width: str = "520px",
    **more: Any,
) -> widgets.Widget:
    """A labelled slider that reports once it is let go (not on every pixel of a drag)."""
    return kind(
        value=value,
        min=low,
        max=high,
        step=step,
        description=text,
        style={"description_width": label_width},
        continuous_update=False,
        layout=widgets.Layout(width=width),
        **more,
    )


class Tool:
    """Subclasses set ``self.widget`` and implement :meth:`static_html` and :meth:`summary`."""

    widget: widgets.Widget

    def static_html(self) -> str:
        """The tool's current state as HTML that reads without a kernel."""
        raise NotImplementedError

    def summary(self) -> str:
        """One line of plain text describing the current state."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # JupyterLab picks the live widget; GitHub and exported pages fall back to the HTML.
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = self.summary()
        return bundle

    def __repr__(self) -> str:
        return self.summary()

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        """Set controls from code without their observers saving anything."""
        previous = getattr(self, "_loading", False)
        self._loading = True
        try:
            yield
        finally:
            self._loading = previous

    @contextlib.contextmanager
    def _reporting(self) -> Iterator[None]:
        """Run a reaction to a control; any failure shows in the status line, never as a
        traceback, and the status never claims a save that did not happen."""
        try:
            yield
        except OpsbookError as error:
            self._say(str(error), error=True)
        except Exception as error:  # a defect: still a message a learner can act on
            log.exception("unexpected error in %s", type(self).__name__)
            self._say(
                pick(
                    f"Something went wrong ({type(error).__name__}: {str(error)[:200]}). "
                    "This change may not be saved; your earlier work is. Please tell your "
                    "trainer what you did.",
                    f"出了点问题（{type(error).__name__}：{str(error)[:200]}）。这次修改可能没有"
                    "保存，之前的内容都在。请告诉培训师你刚才的操作。",
                ),
                error=True,
            )

    def _say(self, text: str, error: bool = False) -> None:
        """Show a status line (green, or red for an error) in ``self.status``."""
        color = "#b91c1c" if error else "#047857"
        self.status.value = f'<span style="color:{color};white-space:pre-wrap">{esc(text)}</span>'


def room_code() -> widgets.Widget | None:
    """On a page served to a room (``make app LAN=1``), the address phones open, as a QR code
    to show on the trainer's screen; None on any other page."""
    url = os.environ.get(settings.APP_URL)
    if not url:
        return None
    import segno

    code = segno.make(url, error="l").svg_inline(scale=5, border=2)
    title = pick("Open this page on your phone", "用手机打开本页")
    return widgets.HTML(
        f"<details class='opsbook-room-code'><summary>📱 {esc(title)}</summary>{code}"
        f"<div style='word-break:break-all;font-size:12px'>{esc(url)}</div></details>"
    )

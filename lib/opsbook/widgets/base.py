"""What every interactive tool shares: a live widget plus a static rendering of its state."""

import contextlib
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets

from opsbook.render import esc


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

    def _say(self, text: str, error: bool = False) -> None:
        """Show a status line (green, or red for an error) in ``self.status``."""
        color = "#b91c1c" if error else "#047857"
        self.status.value = f'<span style="color:{color};white-space:pre-wrap">{esc(text)}</span>'

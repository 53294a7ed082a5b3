"""What every interactive tool shares: a live widget plus a static rendering of its state."""

from typing import Any

import ipywidgets as widgets


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

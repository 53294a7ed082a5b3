"""The organization explorer: pick a department, see its responsibilities, metrics and hand-offs."""

import ipywidgets as widgets

from opsbook.content.department_structure import Organization
from opsbook.core.i18n import label, pick
from opsbook.department_structure import department_card_html, department_profile
from opsbook.widgets.base import Tool


class OrgExplorer(Tool):
    """``OrgExplorer(org)`` in a cell; ``explorer.select("operations")`` does what the menu does."""

    def __init__(self, org: Organization, department: str = "operations"):
        self.org = org
        offices = {o.key: str(o.name) for o in org.offices}
        self.menu = widgets.Dropdown(
            options=[(f"{offices[d.office]} · {d.name}", d.key) for d in org.departments],
            description=label("department"),
            layout=widgets.Layout(width="460px"),
        )
        self.card = widgets.HTML()
        self.menu.observe(lambda change: self._show(change["new"]), names="value")
        self.widget = widgets.VBox([self.menu, self.card])
        self.select(department)

    def select(self, key: str) -> None:
        """Show department ``key`` (an unknown key gets an error listing the known ones)."""
        department_profile(self.org, key)  # validates the key
        if self.menu.value == key:
            self._show(key)
        else:
            self.menu.value = key  # triggers _show through the observer

    def _show(self, key: str) -> None:
        self.card.value = department_card_html(department_profile(self.org, key))

    def static_html(self) -> str:
        return self.card.value

    def summary(self) -> str:
        name = self.org.department(self.menu.value).name
        return pick(f"Organization explorer: {name}", f"组织浏览器：{name}")

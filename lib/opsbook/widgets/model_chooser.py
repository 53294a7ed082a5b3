"""The organization-model chooser: answer a few questions about the business, get a private-domain
(私域) organization model with its trade-offs."""

import ipywidgets as widgets

from opsbook.content.department_structure import Organization
from opsbook.core.i18n import pick
from opsbook.department_structure import (
    Recommendation,
    recommend_model,
    recommendation_html,
    validate_answers,
)
from opsbook.present.render import esc
from opsbook.widgets.base import Tool


class ModelChooser(Tool):
    """``ModelChooser(org)`` in a cell; ``chooser.answer(budget="high")`` does what the menus do."""

    def __init__(self, org: Organization, **answers: str):
        self.org = org
        self.menus: dict[str, widgets.Dropdown] = {}
        rows = []
        for question in org.chooser_questions:
            menu = widgets.Dropdown(
                options=[(str(o.label), o.key) for o in question.options],
                layout=widgets.Layout(width="320px"),
            )
            menu.observe(lambda _change: self._show(), names="value")
            self.menus[question.key] = menu
            rows.append(
                widgets.HBox(
                    [widgets.HTML(esc(question.prompt), layout=widgets.Layout(width="380px")), menu]
                )
            )
        self.result = widgets.HTML()
        self.widget = widgets.VBox([*rows, self.result])
        self.answer(**answers)

    @property
    def answers(self) -> dict[str, str]:
        return {key: menu.value for key, menu in self.menus.items()}

    def answer(self, **answers: str) -> None:
        """Set some answers (question key = option key) and update the recommendation."""
        validate_answers(self.org, {**self.answers, **answers})
        for key, value in answers.items():
            self.menus[key].value = value
        self._show()

    def recommendation(self) -> Recommendation:
        """The recommendation for the current answers (computed once per change)."""
        return self._recommendation

    def _show(self) -> None:
        self._recommendation = recommend_model(self.org, self.answers)
        self.result.value = recommendation_html(self._recommendation)

    def static_html(self) -> str:
        questions = {q.key: q for q in self.org.chooser_questions}
        rows = "".join(
            f"<li>{esc(questions[key].prompt)} <strong>"
            f"{esc(next(o.label for o in questions[key].options if o.key == value))}</strong></li>"
            for key, value in self.answers.items()
        )
        return f'<ul style="margin:2px 0">{rows}</ul>' + self.result.value

    def summary(self) -> str:
        best = self.recommendation().best.model.name
        return pick(f"Organization-model chooser: {best}", f"组织模式选择器：{best}")

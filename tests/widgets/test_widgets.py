"""The interactive tools answer their controls and always carry a static rendering."""

import pytest

from opsbook.content import load_playbook
from opsbook.core.errors import AnswerError
from opsbook.widgets import ModelChooser, OrgExplorer

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def playbook():
    return load_playbook("department_structure")


def test_explorer_follows_the_menu(playbook):
    explorer = OrgExplorer(playbook)
    assert "Operations" in explorer.static_html()
    explorer.menu.value = "customer_service"  # what a click in the menu does
    assert "First response time" in explorer.static_html()
    explorer.select("technology")
    assert explorer.summary() == "Organization explorer: Technology center"


def test_explorer_rejects_unknown_department(playbook):
    with pytest.raises(AnswerError):
        OrgExplorer(playbook).select("finance")


def test_chooser_follows_the_menus(playbook):
    chooser = ModelChooser(playbook)
    chooser.menus["ecommerce_team"].value = "yes"
    chooser.menus["main_goal"].value = "online_sales"
    chooser.menus["budget"].value = "low"
    assert chooser.recommendation().best.model.key == "under_ecommerce"
    assert "Part of the e-commerce department" in chooser.static_html()
    chooser.answer(budget="high", team_size="large", main_goal="long_term", ecommerce_team="no")
    assert chooser.summary() == "Organization-model chooser: An independent team"
    assert "Its own budget and targets" in chooser.static_html()


def test_chooser_rejects_bad_answers_and_keeps_state(playbook):
    chooser = ModelChooser(playbook, budget="medium")
    with pytest.raises(AnswerError, match="use one of: low, medium, high"):
        chooser.answer(budget="unlimited")
    assert chooser.answers["budget"] == "medium"


@pytest.mark.parametrize("tool", [OrgExplorer, ModelChooser])
def test_display_carries_widget_and_static_html(playbook, tool):
    bundle = tool(playbook)._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    assert bundle["text/html"].startswith("<")
    assert "object at 0x" not in bundle["text/plain"]


def test_a_page_served_to_a_room_shows_its_address_as_a_qr_code(monkeypatch):
    """``make app LAN=1`` passes the address phones open to the page's kernel: the worksheet
    shows it as a QR code (an SVG, no network) above everything else; without it, nothing."""
    from opsbook.content import load_playbook
    from opsbook.core import settings
    from opsbook.widgets import SelfAssessment

    def codes(worksheet) -> list[str]:
        shown = [getattr(child, "value", "") for child in worksheet.widget.children]
        return [html for html in shown if "opsbook-room-code" in str(html)]

    rubric = load_playbook("four_powers")
    monkeypatch.delenv(settings.APP_URL, raising=False)
    assert codes(SelfAssessment(rubric)) == []
    url = "http://192.0.2.2:8866/?token=abc"
    monkeypatch.setenv(settings.APP_URL, url)
    worksheet = SelfAssessment(rubric)
    [code] = codes(worksheet)
    assert code == worksheet.widget.children[0].value  # above everything else
    assert "<svg" in code and url in code

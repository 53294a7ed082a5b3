"""The settings `make lab` starts JupyterLab with (``opsbook.serve.lab``)."""

import json

from opsbook.serve import lab

DECK = "jupyterlab-slideshow/plugin.jupyterlab-settings"
WIDGETS = "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings"


def test_a_deck_left_on_does_not_open_the_next_start_as_slides(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))
    deck = tmp_path / "lab" / "user-settings" / DECK
    deck.parent.mkdir(parents=True)
    # as JupyterLab writes it: JSON with comments
    deck.write_text('{\n  // Activate Deck\n  "active": true,\n  "showCodeCellPrompt": true\n}')
    lab.write_settings("en", asked=False)
    text = deck.read_text("utf-8")
    assert '"active": false' in text and '"active": true' not in text
    assert '"showCodeCellPrompt": true' in text  # the trainer's own choices stay


def test_saved_widget_state_unless_the_learner_chose_otherwise(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))
    lab.write_settings("zh", asked=True)
    settings = tmp_path / "lab" / "user-settings"
    assert json.loads((settings / WIDGETS).read_text("utf-8")) == {"saveState": True}
    locale = settings / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    assert json.loads(locale.read_text("utf-8")) == {"locale": "zh_CN"}
    (settings / WIDGETS).write_text('{"saveState": false}')
    lab.write_settings("en", asked=False)
    assert json.loads((settings / WIDGETS).read_text("utf-8")) == {"saveState": False}
    assert json.loads(locale.read_text("utf-8")) == {"locale": "zh_CN"}  # not asked: kept

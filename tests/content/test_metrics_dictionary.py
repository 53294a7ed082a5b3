"""The metric dictionary (``playbook/metrics.yaml``) names every metric a learner sees: each table
column of every notebook (both editions) that is a metric, each row of a table whose rows are
metrics (a GMV factor, a funnel step, a branch of a target tree), and each metric that labels a
tool's control or heads a tool's table (from the tools' saved views) must be one of its names,
so an operator can look up how it is computed and how each platform defines it. The check is
also run on a table broken on purpose."""

import json
import re
from html.parser import HTMLParser

import pytest

from opsbook.content import course, load_playbook
from opsbook.content.course import notebook_paths
from opsbook.core.paths import NOTEBOOKS_DIR
from opsbook.core.settings import EDITIONS

# a column is a metric when its name says it is a rate, a value per someone, or a count of
# visitors, buyers or orders
METRIC = re.compile(
    r"率|客单价|笔单价|单价|UV|PV|GMV|ROI|访客|买家数|订单数|"
    r"\brate\b|conversion|per order|per buyer|per visitor|visitors|buyers|\bROI\b",
    re.IGNORECASE,
)
UNIT = re.compile(r"\s*(%|（[^（）]*）|\([^()]*\))\s*$")  # "支付转化率 %", "GMV（元）"


# a table whose first column is one of these lists metrics in its rows
ROWS_ARE_METRICS = {"Factor", "因子", "Lever", "Step", "环节", "Branch", "分支", "Metric", "指标"}
TREE = re.compile(r"^[\s└├│─]+")  # a target tree's branch marks before a row's name


class _Tables(HTMLParser):
    """Each table of a page: its column headers (the cells of its <thead>) and the first cell
    of each row of its <tbody> (the row's label)."""

    def __init__(self):
        super().__init__()
        self.tables: list[tuple[list[str], list[str]]] = []
        self._head = self._body = self._first = False
        self._text: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(([], []))
        self._head = self._head or tag == "thead"
        self._body = self._body or tag == "tbody"
        self._first = self._first or (tag == "tr" and self._body)
        if tag in ("th", "td") and self.tables and (self._head or self._first):
            self._text = ""

    def handle_endtag(self, tag):
        self._head = self._head and tag != "thead"
        self._body = self._body and tag != "tbody"
        if tag in ("th", "td") and self._text is not None:
            headers, rows = self.tables[-1]
            (headers if self._head else rows).append(self._text.strip())
            self._text, self._first = None, self._head and self._first

    def handle_data(self, data):
        if self._text is not None:
            self._text += data


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# a tool's control labelled with a metric: its name in bold, its definition below it
CONTROL_LABEL = re.compile(r"^<b>([^<]+)</b><br><small>")


def _widget_html(notebook: dict) -> list[str]:
    """The text of every HTML part of the notebook's saved tools (what a learner sees in them)."""
    state = notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return [
        model["state"]["value"]
        for model in state.values()
        if model.get("model_name") == "HTMLModel" and isinstance(model["state"].get("value"), str)
    ]


def _tables(notebook: dict) -> list[tuple[list[str], list[str]]]:
    parser = _Tables()
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            parser.feed("".join(output.get("data", {}).get("text/html", "")))
    for page in _widget_html(notebook):  # the tables a tool shows
        parser.feed(page)
    return parser.tables


def shown_headers(notebook: dict) -> list[str]:
    """Every table's column headers (the outputs' and the tools'), the rows' names of a table
    whose rows are metrics, and the metric names that label a tool's controls."""
    found = [
        m.group(1).strip() for page in _widget_html(notebook) if (m := CONTROL_LABEL.match(page))
    ]
    for headers, rows in _tables(notebook):
        found += headers
        first = headers[0] if headers and headers[0] else (headers[1:2] or [""])[0]
        if first in ROWS_ARE_METRICS:
            found += [TREE.sub("", row) for row in rows]
    return found


# a target for a metric, or a metric compared with another day, is that metric
QUALIFIER = re.compile(r"\s*(目标| target| vs same weekday)$")


def metrics_without_an_entry(headers: list[str], names: set[str]) -> list[str]:
    """The column names that are metrics but no name of the dictionary (a unit and a
    qualifier left aside; capitals do not count)."""
    known = {name.casefold() for name in names}
    unknown = []
    for header in headers:
        if not METRIC.search(header):
            continue
        forms = {header}
        while (
            True
        ):  # "支付转化率 %" -> "支付转化率"; "访客数（UV）（人）" -> "访客数（UV）" -> "访客数"
            shorter = {QUALIFIER.sub("", UNIT.sub("", form)) for form in forms} - forms
            if not shorter:
                break
            forms |= shorter
        if not any(form.casefold() in known for form in forms):
            unknown.append(header)
    return sorted(set(unknown))


@pytest.fixture(scope="module")
def names() -> set[str]:
    return set(load_playbook("metrics").names())


@pytest.mark.parametrize(
    "path",
    [  # the glossary is the dictionary itself
        p
        for e in EDITIONS
        for p in notebook_paths(course(), NOTEBOOKS_DIR, e)
        if p.stem != "glossary"
    ],
    ids=lambda p: str(p.relative_to(NOTEBOOKS_DIR)),
)
def test_every_metric_a_notebook_shows_has_an_entry(path, names):
    notebook = json.loads(path.read_text("utf-8"))
    assert metrics_without_an_entry(shown_headers(notebook), names) == []


def test_the_check_catches_a_metric_without_an_entry(names):
    table = (
        "<table><thead><tr><th>渠道</th><th>支付转化率 %</th><th>跳出率</th><th>GMV（元）</th>"
        "<th>访客目标</th><th>Bounce rate target</th></tr></thead>"
        "<tbody><tr><th>退货率</th><td>1</td></tr></tbody></table>"  # a row's label is no column
        "<table><thead><tr><th>因子</th><th>值</th></tr></thead><tbody>"  # rows that are metrics
        "<tr><td>访客数</td><td>1</td></tr><tr><td>└ 复购间隔率</td><td>2</td></tr></tbody></table>"
    )
    slider = {"model_name": "HTMLModel", "state": {"value": "<b>流失率</b><br><small>…</small>"}}
    notebook = {
        "cells": [{"outputs": [{"data": {"text/html": table}}]}],
        "metadata": {"widgets": {WIDGET_STATE: {"state": {"1": slider}}}},  # a tool's label
    }
    headers = shown_headers(notebook)
    unknown = ["Bounce rate target", "复购间隔率", "流失率", "跳出率"]
    assert metrics_without_an_entry(headers, names) == unknown

"""The metric dictionary (``playbook/metrics.yaml``) names every metric a learner sees: each table
column of every notebook (both editions) that is a metric must be one of its names, so an
operator can look up how it is computed and how each platform defines it. The check is also run
on a table broken on purpose."""

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


class _Headers(HTMLParser):
    """The column headers of a page's tables (the cells of each <thead>, not a row's label)."""

    def __init__(self):
        super().__init__()
        self.found, self._open, self._head = [], False, False

    def handle_starttag(self, tag, attrs):
        self._head = self._head or tag == "thead"
        if tag == "th" and self._head:
            self._open, self._text = True, ""

    def handle_endtag(self, tag):
        self._head = self._head and tag != "thead"
        if tag == "th" and self._open:
            self.found.append(self._text.strip())
            self._open = False

    def handle_data(self, data):
        if self._open:
            self._text += data


def shown_headers(notebook: dict) -> list[str]:
    parser = _Headers()
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            parser.feed("".join(output.get("data", {}).get("text/html", "")))
    return parser.found


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
    [p for e in EDITIONS for p in notebook_paths(course(), NOTEBOOKS_DIR, e)],
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
    )
    headers = shown_headers({"cells": [{"outputs": [{"data": {"text/html": table}}]}]})
    assert metrics_without_an_entry(headers, names) == ["Bounce rate target", "跳出率"]

"""A plan as a document to hand over: Markdown, one self-contained HTML page, or Word (.docx),
each with the schedule chart; and back again.

Every export embeds the plan's own JSON (an HTML comment in Markdown, a JSON script element in
HTML, a hidden paragraph in Word), so :func:`import_plan` reopens the same plan from any of
them. User text is escaped in Markdown and HTML.
"""

import base64
import html
import io
import json
import re
from pathlib import Path

from docx import Document
from docx.shared import Inches
from pydantic import ValidationError

from opsbook.content.loader import format_validation
from opsbook.content.plan_template import PlanTemplate
from opsbook.errors import StoreError
from opsbook.i18n import pick
from opsbook.planning.gantt import gantt
from opsbook.planning.model import Plan, budget_total
from opsbook.render import data_uri, html_page, html_table, markdown_table, md_escape
from opsbook.store import shown_path

MARK = "opsbook-plan"
_MD_PATTERN = re.compile(r"<!-- opsbook-plan:([A-Za-z0-9+/=]+) -->")
_HTML_PATTERN = re.compile(
    r'<script type="application/json" id="opsbook-plan">(.*?)</script>', re.DOTALL
)


def _sections(plan: Plan, template: PlanTemplate) -> list[tuple[str, list[list[str]] | list[str]]]:
    """The plan as (section title, content) pairs shared by every format.

    Content is a list of paragraphs, or a table (a list of rows, the first one the header).
    """
    kind = template.kind(plan.kind)
    objectives = [
        [
            pick("Metric", "指标"),
            pick("Target", "目标值"),
            pick("Unit", "单位"),
            pick("Deadline", "截止日期"),
        ]
    ] + [
        [o.metric, "" if o.target is None else f"{o.target:,.10g}", o.unit, str(o.deadline or "")]
        for o in plan.objectives
    ]
    schedule = [
        [
            pick("Task", "任务"),
            pick("Owner", "负责人"),
            pick("Start", "开始"),
            pick("End", "结束"),
            pick("Deliverable", "交付物"),
        ]
    ] + [
        [r.task, r.owner, str(r.start or ""), str(r.end or ""), r.deliverable]
        for r in plan.schedule
    ]
    total, lines = budget_total(plan)
    budget = [
        [
            pick("Item", "项目"),
            pick("Amount", "数量"),
            pick("Unit", "单位"),
            pick("In yuan", "折合人民币"),
        ]
    ] + [
        [line.item, f"{line.amount:,.10g}", line.unit, "?" if value is None else f"{value:,.2f}"]
        for line, value in lines
    ]
    budget.append([pick("Total", "合计"), "", "", f"{total:,.2f}"])
    purposes = [f"{pick('Direct', '直接目的')}: {p}" for p in plan.direct_purposes] + [
        f"{pick('Indirect', '间接目的')}: {p}" for p in plan.indirect_purposes
    ]
    strategy = [f"{e.name}: {plan.strategy.get(e.key, '')}" for e in kind.strategy_elements]
    strategy += [
        f"{key}: {text}"
        for key, text in plan.strategy.items()
        if key not in {e.key for e in kind.strategy_elements}
    ]
    rates = [
        f"{pick('Exchange rate', '兑换比例')}: {rate:,.10g} {unit} = 1 yuan"
        for unit, rate in plan.exchange_rates.items()
    ]
    by_key = {s.key: str(s.name) for s in template.sections}
    return [
        (by_key["background"], list(plan.background)),
        (by_key["purpose"], purposes),
        (by_key["objectives"], objectives),
        (by_key["strategy"], strategy),
        (by_key["schedule"], schedule),
        (by_key["resources_budget"], list(plan.resources)),
        (pick("Budget", "预算"), budget),
        ("", rates),
    ]


def _meta(plan: Plan, template: PlanTemplate) -> str:
    parts = [str(template.kind(plan.kind).name)]
    if plan.owner:
        parts.append(f"{pick('Owner', '负责人')}: {plan.owner}")
    if plan.stage:
        stage = next(s.name for s in template.stages if s.key == plan.stage)
        parts.append(f"{pick('Stage', '阶段')}: {stage}")
    return " · ".join(parts)


def _is_table(content) -> bool:
    return bool(content) and isinstance(content[0], list)


def _payload(plan: Plan) -> str:
    return plan.model_dump_json()


def _chart_png(plan: Plan) -> bytes:
    return gantt(plan)._repr_png_()


def to_markdown(plan: Plan, template: PlanTemplate) -> str:
    """Markdown with the schedule chart as an embedded PNG and the plan JSON in a comment."""
    lines = [
        f"# {md_escape(plan.title or pick('Untitled plan', '未命名方案'))}",
        "",
        md_escape(_meta(plan, template)),
        "",
    ]
    for title, content in _sections(plan, template):
        if title:
            lines += [f"## {title}", ""]
        if _is_table(content):
            header, *rows = content
            lines += markdown_table(header, rows)
        else:
            lines += [f"- {md_escape(text)}" for text in content]
        lines.append("")
        if title == str(template.section("schedule").name) and plan.schedule:
            image = data_uri(_chart_png(plan), "image/png")
            lines += [f"![{pick('Schedule chart', '排期图')}]({image})", ""]
    encoded = base64.b64encode(_payload(plan).encode("utf-8")).decode("ascii")
    lines.append(f"<!-- {MARK}:{encoded} -->")
    return "\n".join(lines) + "\n"


def to_html(plan: Plan, template: PlanTemplate) -> str:
    """One self-contained page: sections, tables, the schedule chart and the plan JSON."""
    esc = html.escape
    title = plan.title or pick("Untitled plan", "未命名方案")
    parts = [f"<h1>{esc(title)}</h1>", f'<p class="meta">{esc(_meta(plan, template))}</p>']
    schedule_title = str(template.section("schedule").name)
    for number, (heading, content) in enumerate(_sections(plan, template)):
        body = ""
        if _is_table(content):
            header, *rows = content
            body = html_table(header, rows)
        elif content:
            body = "<ul>" + "".join(f"<li>{esc(t)}</li>" for t in content) + "</ul>"
        if heading == schedule_title and plan.schedule:
            body += (
                f'<img id="schedule-chart" alt="{esc(pick("Schedule chart", "排期图"))}" '
                f'src="{data_uri(_chart_png(plan), "image/png")}">'
            )
        section_id = f' id="section-{number}"'
        parts.append(
            f"<section{section_id}>"
            + (f"<h2>{esc(heading)}</h2>" if heading else "")
            + body
            + "</section>"
        )
    payload = _payload(plan).replace("<", "\\u003c").replace(">", "\\u003e")
    data = f'<script type="application/json" id="{MARK}">{payload}</script>'
    return html_page(title, "".join(parts) + data, pick("en", "zh"))


def to_docx(plan: Plan, template: PlanTemplate) -> bytes:
    """A Word document with headings, tables and the schedule chart."""
    document = Document()
    document.add_heading(plan.title or pick("Untitled plan", "未命名方案"), level=0)
    document.add_paragraph(_meta(plan, template))
    schedule_title = str(template.section("schedule").name)
    for heading, content in _sections(plan, template):
        if heading:
            document.add_heading(heading, level=1)
        if _is_table(content):
            header, *rows = content
            table = document.add_table(rows=1 + len(rows), cols=len(header))
            table.style = "Table Grid"
            for r, row in enumerate([header, *rows]):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            for text in content:
                document.add_paragraph(text, style="List Bullet")
        if heading == schedule_title and plan.schedule:
            document.add_picture(io.BytesIO(_chart_png(plan)), width=Inches(6.3))
    document.core_properties.title = plan.title
    # the plan's own copy, as hidden text (Word does not show or print it) for import_plan
    hidden = document.add_paragraph().add_run(
        f"{MARK}:" + base64.b64encode(_payload(plan).encode("utf-8")).decode("ascii")
    )
    hidden.font.hidden = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def import_plan(path: Path) -> Plan:
    """Read a plan back from its saved JSON or from any export (.md, .html, .docx)."""
    path = Path(path)
    shown = shown_path(path)
    if not path.is_file():
        raise StoreError(f"{shown}: the file does not exist — check the name.")
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            texts = [p.text for p in Document(str(path)).paragraphs if p.text.startswith(MARK)]
            raw = base64.b64decode(texts[-1].split(":", 1)[1]).decode("utf-8") if texts else None
        else:
            text = path.read_text(encoding="utf-8")
            if suffix == ".json":
                raw = text
            elif suffix in {".md", ".markdown"}:
                found = _MD_PATTERN.search(text)
                raw = base64.b64decode(found.group(1)).decode("utf-8") if found else None
            elif suffix in {".html", ".htm"}:
                found = _HTML_PATTERN.search(text)
                raw = found.group(1) if found else None
            else:
                raise StoreError(
                    f"{shown}: cannot read {suffix} files — use .json, .md, .html "
                    "or .docx exported by Ops Playbook."
                )
    except (UnicodeDecodeError, ValueError, KeyError) as error:
        raise StoreError(
            f"{shown}: the file is damaged ({error}) — export the plan again."
        ) from None
    if raw is None:
        raise StoreError(
            f"{shown}: no Ops Playbook plan found inside — it was not exported by "
            "the plan builder, or the embedded copy was removed."
        )
    try:
        data = json.loads(raw)
        return Plan.model_validate(data)
    except json.JSONDecodeError as error:
        raise StoreError(f"{shown}: the embedded plan is not valid JSON ({error.msg}).") from None
    except ValidationError as error:
        raise StoreError(format_validation(shown, data, error)) from None

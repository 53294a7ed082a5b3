"""A plan as a document to hand over: Markdown, one self-contained HTML page, or Word (.docx),
each with the schedule chart; and back again.

Every export embeds the plan's own JSON (an HTML comment in Markdown, a JSON script element in
HTML, a hidden paragraph in Word), so :func:`import_plan` reopens the same plan from any of
them. User text is escaped in Markdown and HTML, and control characters pasted from Word or
Excel (a vertical tab, a form feed …), which no Word file can hold, are left out of every export
however the plan was made, as they are when a plan is saved.
"""

import base64
import html
import io
import zipfile
import zlib
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Inches
from pydantic import ValidationError

from opsbook.content.loader import format_validation
from opsbook.content.plan_writing import PlanTemplate
from opsbook.core.bounds import (
    MAX_IMPORT_BYTES,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
    clean_text,
    parse_json,
    read_bytes,
)
from opsbook.core.errors import StoreError
from opsbook.core.i18n import label, pick
from opsbook.core.store import shown_path
from opsbook.handin import unstamped
from opsbook.plan_writing.gantt import gantt
from opsbook.plan_writing.model import Plan, budget_total
from opsbook.present.render import data_uri, html_page, html_table, markdown_table, md_escape

MARK = "opsbook-plan"
DOCX_TITLE_LIMIT = 255  # Word's limit for the document's title property


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
            label("task"),
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
            label("item"),
            pick("Amount", "数量"),
            pick("Unit", "单位"),
            pick("In yuan", "折合人民币"),
        ]
    ] + [
        [line.item, f"{line.amount:,.10g}", line.unit, "?" if value is None else f"{value:,.2f}"]
        for line, value in lines
    ]
    budget.append([pick("Total", "合计"), "", "", f"{total:,.2f}"])
    colon = pick(": ", "：")
    purposes = [f"{pick('Direct', '直接目的')}{colon}{p}" for p in plan.direct_purposes] + [
        f"{pick('Indirect', '间接目的')}{colon}{p}" for p in plan.indirect_purposes
    ]
    strategy = [f"{e.name}{colon}{plan.strategy.get(e.key, '')}" for e in kind.strategy_elements]
    strategy += [
        f"{key}{colon}{text}"
        for key, text in plan.strategy.items()
        if key not in {e.key for e in kind.strategy_elements}
    ]
    rates = [
        f"{pick('Exchange rate', '兑换比例')}{colon}{rate:,.10g} {unit} = 1 {pick('yuan', '元')}"
        for unit, rate in plan.exchange_rates.items()
    ]
    by_key = {s.key: str(s.name) for s in template.sections}
    sections = [
        (by_key["background"], list(plan.background)),
        (by_key["purpose"], purposes),
        (by_key["objectives"], objectives),
        (by_key["strategy"], strategy),
        (by_key["schedule"], schedule),
        (by_key["resources_budget"], list(plan.resources)),
        (pick("Budget", "预算"), budget),
        ("", rates),
    ]
    return [(clean_text(title), _clean(content)) for title, content in sections]


def _clean(content: list) -> list:
    """Paragraphs or table rows without the characters no document can hold."""
    return [_clean(part) if isinstance(part, list) else clean_text(str(part)) for part in content]


def _title(plan: Plan) -> str:
    return clean_text(plan.title) or pick("Untitled plan", "未命名方案")


def _meta(plan: Plan, template: PlanTemplate) -> str:
    parts = [str(template.kind(plan.kind).name)]
    if plan.owner:
        parts.append(f"{pick('Owner', '负责人')}{pick(': ', '：')}{plan.owner}")
    if plan.stage:
        stage = next(s.name for s in template.stages if s.key == plan.stage)
        parts.append(f"{pick('Stage', '阶段')}{pick(': ', '：')}{stage}")
    return clean_text(" · ".join(parts))


def _is_table(content) -> bool:
    return bool(content) and isinstance(content[0], list)


def _checked(plan: Plan) -> Plan:
    """The plan as a saved plan holds it: checked and cleaned again, as a plan changed in code
    (``plan.title = …``) was not; a lone surrogate would stop even the chart."""
    data = plan.model_dump()
    try:
        return Plan.model_validate(data)
    except ValidationError as error:
        raise StoreError(
            format_validation(pick("The plan", "方案"), data, error)
            + pick(" Fix it, then export again.", " 请先修正，再导出。")
        ) from None


def _payload(plan: Plan) -> str:
    return plan.model_dump_json()


def _chart_png(plan: Plan) -> bytes:
    return gantt(plan)._repr_png_()


def to_markdown(plan: Plan, template: PlanTemplate, chart: bool = True) -> str:
    """Markdown with the schedule chart as an embedded PNG and the plan JSON in a comment
    (``chart=False``: without the chart, to look at the text only)."""
    plan = _checked(plan)
    lines = [
        f"# {md_escape(_title(plan))}",
        "",
        md_escape(_meta(plan, template)),
        "",
    ]
    for title, content in _sections(plan, template):
        if title:
            lines += [f"## {md_escape(title)}", ""]
        if _is_table(content):
            header, *rows = content
            lines += markdown_table(header, rows)
        else:
            lines += [f"- {md_escape(text)}" for text in content]
        lines.append("")
        if chart and title == str(template.section("schedule").name) and plan.schedule:
            image = data_uri(_chart_png(plan), "image/png")
            lines += [f"![{pick('Schedule chart', '排期图')}]({image})", ""]
    encoded = base64.b64encode(_payload(plan).encode("utf-8")).decode("ascii")
    lines.append(f"<!-- {MARK}:{encoded} -->")
    return "\n".join(lines) + "\n"


def to_html(plan: Plan, template: PlanTemplate) -> str:
    """One self-contained page: sections, tables, the schedule chart and the plan JSON."""
    plan = _checked(plan)
    esc = html.escape
    title = _title(plan)
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
    plan = _checked(plan)
    document = Document()
    document.add_heading(_title(plan), level=0)
    document.add_paragraph(_meta(plan, template))
    schedule_title = str(template.section("schedule").name)
    for heading, content in _sections(plan, template):
        if heading:
            document.add_heading(heading, level=1)
        if _is_table(content):
            header, *rows = content
            table = document.add_table(rows=0, cols=len(header))
            table.style = "Table Grid"
            for row in [header, *rows]:  # row by row: table.cell(r, c) rescans the table
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
        else:
            for text in content:
                document.add_paragraph(text, style="List Bullet")
        if heading == schedule_title and plan.schedule:
            document.add_picture(io.BytesIO(_chart_png(plan)), width=Inches(6.3))
    # the heading keeps it all
    document.core_properties.title = clean_text(plan.title)[:DOCX_TITLE_LIMIT]
    # the plan's own copy, as hidden text (Word does not show or print it) for import_plan
    hidden = document.add_paragraph().add_run(
        f"{MARK}:" + base64.b64encode(_payload(plan).encode("utf-8")).decode("ascii")
    )
    hidden.font.hidden = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _between(text: str, start: str, end: str) -> str | None:
    """The text between the last ``start`` and the ``end`` after it: a linear-time search
    (a pattern with a lazy group can take minutes on a crafted file)."""
    begin = text.rfind(start)
    if begin < 0:
        return None
    finish = text.find(end, begin + len(start))
    return text[begin + len(start) : finish] if finish >= 0 else None


def _docx_payload(data: bytes, shown: str) -> str | None:
    """The embedded plan of a Word file, after checking the archive cannot inflate past
    :data:`~opsbook.core.bounds.MAX_UNZIPPED_BYTES` (a small file can unpack to gigabytes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            inflated = sum(member.file_size for member in members)
            if len(members) > MAX_ZIP_MEMBERS or inflated > MAX_UNZIPPED_BYTES:
                raise StoreError(
                    f"{shown}: the Word file unpacks to {inflated / 1e6:,.0f} MB in "
                    f"{len(members)} parts, more than a plan ever needs — it was not exported "
                    "by the plan builder; export the plan again."
                )
    except zipfile.BadZipFile:
        raise StoreError(
            f"{shown}: not a Word (.docx) file, or a damaged one — export the plan again, or "
            'save it in Word as "Word Document (.docx)".'
        ) from None
    try:
        paragraphs = Document(io.BytesIO(data)).paragraphs
    except (
        PackageNotFoundError,
        KeyError,
        ValueError,
        SyntaxError,
        EOFError,
        zlib.error,
        zipfile.BadZipFile,
        NotImplementedError,
        RuntimeError,
    ):  # SyntaxError: lxml's XMLSyntaxError; RuntimeError: an encrypted archive
        raise StoreError(
            f"{shown}: the Word file is damaged — export the plan again, or open it in Word "
            'and save it as "Word Document (.docx)".'
        ) from None
    texts = [p.text for p in paragraphs if p.text.startswith(MARK)]
    return base64.b64decode(texts[-1].split(":", 1)[1]).decode("utf-8") if texts else None


def import_plan(path: Path) -> Plan:
    """Read a plan back from its saved JSON or from any export (.md, .html, .docx)."""
    path = Path(path)
    shown = shown_path(path)
    suffix = path.suffix.lower()
    if suffix not in {".json", ".md", ".markdown", ".html", ".htm", ".docx"}:
        raise StoreError(
            f"{shown}: cannot read {suffix or 'files without an extension'} — use .json, .md, "
            ".html or .docx exported by Ops Playbook."
        )
    data = read_bytes(path, MAX_IMPORT_BYTES, shown, StoreError)
    try:
        if suffix == ".docx":
            raw = _docx_payload(data, shown)
        else:
            text = data.decode("utf-8-sig")
            if suffix == ".json":
                raw = text
            elif suffix in {".md", ".markdown"}:
                found = _between(text, f"<!-- {MARK}:", " -->")
                raw = base64.b64decode(found, validate=True).decode("utf-8") if found else None
            else:
                raw = _between(text, f'<script type="application/json" id="{MARK}">', "</script>")
    except (UnicodeDecodeError, ValueError) as error:  # binascii.Error is a ValueError
        raise StoreError(
            f"{shown}: the file is damaged ({error}) — export the plan again."
        ) from None
    if raw is None:
        raise StoreError(
            f"{shown}: no Ops Playbook plan found inside — it was not exported by "
            "the plan builder, or the embedded copy was removed."
        )
    data = parse_json(raw, shown, StoreError)
    if isinstance(data, dict):  # a plan handed in: read as the plan it was
        data = unstamped(data)
    try:
        return Plan.model_validate(data)
    except ValidationError as error:
        raise StoreError(format_validation(shown, data, error)) from None

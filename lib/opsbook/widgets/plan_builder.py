"""The plan builder: a form per section of an operation plan, live rule findings, the schedule
as a Gantt chart, the budget total with virtual currencies converted, and export to Markdown,
HTML and Word. Every change is saved at once (``$OPSBOOK_HOME/plans``), like the worksheets."""

import ipywidgets as widgets

from opsbook import handin
from opsbook.content.plan_writing import PlanTemplate
from opsbook.core.errors import StoreError
from opsbook.core.i18n import format_saved, pick
from opsbook.core.store import shown_path
from opsbook.plan_writing import form
from opsbook.plan_writing.export import import_plan, to_docx, to_html, to_markdown
from opsbook.plan_writing.files import PlanFiles, example_plan
from opsbook.plan_writing.gantt import gantt_svg
from opsbook.plan_writing.lint import lint
from opsbook.plan_writing.model import Plan, budget_total
from opsbook.present.render import bullets, download_link, esc
from opsbook.widgets.base import Tool

NEW = "__new__"
EXAMPLES = {
    "national_day_event": ("Example: National Day event plan", "示例：国庆活动方案"),
    "community_college_section": (
        "Example: new community section plan",
        "示例：社区新板块运营方案",
    ),
}
WIDE = widgets.Layout(width="98%")

# text fields: name -> (parse, format); list fields are one item per line
_PARSED = {
    "objectives": (form.parse_objectives, form.format_objectives),
    "schedule": (form.parse_schedule, form.format_schedule),
    "budget": (form.parse_budget, form.format_budget),
    "exchange_rates": (form.parse_rates, form.format_rates),
}
# list fields, one item per line, with the name used in messages
_LISTS = {
    "background": ("Background", "背景"),
    "direct_purposes": ("Direct purpose", "直接目的"),
    "indirect_purposes": ("Indirect purposes", "间接目的"),
    "resources": ("Resources", "资源"),
}


def _box(placeholder: str, rows: int = 4) -> widgets.Textarea:
    # continuous: every keystroke reaches the kernel and is saved, so a reload loses nothing
    return widgets.Textarea(placeholder=placeholder, rows=rows, layout=WIDE)


class PlanBuilder(Tool):
    """``PlanBuilder(template)`` opens the most recently saved plan (or a new one);
    ``builder.edit(title="…")`` does what the form does."""

    def __init__(self, template: PlanTemplate, files: PlanFiles | None = None):
        self.template = template
        self.files = files or PlanFiles()
        self.doc_id: str | None = None
        self.plan = Plan()
        self._loading = False
        self._charted: tuple | None = None  # the schedule the chart shows
        self.picker = widgets.Dropdown(
            description=pick("Plan", "方案"), layout=widgets.Layout(width="520px")
        )
        self.status = widgets.HTML()
        self.title = widgets.Text(
            description=pick("Title", "标题"), layout=widgets.Layout(width="520px")
        )
        self.owner = widgets.Text(description=pick("Owner", "负责人"))
        self.kind = widgets.Dropdown(
            description=pick("Kind", "类型"),
            options=[(str(k.name), k.key) for k in template.plan_kinds],
        )
        self.stage = widgets.Dropdown(
            description=pick("Stage", "阶段"),
            options=[(pick("(not set)", "（未设置）"), None)]
            + [(str(s.name), s.key) for s in template.stages],
        )
        self.work_type = widgets.Dropdown(
            description=pick("Work", "工作"),
            options=[(pick("(not set)", "（未设置）"), None)]
            + [(str(w.name), w.key) for w in template.work_types],
        )
        self.boxes = {
            "background": _box(pick("One fact per line, at most three", "每行一条事实，最多三条")),
            "direct_purposes": _box(pick("The one direct purpose", "唯一的直接目的"), 2),
            "indirect_purposes": _box(
                pick("At most two indirect purposes, one per line", "最多两个间接目的，每行一个"), 2
            ),
            "objectives": _box(
                "metric | target | unit | deadline   e.g. GMV | 52000 | yuan | 2026-10-08"
            ),
            "schedule": _box("task | owner | start | end | deliverable", 6),
            "resources": _box(pick("One resource per line", "每行一项资源"), 3),
            "budget": _box("item | amount | unit   e.g. Lucky draw | 300000 | coins", 3),
            "exchange_rates": _box("coins = 100", 2),
        }
        self.strategy_box = widgets.VBox()
        self.strategy_fields: dict[str, widgets.Textarea] = {}
        self.findings = widgets.HTML()
        self.budget_view = widgets.HTML()
        self.chart = widgets.HTML(layout=widgets.Layout(max_width="760px"))
        self.downloads = widgets.HTML()
        buttons = []
        for kind, label in (("md", "Markdown"), ("html", "HTML"), ("docx", "Word")):
            button = widgets.Button(description=f"{pick('Export', '导出')} {label}")
            button.on_click(lambda _b, k=kind: self._export_clicked(k))
            buttons.append(button)
        self.export_buttons = buttons
        self.hand_in = widgets.Button(
            description=pick("Send to trainer", "提交给培训师"), icon="paper-plane"
        )
        self.hand_in.on_click(lambda _b: self.send_to_trainer())

        for name in ("title", "owner", "kind", "stage", "work_type"):
            getattr(self, name).observe(lambda c, n=name: self._field(n, c["new"]), "value")
        for name, box in self.boxes.items():
            box.observe(lambda c, n=name: self._text(n, c["new"]), "value")
        self.picker.observe(lambda c: self._pick(c["new"]), "value")

        sections = widgets.Accordion(
            children=[
                self._section("background", [self.boxes["background"]]),
                self._section(
                    "purpose",
                    [
                        widgets.HTML(pick("Direct", "直接目的")),
                        self.boxes["direct_purposes"],
                        widgets.HTML(pick("Indirect", "间接目的")),
                        self.boxes["indirect_purposes"],
                    ],
                ),
                self._section("objectives", [self.boxes["objectives"]]),
                self._section("strategy", [self.strategy_box]),
                self._section("schedule", [self.boxes["schedule"]]),
                self._section(
                    "resources_budget",
                    [
                        widgets.HTML(pick("Resources", "资源")),
                        self.boxes["resources"],
                        widgets.HTML(pick("Budget lines", "预算明细")),
                        self.boxes["budget"],
                        widgets.HTML(
                            pick(
                                "Exchange rates of virtual currencies (how many make one yuan)",
                                "虚拟货币兑换比例（多少折合 1 元）",
                            )
                        ),
                        self.boxes["exchange_rates"],
                    ],
                ),
            ]
        )
        for index, section in enumerate(template.sections):
            sections.set_title(index, str(section.name))
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.picker, self.status]),
                self.title,
                widgets.HBox([self.kind, self.stage, self.work_type, self.owner]),
                sections,
                widgets.HTML(f"<h4>{esc(pick('Rule check', '规则检查'))}</h4>"),
                self.findings,
                self.budget_view,
                self.chart,
                widgets.HBox([*buttons, self.hand_in]),
                self.downloads,
            ]
        )
        entries, problems = self.files.listing()
        self._fill_picker(entries)
        self.open(entries[0]["id"] if entries else None)
        if problems:
            self._say("\n".join(problems), error=True)

    # -- building -----------------------------------------------------------------------------
    def _section(self, key: str, controls: list) -> widgets.VBox:
        section = self.template.section(key)
        help_html = (
            f"<p><i>{esc(section.purpose)}</i></p>{bullets(section.guidance)}"
            f"<p>✓ {esc(section.good_example)}<br>✗ <s>{esc(section.bad_example)}</s></p>"
        )
        return widgets.VBox([widgets.HTML(help_html), *controls])

    def _build_strategy(self) -> None:
        kind = self.template.kind(self.plan.kind)
        self.strategy_fields = {}
        rows = []
        for element in kind.strategy_elements:
            box = _box(str(element.name), 2)
            box.value = self.plan.strategy.get(element.key, "")
            box.observe(lambda c, k=element.key: self._strategy(k, c["new"]), "value")
            self.strategy_fields[element.key] = box
            rows += [widgets.HTML(f"<b>{esc(element.name)}</b>"), box]
        self.strategy_box.children = rows

    def _fill_picker(self, entries: list[dict]) -> None:
        with self._quietly():
            options = [(e["title"] or pick("(untitled)", "（未命名）"), e["id"]) for e in entries]
            options.append((pick("+ New plan", "+ 新建方案"), NEW))
            options += [(pick(*label), f"example:{key}") for key, label in EXAMPLES.items()]
            self.picker.options = options

    # -- actions ----------------------------------------------------------------------------------
    def open(self, doc_id: str | None) -> None:
        """Show a saved plan (``None``: a new, empty plan, saved on its first change)."""
        self.doc_id = doc_id
        self.plan = self.files.read(doc_id) if doc_id else Plan()
        with self._quietly():
            self.picker.value = doc_id or NEW
            for name in ("title", "owner", "kind", "stage", "work_type"):
                getattr(self, name).value = getattr(self.plan, name)
            for name, box in self.boxes.items():
                box.value = self.plan.drafts.get(name, self._format(name))
            self._build_strategy()
        self._refresh()

    def open_example(self, name: str) -> None:
        """Start a new plan as a copy of a worked example (the example itself stays as it is)."""
        self.doc_id = self.files.create(example_plan(name))
        self._fill_picker(self.files.listing()[0])
        self.open(self.doc_id)

    def open_file(self, path) -> None:
        """Reopen a plan from a saved or exported file (.json, .md, .html, .docx) as a new copy."""
        self.doc_id = self.files.create(import_plan(path))
        self._fill_picker(self.files.listing()[0])
        self.open(self.doc_id)

    def edit(self, **fields) -> None:
        """Set form fields as the user would: ``edit(title="…", background="a\\nb")``."""
        for name, value in fields.items():
            if name in self.boxes:
                self.boxes[name].value = value
            elif name.startswith("strategy."):
                self.strategy_fields[name.split(".", 1)[1]].value = value
            else:
                getattr(self, name).value = value

    def export(self, kind: str) -> bytes:
        """Build the document, offer it as a download link, and return its bytes."""
        if kind == "md":
            data, mime = to_markdown(self.plan, self.template).encode("utf-8"), "text/markdown"
        elif kind == "html":
            data, mime = to_html(self.plan, self.template).encode("utf-8"), "text/html"
        else:
            data = to_docx(self.plan, self.template)
            mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        self.downloads.value = download_link(
            self.plan.title or "plan", kind, data, mime, pick("Download", "下载")
        )
        return data

    def _export_clicked(self, kind: str) -> None:
        with self._reporting():
            self.export(kind)

    def send_to_trainer(self) -> None:
        """Hand the open plan in to the trainer (:mod:`opsbook.handin`); sending again replaces
        the last one sent."""
        with self._reporting():
            if self.doc_id is None:
                raise StoreError(pick("Nothing to send yet: write something in the plan first.",
                                      "还没有可提交的内容：请先填写方案。"))  # fmt: skip
            path = handin.send("plans", self.files.store.read(self.doc_id))
            self._say(
                pick(f"Sent to your trainer ({shown_path(path)}). Send again after changes.",
                     f"已提交给培训师（{shown_path(path)}）。修改后可以再提交一次。")
            )  # fmt: skip

    # -- reacting to the form -----------------------------------------------------------------
    def _format(self, name: str) -> str:
        value = getattr(self.plan, name)
        if name in _PARSED:
            return _PARSED[name][1](value)
        return "\n".join(value)

    def _pick(self, value: str) -> None:
        if self._loading:
            return
        with self._reporting():  # e.g. the file changed since the list was made
            if value.startswith("example:"):
                self.open_example(value.split(":", 1)[1])
            else:
                self.open(None if value == NEW else value)

    def _field(self, name: str, value) -> None:
        if name == "kind" and not self._loading:
            self._save({"kind": value})
            self._build_strategy()
            self._refresh()
            return
        self._save({name: value.strip() if isinstance(value, str) else value})

    def _text(self, name: str, text: str) -> None:
        if name in _LISTS:
            value, problems = form.parse_lines(text, pick(*_LISTS[name]))
        else:
            value, problems = _PARSED[name][0](text)
        # keep what was typed until it reads cleanly; only this box's draft changes
        draft = text if problems else None
        self._save({name: value}, problems, {"drafts": {name: draft}})

    def _strategy(self, key: str, text: str) -> None:
        self._save({}, entries={"strategy": {key: text.strip()}})

    def _save(
        self, fields: dict, problems: list[str] | None = None, entries: dict | None = None
    ) -> None:
        """Merge just these fields (and mapping entries) into the saved plan, under its lock."""
        if self._loading:
            return
        saved = False
        with self._reporting():
            if self.doc_id is None:
                self.doc_id = self.files.create(self.plan)
                self._fill_picker(self.files.listing()[0])
                with self._quietly():
                    self.picker.value = self.doc_id
            self.plan = self.files.set_fields(self.doc_id, entries, **fields)
            saved = True
        if not saved:
            return
        if problems:
            self._say("\n".join(problems), error=True)
        else:
            self._say(pick("Saved", "已保存") + f" · {format_saved(self.plan.updated)}")
        with self._reporting():
            self._refresh()

    # -- results -----------------------------------------------------------------------------
    def _refresh(self) -> None:
        self.found = lint(self.plan, self.template)
        self.findings.value = self._findings_html()
        total, lines = budget_total(self.plan)
        rows = "".join(
            f"<li>{esc(line.item)}{pick(': ', '：')}{line.amount:,.10g} {esc(line.unit)} = "
            + ("<b>?</b>" if value is None else f"{value:,.2f}")
            + "</li>"
            for line, value in lines
        )
        self.budget_view.value = (
            f"<p><b>{esc(pick('Budget total', '预算合计'))}{pick(': ', '：')}{total:,.2f} "
            f"{esc(pick('yuan', '元'))}</b></p><ul>{rows}</ul>"
        )
        schedule = tuple(self.plan.schedule)
        if schedule != self._charted:  # typing elsewhere does not redraw the chart
            self.chart.value = gantt_svg(self.plan)  # drawn by the browser
            self._charted = schedule

    def _findings_html(self) -> str:
        if not self.found:
            passed = esc(pick("Every rule passes.", "全部规则通过。"))
            return f"<p style='color:#047857'>✓ {passed}</p>"
        items = "".join(
            f"<li style='color:{'#b91c1c' if f.severity == 'error' else '#92400e'}'>"
            f"{esc(f.text(self.template))}</li>"
            for f in self.found
        )
        errors = sum(f.severity == "error" for f in self.found)
        warnings = len(self.found) - errors
        counts = pick(
            f"{errors} errors, {warnings} warnings", f"{errors} 个错误，{warnings} 个提醒"
        )
        return f"<p>{esc(counts)}</p><ul>{items}</ul>"

    def static_html(self) -> str:
        title = self.plan.title or pick("(untitled plan)", "（未命名方案）")
        return f"<p><b>{esc(title)}</b></p>" + self.findings.value + self.budget_view.value

    def summary(self) -> str:
        errors = sum(f.severity == "error" for f in self.found)
        title = self.plan.title or pick("(untitled)", "（未命名）")
        return pick(
            f"Plan builder: {title} — {errors} errors, {len(self.found) - errors} warnings",
            f"方案编辑器：{title}——{errors} 个错误，{len(self.found) - errors} 个提醒",
        )

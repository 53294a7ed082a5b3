"""The four-powers self-assessment worksheet: team, period, then per item a level, a target, "not
applicable" and an evidence note; live scores, radar, gap list, comparison and report export.

Every change is saved at once to the team's worksheet file (see :mod:`opsbook.four_powers.files`);
opening the worksheet again, restarting the kernel or reloading the page restores every answer.
"""

import contextlib

import ipywidgets as widgets

from opsbook import handin
from opsbook.content.four_powers import FourPowers, Item
from opsbook.core.errors import StoreError
from opsbook.core.i18n import format_saved, label, pick
from opsbook.core.store import shown_path
from opsbook.four_powers.assessment import DEFAULT_TARGET, Assessment, compare, gap_table, score
from opsbook.four_powers.files import WorksheetFiles, to_assessment
from opsbook.four_powers.report import fmt_score, radar_svg, report_html, report_markdown
from opsbook.present.render import download_link, esc
from opsbook.widgets.base import Tool, room_code

NEW = "__new__"
WIDE = widgets.Layout(width="98%")


class _ItemRow:
    """The controls of one item."""

    def __init__(self, rubric: FourPowers, item: Item, on_change):
        self.item = item
        self.level = widgets.RadioButtons(
            options=[(pick("Not answered yet", "尚未作答"), 0)]
            + [(f"{n} · {rubric.level_name(n)} — {item.level_text(n)}", n) for n in range(1, 6)],
            value=0,
            layout=WIDE,
        )
        self.target = widgets.Dropdown(
            options=[(f"{n} · {rubric.level_name(n)}", n) for n in range(1, 6)],
            value=DEFAULT_TARGET,
            description=label("target"),
            layout=widgets.Layout(width="260px"),
        )
        self.not_applicable = widgets.Checkbox(
            value=False, description=pick("Not applicable to us", "不适用"), indent=False
        )
        # continuous: every keystroke reaches the kernel and is saved, so a reload loses nothing
        self.evidence = widgets.Textarea(placeholder=str(item.evidence), layout=WIDE)
        for field, control in self.controls.items():
            control.observe(lambda change, f=field: on_change(item.key, f, change["new"]), "value")
        self.box = widgets.VBox(
            [
                widgets.HTML(f"<b>{esc(item.question)}</b>"),
                self.level,
                widgets.HBox([self.target, self.not_applicable]),
                self.evidence,
            ],
            layout=widgets.Layout(border="1px solid #e5e7eb", padding="6px", margin="4px 0"),
        )

    @property
    def controls(self) -> dict:
        return {
            "level": self.level,
            "target": self.target,
            "not_applicable": self.not_applicable,
            "evidence": self.evidence,
        }

    def show(self, answer: dict) -> None:
        self.level.value = answer.get("level") or 0
        self.target.value = answer.get("target") or DEFAULT_TARGET
        self.not_applicable.value = bool(answer.get("not_applicable"))
        self.evidence.value = answer.get("evidence") or ""


class SelfAssessment(Tool):
    """``SelfAssessment(rubric)`` opens the most recently saved worksheet (or a new one)."""

    def __init__(self, rubric: FourPowers, files: WorksheetFiles | None = None):
        self.rubric = rubric
        self.files = files or WorksheetFiles(rubric)
        self.doc_id: str | None = None
        self.document: dict | None = None
        self._loading = False
        self.picker = widgets.Dropdown(
            description=pick("Worksheet", "自评表"), layout=widgets.Layout(width="480px")
        )
        self.team = widgets.Text(
            description=label("team"),
            placeholder=pick("e.g. South Bay stores", "例如：南湾门店"),
        )
        self.period = widgets.Text(description=label("period"), placeholder="2026-Q4")
        self.previous = widgets.Dropdown(
            description=pick("Compare with", "对比"), layout=widgets.Layout(width="480px")
        )
        self.status = widgets.HTML()
        self.rows = {
            key: _ItemRow(rubric, item, self._answer) for key, item in rubric.items.items()
        }
        tabs = widgets.Tab(children=[self._power_page(p) for p in rubric.powers])
        for index, power in enumerate(rubric.powers):
            tabs.set_title(index, str(power.name))
        self.scores = widgets.HTML()
        # drawn by the browser (an SVG): an answer redraws it without a matplotlib render
        self.radar = widgets.HTML(layout=widgets.Layout(max_width="560px"))
        self.gaps = widgets.HTML()
        self.comparison = widgets.HTML()
        self.export_html = widgets.Button(description=pick("Report (HTML)", "报告（HTML）"))
        self.export_md = widgets.Button(description=pick("Report (Markdown)", "报告（Markdown）"))
        self.downloads = widgets.HTML()
        self.action_status = widgets.HTML()  # what a button did, next to the button (phones)
        self._by_button = False
        self.hand_in = widgets.Button(
            description=pick("Send to trainer", "提交给培训师"), icon="paper-plane"
        )
        self.hand_in.on_click(lambda _b: self.send_to_trainer())
        self.export_html.on_click(lambda _b: self._export_clicked("html"))
        self.export_md.on_click(lambda _b: self._export_clicked("md"))
        self.team.observe(lambda c: self._header("team", c["new"]), "value")
        self.period.observe(lambda c: self._header("period", c["new"]), "value")
        self.picker.observe(lambda c: self._pick(c["new"]), "value")
        self.previous.observe(lambda _c: self._refresh(), "value")
        self.widget = widgets.VBox(
            [
                *filter(None, [room_code()]),  # make app LAN=1: the QR code for phones
                widgets.HBox([self.picker, self.status]),
                widgets.HBox([self.team, self.period]),
                tabs,
                widgets.HTML(f"<h3>{esc(pick('Results', '结果'))}</h3>"),
                widgets.HBox([self.scores, self.radar]),
                self.gaps,
                self.previous,
                self.comparison,
                widgets.HBox([self.export_html, self.export_md, self.hand_in]),
                self.action_status,
                self.downloads,
            ]
        )
        self._before: tuple[str, Assessment | None] = ("", None)  # the comparison, read once
        entries, problems = self.files.listing()
        self._fill_pickers(entries)
        self.open(entries[0]["id"] if entries else None)
        if problems:
            self._say("\n".join(problems), error=True)

    # -- building -----------------------------------------------------------------------------
    def _power_page(self, power) -> widgets.VBox:
        parts = [widgets.HTML(f"<i>{esc(power.summary)}</i>")]
        for dimension in power.dimensions:
            parts.append(widgets.HTML(f"<h4>{esc(dimension.name)}</h4>"))
            parts += [self.rows[item.key].box for item in dimension.items]
        return widgets.VBox(parts)

    def _fill_pickers(self, entries: list[dict]) -> None:
        self._teams = {e["id"]: e["team"] for e in entries}
        with self._quietly():
            labels = [(self._label(e), e["id"]) for e in entries]
            self.picker.options = [*labels, (pick("+ New worksheet", "+ 新建自评表"), NEW)]
            self.previous.options = [(pick("(nothing)", "（不对比）"), ""), *labels]

    @staticmethod
    def _label(entry: dict) -> str:
        return " · ".join(x for x in (entry["team"], entry["period"]) if x) or entry["id"]

    # -- actions (also callable from code) -----------------------------------------------------
    def open(self, doc_id: str | None) -> None:
        """Show a saved worksheet (``None``: a new, empty one that is saved on the first change)."""
        document = self.files.read(doc_id) if doc_id else None
        self.doc_id, self.document = doc_id, document
        with self._quietly():
            self.picker.value = doc_id or NEW
            self.team.value = document["team"] if document else ""
            self.period.value = document["period"] if document else ""
            answers = document["answers"] if document else {}
            for key, row in self.rows.items():
                row.show(answers.get(key, {}))
            self.previous.value = self._default_previous()
        self._refresh()

    def answer(self, item: str, **fields) -> None:
        """Set fields of one answer as the controls would, e.g. ``answer("or_role", level=3)``."""
        row = self.rows[item]
        for field, value in fields.items():
            row.controls[field].value = value

    @property
    def assessment(self) -> Assessment:
        return to_assessment(self.document) if self.document else Assessment()

    # -- reacting to the controls -------------------------------------------------------------
    def _pick(self, value: str) -> None:
        if self._loading:
            return
        with self._reporting():  # e.g. the file changed since the list was made
            self.open(None if value == NEW else value)

    def _answer(self, item: str, field: str, value) -> None:
        if field == "level":
            value = value or None
        self._save(
            lambda doc_id: self.files.set_answer(doc_id, item, **{field: value}),
            rescore=field != "evidence",  # a note changes no score: save it, redraw nothing
        )

    def _header(self, field: str, value: str) -> None:
        self._save(
            lambda doc_id: self.files.set_header(doc_id, **{field: value.strip()}),
            rescore=field == "period",  # the comparison is labelled by period
        )

    def _save(self, change, rescore: bool = True) -> None:
        if self._loading:
            return
        saved = False
        with self._reporting():
            if self.doc_id is None:
                self.doc_id = self.files.create(self.team.value.strip(), self.period.value.strip())
                self._fill_pickers(self.files.listing()[0])
                with self._quietly():
                    self.picker.value = self.doc_id
            self.document = change(self.doc_id)
            saved = True
        if not saved:
            return
        self._say(pick("Saved", "已保存") + f" · {format_saved(self.document['updated'])}")
        if rescore:
            with self._reporting():
                self._refresh()

    def _default_previous(self) -> str:
        """The latest other worksheet of the same team, for quarter-over-quarter comparison."""
        if not self.document:
            return ""
        return next(
            (
                doc_id
                for doc_id, team in self._teams.items()
                if doc_id != self.doc_id and team == self.document["team"]
            ),
            "",
        )

    # -- results -------------------------------------------------------------------------------
    def _refresh(self) -> None:
        current = self.assessment
        result = score(self.rubric, current)
        self.scores.value = self._scores_html(result)
        before = self._previous_assessment()
        self.radar.value = radar_svg(self.rubric, current, before)
        table = gap_table(self.rubric, current, top=5)
        self.gaps.value = f"<h4>{esc(pick('Top priorities', '优先改进项'))}</h4>" + (
            table.to_html(index=False, escape=True, border=0)
            if len(table)
            else f"<p>{esc(pick('No gaps yet: answer some items.', '暂无差距：请先作答。'))}</p>"
        )
        if before is None:
            self.comparison.value = ""
        else:
            change = compare(self.rubric, before, current).rename(
                columns={
                    "name": label("power"),
                    "before": before.period or "before",
                    "after": current.period or "now",
                    "change": pick("Change", "变化"),
                }
            )
            self.comparison.value = change.round(2).to_html(
                index=False, escape=True, border=0, na_rep="–"
            )

    def _previous_assessment(self) -> Assessment | None:
        """The worksheet chosen for comparison (None, with a message, if it cannot be read)."""
        doc_id = self.previous.value
        if not doc_id:
            return None
        if self._before[0] != doc_id:
            try:
                self._before = (doc_id, self.files.assessment(doc_id))
            except StoreError as error:
                self._say(str(error), error=True)
                return None
        return self._before[1]

    def _scores_html(self, result) -> str:
        rows = "".join(
            f"<tr><td>{esc(row['name'])}</td><td><b>{fmt_score(row['score'], 2)}</b></td>"
            f"<td>{row['answered']}/{row['applicable']}</td></tr>"
            for _, row in result.powers.iterrows()
        )
        return (
            f"<table><tr><th>{esc(label('power'))}</th><th>{esc(label('score'))}"
            f"</th><th>{esc(label('answered'))}</th></tr>{rows}"
            f"<tr><td><b>{esc(label('overall'))}</b></td>"
            f'<td><b class="overall-score">{fmt_score(result.overall, 2)}</b></td>'
            f"<td>{result.completeness:.0f} %</td></tr></table>"
        )

    def _export_clicked(self, kind: str) -> None:
        with self._from_button():
            self._export(kind)

    def _export(self, kind: str) -> None:
        before = self._previous_assessment()
        current = self.assessment
        if kind == "html":
            text, mime = report_html(self.rubric, current, before), "text/html"
        else:
            text, mime = report_markdown(self.rubric, current, before), "text/markdown"
        self.downloads.value = download_link(
            pick("four_powers", "四力自评") + f"_{current.team}_{current.period}",
            kind,
            text.encode("utf-8"),
            mime,
            pick("Download", "下载"),
        )

    def _say(self, text: str, error: bool = False) -> None:
        """The status line at the top and, for what a button below did, also beside it: on a
        phone the top is a screen away."""
        super()._say(text, error)
        self.action_status.value = self.status.value if self._by_button else ""

    @contextlib.contextmanager
    def _from_button(self):
        self._by_button = True
        try:
            with self._reporting():
                yield
        finally:
            self._by_button = False

    def send_to_trainer(self) -> None:
        """Hand the open worksheet in to the trainer (:mod:`opsbook.handin`); sending again
        replaces the last one sent."""
        with self._from_button():
            if self.doc_id is None:
                raise StoreError(pick("Nothing to send yet: answer an item first.",
                                      "还没有可提交的内容：请先回答一项。"))  # fmt: skip
            path = handin.send("four_powers", self.files.read(self.doc_id))
            self._say(
                pick(f"Sent to your trainer ({shown_path(path)}). Send again after changes.",
                     f"已提交给培训师（{shown_path(path)}）。修改后可以再提交一次。")
            )  # fmt: skip

    # -- static rendering ------------------------------------------------------------------
    def static_html(self) -> str:
        current = self.assessment
        return (
            f"<p><b>{esc(label('team'))}:</b> {esc(current.team or '–')} · "
            f"<b>{esc(label('period'))}:</b> {esc(current.period or '–')}</p>"
            + self.scores.value
            + self.gaps.value
        )

    def summary(self) -> str:
        result = score(self.rubric, self.assessment)
        done, overall = f"{result.answered}/{result.applicable}", fmt_score(result.overall, 2)
        return pick(
            f"Four-powers worksheet: {done} answered, overall {overall}",
            f"四力自评表：已答 {done}，总分 {overall}",
        )

"""Your own data: drop a platform export on the page, see what was found and checked, and run the
chapters' analyses on it. Thin: importing is :mod:`opsbook.imports`, the analyses
:mod:`opsbook.my_data`. Until something is imported, the sample shop's exports are shown (read,
not stored)."""

import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from opsbook import my_data
from opsbook.core import settings
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.core.paths import DATASETS_DIR
from opsbook.datasets import DEMO_EXPORTS
from opsbook.imports import import_file
from opsbook.imports.describe import describe
from opsbook.imports.profiles import NoProfileFits, load_profiles
from opsbook.imports.storage import data_dir
from opsbook.present.render import esc
from opsbook.widgets.base import Tool
from opsbook.widgets.daily_review import DailyReview
from opsbook.widgets.profile_form import ProfileForm

SAMPLE = "__sample__"
AUTO = "__auto__"
UPLOAD_LIMIT = 30_000_000  # what the page can carry in one message; bigger files by path
LABEL = {"description_width": "160px"}


def _table(frame: pd.DataFrame, index: bool = False) -> str:
    return frame.to_html(index=index, border=0, na_rep="—")


def sample_data() -> my_data.MyData:
    """The sample shop: half a year of Taobao orders and 生意参谋 traffic, read and not stored."""
    reports = [import_file(DATASETS_DIR / "exports" / name, store=False) for name in DEMO_EXPORTS]
    tables = {k: v for report in reports for k, v in report.cleaned.tables.items()}
    return my_data.MyData.of("taobao", tables, [r.file for r in reports])


class MyDataWorksheet(Tool):
    """``MyDataWorksheet()``: import an export (upload, or ``.bring(path)``), then the analyses."""

    def __init__(self):
        self.upload = widgets.FileUpload(
            accept=".csv,.txt,.xls,.xlsx",
            multiple=False,
            description=pick("Choose an export", "选择导出文件"),
            layout=widgets.Layout(width="220px"),
        )
        self.profile = widgets.Dropdown(
            options=self._profile_options(),
            value=AUTO,
            description=pick("Profile", "导入配置"),
            style=LABEL,
            layout=widgets.Layout(width="460px"),
        )
        self.path = widgets.Text(
            placeholder=pick(
                "…or the file's path on this computer, then Enter",
                "……或输入文件在本机的路径，按回车",
            ),
            layout=widgets.Layout(width="460px"),
        )
        if os.environ.get(settings.APP):  # a page without code: no paths on the server
            self.path.layout.display = "none"
        self.progress = widgets.FloatProgress(min=0, max=1, layout=widgets.Layout(width="460px"))
        self.status = widgets.HTML()
        self.found = widgets.HTML()
        self.form = ProfileForm(on_saved=self._with_new_profile)
        self.source = widgets.Dropdown(
            description=pick("Data", "数据"), style=LABEL, layout=widgets.Layout(width="460px")
        )
        self.used = widgets.HTML()
        self.tabs = widgets.Tab()
        self.upload.observe(lambda _c: self._uploaded(), names="value")
        self.path.continuous_update = False  # the path is taken when Enter is pressed
        self.path.observe(lambda _c: self._by_path(), names="value")
        self.source.observe(lambda _c: self._load(), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.upload, self.profile]),
                self.path,
                self.progress,
                self.status,
                self.found,
                self.form.widget,
                self.source,
                self.used,
                self.tabs,
            ]
        )
        self._refresh_sources()

    # --- importing ----------------------------------------------------------------------------

    def _profile_options(self) -> list[tuple[str, str]]:
        return [(pick("Recognise from the header", "按表头自动识别"), AUTO)] + [
            (str(p.title), key) for key, p in load_profiles().items()
        ]

    def _step(self, fraction: float, label: str) -> None:
        self.progress.value = fraction
        self.progress.description = label

    def bring(self, path: str | Path, name: str | None = None) -> None:
        """Import a file as the page does (the upload and the path box call this)."""
        self.form.hide()
        self.found.value = self.status.value = ""
        self.progress.value = 0
        with self._reporting():
            profile = None if self.profile.value == AUTO else self.profile.value
            try:
                report = import_file(path, profile, name=name, progress=self._step)
            except NoProfileFits:
                self.form.show_for(Path(path), name or Path(path).name)
                raise
            self._say(
                pick(
                    f"Imported into {data_dir().name}/ in your work folder.",
                    f"已导入工作文件夹的 {data_dir().name}/。",
                )
            )
            self._refresh_sources(report.platform)  # a problem here replaces the line above
            self.found.value = (  # last: once the summary shows, the analyses are in place
                f"<pre style='white-space:pre-wrap'>{esc(describe(report.summary()))}</pre>"
            )

    def _uploaded(self) -> None:
        if not self.upload.value:
            return
        upload = self.upload.value[0]
        content = bytes(upload["content"])
        if len(content) > UPLOAD_LIMIT:
            self._say(self._too_big(), error=True)
            return
        folder = data_dir() / ".incoming"
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, suffix=Path(upload["name"]).suffix)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            self.bring(temp, name=upload["name"])
        finally:
            Path(temp).unlink(missing_ok=True)  # the export itself is not kept
            self.upload.value = ()

    def _by_path(self) -> None:
        if not self.path.value.strip():
            return
        path = Path(self.path.value.strip().strip('"')).expanduser()
        if not path.is_file():
            self._say(
                pick(
                    f'"{self.path.value}" is not a file on this computer — check the path.',
                    f"“{self.path.value}”不是本机上的文件 — 请检查路径。",
                ),
                error=True,
            )
            return
        self.bring(path)

    def _too_big(self) -> str:
        return pick(
            f"The file is larger than {UPLOAD_LIMIT // 1_000_000} MB, more than the page can "
            "carry: in JupyterLab type its path in the box below, or in a terminal run "
            "`opsbook import FILE`.",
            f"文件超过 {UPLOAD_LIMIT // 1_000_000} MB，页面传不了：请在 JupyterLab 里把路径输入"
            "下面的框，或在终端运行 `opsbook import 文件`。",
        )

    def _with_new_profile(self, key: str, path: Path, name: str) -> None:
        self.profile.options = self._profile_options()
        self.profile.value = key
        self.bring(path, name)

    # --- the analyses -------------------------------------------------------------------------

    def _refresh_sources(self, chosen: str | None = None) -> None:
        stored = my_data.platforms()
        names = {p.platform: str(p.platform_name) for p in load_profiles().values()}
        options = [
            (pick(f"Your data: {names.get(p, p)}", f"你的数据：{names.get(p, p)}"), p)
            for p in stored
        ]
        options.append((pick("Sample shop (not stored)", "示例店铺（不保存）"), SAMPLE))
        self.source.options = options
        wanted = chosen or (stored[0] if stored else SAMPLE)
        if self.source.value == wanted:
            self._load()
        else:
            self.source.value = wanted

    def _load(self) -> None:
        if self.source.value is None:
            return
        with self._reporting():
            self.data = (
                sample_data() if self.source.value == SAMPLE else my_data.load(self.source.value)
            )
            self.used.value = f"<i>{esc(self.data.source())}</i>"
            self._build_tabs()

    def _build_tabs(self) -> None:
        first, last = self.data.span
        self.gmv = _GmvPanel(self.data)
        self.repurchase = _Panel(self._repurchase_html)
        self.event = _EventPanel(self.data, max(first, last - timedelta(days=20)), last)
        self.daily = _DailyPanel(self.data)
        self.segments = _Panel(self._segments_html)
        panels = [self.gmv, self.repurchase, self.event, self.daily, self.segments]
        self.tabs.children = [p.widget for p in panels]
        titles = [
            pick("GMV factors", "GMV 因子"),
            pick("Repurchase", "复购与留存"),
            pick("Event review", "活动复盘"),
            pick("Daily report", "日报"),
            pick("Segments", "客户分层"),
        ]
        self.tabs.titles = tuple(titles)

    def _repurchase_html(self) -> str:
        rate, table = my_data.repurchase(self.data)
        return (
            f"<p><b>{esc(pick('Repurchase rate (复购率)', '复购率'))}{esc(pick(': ', '：'))}"
            f"{rate:.1f}%</b> "
            + esc(
                pick(
                    "(the share of buyers with two paid orders or more in the period)",
                    "（期间内付款两单及以上的买家占全部买家的比例）",
                )
            )
            + "</p>"
            + _table(table, index=True)
        )

    def _segments_html(self) -> str:
        summary, recall = my_data.customer_segments(self.data)
        return (
            _table(summary)
            + f"<h4>{esc(pick('Recall first', '优先召回'))}</h4>"
            + f"<p>{esc(pick(*BY_LAST_ORDER))}</p>"
            + _table(recall)
        )

    def static_html(self) -> str:
        parts = [self.status.value, self.found.value, self.used.value]
        for title, panel in zip(self.tabs.titles, self._panels(), strict=True):
            parts.append(f"<h3>{esc(title)}</h3>{panel.static_html()}")
        return "".join(parts)

    def _panels(self) -> list:
        return [self.gmv, self.repurchase, self.event, self.daily, self.segments]

    def summary(self) -> str:
        first, last = self.data.span
        return pick(
            f"My data: {len(self.data.orders):,} paid orders, {first} – {last}",
            f"我的数据：{len(self.data.orders):,} 个已付款订单，{first} 至 {last}",
        )


class _Panel:
    """One analysis with its controls: HTML worked out at each change, or the message saying
    why the data cannot give it."""

    def __init__(self, html, controls=()):
        self.html = html
        self.output = widgets.HTML()
        self.widget = widgets.VBox([widgets.HBox(list(controls)), self.output])
        for control in controls:
            control.observe(lambda _c: self.refresh(), names="value")
        self.refresh()

    def refresh(self) -> None:
        try:
            self.output.value = self.html()
        except OpsbookError as error:
            self.output.value = f"<p style='color:#b45309'>{esc(str(error))}</p>"

    def static_html(self) -> str:
        return self.output.value


BY_LAST_ORDER = (
    "Each customer by their last order number: search it in your back office to reach them.",
    "每位顾客以最近一笔订单号表示：在后台搜索订单号即可找到顾客。",
)


class _GmvPanel(_Panel):
    def __init__(self, data: my_data.MyData):
        self.data = data
        self.table, self.missing = my_data.gmv_factors(data)
        periods = list(self.table.index)
        self.before = widgets.Dropdown(
            options=periods, value=periods[max(len(periods) - 2, 0)], description=pick("From", "从")
        )
        self.after = widgets.Dropdown(
            options=periods, value=periods[-1], description=pick("To", "到")
        )
        super().__init__(self._html, [self.before, self.after])

    def _html(self) -> str:
        shown = my_data.figures(my_data.factor_view(self.table))
        shown = shown.rename(columns=my_data.factor_names())
        shown.index.name = pick("Month", "月份")
        parts = [_table(shown, index=True), f"<p>{esc(my_data.factor_basis(self.table))}</p>"]
        parts += [f"<p style='color:#b45309'>{esc(m)}</p>" for m in self.missing]
        change = my_data.gmv_change(self.table, self.before.value, self.after.value)
        parts.append(f"<h4>{esc(pick('What moved GMV', 'GMV 变化的来源'))}</h4>" + _table(change))
        return "".join(parts)


class _EventPanel(_Panel):
    def __init__(self, data: my_data.MyData, start: date, end: date):
        self.data = data
        self.start = widgets.DatePicker(value=start, description=pick("First day", "开始"))
        self.end = widgets.DatePicker(value=end, description=pick("Last day", "结束"))
        self.target = widgets.FloatText(value=50000, description=pick("GMV target", "GMV 目标"))
        super().__init__(self._html, [self.start, self.end, self.target])

    def _html(self) -> str:
        if not (self.start.value and self.end.value):
            return ""
        table = my_data.event_review(self.data, self.start.value, self.end.value, self.target.value)
        return (
            _table(table, index=True)
            + f"<p>{esc(table.attrs['pace'])}</p>"
            + f"<p><i>{esc(self.data.source(self.start.value, self.end.value))}</i></p>"
        )


class _DailyPanel:
    def __init__(self, data: my_data.MyData):
        orders, traffic, products = my_data.daily_inputs(data)
        channels = {c: c for c in orders["channel_id"].unique()}
        self.note = widgets.HTML()
        try:
            day = my_data.last_full_day(data)
            self.review = DailyReview(orders, traffic, products, channels, day)
            self.widget = self.review.widget
        except OpsbookError as error:
            self.review = None
            self.note.value = f"<p style='color:#b45309'>{esc(str(error))}</p>"
            self.widget = self.note

    def static_html(self) -> str:
        return self.review.static_html() if self.review else self.note.value

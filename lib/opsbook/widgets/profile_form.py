"""Map an unknown export's columns once, save the mapping as an import profile in the work
folder, and import: the next export of the same layout is then recognised by itself."""

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
from pydantic import ValidationError

from opsbook.content.import_profile import ImportProfile
from opsbook.content.import_schema import STATUSES, TABLES
from opsbook.core.errors import DatasetError
from opsbook.core.i18n import pick
from opsbook.imports.profiles import save_profile
from opsbook.imports.reading import open_export
from opsbook.present.render import esc

NOT_IN_FILE = ""
STYLE = {"description_width": "220px"}
STATUS_NAMES = {
    "paid": ("Paid", "已付款"),
    "unpaid": ("Not paid yet", "未付款"),
    "closed": ("Closed without payment", "未付款关闭"),
    "refunded": ("Refunded", "已退款"),
}


class ProfileForm:
    """Hidden until :meth:`show_for` an export that no profile fits."""

    def __init__(self, on_saved: Callable[[str, Path, str], None]):
        self.on_saved = on_saved
        self.file: Path | None = None
        self.name = ""
        self.intro = widgets.HTML()
        self.table = widgets.Dropdown(
            options=[(pick("Orders", "订单"), "orders"),
                     (pick("Traffic by day", "按日流量"), "daily_traffic"),
                     (pick("Products", "商品"), "products")],
            description=pick("The file holds", "文件内容"), style=STYLE,
        )  # fmt: skip
        self.key = widgets.Text(
            description=pick("Profile name (a–z, 0–9, _)", "配置名（a–z、0–9、_）"), style=STYLE
        )
        self.platform = widgets.Text(description=pick("Platform", "平台"), style=STYLE)
        self.columns = widgets.VBox()
        self.statuses = {
            s: widgets.Text(description=pick(*STATUS_NAMES[s]), style=STYLE,
                            placeholder=pick("statuses as written, separated by commas",
                                             "按文件中的写法，用逗号分隔"))
            for s in STATUSES
        }  # fmt: skip
        self.seen = widgets.HTML()
        self.save = widgets.Button(description=pick("Save the profile and import",
                                                    "保存配置并导入"), button_style="primary",
                                   layout=widgets.Layout(width="260px"))  # fmt: skip
        self.message = widgets.HTML()
        self.table.observe(lambda _c: self._fields(), names="value")
        self.save.on_click(lambda _b: self._save())
        self.widget = widgets.VBox(
            [self.intro, self.table, self.key, self.platform, self.columns, self.seen,
             *self.statuses.values(), self.save, self.message],
            layout=widgets.Layout(display="none", border="1px solid #f59e0b", padding="8px"),
        )  # fmt: skip
        self.headers: list[str] = []

    def show_for(self, path: Path, name: str) -> None:
        """Open the form for an export (copied: an uploaded file is gone once read)."""
        self.hide()
        handle, copy = tempfile.mkstemp(suffix=Path(name).suffix)
        os.close(handle)
        shutil.copyfile(path, copy)
        self.file, self.name = Path(copy), name
        sheet = open_export(self.file, name)
        self.rows = sheet.preview
        header = max(range(len(self.rows)), key=lambda i: sum(bool(c) for c in self.rows[i]))
        self.header_index = header
        self.headers = [c for c in self.rows[header] if c]
        stem = re.sub(r"[^a-z0-9_]+", "_", Path(name).stem.lower()).strip("_") or "my_export"
        self.key.value = stem if stem[0].isalpha() else f"my_{stem}"
        self.platform.value = self.key.value.split("_")[0]
        self.intro.value = "<b>" + esc(pick(
            f"No profile knows this layout. Tell once which column is which (the header is row "
            f"{header + 1}); the mapping is saved in your work folder and used from then on.",
            f"没有配置认识这种格式。请对应一次各列（表头在第 {header + 1} 行）；对应关系会保存在"
            "工作文件夹里，以后自动使用。",
        )) + "</b>"  # fmt: skip
        self._fields()
        self.widget.layout.display = "flex"

    def hide(self) -> None:
        self.widget.layout.display = "none"
        if self.file is not None:
            self.file.unlink(missing_ok=True)
            self.file = None

    def _fields(self) -> None:
        options = [(pick("— not in the file —", "— 文件中没有 —"), NOT_IN_FILE)] + [
            (h, h) for h in self.headers
        ]
        self.pickers = {
            name: widgets.Dropdown(
                options=options,
                description=pick(field.en, field.zh) + (" *" if field.required else ""),
                style=STYLE, layout=widgets.Layout(width="520px"),
            )
            for name, field in TABLES[self.table.value].items()
        }  # fmt: skip
        self.columns.children = list(self.pickers.values())
        orders = self.table.value == "orders"
        for control in self.statuses.values():
            control.layout.display = "flex" if orders else "none"
        if "status" in self.pickers:
            self.pickers["status"].observe(lambda _c: self._show_seen(), names="value")
        self._show_seen()

    def _show_seen(self) -> None:
        picker = self.pickers.get("status")
        if picker is None or not picker.value:
            self.seen.value = ""
            return
        column = self.rows[self.header_index].index(picker.value)
        values = sorted(
            {r[column] for r in self.rows[self.header_index + 1 :] if len(r) > column and r[column]}
        )
        self.seen.value = esc(
            pick("Statuses in the first rows: ", "前几行中的状态：") + ", ".join(values)
        )

    def _save(self) -> None:
        columns = {name: p.value for name, p in self.pickers.items() if p.value}
        text = lambda v: {"en": v, "zh": v}  # noqa: E731  (the user's own words, in both)
        raw = {
            "key": self.key.value.strip(),
            "title": text(self.name),
            "platform": self.platform.value.strip(),
            "platform_name": text(self.platform.value.strip() or "-"),
            "table": self.table.value,
            "export_from": text(pick("mapped by hand from ", "手工对应自 ") + self.name),
            "columns": columns,
        }
        if self.table.value == "orders":
            raw["statuses"] = {
                s: [v.strip() for v in c.value.replace("，", ",").split(",") if v.strip()]
                for s, c in self.statuses.items()
            }
        try:
            key = save_profile(ImportProfile.model_validate(raw)).stem
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(map(str, problem["loc"]))
            self.message.value = (
                f"<span style='color:#b91c1c'>{esc(where)}: {esc(problem['msg'])}</span>"
            )
            return
        except DatasetError as error:
            self.message.value = f"<span style='color:#b91c1c'>{esc(str(error))}</span>"
            return
        path, name = self.file, self.name
        self.file = None  # imported now: hiding the form must not delete it first
        self.widget.layout.display = "none"
        try:
            self.on_saved(key, path, name)
        finally:
            path.unlink(missing_ok=True)

"""Bring your own data: a platform export (Taobao, 生意参谋, Pinduoduo, Douyin, Youzan, WeChat
shop, Meituan / Dianping, Shopify …) read into the course's tables in the work folder.

>>> report = import_file("订单报表.csv")      # the profile is found from the header row
>>> report.summary()                          # rows read, paid orders, GMV, refunds, dates …

A file where more than :data:`MAX_BAD_SHARE` of the rows cannot be read (a cell that cannot be
read, a row with the wrong number of cells, an order missing its status) is refused as a whole
and nothing is stored; otherwise the rows that cannot be read are dropped, counted and listed.

Every failure is a :class:`~opsbook.core.errors.DatasetError` (or, when saving, a
:class:`~opsbook.core.errors.StoreError`) that names the file and what to do: an error of a library
underneath (csv, pyarrow, DuckDB, calamine) never reaches the user as such.
"""

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from opsbook.core.errors import DatasetError, OpsbookError, StoreError
from opsbook.core.i18n import pick
from opsbook.imports import storage
from opsbook.imports.cleaning import Cleaned, DecimalCommas, Problem, clean
from opsbook.imports.periods import period_of
from opsbook.imports.profiles import detect, load_profiles
from opsbook.imports.reading import open_export
from opsbook.imports.summary import summarise

MAX_BAD_SHARE = 0.02  # more unreadable rows than this and the file is refused as a whole
Progress = Callable[[float, str], None]


class ImportRefused(DatasetError):
    """Too many rows of the file cannot be read: nothing was imported."""


@dataclass
class ImportReport:
    file: str
    profile: str
    title: str
    platform: str
    table: str
    format: str
    encoding: str
    header_row: int
    missing_columns: list[str]
    cleaned: Cleaned
    stored: dict[str, int] = field(default_factory=dict)  # table -> rows now stored
    _summary: dict | None = field(default=None, repr=False)

    @property
    def problems(self) -> list[Problem]:
        return self.cleaned.problems

    def summary(self) -> dict:
        if self._summary is None:
            self._summary = summarise(self)
        return self._summary


def fingerprint(path: Path) -> str:
    """Tells a file imported again from another: its size and a hash of its first and last
    megabyte (the whole file need not be hashed: rows are kept by key, never doubled)."""
    size = path.stat().st_size
    digest = hashlib.sha256(str(size).encode())
    with open(path, "rb") as handle:
        digest.update(handle.read(1 << 20))
        handle.seek(max(size - (1 << 20), 0))
        digest.update(handle.read(1 << 20))
    return f"{size}:{digest.hexdigest()[:32]}"


def _quiet(fraction: float, label: str) -> None:
    pass


def import_file(
    path: str | Path,
    profile: str | None = None,
    name: str | None = None,
    progress: Progress = _quiet,
    store: bool = True,
    decimal_comma: bool | None = None,
) -> ImportReport:
    """Import ``path`` into the work folder (``name``: the file's name as the user knows it;
    ``store=False``: read and check it only, e.g. to try a sample without keeping it;
    ``decimal_comma``: the file writes 1.234,50 for 1234.50, whatever its profile says)."""
    path = Path(path)
    shown = name or path.name
    try:
        report = _read(path, shown, profile, progress, store, decimal_comma)
    except OpsbookError:
        raise
    except Exception as error:  # a library's error: said as the course's, never a traceback
        raise DatasetError(
            pick(
                f"{shown}: the file cannot be read ({_detail(error)}) — export it again from the "
                "platform; if that fails too, send the file to your trainer.",
                f"{shown}：无法读取这个文件（{_detail(error)}）— 请在平台上重新导出；如果仍然"
                "失败，请把文件发给培训师。",
            )
        ) from error
    if store:
        _store(path, report, progress)
    progress(1.0, pick("done", "完成"))
    return report


def _detail(error: Exception) -> str:
    text = str(error).splitlines()[0][:200] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _read(
    path: Path,
    shown: str,
    profile: str | None,
    progress: Progress,
    store: bool,
    decimal_comma: bool | None,
) -> ImportReport:
    progress(0.02, pick("opening", "打开文件"))
    sheet = open_export(path, shown)
    match = detect(sheet, load_profiles(), profile)
    sheet.header_index = match.header_index
    chosen = match.profile
    progress(0.1, pick("reading cells", "读取单元格"))
    columns = dict(match.columns)
    cells = sheet.cells(sorted({0, *columns.values()}))
    progress(0.6, pick("checking values", "检查数值"))
    # buyers of a file only read (never stored) get keys of a fixed salt: the same every time
    salt = storage.salt() if store else "not-stored"
    comma = chosen.decimal == "comma" if decimal_comma is None else decimal_comma
    try:
        cleaned = clean(cells, chosen, columns, sheet.header, salt, comma)
    except DecimalCommas as error:
        raise DecimalCommas(f"{shown}, {error}") from None
    if cleaned.readable == 0:
        raise DatasetError(
            pick(
                f"{shown}: there are no rows of data below the header (row "
                f"{match.header_index + 1}) — export a period that has data.",
                f"{shown}：表头（第 {match.header_index + 1} 行）下面没有数据行 — "
                "请导出有数据的时间段。",
            )
        )
    if cleaned.problem_rows > MAX_BAD_SHARE * max(cleaned.readable, 1):
        raise ImportRefused(_refusal(shown, cleaned, cleaned.readable))
    if chosen.table == "products":
        start, end = period_of(sheet.title_rows)
        data = cleaned.tables["products"]
        for column, day in (("period_start", start), ("period_end", end)):
            data = data.append_column(column, pa.array([day] * data.num_rows, pa.date32()))
        cleaned.tables["products"] = data
        cleaned.period = (start.isoformat() if start else "", end.isoformat() if end else "")
    report = ImportReport(
        file=shown,
        profile=chosen.key,
        title=str(chosen.title),
        platform=chosen.platform,
        table=chosen.table,
        format=sheet.format,
        encoding=sheet.encoding,
        header_row=match.header_index + 1,
        missing_columns=match.missing,
        cleaned=cleaned,
    )
    _finite(shown, report.summary())
    return report


def _finite(shown: str, summary: dict) -> None:
    """The figures as JSON (``--json`` and the import index): a value JSON cannot hold is a
    defect to report, never a file written that readers refuse."""
    try:
        json.dumps(summary, allow_nan=False)
    except ValueError:
        bad = [k for k, v in summary.items() if isinstance(v, float) and not math.isfinite(v)]
        raise DatasetError(
            pick(
                f"{shown}: the import's figures {', '.join(bad)} are not finite numbers; "
                "nothing was stored — send the file to your trainer.",
                f"{shown}：导入结果 {', '.join(bad)} 不是有限的数值；没有保存任何数据 — "
                "请把文件发给培训师。",
            )
        ) from None


def _store(path: Path, report: ImportReport, progress: Progress) -> None:
    progress(0.8, pick("saving", "保存"))
    entry = {
        "file": report.file,
        "fingerprint": fingerprint(path),
        "profile": report.profile,
        "platform": report.platform,
        "table": report.table,
        "imported_at": datetime.now().isoformat(timespec="seconds"),
        **{k: v for k, v in report.summary().items() if k != "problems"},
    }
    try:
        with storage.lock():
            report.stored = storage.save(report.platform, report.cleaned.tables, entry)
    except OpsbookError:
        raise
    except Exception as error:  # a library's error while saving: said as the course's
        raise StoreError(
            pick(
                f"{report.file}: the import could not be saved ({_detail(error)}) — your "
                "earlier imports are unchanged; try again, and if it fails again send the "
                "file to your trainer.",
                f"{report.file}：导入结果无法保存（{_detail(error)}）— 之前导入的数据不变；"
                "请再试一次，仍然失败请把文件发给培训师。",
            )
        ) from error


def _refusal(shown: str, cleaned: Cleaned, readable: int) -> str:
    listed = "\n".join(
        f"  {pick('row', '第')} {p.row}{pick('', ' 行')}, {p.column} = {p.value!r}: {p.reason}"
        for p in cleaned.problems
    )
    share = cleaned.problem_rows / max(readable, 1) * 100
    return pick(
        f"{shown}: not imported — {cleaned.problem_rows:,} of {readable:,} rows ({share:.1f} %) "
        f"cannot be read, more than the {MAX_BAD_SHARE:.0%} allowed; nothing was stored and "
        f"your earlier imports are unchanged. The first problems:\n{listed}",
        f"{shown}：未导入 — {readable:,} 行中有 {cleaned.problem_rows:,} 行"
        f"（{share:.1f}%）无法读取，超过允许的 {MAX_BAD_SHARE:.0%}；没有保存任何数据，"
        f"之前导入的数据不变。前几处问题：\n{listed}",
    )

"""Bring your own data: a platform export (Taobao, 生意参谋, Pinduoduo, Douyin, Youzan, WeChat
shop, Meituan / Dianping, Shopify …) read into the course's tables in the work folder.

>>> report = import_file("订单报表.csv")      # the profile is found from the header row
>>> report.summary()                          # rows read, paid orders, GMV, refunds, dates …

A file where more than :data:`MAX_BAD_SHARE` of the rows cannot be read is refused as a whole and
nothing is stored; otherwise the rows that cannot be read are dropped, counted and listed.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from opsbook.errors import DatasetError
from opsbook.i18n import pick
from opsbook.imports import storage
from opsbook.imports.cleaning import Cleaned, Problem, clean
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
) -> ImportReport:
    """Import ``path`` into the work folder (``name``: the file's name as the user knows it;
    ``store=False``: read and check it only, e.g. to try a sample without keeping it)."""
    path = Path(path)
    shown = name or path.name
    return _import(path, shown, profile, progress, store)


def _import(path: Path, shown: str, profile: str | None, progress: Progress, store: bool):
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
    cleaned = clean(cells, chosen, columns, sheet.header, salt)
    readable = cleaned.rows_read - sum(
        n for reason, n in cleaned.dropped.items() if ":" not in reason
    )
    if cleaned.problem_rows > MAX_BAD_SHARE * max(readable, 1):
        raise ImportRefused(_refusal(shown, cleaned, readable))
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
    if not store:
        progress(1.0, pick("done", "完成"))
        return report
    progress(0.8, pick("saving", "保存"))
    with storage.lock():
        report.stored = storage.save(chosen.platform, cleaned.tables)
        storage.record(
            {
                "file": shown,
                "fingerprint": fingerprint(path),
                "profile": chosen.key,
                "platform": chosen.platform,
                "table": chosen.table,
                "imported_at": datetime.now().isoformat(timespec="seconds"),
                **{k: v for k, v in report.summary().items() if k != "problems"},
            }
        )
    progress(1.0, pick("done", "完成"))
    return report


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

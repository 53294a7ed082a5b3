"""Import profiles: the course's own (``playbook/imports/``) and those a user saved (the work
folder's ``my_data/profiles/``), and finding the one that fits a file from its header row."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from opsbook.content.import_profile import ImportProfile, check_import_profile
from opsbook.content.import_schema import TABLES
from opsbook.content.loader import load_model
from opsbook.core import settings
from opsbook.core.errors import DatasetError
from opsbook.core.i18n import pick
from opsbook.core.paths import PLAYBOOK_DIR
from opsbook.core.settings import work_path
from opsbook.core.store import atomic_write_text
from opsbook.imports.sheet import Sheet, column_letter, normalise_header

PROFILES_DIR = PLAYBOOK_DIR / "imports"


def user_profiles_dir() -> Path:
    return work_path(settings.MY_DATA, "profiles")


def load_profile(path: Path) -> ImportProfile:
    return load_model(path, ImportProfile, check_import_profile)


def load_profiles() -> dict[str, ImportProfile]:
    """Every profile by key; a user's profile of the same key as the course's one wins."""
    paths = sorted(PROFILES_DIR.glob("*.yaml")) + sorted(user_profiles_dir().glob("*.yaml"))
    return {profile.key: profile for profile in map(load_profile, paths)}


def save_profile(profile: ImportProfile) -> Path:
    """Save a profile made in the mapping form to the work folder, checked like the course's."""
    problems = check_import_profile(profile)
    if problems:
        raise DatasetError("; ".join(f"{where}: {what}" for where, what in problems))
    path = user_profiles_dir() / f"{profile.key}.yaml"
    data = profile.model_dump(mode="json", exclude_defaults=False)
    atomic_write_text(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


class NoProfileFits(DatasetError):
    """No import profile knows the file's header: the message names the closest one."""


class DuplicateHeader(DatasetError):
    """A column the profile reads has its header twice: which one holds the data is unknown."""


@dataclass(frozen=True)
class Match:
    profile: ImportProfile
    header_index: int
    columns: dict[str, int]  # course field -> column index in the file
    missing: list[str]  # the profile's headers not in the file (required ones or not)

    @property
    def fits(self) -> bool:
        """Every required field of the table, and a time of the order, is in the file."""
        needed = [n for n, f in TABLES[self.profile.table].items() if f.required]
        if self.profile.table == "orders" and not {"created_at", "paid_at"} & set(self.columns):
            return False
        return all(name in self.columns for name in needed if name in self.profile.columns)

    @property
    def score(self) -> tuple[float, int]:
        found = sum(1 for f in self.profile.columns if f in self.columns)
        return (found / len(self.profile.columns), found)


def match(profile: ImportProfile, sheet: Sheet) -> Match:
    """The profile against each of the sheet's first rows taken as the header; the best row."""
    best: Match | None = None
    for index, row in enumerate(sheet.preview):
        cells = {normalise_header(cell): i for i, cell in reversed(list(enumerate(row))) if cell}
        columns, missing = {}, []
        for name, headers in profile.columns.items():
            found = [cells[h] for h in map(normalise_header, headers) if h in cells]
            if found:
                columns[name] = found[0]
            else:
                missing.append(headers[0])
        candidate = Match(profile, index, columns, missing)
        if best is None or candidate.score > best.score:
            best = candidate
    assert best is not None
    return best


def detect(sheet: Sheet, profiles: dict[str, ImportProfile], asked: str | None = None) -> Match:
    """The profile that fits the file (or the one asked for), with its header row; if none fits,
    an error that names the closest profile and the columns it misses."""
    if asked is not None:
        if asked not in profiles:
            raise DatasetError(
                pick(
                    f'There is no import profile "{asked}" — use one of: {", ".join(profiles)}.',
                    f"没有名为“{asked}”的导入配置 — 可用：{'、'.join(profiles)}。",
                )
            )
        candidates = [match(profiles[asked], sheet)]
    else:
        candidates = [match(profile, sheet) for profile in profiles.values()]
    fitting = [m for m in candidates if m.fits]
    if fitting:
        found = max(fitting, key=lambda m: m.score)
        _refuse_twins(found, sheet)
        return found
    closest = max(candidates, key=lambda m: m.score)
    missing = ", ".join(f'"{h}"' for h in closest.missing)
    raise NoProfileFits(
        pick(
            f"{sheet.name}: no import profile fits this file. The closest is "
            f"{closest.profile.title.en} ({closest.profile.key}), which needs the columns "
            f"{missing}. Check that this is the export named in the profile "
            f"({closest.profile.export_from.en}), or map the columns once in the my_data "
            "worksheet and save them as a profile.",
            f"{sheet.name}：没有适合这个文件的导入配置。最接近的是{closest.profile.title.zh}"
            f"（{closest.profile.key}），它还需要这些列：{missing}。请确认导出的是配置里写的"
            f"报表（{closest.profile.export_from.zh}），或在 my_data 工作表里对应一次列名并"
            "保存为配置。",
        )
    )


def _refuse_twins(found: Match, sheet: Sheet) -> None:
    """A header the profile reads must occur once in the header row: with two columns of the
    same name, taking either would be a guess."""
    row = sheet.preview[found.header_index]
    for name, index in found.columns.items():
        same = normalise_header(row[index])
        twins = [i for i, cell in enumerate(row) if cell and normalise_header(cell) == same]
        if len(twins) > 1:
            first, second = (column_letter(i) for i in twins[:2])
            field = TABLES[found.profile.table][name]
            raise DuplicateHeader(
                pick(
                    f'{sheet.name}: the header "{row[index]}" appears twice in row '
                    f"{found.header_index + 1}, in column {first} and column {second}, so it is "
                    f"not clear which holds the {field.en.lower()} — delete or rename one of the "
                    "two columns, save, and import again.",
                    f"{sheet.name}：第 {found.header_index + 1} 行的表头“{row[index]}”出现了两次"
                    f"（{first} 列和 {second} 列），无法确定哪一列是{field.zh} — 请删除或重命名"
                    "其中一列，保存后再导入。",
                )
            )


def profiles_table() -> pd.DataFrame:
    """The exports the course reads, and where in each back office they are made."""
    return pd.DataFrame(
        [
            {
                pick("Platform", "平台"): str(p.platform_name),
                pick("Export", "报表"): str(p.title),
                pick("Where to export it", "在哪里导出"): str(p.export_from),
            }
            for p in load_profiles().values()
        ]
    )

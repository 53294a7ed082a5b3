"""The trainer's side: what a drop folder holds of one kind, and who it is from.

A file counts for a learner only if the folder's layout and the file's owner say it is theirs
(see :mod:`opsbook.handin`); everything else is named in :attr:`Scan.problems` and counted for
nobody. Folders are opened step by step without following a link, and files are opened without
following one and read only if they are regular files, so a link planted in the folder can
neither show another learner's work nor reach outside the folder.
"""

import errno
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from opsbook.core.bounds import MAX_DOCUMENT_BYTES, parse_json
from opsbook.core.errors import StoreError
from opsbook.core.i18n import pick
from opsbook.handin.folder import KINDS, drop_folder, read_no_link
from opsbook.handin.names import account_name, accounts_for, file_stem, name_of_stem
from opsbook.handin.roster import read_roster
from opsbook.handin.send import STAMP, unstamped

TIME_SLACK = timedelta(minutes=5)  # sent and arrived further apart than this: both are shown


@dataclass(frozen=True)
class Received:
    """One learner's hand-in of one kind, as the trainer sees it."""

    learner: str  # the hub name (as on the roster)
    kind: str
    path: Path
    sent_at: datetime  # when the learner's course says it sent it (local time)
    arrived_at: datetime  # when the file last changed in the folder (cannot be set back)
    account: str  # the computer account that wrote the file
    document: dict = field(repr=False, compare=False, default_factory=dict)

    @property
    def times_disagree(self) -> bool:
        return abs(self.sent_at - self.arrived_at) > TIME_SLACK

    def when(self) -> str:
        """The time to show: when it was sent, and when the file arrived if that differs."""
        sent = f"{self.sent_at:%Y-%m-%d %H:%M}"
        if not self.times_disagree:
            return sent
        arrived = f"{self.arrived_at:%Y-%m-%d %H:%M}"
        return pick(f"{sent} (file arrived {arrived})", f"{sent}（文件到达于 {arrived}）")


@dataclass
class Scan:
    """What a drop folder holds of one kind: the hand-ins that count, the learners on the roster
    without one, and a message for each file that does not count."""

    received: list[Received]
    missing: list[str]
    problems: list[str]


def scan(kind: str, folder: Path | None = None) -> Scan:
    """Every hand-in of ``kind`` in both layouts: ``<kind>/<learner>.json`` (one shared folder,
    as on a single server) and ``<learner>/<kind>/<learner>.json`` (a folder per learner, each
    mounted only in its learner's server, as on Kubernetes); one per learner, the latest to
    arrive."""
    root = folder or drop_folder()
    found: dict[str, Received] = {}
    problems: list[str] = []
    try:
        top = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        top = None
    if top is not None:
        try:
            for entry in _entries(top):
                if entry.name == kind:
                    _read_folder(top, root, [kind], None, found, problems)
                elif entry.name not in KINDS and entry.is_dir(follow_symlinks=False):
                    _read_folder(top, root, [entry.name, kind], entry.name, found, problems)
        finally:
            os.close(top)
    names, roster_problems = read_roster(root)
    sent = {r.learner.casefold() for r in found.values()}
    missing = [name for name in names if name.casefold() not in sent]
    return Scan(
        sorted(found.values(), key=lambda r: r.learner), missing, problems + roster_problems
    )


def received(kind: str, folder: Path | None = None) -> list[Received]:
    """What has been handed in of ``kind``, one entry per learner (for the trainer)."""
    return scan(kind, folder).received


def missing(kind: str, folder: Path | None = None) -> list[str]:
    """The learners on the roster (by their hub names) who have not handed in ``kind`` yet."""
    return scan(kind, folder).missing


def _entries(directory: int) -> list[os.DirEntry]:
    try:
        return sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return []


def _read_folder(top, root, parts, owner_folder, found, problems) -> None:
    """The hand-ins in ``root/parts…``, the folder opened one step at a time, no step a link."""
    where = "/".join(parts)
    directory = os.dup(top)
    try:
        for part in parts:
            step = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=directory)
            os.close(directory)
            directory = step
    except OSError as error:
        os.close(directory)
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            problems.append(
                f"{where}: "
                + pick(
                    "a link or a file, not a folder — not read", "是链接或文件，不是文件夹 — 未读取"
                )
            )
        return
    try:
        for entry in _entries(directory):
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                path = root.joinpath(*parts, entry.name)
                item = _read_one(directory, path, f"{where}/{entry.name}", owner_folder)
                if isinstance(item, str):
                    problems.append(item)
                elif item.learner not in found or item.arrived_at >= found[item.learner].arrived_at:
                    found[item.learner] = item
    finally:
        os.close(directory)


def _read_one(directory: int, path: Path, shown: str, owner_folder: str | None):
    """One file of a drop folder: its :class:`Received`, or why it does not count."""
    try:
        info, data = read_no_link(path.name, directory)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return f"{shown}: " + pick(
                "a link to another file, not a hand-in — not read; delete it",
                "是指向别的文件的链接，不是提交 — 未读取；请删除它",
            )
        return f"{shown}: " + pick(
            f"cannot be read ({error.strerror})", f"无法读取（{error.strerror}）"
        )
    if data is None:
        return f"{shown}: " + pick(
            "not an ordinary file (a folder, pipe or device) — not read; delete it",
            "不是普通文件（文件夹、管道或设备）— 未读取；请删除它",
        )
    try:
        document = _parse(data, shown)
    except StoreError as error:
        return str(error)
    stamp = document.get(STAMP) if isinstance(document.get(STAMP), dict) else {}
    claimed = stamp.get("by") if isinstance(stamp.get("by"), str) else name_of_stem(path.stem)
    account = account_name(info.st_uid)
    who = owner_folder if owner_folder is not None else claimed
    problem = _not_theirs(path.stem, claimed, who, owner_folder, info.st_uid, account)
    if problem:
        return f"{shown}: {problem}"
    arrived = datetime.fromtimestamp(info.st_ctime)
    sent = _sent_at(stamp.get("sent_at")) or arrived
    return Received(who, path.parent.name, path, sent, arrived, account, unstamped(document))


def _parse(data: bytes, shown: str) -> dict:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise StoreError(
            pick(
                f"{shown}: larger than any hand-in — not read; delete it",
                f"{shown}：比任何提交都大 — 未读取；请删除它",
            )
        )
    try:
        document = parse_json(data.decode("utf-8-sig"), shown, StoreError)
    except UnicodeDecodeError:
        raise StoreError(
            pick(
                f"{shown}: not UTF-8 text — not a hand-in; delete it",
                f"{shown}：不是 UTF-8 文本 — 不是提交；请删除它",
            )
        ) from None
    if not isinstance(document, dict):
        raise StoreError(
            pick(
                f"{shown}: not a hand-in (no fields) — delete it",
                f"{shown}：不是提交（没有字段）— 请删除它",
            )
        )
    return document


def _not_theirs(stem, claimed, who, owner_folder, uid, account) -> str | None:
    """Why a file is not ``who``'s hand-in (None: it is). In a learner's own folder it must be
    named for that learner; in the shared folder its name must be the one inside it. Either
    way the learner's own account must have written it, unless everyone writes as one account
    (the reader's: Kubernetes, or one's own computer)."""
    if owner_folder is not None and (claimed != owner_folder or stem != file_stem(owner_folder)):
        named = name_of_stem(stem) or claimed or "?"
        return pick(
            f'in the folder of "{owner_folder}", a hand-in named for "{named}" — not '
            "counted for anyone; delete it",
            f"在“{owner_folder}”的文件夹里，却署名“{named}” — 不计入任何人；请删除它",
        )
    if owner_folder is None and (
        claimed is None or stem not in (file_stem(claimed), f"{file_stem(claimed)}~{uid}")
    ):
        return pick(
            f'the file name and the name inside it ("{claimed}") disagree — not '
            "counted; delete it and ask who wrote it",
            f"文件名与文件里的署名（“{claimed}”）不一致 — 未计入；请删除它并询问是谁写入的",
        )
    if uid != os.geteuid() and account not in accounts_for(who):
        return pick(
            f'named for "{who}" but written by the account "{account}" — not counted '
            f"as {who}'s hand-in; delete it and ask who wrote it",
            f"署名“{who}”，却是账号“{account}”写入的 — 不算作 {who} 的提交；请删除"
            "它并询问是谁写入的",
        )
    return None


def _sent_at(value) -> datetime | None:
    """The stamp's time (UTC, ISO) in this computer's local time; None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone().replace(tzinfo=None)
    except (OverflowError, ValueError):
        return None

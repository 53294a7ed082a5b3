"""Handing work in to the trainer: a learner sends a worksheet (or a plan) from the worksheet
itself; it lands in the cohort's drop folder, one file per learner and kind.

- **Where**: ``$OPSBOOK_DROP`` (on a hub, the cohort's folder: see the trainer's page of the
  README), else ``hand_in/`` in the learner's own work folder. The code is the same both ways. On
  Kubernetes every learner's server mounts only that learner's part of the cohort volume at
  ``$OPSBOOK_DROP`` and the trainer's mounts all of it; :func:`received` reads both layouts.
- **Who**: the hub's user name (``$JUPYTERHUB_USER``), else the computer account's. The learner
  does not type it, so nobody sends in somebody else's name.
- **Safe**: each file is written whole and renamed into place, readable by its owner and the
  trainers' group only (0640). Sending again replaces only one's own file: a file of that name
  that belongs to another account is refused, never overwritten.
- **Isolated on a hub**: :func:`prepare` makes the folder writable and not readable by learners
  (``others``: write and enter, no listing), readable by the trainers' group, with the sticky bit
  (nobody removes or replaces another's file) and the set-group-id bit (every file gets the
  trainers' group). :func:`isolation_problems` checks a folder for exactly that.
"""

import getpass
import json
import os
import re
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from opsbook.errors import StoreError
from opsbook.i18n import pick
from opsbook.store import atomic_write_text, shown_path, work_home

KINDS = ("four_powers", "plans")  # a sub-folder per kind: the dashboard reads one of them
FOLDER_MODE = 0o3753  # set-group-id + sticky; owner rwx, trainers r-x, learners -wx
FILE_MODE = 0o640


def drop_folder() -> Path:
    """The cohort's drop folder (``$OPSBOOK_DROP``), else ``hand_in/`` in the work folder."""
    configured = os.environ.get("OPSBOOK_DROP")
    return Path(configured).expanduser() if configured else work_home() / "hand_in"


def learner() -> str:
    """Who is sending: the hub's user name, else this computer's account, as a file name."""
    return file_name(os.environ.get("JUPYTERHUB_USER") or getpass.getuser())


def file_name(user: str) -> str:
    """A user name as a hand-in's file name: letters, digits and ". - _" kept, anything else
    made "_"."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", user).strip(".") or "learner"


def _path(kind: str, who: str | None = None) -> Path:
    if kind not in KINDS:
        raise StoreError(f'"{kind}" is not a kind of hand-in — use one of: {", ".join(KINDS)}.')
    return drop_folder() / kind / f"{who or learner()}.json"


def send(kind: str, document: dict) -> Path:
    """Hand ``document`` in as this learner's ``kind``; sending again replaces the last one."""
    path = _path(kind)
    shown = shown_path(path)
    if not path.parent.is_dir():
        if "OPSBOOK_DROP" in os.environ:
            raise StoreError(
                pick(
                    f"{shown_path(path.parent)}: the cohort's hand-in folder is not there — ask "
                    "your trainer to prepare it (opsbook drop-folder).",
                    f"{shown_path(path.parent)}：班级的提交文件夹不存在 — 请培训师先准备好"
                    "（opsbook drop-folder）。",
                )
            )
        path.parent.mkdir(parents=True)
    try:
        owner = path.stat().st_uid
    except FileNotFoundError:
        owner = os.getuid()
    except PermissionError:
        owner = os.getuid()  # a folder one cannot look into: the rename below decides
    if owner != os.getuid():
        raise StoreError(_taken(shown))
    # the document as it is (the dashboard reads it like any worksheet file): who sent it is
    # the file's name, when is its time
    text = json.dumps(document, ensure_ascii=False, indent=1)
    try:
        atomic_write_text(path, text, mode=FILE_MODE)
    except PermissionError:
        raise StoreError(_taken(shown)) from None
    return path


def _taken(shown: str) -> str:
    return pick(
        f"{shown}: not sent — a hand-in of that name belongs to another account. Tell your "
        "trainer; your work is still saved in your own folder.",
        f"{shown}：未提交 — 这个名字的提交属于另一个账号。请告诉培训师；你的内容仍保存在自己的"
        "文件夹里。",
    )


@dataclass(frozen=True)
class Received:
    learner: str
    kind: str
    path: Path
    sent_at: datetime


def received(kind: str, folder: Path | None = None) -> list[Received]:
    """What has been handed in of ``kind``, one entry per learner (for the trainer), from both
    layouts: ``<kind>/<learner>.json`` (one shared folder, as on a single server) and
    ``<learner>/<kind>/<learner>.json`` (a folder per learner, each mounted only in its learner's
    server, as on Kubernetes; a file named for somebody else in a learner's folder is not theirs
    and is left out)."""
    root = folder or drop_folder()
    shared = sorted((root / kind).glob("*.json")) if (root / kind).is_dir() else []
    own = [
        path
        for path in sorted(root.glob(f"*/{kind}/*.json"))
        if path.stem == file_name(path.parent.parent.name) and path.parent.parent.name not in KINDS
    ]
    found = {path.stem: path for path in [*own, *shared]}  # both: the shared folder's counts
    return [
        Received(name, kind, path, datetime.fromtimestamp(path.stat().st_mtime))
        for name, path in sorted(found.items())
    ]


def roster(folder: Path | None = None) -> list[str]:
    """The cohort's learners, one per line of ``roster.txt`` in the drop folder (empty: none)."""
    path = (folder or drop_folder()) / "roster.txt"
    if not path.is_file():
        return []
    lines = path.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def missing(kind: str, folder: Path | None = None) -> list[str]:
    """The learners on the roster (by their hub names) who have not handed in ``kind`` yet."""
    sent = {r.learner for r in received(kind, folder)}
    return [name for name in roster(folder) if file_name(name) not in sent]


def prepare(folder: Path, group: str) -> None:
    """Make ``folder`` a cohort's drop folder for the trainers' ``group`` (run as root or the
    folder's owner): learners can add and replace their own files only."""
    import grp

    gid = grp.getgrnam(group).gr_gid
    for path in [folder, *(folder / kind for kind in KINDS)]:
        path.mkdir(parents=True, exist_ok=True)
        os.chown(path, -1, gid)
        os.chmod(path, FOLDER_MODE)


def isolation_problems(folder: Path) -> list[str]:
    """What lets one learner see or change another's hand-in (empty: nothing)."""
    problems = []
    for path in [folder, *(folder / kind for kind in KINDS)]:
        if not path.is_dir():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & stat.S_IROTH:
            problems.append(f"{path}: learners can list the folder (mode {mode:o})")
        if not mode & stat.S_ISVTX:
            problems.append(f"{path}: no sticky bit: a learner can replace another's file")
        for file in path.glob("*.json") if path != folder else ():
            file_mode = stat.S_IMODE(file.stat().st_mode)
            if file_mode & (stat.S_IROTH | stat.S_IWOTH):
                problems.append(f"{file}: readable or writable by every account ({file_mode:o})")
    return problems

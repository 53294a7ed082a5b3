"""The cohort's drop folder: where it is, how :func:`prepare` isolates learners from each other
on a shared server, and :func:`isolation_problems`, the check of exactly that."""

import os
import stat
from pathlib import Path

from opsbook.core import settings
from opsbook.core.bounds import MAX_DOCUMENT_BYTES
from opsbook.core.settings import work_path

KINDS = (  # a sub-folder per kind
    settings.HAND_IN_WORKSHEETS,
    settings.HAND_IN_PLANS,
    settings.HAND_IN_PROGRESS,
)
FOLDER_MODE = 0o3753  # set-group-id + sticky; owner rwx, trainers r-x, learners -wx
FILE_MODE = 0o640


def drop_folder() -> Path:
    """The cohort's drop folder (``$OPSBOOK_DROP``), else ``hand_in/`` in the work folder."""
    configured = os.environ.get(settings.DROP)
    return Path(configured).expanduser() if configured else work_path(settings.HAND_IN)


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
            if file.is_symlink():  # not read (opsbook.handin.scan lists it)
                continue
            file_mode = stat.S_IMODE(file.lstat().st_mode)
            if file_mode & (stat.S_IROTH | stat.S_IWOTH):
                problems.append(f"{file}: readable or writable by every account ({file_mode:o})")
    return problems


def read_no_link(
    name: str | Path, folder: int | None = None, limit: int = MAX_DOCUMENT_BYTES
) -> tuple[os.stat_result, bytes | None]:
    """Open ``name`` (in the open ``folder``) without following a link or waiting on a pipe:
    its status and, if it is a regular file, its first ``limit + 1`` bytes (None otherwise).
    A link raises OSError with ``errno.ELOOP``."""
    handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return info, None
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return info, b"".join(chunks)
    finally:
        os.close(handle)

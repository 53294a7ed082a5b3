"""Saving learner work safely, outside the notebooks: one JSON document per worksheet or plan.

Documents live under the work folder: ``$OPSBOOK_HOME`` if set, else ``~/opsbook-work``, in one
sub-folder per kind (``worksheets/``, ``plans/`` …). Guarantees:

- **Atomic**: a save writes a temporary file in the same folder, flushes it to disk, then
  renames it over the old file. A crash or kill at any moment leaves the old or the new version,
  never a half-written file.
- **No lost updates**: :meth:`DocumentStore.update` holds a per-document lock while it reads the
  latest saved version, applies one change and writes it back, so two processes (two browser
  tabs, a notebook and the app) changing different answers at once both keep their change.
- **Nothing overwritten that cannot be read**: a corrupt or hand-edited file that fails to
  validate raises :class:`~opsbook.core.errors.StoreError` naming the file and the problem; the file
  is left exactly as it is.
"""

import contextlib
import errno
import json
import os
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO

from filelock import FileLock, Timeout

from opsbook.core.bounds import MAX_DOCUMENT_BYTES, parse_json, read_bytes
from opsbook.core.errors import StoreError

MAX_ID_LENGTH = 64
Validator = Callable[[dict, str], dict]  # (raw document, shown name) -> valid document


def shown_path(path: Path) -> str:
    """A path as users should see it: under ``~`` rather than a machine path."""
    try:
        return "~/" + Path(path).resolve().relative_to(Path.home().resolve()).as_posix()
    except ValueError:
        return str(path)


def atomic_write_text(path: Path, text: str, mode: int = 0o600) -> None:
    """Replace ``path`` with ``text`` so that readers only ever see the old or the new content."""
    atomic_write_bytes(path, text.encode("utf-8"), mode)


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` so that readers only ever see the old or the new content
    (``mode``: the file's permissions; only its owner reads it unless told otherwise)."""
    atomic_write(path, lambda out: out.write(data), mode)


Writer = Callable[[BinaryIO], object]  # writes a file's content to the open file it is given


def atomic_write(path: Path, write: Writer, mode: int = 0o600) -> None:
    """Replace ``path`` with what ``write`` writes (a large file need not be built in memory
    first), so that readers only ever see the old or the new content."""
    atomic_write_all({path: write}, mode)


def atomic_write_all(files: dict[Path, Writer], mode: int = 0o600) -> None:
    """Replace several files together (an import's orders, their lines and its index entry):
    each is written and synced to a temporary file beside it, side by side, and only when every
    one is written are they renamed into place, so a failed write (a full disk) leaves all of
    them as they were. Once the first is renamed the others follow, even past an error or an
    interrupt; only a process killed between two renames (microseconds) can mix old and new."""
    written: dict[Path, Path] = {}
    try:
        with ThreadPoolExecutor(len(files)) as pool:  # pyarrow writes without the GIL
            futures = {path: pool.submit(_temporary, path, w, mode) for path, w in files.items()}
        failed = None
        for path, future in futures.items():
            try:
                written[path] = future.result()
            except BaseException as error:  # the others' files are still removed below
                failed = failed or error
        if failed:
            raise failed
        _rename_all(written)
    except BaseException:
        for temp in written.values():
            temp.unlink(missing_ok=True)
        raise
    for folder in {path.parent for path in files}:
        _sync_folder(folder)


def _rename_all(written: dict[Path, Path]) -> None:
    """Rename each temporary file into place; once one is in place, put the rest in place too
    before an error or interrupt goes on (old and new files never stay mixed by it)."""
    try:
        for path, temp in written.items():
            os.replace(temp, path)
    except BaseException:
        if any(not temp.exists() for temp in written.values()):  # one is in place already
            for path, temp in written.items():
                if temp.exists():
                    with contextlib.suppress(OSError):
                        os.replace(temp, path)
        raise


def _temporary(path: Path, write: Writer, mode: int) -> Path:
    """``write``'s content in a new temporary file beside ``path``, synced to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as temp:
            write(temp)
            temp.flush()
            os.fsync(temp.fileno())
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return Path(temp_name)


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable."""
    try:  # a folder one may write in but not read (a hand-in folder) cannot be opened to sync
        directory = os.open(folder, os.O_RDONLY)
    except PermissionError:
        return
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def read_json(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> Any:
    """Parse a JSON file; every problem (not a file, too large, not UTF-8, not JSON, NaN,
    nested too deep) becomes a StoreError that names the file and the fix."""
    shown = shown_path(path)
    data = read_bytes(Path(path), limit, shown, StoreError)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StoreError(
            f"{shown}: the file is not UTF-8 text — it was not saved by Ops Playbook; "
            "restore the file you were sent, or move it out of the folder."
        ) from None
    return parse_json(text, shown, StoreError)


def now_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


_WRITE_ADVICE = {
    errno.ENOSPC: "the disk is full — free some space and make the change again",
    errno.EDQUOT: "your disk quota is used up — free some space and make the change again",
    errno.EROFS: "the work folder is on a read-only disk — set OPSBOOK_HOME to a writable folder",
    errno.EACCES: "you are not allowed to write in the work folder — set OPSBOOK_HOME to a "
    "folder of your own",
    errno.EPERM: "you are not allowed to write in the work folder — set OPSBOOK_HOME to a "
    "folder of your own",
}


@contextlib.contextmanager
def saving(shown: str) -> Iterator[None]:
    """Turn a failed save (disk full, no permission, lock held too long) into a StoreError that
    says the change was not saved and the previous version is kept."""
    try:
        yield
    except Timeout:
        raise StoreError(
            f"{shown}: not saved — another program has held the file for 30 s; close other "
            "tabs of this worksheet or plan and try again. The last saved version is kept."
        ) from None
    except OSError as error:
        advice = _WRITE_ADVICE.get(error.errno, f"the system said: {error.strerror}")
        raise StoreError(
            f"{shown}: not saved — {advice}. The last saved version is kept."
        ) from None


class DocumentStore:
    """A folder of JSON documents of one kind, each validated on every read and write."""

    def __init__(self, folder: Path, validate: Validator):
        self.folder = Path(folder)
        self.validate = validate
        self._remove_stale_temp_files()

    def _remove_stale_temp_files(self, max_age_seconds: float = 3600) -> None:
        """Temporary files left by a save that was killed; a save in progress is seconds old."""
        cutoff = time.time() - max_age_seconds
        with contextlib.suppress(OSError):  # an unreadable folder is reported when it is listed
            for temp in self.folder.glob(".*.tmp"):
                with contextlib.suppress(OSError):  # another process may remove it first
                    if temp.stat().st_mtime < cutoff:
                        temp.unlink()

    def path(self, doc_id: str) -> Path:
        if (
            not isinstance(doc_id, str)
            or not 0 < len(doc_id) <= MAX_ID_LENGTH
            or not all(c.isascii() and (c.isalnum() or c in "-_") for c in doc_id)
        ):
            raise StoreError(
                f'"{str(doc_id)[:80]}" is not a document id — ids use at most {MAX_ID_LENGTH} '
                'letters, digits, "-" and "_".'
            )
        return self.folder / f"{doc_id}.json"

    def _lock(self, doc_id: str) -> FileLock:
        locks = self.folder / ".locks"
        locks.mkdir(parents=True, exist_ok=True)
        return FileLock(locks / f"{doc_id}.lock", timeout=30)

    def new_id(self) -> str:
        return f"{datetime.now(timezone.utc):%Y%m%d}-{secrets.token_hex(3)}"

    def read(self, doc_id: str) -> dict:
        path = self.path(doc_id)
        return self.validate(read_json(path), shown_path(path))

    def write(self, doc_id: str, document: dict) -> dict:
        """Validate and save a whole document (used for new documents and imports)."""
        path = self.path(doc_id)
        shown = shown_path(path)
        valid = self.validate(document, shown)
        text = _dump(valid, shown)
        with saving(shown), self._lock(doc_id):
            atomic_write_text(path, text)
        return valid

    def update(self, doc_id: str, change: Callable[[dict], dict], new: dict | None = None) -> dict:
        """Apply ``change`` to the latest saved version under the document's lock; save it.
        ``new``: the document to start from when none is saved yet (else that is an error)."""
        path = self.path(doc_id)
        shown = shown_path(path)
        with saving(shown), self._lock(doc_id):
            if new is not None and not path.exists():
                current = self.validate(new, shown)
            else:
                current = self.validate(read_json(path), shown)
            updated = self.validate(change(current), shown)
            atomic_write_text(path, _dump(updated, shown))
        return updated

    def _files(self) -> list[Path]:
        """Every ``*.json`` entry, most recently saved first (whatever it really is: reading it
        says what is wrong)."""

        def modified(path: Path) -> tuple[int, str]:
            try:
                return path.lstat().st_mtime_ns, path.name
            except OSError:  # removed meanwhile
                return 0, path.name

        try:
            files = list(self.folder.glob("*.json"))
        except OSError:
            return []
        return sorted(files, key=modified, reverse=True)

    def ids(self) -> list[str]:
        """Document ids, most recently saved first."""
        return [p.stem for p in self._files()]

    def read_all(self) -> tuple[list[dict], list[str]]:
        """Every document that reads, and one message per file that does not (a trainer's
        folder may hold files under any name: each is read by its path)."""
        if self.folder.exists() and not self.folder.is_dir():
            return [], [f"{shown_path(self.folder)}: is a file, not a folder — rename it."]
        documents, problems = [], []
        for path in self._files():
            shown = shown_path(path)
            try:
                documents.append(self.validate(read_json(path), shown))
            except StoreError as error:
                problems.append(str(error))
        return documents, problems


def _dump(document: dict, shown: str) -> str:
    try:
        return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    except ValueError:
        raise StoreError(
            f"{shown}: not saved — a value is not a finite number; write plain digits."
        ) from None

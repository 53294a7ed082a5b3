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
  validate raises :class:`~opsbook.errors.StoreError` naming the file and the problem; the file
  is left exactly as it is.
"""

import contextlib
import json
import os
import secrets
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock

from opsbook.errors import StoreError

Validator = Callable[[dict, str], dict]  # (raw document, shown name) -> valid document


def work_home() -> Path:
    """The folder where learner work is saved (``$OPSBOOK_HOME`` or ``~/opsbook-work``)."""
    configured = os.environ.get("OPSBOOK_HOME")
    return Path(configured).expanduser() if configured else Path.home() / "opsbook-work"


def shown_path(path: Path) -> str:
    """A path as users should see it: under ``~`` rather than a machine path."""
    try:
        return "~/" + Path(path).resolve().relative_to(Path.home().resolve()).as_posix()
    except ValueError:
        return str(path)


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers only ever see the old or the new content."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # make the rename itself durable
    finally:
        os.close(directory)


def read_json(path: Path) -> Any:
    """Parse a JSON file; problems become a StoreError that names the file and the fix."""
    shown = shown_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(f"{shown}: the file does not exist — check the name.") from None
    except UnicodeDecodeError:
        raise StoreError(
            f"{shown}: the file is not UTF-8 text — it was not saved by Ops Playbook; "
            "restore the file you were sent, or move it out of the folder."
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise StoreError(
            f"{shown}, line {error.lineno}, column {error.colno}: not valid JSON ({error.msg}) — "
            "undo the hand edit, or move the file out of the folder; it has not been changed."
        ) from None


def now_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class DocumentStore:
    """A folder of JSON documents of one kind, each validated on every read and write."""

    def __init__(self, folder: Path, validate: Validator):
        self.folder = Path(folder)
        self.validate = validate
        self._remove_stale_temp_files()

    def _remove_stale_temp_files(self, max_age_seconds: float = 3600) -> None:
        """Temporary files left by a save that was killed; a save in progress is seconds old."""
        if not self.folder.is_dir():
            return
        cutoff = time.time() - max_age_seconds
        for temp in self.folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):  # another process may remove it first
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()

    def path(self, doc_id: str) -> Path:
        if not doc_id or not all(c.isalnum() or c in "-_" for c in doc_id):
            raise StoreError(
                f'"{doc_id}" is not a document id — ids use letters, digits, "-" and "_".'
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
        valid = self.validate(document, shown_path(path))
        with self._lock(doc_id):
            atomic_write_text(path, _dump(valid))
        return valid

    def update(self, doc_id: str, change: Callable[[dict], dict]) -> dict:
        """Apply ``change`` to the latest saved version under the document's lock; save it."""
        path = self.path(doc_id)
        shown = shown_path(path)
        with self._lock(doc_id):
            current = self.validate(read_json(path), shown)
            updated = self.validate(change(current), shown)
            atomic_write_text(path, _dump(updated))
        return updated

    def ids(self) -> list[str]:
        """Document ids, most recently saved first."""
        if not self.folder.is_dir():
            return []
        files = sorted(
            self.folder.glob("*.json"), key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True
        )
        return [p.stem for p in files]

    def read_all(self) -> tuple[list[dict], list[str]]:
        """Every document that reads, and one message per file that does not."""
        documents, problems = [], []
        for doc_id in self.ids():
            try:
                documents.append(self.read(doc_id))
            except StoreError as error:
                problems.append(str(error))
        return documents, problems


def _dump(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

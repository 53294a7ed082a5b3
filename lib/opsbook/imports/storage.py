"""Imported data in the work folder (``$OPSBOOK_HOME/my_data/``), never in the repository:

- ``<platform>/<table>.parquet``: the course's tables of each platform, one row per key
  (:data:`~opsbook.content.import_schema.KEYS`), so importing a file again, or an export that
  overlaps an earlier one, replaces rows instead of doubling them;
- ``imports.json``: what was imported, from which file, covering which dates (written without
  NaN or infinity, so JSON readers accept it; one damaged by hand is set aside and rebuilt from
  the stored tables, so it never stops the next import);
- ``salt``: the random salt of the buyer keys, made once; without it a key cannot be traced back.

An import's tables and its entry in ``imports.json`` are written whole to temporary files and
renamed into place together once all are written (:func:`opsbook.core.store.atomic_write_all`),
so a failure or a crash leaves the data as it was before the import or as it is after it; an
import holds a lock on the folder.
"""

import contextlib
import json
import os
import secrets
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock

from opsbook.content.import_schema import KEYS
from opsbook.core import settings
from opsbook.core.errors import StoreError
from opsbook.core.i18n import pick
from opsbook.core.settings import work_home, work_path
from opsbook.core.store import Writer, atomic_write_all, read_json, saving

MANIFEST = "imports.json"
ROW_GROUP_ROWS = 128 * 1024


def data_dir() -> Path:
    return work_path(settings.MY_DATA)


def lock() -> FileLock:
    data_dir().mkdir(parents=True, exist_ok=True)
    return FileLock(str(data_dir() / ".import.lock"), timeout=120)


def salt() -> str:
    """The work folder's salt for buyer keys: made once, readable by its owner only. Two imports
    starting at once agree on it: a salt is written whole, then linked into place only if no
    other is there yet."""
    path = data_dir() / "salt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent)  # mode 0600
        try:
            with os.fdopen(handle, "w") as out:
                out.write(secrets.token_hex(16))
                out.flush()
                os.fsync(out.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(temp, path)
        finally:
            os.unlink(temp)
    return path.read_text().strip()


def table_path(platform: str, table: str) -> Path:
    return data_dir() / platform / f"{table}.parquet"


def load(platform: str, table: str) -> pa.Table | None:
    path = table_path(platform, table)
    if not path.exists():
        return None
    try:
        return pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as error:
        shown = path.relative_to(work_home()).as_posix()
        raise StoreError(
            f"{shown} in your work folder cannot be read ({str(error).splitlines()[0]}); it was "
            "not written by Ops Playbook, or was changed by hand. Move it out of the folder and "
            "import your exports again: nothing else is lost."
        ) from None


def merge(platform: str, table: str, new: pa.Table) -> pa.Table:
    """The stored table with ``new`` in it: rows of the same key are replaced by the new ones."""
    old = load(platform, table)
    if old is None or old.num_rows == 0:
        return new
    same = " AND ".join(f"new.{k} IS NOT DISTINCT FROM old.{k}" for k in KEYS[table])
    con = duckdb.connect()
    con.register("old", old)
    con.register("new", new)
    merged = con.sql(
        "SELECT * FROM new UNION ALL BY NAME "
        f"SELECT * FROM old WHERE NOT EXISTS (SELECT 1 FROM new WHERE {same})"
    ).to_arrow_table()
    con.close()
    return merged


def _writer(data: pa.Table) -> Writer:
    # dictionaries only where values repeat (statuses, channels, products), no statistics:
    # half the time of the defaults for a year of orders, about the same size; row groups of
    # 128 Ki rows, not one of a million, so DuckDB reads a year of orders on every core
    repeated = [c for c in ("status", "channel", "currency", "product", "store", "line")
                if c in data.column_names]  # fmt: skip
    return lambda out: pq.write_table(
        data,
        out,
        compression="lz4",
        use_dictionary=repeated,
        write_statistics=False,
        row_group_size=ROW_GROUP_ROWS,
    )


def save(platform: str, tables: dict[str, pa.Table], entry: dict) -> dict[str, int]:
    """Merge each new table into the stored one and save them with the import's entry in the
    index (``imports.json``) all or none: no order without its lines, no table without its
    entry. Each is written straight into a temporary file, renamed into place once every one
    is written. Importing the same file again replaces its entry; a damaged index is kept beside
    it (``imports.json.damaged``) and replaced by one rebuilt from the tables stored until now.
    Returns the rows now stored per table. The caller holds :func:`lock`."""
    entries, damaged = _read_manifest()
    same = (entry["fingerprint"], entry["profile"])
    entries = [e for e in entries if (e["fingerprint"], e["profile"]) != same] + [entry]
    index = json.dumps(entries, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
    with ThreadPoolExecutor(2) as pool:  # DuckDB merges without holding the GIL
        merging = pool.map(lambda table: merge(platform, table, tables[table]), tables)
        merged = dict(zip(tables, merging, strict=True))
    files = {table_path(platform, table): _writer(data) for table, data in merged.items()}
    manifest_path = data_dir() / MANIFEST
    files[manifest_path] = lambda out: out.write(index)
    shown = ", ".join(str(path.relative_to(work_home())) for path in files)
    with saving(shown):
        if damaged:
            _set_aside(manifest_path)
        atomic_write_all(files)
    return {table: data.num_rows for table, data in merged.items()}


def _set_aside(manifest_path: Path) -> None:
    """Keep a damaged index beside it: a copy (the save replaces the file itself, or leaves it
    as it was), or the folder itself moved away when a folder stands in its place."""
    damaged = manifest_path.with_name(MANIFEST + ".damaged")
    if manifest_path.is_dir():
        os.replace(manifest_path, damaged)
    else:
        shutil.copyfile(manifest_path, damaged)


def _entry_ok(entry) -> bool:
    names = ("file", "fingerprint", "profile", "platform", "table")
    return isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in names)


def _rebuilt() -> list[dict]:
    """Index entries for the tables stored, when the index itself cannot be read: one per
    platform and table, named as earlier imports (their file names were in the index)."""
    entries = []
    for path in sorted(data_dir().glob("*/*.parquet")):
        table = path.stem
        if table not in KEYS or table == "order_lines":
            continue
        try:
            rows = pq.read_metadata(path).num_rows
        except (pa.ArrowInvalid, OSError):
            continue  # load() names a damaged table when it is read
        entries.append(
            {
                "file": pick("(earlier imports)", "（之前的导入）"),
                "fingerprint": "",
                "profile": "",
                "platform": path.parent.name,
                "table": table,
                "imported_at": "",
                "rows": rows,
            }
        )
    return entries


def _read_manifest() -> tuple[list[dict], bool]:
    """The index and whether it had to be rebuilt."""
    path = data_dir() / MANIFEST
    if not path.exists():
        return [], False
    try:
        entries = read_json(path)
    except StoreError:
        return _rebuilt(), True
    if not isinstance(entries, list) or not all(map(_entry_ok, entries)):
        return _rebuilt(), True
    return entries, False


def manifest() -> list[dict]:
    """What was imported (rebuilt from the stored tables if the file is damaged)."""
    return _read_manifest()[0]

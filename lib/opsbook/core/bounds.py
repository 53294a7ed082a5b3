"""The limits every value obeys where it enters the course: from a user, a file or a widget.

One place for the numbers (sizes, depths, row counts) and for the small checks that apply them,
so the store, the playbook loader, the plan import and the widgets refuse the same things with
the same kind of message (:class:`~opsbook.core.errors.OpsbookError` subclasses: what, where, fix).
"""

import json
import math
import os
import re
import stat
import sys
import zipfile
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick

# A worksheet is ~20 KB and a full plan under 200 KB: these leave ample room and no more.
MAX_DOCUMENT_BYTES = 2_000_000  # a saved worksheet or plan (.json)
MAX_IMPORT_BYTES = 20_000_000  # a file given to import_plan (.docx, .html, .md, .json)
MAX_UNZIPPED_BYTES = 50_000_000  # everything inside an imported .docx, once decompressed
MAX_ZIP_MEMBERS = 2_000
MAX_YAML_BYTES = 2_000_000  # one playbook file
MAX_DEPTH = 40  # nesting of JSON or YAML blocks; the playbook needs fewer than 10
MAX_ROWS = 300  # rows of a plan table (schedule, budget, objectives) or lines of a list
MAX_AMOUNT = 1e12  # any money amount or target: a trillion is beyond any shop's plan
MIN_YEAR, MAX_YEAR = 2000, 2100  # dates in plans: operations plans are made for these years

# Characters no Word document (XML 1.0) can hold; tab, newline and carriage return are fine.
# Lone surrogates come from broken copy-paste and cannot even be saved as UTF-8.
_UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without control characters pasted from Word or Excel (kept: tab and newlines)."""
    return _UNHOLDABLE.sub("", text)


def _clean_any(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def bounded_text(max_length: int) -> Any:
    """A pydantic text type: cleaned of unholdable characters, at most ``max_length`` long."""
    return Annotated[str, Field(max_length=max_length), BeforeValidator(_clean_any)]


def regular_file(path: Path, limit: int, shown: str, error: type[OpsbookError]) -> None:
    """Refuse anything but a readable regular file of at most ``limit`` bytes, before opening it
    (a folder, a pipe that would block forever, a device, a dangling link, a huge file)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise error(
                f"{shown}: a link to a file that no longer exists — delete the link or restore "
                "the file it points to."
            ) from None
        raise error(f"{shown}: the file does not exist — check the name.") from None
    except OSError as problem:
        raise error(f"{shown}: cannot be read ({problem.strerror}) — check the file.") from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{shown}: is a folder, not a file — rename or move it.")
    if not stat.S_ISREG(info.st_mode):
        raise error(
            f"{shown}: is not an ordinary file (a pipe, socket or device) — remove it from the "
            "folder."
        )
    if info.st_size > limit:
        raise error(
            f"{shown}: the file is {info.st_size / 1e6:,.1f} MB, more than this course reads "
            f"({limit / 1e6:,.0f} MB) — it is not a file the course saved; move it out of the "
            "folder."
        )
    if not os.access(path, os.R_OK):
        raise error(
            f"{shown}: you are not allowed to read this file — ask its owner to share it, or "
            "move it out of the folder."
        )


def zip_members(
    archive: zipfile.ZipFile,
    shown: str,
    error: type[OpsbookError],
    what: str,
    fix: str,
    limit: int = MAX_UNZIPPED_BYTES,
    members: int = MAX_ZIP_MEMBERS,
) -> list[zipfile.ZipInfo]:
    """The parts of an archive, after checking it cannot unpack past ``limit`` bytes in more than
    ``members`` parts (a small file can unpack to gigabytes). The sizes are those the archive
    declares: readers (Python's zipfile, calamine) stop at a declared size, so a lie is an error
    rather than a bomb. ``what`` names the file for the user, ``fix`` says what to do."""
    parts = archive.infolist()
    inflated = sum(part.file_size for part in parts)
    if len(parts) > members or inflated > limit:
        raise error(
            pick(
                f"{shown}: the {what} unpacks to {inflated / 1e6:,.0f} MB in {len(parts):,} "
                f"parts, more than this course reads ({limit / 1e6:,.0f} MB in {members:,} "
                f"parts) — {fix}",
                f"{shown}：这个{what}解压后有 {inflated / 1e6:,.0f} MB、{len(parts):,} 个部件，"
                f"超过本课程能读取的上限（{limit / 1e6:,.0f} MB、{members:,} 个部件）— {fix}",
            )
        )
    return parts


def read_bytes(path: Path, limit: int, shown: str, error: type[OpsbookError]) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; every failure is ``error``."""
    regular_file(path, limit, shown, error)
    try:
        # O_NONBLOCK: should the file have become a pipe since the check, do not wait on it
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(handle, "rb") as file:
            data = file.read(limit + 1)
    except OSError as problem:
        raise error(f"{shown}: cannot be read ({problem.strerror}) — check the file.") from None
    if len(data) > limit:
        raise error(f"{shown}: the file grew past {limit / 1e6:,.0f} MB while being read.")
    return data


def _refuse_constant(name: str) -> Any:
    raise ValueError(
        pick(f"{name} is not a number this course can save", f"{name} 不是可保存的数字")
    )


def underflows(written: str, value: float) -> bool:
    """True when a number written with a non-zero digit reads as 0 or as a number too small to
    hold exactly: ``1e-400`` would silently become 0."""
    mantissa = re.split("[eE]", written, maxsplit=1)[0]
    return abs(value) < sys.float_info.min and any(c in "123456789" for c in mantissa)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 reads as infinity
        raise ValueError(pick(f"{text} is too large a number for this course", f"{text} 数值太大"))
    if underflows(text, value):
        raise ValueError(
            pick(
                f"{text} is too small a number for this course (it would read as 0)",
                f"{text} 数值太小（会被读成 0）",
            )
        )
    return value


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    """A JSON block, refusing a key given twice (``json`` would silently keep the last)."""
    block = {}
    for key, value in pairs:
        if key in block:
            raise _DuplicateKey(key)
        block[key] = value
    return block


def parse_json(text: str, shown: str, error: type[OpsbookError]) -> Any:
    """Parse JSON strictly: no NaN or Infinity, no number that reads as 0 when it is not, no key
    twice in a block, at most :data:`MAX_DEPTH` levels of nesting."""
    try:
        value = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as problem:
        raise error(
            pick(
                f"{shown}, line {problem.lineno}, column {problem.colno}: not valid JSON "
                f"({problem.msg}) — undo the hand edit, or move the file out of the folder; it "
                "has not been changed.",
                f"{shown}，第 {problem.lineno} 行第 {problem.colno} 列：不是有效的 JSON"
                f"（{problem.msg}）——请撤销手工修改，或把文件移出该文件夹；文件没有被改动。",
            )
        ) from None
    except _DuplicateKey as problem:
        key = problem.key[:100]
        raise error(
            pick(
                f'{shown}: the key "{key}" appears twice in the same block — the course cannot '
                "tell which one is meant; delete one of them in a text editor. The file has not "
                "been changed.",
                f"{shown}：同一段里键“{key}”出现了两次——无法判断以哪个为准；请用文本编辑器删掉"
                "其中一个。文件没有被改动。",
            )
        ) from None
    except ValueError as problem:  # NaN / Infinity, too large or too small a number
        raise error(
            pick(
                f"{shown}: {problem} — write a plain number (digits), or move the file out of "
                "the folder; it has not been changed.",
                f"{shown}：{problem}——请写普通的数字，或把文件移出该文件夹；文件没有被改动。",
            )
        ) from None
    except RecursionError:
        value = None
        depth = MAX_DEPTH + 1
    else:
        depth = nesting(value)
    if depth > MAX_DEPTH:
        raise error(
            f"{shown}: blocks are nested more than {MAX_DEPTH} levels deep — this is not a file "
            "the course saved; move it out of the folder."
        )
    return value


def nesting(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply lists and mappings nest in ``value`` (counting stops past ``limit``)."""
    depth, level = 0, [value]
    while depth <= limit:
        containers = [node for node in level if isinstance(node, dict | list)]
        if not containers:
            break
        depth += 1
        level = [
            child
            for node in containers
            for child in (node.values() if isinstance(node, dict) else node)
        ]
    return depth

"""The cohort's roster: ``roster.txt`` in the drop folder, one hub name per line, as the
trainer wrote it (in Notepad, Excel or WPS: any common encoding and line ending)."""

import errno
import os
import pwd
import re
from pathlib import Path

from opsbook.core.bounds import MAX_DOCUMENT_BYTES, clean_text
from opsbook.core.i18n import pick
from opsbook.handin.folder import drop_folder, read_no_link
from opsbook.handin.names import account_name

ROSTER = "roster.txt"


def roster(folder: Path | None = None) -> list[str]:
    """The cohort's learners, one hub name per line of ``roster.txt`` in the drop folder."""
    return read_roster(folder or drop_folder())[0]


def read_roster(folder: Path) -> tuple[list[str], list[str]]:
    """The names on ``roster.txt`` (each once, in its order; a name repeated in other capitals,
    as hubs ignore case, once) and what is wrong with the file. Read as people write it:
    UTF-8 with or without a byte-order mark, UTF-16 or GBK, any line ending, blank lines, and
    comments after "#" (a whole line, indented or not, or the end of a line). Only a roster a
    trainer wrote counts: one written by a learner's account is ignored and named."""
    try:
        info, data = read_no_link(folder / ROSTER)
    except FileNotFoundError:
        return [], []
    except OSError as error:
        link = error.errno == errno.ELOOP
        why = pick("a link" if link else error.strerror, "是链接" if link else error.strerror)
        return [], [_problem(pick(f"not read ({why})", f"未读取（{why}）"))]
    if not _trainer_wrote(info.st_uid, folder):
        account = account_name(info.st_uid)
        return [], [
            _problem(
                pick(
                    f'written by the account "{account}", not by a trainer — not used; delete '
                    "it and put the cohort's roster in its place",
                    f"由账号“{account}”写入，不是培训师 — 未使用；请删除它，换上班级的名单",
                )
            )
        ]
    if data is None or len(data) > MAX_DOCUMENT_BYTES:
        return [], [_problem(pick("not a list of names — not used", "不是名单 — 未使用"))]
    names: dict[str, str] = {}
    for line in re.split(r"\r\n|\r|\n", decode_text(data)):
        name = clean_text(line.split(" #", 1)[0].split("\t#", 1)[0]).strip()
        if name and not name.startswith("#"):
            names.setdefault(name.casefold(), name)
    return list(names.values()), []


def _problem(what: str) -> str:
    return f"{ROSTER}: {what}"


def decode_text(data: bytes) -> str:
    """Text as people save it: UTF-8 (with or without a byte-order mark), UTF-16 with its mark,
    GBK (Excel and Notepad on a Chinese Windows; read as GB18030, which holds it), else what
    charset-normalizer finds. GBK comes before the guess: a short list of Chinese names is too
    little text for a guess to be right."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best else data.decode("utf-8", errors="replace")


def _trainer_wrote(uid: int, folder: Path) -> bool:
    """Whether the account ``uid`` speaks for the cohort: root, the reader, or a member of the
    folder's group (the trainers', as :func:`~opsbook.handin.folder.prepare` sets it)."""
    if uid in (0, os.geteuid()):
        return True
    import grp

    try:
        gid = folder.stat().st_gid
        return account_name(uid) in grp.getgrgid(gid).gr_mem or pwd.getpwuid(uid).pw_gid == gid
    except (OSError, KeyError):
        return False

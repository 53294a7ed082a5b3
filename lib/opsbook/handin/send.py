"""Sending a worksheet or a plan to the trainer (the *Send to trainer* buttons)."""

import errno
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from opsbook.core import settings
from opsbook.core.errors import StoreError
from opsbook.core.i18n import pick
from opsbook.core.store import atomic_write_text, shown_path
from opsbook.handin.folder import FILE_MODE, KINDS, drop_folder
from opsbook.handin.names import account_name, accounts_for, file_stem, learner

STAMP = "hand_in"  # the key of a handed-in document that says who sent it and when


def send(kind: str, document: dict) -> Path:
    """Hand ``document`` in as this learner's ``kind``; sending again replaces the last one.

    The file is named for the learner (:func:`~opsbook.handin.names.file_stem`) and holds the
    document with a stamp: the hub name, the account and the time it was sent. Into a cohort's
    folder on a shared server, only the learner's own account may send under their name. Should
    another account have written a file of that name first, the learner's goes beside it
    (``<name>~<account number>.json``) and the trainer is shown the other one as a problem."""
    if kind not in KINDS:
        raise StoreError(f'"{kind}" is not a kind of hand-in — use one of: {", ".join(KINDS)}.')
    folder = drop_folder() / kind
    if not folder.is_dir():
        if settings.DROP in os.environ:
            raise StoreError(
                pick(
                    f"{shown_path(folder)}: the cohort's hand-in folder is not there — ask "
                    "your trainer to prepare it (opsbook drop-folder).",
                    f"{shown_path(folder)}：班级的提交文件夹不存在 — 请培训师先准备好"
                    "（opsbook drop-folder）。",
                )
            )
        folder.mkdir(parents=True)
    name, me = learner(), os.geteuid()
    if folder.stat().st_uid != me and account_name() not in accounts_for(name):
        raise StoreError(_forged(name))  # a cohort's folder, and a name not this account's
    path = folder / f"{file_stem(name)}.json"
    if _owner(path) not in (me, None):
        path = folder / f"{file_stem(name)}~{me}.json"
        if _owner(path) not in (me, None):
            raise StoreError(_taken(shown_path(path), _owner(path)))
    stamp = {"by": name, "account": account_name(), "sent_at": _now()}
    text = json.dumps({**document, STAMP: stamp}, ensure_ascii=False, indent=1)
    try:
        atomic_write_text(path, text, mode=FILE_MODE)
    except OSError as error:
        raise StoreError(_not_written(shown_path(folder), error)) from None
    return path


def unstamped(document: dict) -> dict:
    """A handed-in document as the worksheet or plan it was (without the sender's stamp)."""
    return {k: v for k, v in document.items() if k != STAMP} if STAMP in document else document


def _owner(path: Path) -> int | None:
    """The account number owning ``path`` (None: nothing there, or not visible)."""
    try:
        return path.lstat().st_uid
    except OSError:
        return None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _forged(name: str) -> str:
    account = account_name()
    return pick(
        f'Not sent — this server runs as the account "{account}", which is not the account of '
        f'the hub user "{name}". Hand-ins are named by the account that sends them: if you '
        "changed JUPYTERHUB_USER, close the terminal or notebook where you did and send again. "
        "Your work is still saved in your own folder.",
        f"未提交 — 这台服务器以账号“{account}”运行，它不是 Hub 用户“{name}”的账号。提交按发送"
        "它的账号署名：如果你改过 JUPYTERHUB_USER，请关掉改过它的终端或笔记本后再提交。你的内容"
        "仍保存在自己的文件夹里。",
    )


def _taken(shown: str, owner: int | None) -> str:
    account = account_name(owner) if owner is not None else "?"
    return pick(
        f'{shown}: not sent — a hand-in of that name was written by the account "{account}". '
        "Tell your trainer (they see it listed as a problem); your work is still saved in "
        "your own folder.",
        f"{shown}：未提交 — 这个名字的提交是账号“{account}”写入的。请告诉培训师（培训师会看到"
        "这条问题）；你的内容仍保存在自己的文件夹里。",
    )


def _not_written(shown: str, error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        why = pick(
            "you are not allowed to write in the hand-in folder — ask your trainer to check it "
            "(opsbook drop-folder --check)",
            "你没有写入提交文件夹的权限 — 请培训师检查它（opsbook drop-folder --check）",
        )
    elif error.errno == errno.EROFS:
        why = pick(
            "the hand-in folder is on a read-only disk — tell your trainer",
            "提交文件夹在只读磁盘上 — 请告诉培训师",
        )
    elif error.errno in (errno.ENOSPC, errno.EDQUOT):
        why = pick("the disk is full — tell your trainer", "磁盘已满 — 请告诉培训师")
    else:
        why = pick(f"the system said: {error.strerror}", f"系统提示：{error.strerror}")
    return pick(
        f"{shown}: not sent — {why}. Your work is still saved in your own folder.",
        f"{shown}：未提交 — {why}。你的内容仍保存在自己的文件夹里。",
    )

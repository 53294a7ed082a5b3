"""Who a learner is, and the file name their hand-in gets.

The learner's hub name is what the roster lists and the trainer reads; it is never trusted on
its own (any learner can set ``JUPYTERHUB_USER`` in a terminal). The computer account a process
runs as comes from the system's user database and cannot be set by a learner: on a shared
server it is what proves who wrote a file (:func:`accounts_for`).
"""

import hashlib
import os
import pwd
from urllib.parse import unquote

MAX_STEM = 120  # characters of a hand-in's file name before ".json"
SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")


def account_name(uid: int | None = None) -> str:
    """The computer account of ``uid`` (this process's by default), from the system's user
    database, never from variables such as ``USER`` that anyone can set; its number when the
    system has no name for it."""
    uid = os.geteuid() if uid is None else uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def learner() -> str:
    """Who is sending, as the hub knows them: the hub's user name, else the account's."""
    return os.environ.get("JUPYTERHUB_USER") or account_name()


def accounts_for(name: str) -> set[str]:
    """The computer accounts a hub user's server may run as: the same name (a local-process
    spawner, a plain server) or The Littlest JupyterHub's ``jupyter-<name>`` (spaces made "-";
    beyond 25 characters cut to 26 and given 5 characters of its SHA-256, as TLJH makes it)."""
    tljh = f"jupyter-{name}"
    if len(tljh) < 26:
        tljh = tljh.replace(" ", "-")
    else:
        tljh = f"{tljh[:26]}-{hashlib.sha256(tljh.encode('utf-8')).hexdigest()[:5]}"
    return {name, tljh}


def file_stem(name: str) -> str:
    """A hub user name as a hand-in's file name (before ``.json``); distinct names never share
    one. Letters, digits, "." "-" and "_" stay; any other character, and a leading ".", is
    written as ``%XX`` of its UTF-8 bytes, as in a web address (``li@example.com`` →
    ``li%40example.com``, ``张三`` → ``%E5%BC%A0%E4%B8%89``); a name that would be longer than
    :data:`MAX_STEM` is cut and ends in "~" and 16 hex digits of its SHA-256 ("~" appears in no
    other file name)."""
    stem = "".join(
        c if c in SAFE and not (i == 0 and c == ".") else "".join(f"%{b:02X}" for b in _utf8(c))
        for i, c in enumerate(name)
    )
    if len(stem) > MAX_STEM:
        digest = hashlib.sha256(_utf8(name)).hexdigest()[:16]
        stem = f"{stem[: MAX_STEM - 17]}~{digest}"
    return stem or "%"


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate still gets its own name


def name_of_stem(stem: str) -> str | None:
    """The hub name a file name was made from; None when it cannot be told from the file name
    (a shortened name: the hand-in says it inside) or the file name is not one the course
    makes."""
    if "~" in stem:
        return None
    try:
        name = unquote(stem, errors="strict")
    except UnicodeDecodeError:
        return None
    return name if file_stem(name) == stem else None

"""The course in a notebook (set up on ``import opsbook``): the course's errors shown as their
advice, without a page of traceback, and answers read as people type them.

Answers as people type them: ``answer = 7.2万``, ``answer = 52%``, ``answer = “B”``,
``answer = B`` or ``answer = A, C`` are what a learner means, but not Python. In a notebook, an
``answer =`` line whose right-hand side is not Python (or is only names Python does not know)
is read as the text typed, which the exercise then reads like any answer (letters, names, 万,
%, thousands separators). Everything else is left to Python, so ``answer = gmv / orders`` still
computes. A full-width ＝ and quotes from a Chinese input method are understood too.
"""

import ast
import builtins
import re
from collections.abc import Callable, Container

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.present.display import notebook_shell

_ANSWER = re.compile(r"^(?P<lead>\s*answer\s*[=＝]\s*)(?P<value>.*?)(?P<comment>\s+#.*)?\s*$")
_QUOTES = [("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ("＂", "＂"), ("＇", "＇")]


def typed_answer(line: str, known: Container[str] = ()) -> str:
    """``line`` with its answer as text if the learner typed an answer Python cannot read
    (``known``: the names defined in the notebook, which stay names)."""
    found = _ANSWER.match(line)
    if not found or not found["value"]:
        return line
    value = found["value"]
    for opening, closing in _QUOTES:
        if len(value) >= 2 and value.startswith(opening) and value.endswith(closing):
            return _as_text(found, value[1:-1])
    try:
        tree = ast.parse(value, mode="eval").body
    except SyntaxError:
        return _as_text(found, value)
    parts = tree.elts if isinstance(tree, ast.Tuple) else [tree]
    unknown = [p for p in parts if isinstance(p, ast.Name) and not _is_known(p.id, known)]
    numbers = [p for p in parts if isinstance(p, ast.Constant) and type(p.value) in (int, float)]
    if unknown and len(unknown) + len(numbers) == len(parts):  # B · A, C · 商务中心
        return _as_text(found, value)
    if isinstance(tree, ast.Tuple) and len(numbers) == len(parts):  # 7,200 is seven thousand
        return _as_text(found, value)
    if "＝" in found["lead"]:  # typed with a Chinese input method: Python reads only "="
        return f"{found['lead'].replace('＝', '=')}{value}{found['comment'] or ''}\n"
    return line


def _is_known(name: str, known: Container[str]) -> bool:
    return name in known or hasattr(builtins, name)


def _as_text(found: re.Match, value: str) -> str:
    lead = found["lead"].replace("＝", "=")
    return f"{lead}{value.strip()!r}{found['comment'] or ''}\n"


def transformer(names: Callable[[], Container[str]]) -> Callable[[list[str]], list[str]]:
    """An IPython input transformer (``shell.input_transformers_cleanup``) that applies
    :func:`typed_answer` to every line of a cell, ``names()`` giving the defined names."""

    def transform(lines: list[str]) -> list[str]:
        if not any("answer" in line for line in lines):
            return lines
        known = names()
        return [typed_answer(line, known) for line in lines]

    return transform


def show_plainly() -> None:
    """In a notebook, show an OpsbookError as its message alone: a learner reads the advice,
    not a page of traceback. An answer typed without quotes (``answer = b``) gets a hint instead
    of a NameError; other errors keep their full traceback (they are defects)."""
    shell = notebook_shell()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return

    def plain(shell, kind, error, lines):
        shell._showtraceback(kind, error, lines)
        return lines

    def handler(shell, kind, error, traceback, tb_offset=None):
        if isinstance(error, OpsbookError):
            return plain(shell, kind, error, [f"\x1b[1;31m⚠ {kind.__name__}\x1b[0m: {error}"])
        name = getattr(error, "name", None) or ""
        if name and len(name) <= 24 and "answer" in shell.user_ns.get("_ih", [""])[-1]:
            return plain(shell, kind, error, [_unquoted_answer(name)])
        shell.showtraceback((kind, error, traceback), tb_offset=tb_offset)
        return None

    shell.set_custom_exc((OpsbookError, NameError), handler)
    typed = transformer(lambda: shell.user_ns)
    shell.input_transformers_cleanup[:] = [
        t
        for t in shell.input_transformers_cleanup
        if getattr(t, "__module__", "") != typed.__module__
    ] + [typed]


def _unquoted_answer(name: str) -> str:
    return pick(
        f"⚠ Python does not know the name {name}. If it is your answer, put it in quotes: "
        f'answer = "{name}" (a number needs no quotes: answer = 52).',
        f'⚠ Python 不认识 {name} 这个名字。如果这是你的答案，请加上引号：answer = "{name}"'
        "（数字不用加引号：answer = 52）。",
    )

"""The one error type users see: every message says what went wrong, where, and how to fix it."""


class OpsbookError(Exception):
    """Base class for errors meant for learners and trainers (not programmers)."""


class ContentError(OpsbookError):
    """A playbook YAML file is missing, malformed or inconsistent."""


class DatasetError(OpsbookError):
    """A data set is unknown, missing or does not match its data dictionary."""


class AnswerError(OpsbookError):
    """An answer given to a tool (chooser, exercise) is not one it understands."""


class StoreError(OpsbookError):
    """A saved file (worksheet, plan) cannot be read, or cannot be saved safely."""


def show_plainly() -> None:
    """In a notebook, show an OpsbookError as its message alone: a learner reads the advice,
    not a page of traceback. An answer typed without quotes (``answer = b``) gets a hint instead
    of a NameError; other errors keep their full traceback (they are defects)."""
    from opsbook.display import notebook_shell

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
    from opsbook.answers import transformer

    typed = transformer(lambda: shell.user_ns)
    shell.input_transformers_cleanup[:] = [
        t
        for t in shell.input_transformers_cleanup
        if getattr(t, "__module__", "") != typed.__module__
    ] + [typed]


def _unquoted_answer(name: str) -> str:
    from opsbook.i18n import pick

    return pick(
        f"⚠ Python does not know the name {name}. If it is your answer, put it in quotes: "
        f'answer = "{name}" (a number needs no quotes: answer = 52).',
        f'⚠ Python 不认识 {name} 这个名字。如果这是你的答案，请加上引号：answer = "{name}"'
        "（数字不用加引号：answer = 52）。",
    )

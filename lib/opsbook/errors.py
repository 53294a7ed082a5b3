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
    not a page of traceback. Other errors keep their full traceback (they are defects)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return

    def handler(shell, kind, error, _traceback, tb_offset=None):
        lines = [f"\x1b[1;31m⚠ {kind.__name__}\x1b[0m: {error}"]
        shell._showtraceback(kind, error, lines)
        return lines

    shell.set_custom_exc((OpsbookError,), handler)

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

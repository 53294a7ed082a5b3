"""Ops Playbook's shared library: content, sample data, charts, exercises and widgets.

Import what a chapter needs from the submodules, for example::

    from opsbook import charts, org
    from opsbook.content import load_organization
"""

from opsbook import display
from opsbook.errors import OpsbookError, show_plainly
from opsbook.i18n import get_language, set_language

show_plainly()  # in a notebook, our errors show as their advice, without a traceback

display.setup()  # tables: whole texts, no meaningless row numbers, "—" for empty cells

__all__ = ["OpsbookError", "get_language", "set_language"]
__version__ = "0.1.0"

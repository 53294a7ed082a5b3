"""Ops Playbook's shared library: content, sample data, charts, exercises and widgets.

Import what a chapter needs from its packages, for example::

    from opsbook.content import load_playbook
    from opsbook.department_structure import offices_table
    from opsbook.present import charts

The floor plan (which package may import which) is in CONTRIBUTING.md.
"""

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import get_language, set_language
from opsbook.present import display, notebook

notebook.show_plainly()  # in a notebook, our errors show as their advice, without a traceback
display.setup()  # tables: whole texts, no meaningless row numbers, "—" for empty cells

__all__ = ["OpsbookError", "get_language", "set_language"]
__version__ = "0.1.0"

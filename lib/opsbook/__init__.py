"""Ops Playbook's shared library: content, sample data, charts, exercises and widgets.

Import what a chapter needs from the submodules, for example::

    from opsbook import charts, org
    from opsbook.content import load_organization
"""

from opsbook.errors import OpsbookError, show_plainly
from opsbook.i18n import get_language, set_language

show_plainly()  # in a notebook, our errors show as their advice, without a traceback


def _show_whole_texts() -> None:
    """Tables show every text in full: what pandas would cut with "…" is the teaching itself."""
    import pandas as pd

    pd.set_option("display.max_colwidth", None)


_show_whole_texts()

__all__ = ["OpsbookError", "get_language", "set_language"]
__version__ = "0.1.0"

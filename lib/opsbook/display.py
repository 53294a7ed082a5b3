"""How tables look in a notebook, whichever function made them (set up on ``import opsbook``):
every text in full (what pandas would cut with "…" is the teaching itself), no row numbers where
they mean nothing, and "—" for an empty cell."""

import pandas as pd

EMPTY = "—"


def _row_numbers_only(frame: pd.DataFrame) -> bool:
    """An unnamed integer index (0, 1, 2 … or what is left of it after sorting) means nothing."""
    index = frame.index
    return index.name is None and index.nlevels == 1 and pd.api.types.is_integer_dtype(index)


def _as_html(frame: pd.DataFrame) -> str:
    return frame.to_html(notebook=True, index=not _row_numbers_only(frame), na_rep=EMPTY)


def _as_text(frame: pd.DataFrame, printer, _cycle: bool) -> None:
    printer.text(frame.to_string(index=not _row_numbers_only(frame), na_rep=EMPTY))


def setup() -> None:
    pd.set_option("display.max_colwidth", None)
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        formatters = shell.display_formatter.formatters
        formatters["text/html"].for_type(pd.DataFrame, _as_html)
        formatters["text/plain"].for_type(pd.DataFrame, _as_text)

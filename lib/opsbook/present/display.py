"""How tables look in a notebook, whichever function made them (set up on ``import opsbook``):
every text in full (what pandas would cut with "…" is the teaching itself), no row numbers where
they mean nothing, and "—" for an empty cell."""

import sys

EMPTY = "—"


def _row_numbers_only(frame) -> bool:
    """An unnamed integer index (0, 1, 2 … or what is left of it after sorting) means nothing."""
    import pandas as pd

    index = frame.index
    return index.name is None and index.nlevels == 1 and pd.api.types.is_integer_dtype(index)


def _filled(frame):
    """``frame`` with EMPTY in the missing cells that ``na_rep`` does not reach (pandas leaves
    ``<NA>`` in nullable integer and text columns); float columns keep their number format."""
    import pandas as pd

    missing = [
        c
        for c in frame.columns
        if frame[c].isna().any() and not pd.api.types.is_float_dtype(frame[c])
    ]
    if not missing:
        return frame
    frame = frame.copy()
    for column in missing:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), EMPTY)
    return frame


def _as_html(frame) -> str:
    index = not _row_numbers_only(frame)
    return _filled(frame).to_html(notebook=True, index=index, na_rep=EMPTY)


def _as_text(frame, printer, _cycle: bool) -> None:
    index = not _row_numbers_only(frame)
    printer.text(_filled(frame).to_string(index=index, na_rep=EMPTY))


def notebook_shell():
    """The running IPython shell, or None outside a notebook (without importing IPython, so a
    script or a server that imports opsbook does not pay for it)."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def setup() -> None:
    shell = notebook_shell()
    if shell is None:
        return
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(pd.DataFrame, _as_html)
    formatters["text/plain"].for_type(pd.DataFrame, _as_text)

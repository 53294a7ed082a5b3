"""What every reader of an export gives the rest of the import: a :class:`Sheet` (the header
found among the first rows, and a way to read chosen columns) and its :class:`Cells` (the text of
those columns, with the exact row numbers worked out when a row must be named)."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

PREVIEW_BYTES = 256 * 1024  # enough for the title rows, the header and a few dozen rows
PREVIEW_ROWS = 40  # the header is looked for in these first rows
MAX_EXPORT_BYTES = 2_000_000_000  # a year of a large shop's orders is about 300 MB of CSV
FORMULA = "\0="  # marks a cell holding a formula that was never calculated (no value)


@dataclass
class Numbering:
    """Where the rows of a :class:`Cells` table are in the file, when the file has rows the
    table does not (blank lines, rows with the wrong number of cells)."""

    rows: np.ndarray | None  # the row number of each table row; None: first_row + index
    malformed: list[tuple[int, int, str]]  # (row, cells in it, its text) of each skipped row


@dataclass
class Sheet:
    """An export opened and looked at: where its header is and how to read its columns."""

    name: str  # the file name as the user gave it
    format: str  # "csv", "xlsx" or "xls"
    encoding: str  # of a CSV file; "" for Excel
    preview: list[list[str]]  # the first rows, as text
    header_index: int = -1  # index of the header row in ``preview`` (set by the detector)
    read_columns: Callable[["Sheet", list[int]], "Cells"] | None = field(default=None, repr=False)

    @property
    def header(self) -> list[str]:
        return self.preview[self.header_index]

    @property
    def title_rows(self) -> list[str]:
        """The rows above the header, each as one line of text (they often give the period)."""
        return [" ".join(c for c in row if c) for row in self.preview[: self.header_index]]

    def cells(self, columns: list[int]) -> "Cells":
        """The data rows below the header, the given columns only, as text."""
        assert self.read_columns is not None and self.header_index >= 0
        return self.read_columns(self, columns)


@dataclass
class Cells:
    table: pa.Table  # one text column per asked column, named by its index: "c0", "c7" …
    first_row: int  # the row number (1-based, as a spreadsheet shows it) of the table's row 0
    malformed: int = 0  # rows with the wrong number of cells, left out of the table
    notes: int = 0  # short rows below the table (a total, the export time), left out too
    # the exact rows, worked out only when a row must be named (see Numbering)
    numbering: Callable[[], Numbering] | None = field(default=None, repr=False)
    formulas: bool = False  # some cells hold FORMULA + the formula instead of a value
    _numbered: Numbering | None = field(default=None, repr=False)

    def _exact(self) -> Numbering:
        if self._numbered is None:
            self._numbered = self.numbering() if self.numbering else Numbering(None, [])
        return self._numbered

    def row_numbers(self, indices: list[int]) -> list[int]:
        """The row numbers (as a spreadsheet shows them) of the table rows at ``indices``."""
        rows = self._exact().rows
        if rows is None:
            return [self.first_row + i for i in indices]
        return [int(rows[i]) for i in indices]

    def malformed_rows(self) -> list[tuple[int, int, str]]:
        """(row, cells, text) of each row left out for its number of cells."""
        return self._exact().malformed if self.malformed else []


def normalise_header(text: str) -> str:
    """A header as compared with a profile's: full-width forms made half-width (（元） → (元)),
    spaces and a byte-order mark removed, letters in lower case."""
    text = unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "")
    return re.sub(r"\s+", "", text).lower()


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

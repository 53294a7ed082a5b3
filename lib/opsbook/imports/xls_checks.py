"""Checks of a legacy .xls file before calamine opens it. calamine reserves memory for the size
a sheet declares (its DIMENSIONS record) and allocates the rectangle from its first to its
farthest cell, for every sheet of the workbook: a crafted 6 KB file can ask for hundreds of
gigabytes and end the process. So the workbook stream is taken out of the compound file here
and its records are walked once, with every size checked against the file's own.
"""

import struct

import numpy as np

from opsbook.core.errors import DatasetError
from opsbook.core.i18n import pick
from opsbook.imports.xlsx_checks import MAX_SHEET_CELLS, too_large

END_OF_CHAIN = 0xFFFFFFFE
FREE = 0xFFFFFFFF
# records holding one cell's value (MS-XLS): row and column are their first two 16-bit fields
CELL_RECORDS = {0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6, 0x0207}
MULRK = 0x00BD  # several numbers in a row: the last column is the record's last field
DIMENSIONS = 0x0200


def _damaged(shown: str, what: str) -> DatasetError:
    return DatasetError(
        pick(
            f"{shown}: the .xls file is damaged ({what}) — open it in Excel or WPS, save it as "
            ".xlsx, and import that file.",
            f"{shown}：这个 .xls 文件已损坏（{what}）— 请用 Excel 或 WPS 打开，另存为 .xlsx "
            "后再导入。",
        )
    )


class _Compound:
    """Just enough of the compound file format (MS-CFB) to read one stream, every step
    checked: a chain that loops or points outside the file is damage, not a hang."""

    def __init__(self, data: bytes, shown: str):
        self.data, self.shown = data, shown
        if len(data) < 512:
            raise _damaged(shown, "too short")
        (shift,) = struct.unpack_from("<H", data, 0x1E)
        (mini_shift,) = struct.unpack_from("<H", data, 0x20)
        if shift not in (9, 12) or mini_shift != 6:
            raise _damaged(shown, "sector size")
        self.size, self.mini_size = 1 << shift, 64
        self.sectors = (len(data) - 512 + self.size - 1) // self.size
        fats, self.directory, self.cutoff = struct.unpack_from("<II4xI", data, 0x2C)
        self.mini_fat_start, mini_fats, difat_start, difats = struct.unpack_from(
            "<IIII", data, 0x3C
        )
        if max(fats, mini_fats, difats) > self.sectors:
            raise _damaged(shown, "sector counts")
        ids = list(struct.unpack_from("<109I", data, 0x4C))
        sector, per = difat_start, self.size // 4 - 1
        for _ in range(difats):
            if sector >= self.sectors:
                raise _damaged(shown, "sector list")
            entries = struct.unpack_from(f"<{per + 1}I", data, self._offset(sector))
            ids += entries[:per]
            sector = entries[per]
        ids = ids[:fats]
        if any(i >= self.sectors for i in ids):
            raise _damaged(shown, "sector list")
        self.fat = np.frombuffer(b"".join(self._sector(i) for i in ids), dtype="<u4")

    def _offset(self, sector: int) -> int:
        return 512 + sector * self.size

    def _sector(self, sector: int) -> bytes:
        return self.data[self._offset(sector) : self._offset(sector) + self.size]

    def _chain(self, start: int, fat: np.ndarray, limit: int) -> list[int]:
        chain, sector = [], start
        while sector != END_OF_CHAIN:
            if sector >= len(fat) or sector >= limit or len(chain) >= limit:
                raise _damaged(self.shown, "sector chain")
            chain.append(sector)
            sector = int(fat[sector])
        return chain

    def _read(self, start: int) -> bytes:
        return b"".join(self._sector(s) for s in self._chain(start, self.fat, self.sectors))

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        """The first stream of the given names (compared without case), or None."""
        directory = self._read(self.directory)
        root = None
        for at in range(0, len(directory) - 127, 128):
            entry = directory[at : at + 128]
            length, kind = struct.unpack_from("<HB", entry, 64)
            name = entry[: max(length - 2, 0)].decode("utf-16-le", "replace").lower()
            start, size = struct.unpack_from("<IQ", entry, 116)
            if self.size == 512:
                size &= 0xFFFFFFFF  # version 3 files leave the high half undefined
            if kind == 5 and root is None:
                root = (start, size)
            if kind == 2 and name in names:
                if size > len(self.data):
                    raise _damaged(self.shown, "stream size")
                if size >= self.cutoff or root is None:
                    return self._read(start)[:size]
                return self._mini(root, start)[:size]
        return None

    def _mini(self, root: tuple[int, int], start: int) -> bytes:
        mini_fat = np.frombuffer(self._read(self.mini_fat_start), dtype="<u4")
        mini = self._read(root[0])
        count = len(mini) // self.mini_size
        chain = self._chain(start, mini_fat, count)
        return b"".join(mini[s * self.mini_size : (s + 1) * self.mini_size] for s in chain)


def check_xls(data: bytes, shown: str) -> None:
    """Refuse a workbook whose sheets declare or reach more than :data:`MAX_SHEET_CELLS`."""
    stream = _Compound(data, shown).stream(("workbook", "book"))
    if stream is None:
        raise _damaged(shown, "no workbook inside")
    rows = columns = 0
    at, end = 0, len(stream)
    unpack = struct.unpack_from
    while at + 4 <= end:
        kind, length = unpack("<HH", stream, at)
        body = at + 4
        at = body + length
        if at > end:
            break
        if kind in CELL_RECORDS and length >= 4:
            row, column = unpack("<HH", stream, body)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind == MULRK and length >= 6:
            (row,) = unpack("<H", stream, body)
            (column,) = unpack("<H", stream, at - 2)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind == DIMENSIONS and length in (10, 14):
            if length == 14:
                first, last, left, right = unpack("<IIHH", stream, body)
            else:
                first, last, left, right = unpack("<HHHH", stream, body)
            left = 0 if left > 0xFF or right < left else left
            if (
                last >= 1
                and right >= 1
                and (last - min(first, last) + 1) * (right - left + 1) > (MAX_SHEET_CELLS)
            ):
                raise too_large(shown, last, right)
    if rows * columns > MAX_SHEET_CELLS:
        raise too_large(shown, rows, columns)

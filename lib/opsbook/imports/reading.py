"""Reading an export as it comes: CSV in any of the encodings platforms use, or Excel (.xlsx and
legacy .xls), with title rows above the header and a summary row below the data.

The result is a :class:`Sheet`: the header row's cells (as written and normalised), the rows
above it, and a function that reads the chosen columns as a table of text. Cells are not
interpreted here (:mod:`opsbook.imports.cleaning` does that); they are only decoded.

Only a regular file is opened (a pipe would block, a device never ends), and what it is comes
from its first bytes, not its name: a web page, an Excel 2003 XML file or a PDF saved under a
spreadsheet's name is named as such. CSV files are read by :mod:`opsbook.imports.text`, Excel
workbooks by :mod:`opsbook.imports.workbooks` after the checks of
:mod:`opsbook.imports.xlsx_checks` and :mod:`opsbook.imports.xls_checks`.
"""

import os
import stat
from pathlib import Path

from opsbook.core.errors import DatasetError
from opsbook.core.i18n import pick
from opsbook.imports.charsets import detect_encoding  # noqa: F401 (imported from here)
from opsbook.imports.sheet import (  # noqa: F401 (imported from here too)
    FORMULA,
    MAX_EXPORT_BYTES,
    PREVIEW_BYTES,
    PREVIEW_ROWS,
    Cells,
    Numbering,
    Sheet,
    column_letter,
    normalise_header,
)


def _plain_file(path: Path, shown: str) -> None:
    """Refuse anything but an ordinary file before opening it: a pipe would wait forever, a
    device (/dev/zero) never ends, a folder has no rows."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DatasetError(
            pick(
                f"{shown}: there is no such file — check the name and the folder.",
                f"{shown}：没有这个文件 — 请检查文件名和所在文件夹。",
            )
        ) from None
    except OSError as error:
        raise DatasetError(
            pick(
                f"{shown}: cannot be read ({error.strerror}) — check the file.",
                f"{shown}：无法读取（{error.strerror}）— 请检查文件。",
            )
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise DatasetError(
            pick(
                f"{shown}: is a folder — import the export file inside it.",
                f"{shown}：这是一个文件夹 — 请导入其中的导出文件。",
            )
        )
    if not stat.S_ISREG(info.st_mode):
        raise DatasetError(
            pick(
                f"{shown}: is not an ordinary file (a pipe, socket or device) — save the export "
                "as a file and import that file.",
                f"{shown}：不是普通文件（管道、套接字或设备）— 请把导出保存成文件再导入。",
            )
        )
    if info.st_size > MAX_EXPORT_BYTES:
        raise DatasetError(
            pick(
                f"{shown}: the file is {info.st_size / 1e9:,.1f} GB, more than the course reads "
                f"({MAX_EXPORT_BYTES / 1e9:,.0f} GB) — export a shorter period at a time.",
                f"{shown}：文件有 {info.st_size / 1e9:,.1f} GB，超过本课程能读取的 "
                f"{MAX_EXPORT_BYTES / 1e9:,.0f} GB — 请分段导出较短的时间范围。",
            )
        )


def _not_a_table(shown: str, what: tuple[str, str], fix: tuple[str, str]) -> DatasetError:
    return DatasetError(
        pick(
            f"{shown}: this is {what[0]}, not a table — {fix[0]}", f"{shown}：{what[1]} — {fix[1]}"
        )
    )


_SAVE_AS_XLSX = (
    "open it in Excel or WPS, save it as .xlsx, and import that file.",
    "请用 Excel 或 WPS 打开，另存为 .xlsx 后导入那个文件。",
)


def sniff(head: bytes, shown: str) -> str:
    """What the file is from its first bytes: "zip" (an .xlsx), "xls", or "text" (a CSV);
    anything else is refused with what it is and how to get a table from it."""
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptedPackage".encode("utf-16-le") in head:
            raise DatasetError(
                pick(
                    f"{shown}: the workbook is protected with a password, so it cannot be read "
                    "— open it in Excel or WPS, remove the password (File → Info → Protect "
                    "Workbook), save it, and import it again.",
                    f"{shown}：工作簿设置了打开密码，无法读取 — 请用 Excel 或 WPS 打开，取消"
                    "密码（文件 → 信息 → 保护工作簿）后保存，再导入。",
                )
            )
        return "xls"
    probe = head
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        probe = head[:4096].decode("utf-16", errors="replace").encode("utf-8")
    probe = probe.removeprefix(b"\xef\xbb\xbf").lstrip()[:4096]
    lower = probe.lower()
    if lower.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in lower or b"<workbook" in lower:
            raise _not_a_table(
                shown,
                ("an Excel 2003 XML spreadsheet", "这是 Excel 2003 XML 表格，本课程不读这种格式"),
                _SAVE_AS_XLSX,
            )
        raise _not_a_table(
            shown,
            (
                "a web page (HTML) saved with a spreadsheet's name",
                "这是用表格文件名保存的网页（HTML），本课程不读这种文件",
            ),
            _SAVE_AS_XLSX,
        )
    if lower.startswith(b"mime-version"):
        raise _not_a_table(
            shown,
            ("a saved web archive (MHT)", "这是保存下来的网页归档（MHT），不是表格"),
            _SAVE_AS_XLSX,
        )
    if head.startswith(b"%PDF"):
        raise _not_a_table(
            shown,
            ("a PDF document", "这是 PDF 文档，本课程不读这种文件"),
            (
                "export the report from the platform as Excel or CSV instead.",
                "请在平台上把报表导出为 Excel 或 CSV。",
            ),
        )
    return "text"


def open_export(path: Path, name: str | None = None) -> Sheet:
    """Open a CSV or Excel export (told apart by its first bytes, not its file name)."""
    from opsbook.imports.text import open_text
    from opsbook.imports.workbooks import open_workbook

    path = Path(path)
    shown = name or path.name
    _plain_file(path, shown)
    try:
        # O_NONBLOCK: should the file have become a pipe since the check, do not wait on it
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(handle, "rb") as file:
            head = file.read(PREVIEW_BYTES)
    except OSError as error:
        raise DatasetError(
            pick(
                f"{shown}: cannot be read ({error.strerror}) — check the file.",
                f"{shown}：无法读取（{error.strerror}）— 请检查文件。",
            )
        ) from None
    if not head.strip():
        raise DatasetError(
            pick(
                f"{shown}: the file is empty — export it again from the platform.",
                f"{shown}：文件是空的 — 请在平台上重新导出。",
            )
        )
    kind = sniff(head, shown)
    if kind == "text":
        return open_text(path, shown, head)
    return open_workbook(path, shown, kind)

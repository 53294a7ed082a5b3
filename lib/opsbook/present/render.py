"""Small HTML building blocks for static renderings that read without a kernel (GitHub, exported
pages, slides). Every piece of text passes through :func:`html.escape`."""

import base64
import html
import re
from collections.abc import Iterable, Sequence

from opsbook.present.webfont import font_face

CARD_STYLE = (
    "border:1px solid #d1d5db;border-radius:8px;padding:10px 16px;margin:6px 0;"
    "font-size:15px;line-height:1.5;color:#111827;background:#ffffff"
)


def esc(value: object) -> str:
    """Escape any value for HTML."""
    return html.escape(str(value))


def bullets(items: Iterable[object]) -> str:
    """An HTML bullet list (empty string for no items)."""
    rows = "".join(f"<li>{esc(item)}</li>" for item in items)
    return f'<ul style="margin:2px 0 8px 0">{rows}</ul>' if rows else ""


def section(title: str, body_html: str) -> str:
    """A titled block inside a card; ``body_html`` must already be escaped."""
    if not body_html:
        return ""
    return f"<div><strong>{esc(title)}</strong>{body_html}</div>"


def card(title: str, subtitle: str, sections: Iterable[str]) -> str:
    """A bordered card with a heading, a one-line subtitle and pre-rendered sections."""
    return (
        f'<div style="{CARD_STYLE}"><div style="font-size:18px;font-weight:600">{esc(title)}'
        f'</div><div style="color:#4b5563;margin-bottom:6px">{esc(subtitle)}</div>'
        + "".join(sections)
        + "</div>"
    )


# Characters that change Markdown formatting inside a line (user text never starts a line).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md_escape(text: object) -> str:
    """User text safe inside a Markdown line: HTML escaped, formatting characters backslashed."""
    flat = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def markdown_bullets(items: Iterable[object], checkbox: bool = False) -> list[str]:
    """A Markdown bullet list as lines, every item escaped (``checkbox``: "☐ " before each)."""
    mark = "☐ " if checkbox else ""
    return [f"- {mark}{md_escape(item)}" for item in items]


def markdown_table(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> list[str]:
    """A Markdown table as lines, every cell escaped."""
    lines = ["| " + " | ".join(md_escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return lines


def html_table(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """An HTML table, every cell escaped."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


PAGE_STYLE = """
body{font-family:"Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:60em;
margin:2em auto;padding:0 1em;color:#111827;line-height:1.55}
table{border-collapse:collapse;margin:.4em 0 1.2em}
th,td{border:1px solid #d1d5db;padding:.3em .7em;text-align:left}
th{background:#f3f4f6} .meta,.evidence{color:#4b5563} img,svg{max-width:100%;height:auto}
li{margin:.3em 0}
@media (max-width:640px){body{margin:1em auto;font-size:16px}
table{display:block;max-width:100%;overflow-x:auto}}
"""


def html_page(title: str, body_html: str, language: str = "en") -> str:
    """A self-contained page (documents people download and send on); ``body_html`` must
    already be escaped."""
    fonts = font_face(title + body_html)  # Chinese renders without a Chinese font installed
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{fonts}{PAGE_STYLE}</style></head><body>{body_html}"
        "</body></html>\n"
    )


def data_uri(data: bytes, mime: str) -> str:
    """Embed bytes (a PNG, a document) in a page, so it needs no separate file."""
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def download_link(stem: str, extension: str, data: bytes, mime: str, label: str) -> str:
    """A link that downloads ``data`` as ``<stem>.<extension>`` (in JupyterLab and Voila)."""
    safe = re.sub(r"[^\w-]+", "_", stem).strip("_")[:60] or "document"
    return (
        f'<a download="{esc(safe)}.{extension}" href="{data_uri(data, mime)}">'
        f"{esc(label)} {esc(safe)}.{extension}</a>"
    )

"""Small HTML building blocks for static renderings that read without a kernel (GitHub, exported
pages, slides). Every piece of text passes through :func:`html.escape`."""

import html
import re
from collections.abc import Iterable, Sequence

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


def markdown_table(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> list[str]:
    """A Markdown table as lines, every cell escaped."""
    lines = ["| " + " | ".join(md_escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return lines

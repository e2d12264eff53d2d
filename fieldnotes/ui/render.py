"""Safe HTML for user text: everything is escaped; only our own <mark> and <br> tags are added."""

from __future__ import annotations

import html
from dataclasses import dataclass

from fieldnotes.domain.text import md_escape

__all__ = ["Mark", "badge_html", "md_escape", "text_html"]


@dataclass(frozen=True)
class Mark:
    """A highlighted stretch of text (character offsets) with a colour and a tooltip."""

    start: int
    end: int
    color: str
    title: str


def _escape(text: str) -> str:
    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br/>")


def text_html(text: str, marks: list[Mark] | None = None) -> str:
    """Escaped text with highlighted marks, as one HTML block that markdown will not reinterpret."""
    parts: list[str] = []
    pos = 0
    for mark in sorted(marks or [], key=lambda m: (m.start, -m.end)):
        if mark.start < pos or mark.end <= mark.start or mark.end > len(text):
            continue
        parts.append(_escape(text[pos : mark.start]))
        parts.append(
            f'<mark style="background:{html.escape(mark.color)}33;border-bottom:2px solid {html.escape(mark.color)}"'
            f' title="{html.escape(mark.title, quote=True)}">{_escape(text[mark.start : mark.end])}</mark>'
        )
        pos = mark.end
    parts.append(_escape(text[pos:]))
    return '<div class="fn-text" style="white-space:pre-wrap;line-height:1.5">' + "".join(parts) + "</div>"


def badge_html(label: str, color: str, detail: str = "") -> str:
    """A small coloured theme badge with escaped label and detail."""
    extra = f" <small>{html.escape(detail)}</small>" if detail else ""
    return (
        f'<span style="background:{html.escape(color)}22;border:1px solid {html.escape(color)};border-radius:8px;'
        f'padding:1px 6px;margin-right:4px">{html.escape(label)}{extra}</span>'
    )

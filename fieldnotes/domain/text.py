"""Escaping of user text for Markdown, shared by the Markdown report and the Streamlit labels."""

import re

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&@])")
_LINE_START = re.compile(r"^(\s*(?:\d+(?=\.))?)")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|www)([:.])")


def md_escape(text: str) -> str:
    """Escape user text for CommonMark/GFM so it renders as the same plain text.

    Backslash-escapes the characters that start emphasis, code, links, images, HTML, entities, tables and
    strikethrough; neutralises block markers at a line start (lists, quotes, setext underlines, ordered
    lists) and bare-URL autolinks (GFM turns www. and http: into links). Newlines become spaces: a quote
    stays one paragraph.
    """
    text = " ".join(text.split("\n"))
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    if re.match(r"\s*(?:[-=]|\d+\.)", text):  # list item, setext underline or ordered list
        text = _LINE_START.sub(lambda m: m.group(1) + "\\", text, count=1)
    return _AUTOLINK.sub(lambda m: m.group(1) + "\\" + m.group(2), text)

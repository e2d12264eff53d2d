"""The built-in theme keys, in their fixed reporting order (single source: the domain layer)."""

from __future__ import annotations

from fieldnotes.domain.enums import DEFAULT_THEMES

THEME_KEYS: tuple[str, ...] = tuple(DEFAULT_THEMES)

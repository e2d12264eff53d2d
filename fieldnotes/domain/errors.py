"""Errors that carry a catalogue key so every layer can report them in the user's language."""

from typing import Any


class FieldnotesError(Exception):
    """Base error with a message key from `fieldnotes.i18n` and its parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        from fieldnotes.i18n import t

        return t(self.key, "en", **self.params)


class ValidationError(FieldnotesError):
    """Input that cannot be stored as it is."""


class ImportFileError(FieldnotesError):
    """An import file that cannot be read; nothing of it was stored."""


class NotFoundError(FieldnotesError):
    """A referenced record does not exist (or was deleted)."""

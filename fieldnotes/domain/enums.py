"""Closed vocabularies shared by every layer."""

from enum import StrEnum


class NoteKind(StrEnum):
    """What kind of field note a consultant logged."""

    OBSERVATION = "observation"
    INTERVIEW = "interview"
    REFLECTION = "reflection"


class CodingSource(StrEnum):
    """Where a coding came from: a model suggestion or a human coder."""

    MODEL = "model"
    HUMAN = "human"


class CodingStatus(StrEnum):
    """The human decision on a coding; `suggested` means nobody decided yet."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Language(StrEnum):
    """Languages the NLP pipelines support."""

    NL = "nl"
    EN = "en"


DEFAULT_THEMES: tuple[str, ...] = (
    "silos",
    "no_time",
    "unheard_management",
    "ideas",
    "surprise",
    "customer_impact",
)

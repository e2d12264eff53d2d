"""Department registry: canonical department names and their (Dutch and English) aliases.

The registry is what a consultant maintains per organisation ("KCC" = "klantcontactcentrum" = "contact centre").
Lookups are case-insensitive and tolerant of articles and unit words ("het KCC", "de afdeling Belastingen").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

__all__ = ["DepartmentRegistry", "normalise_department_name", "lookup_key"]

# Leading words that are not part of a department's name ("de afdeling Belastingen" -> "Belastingen").
_LEADING = {
    "de", "het", "'t", "een", "the", "a", "an", "our", "ons", "onze", "hun", "their", "my", "mijn",
    "afdeling", "dienst", "team", "unit", "sector", "directie", "cluster", "bureau",
}
# Trailing unit words ("the IT department" -> "IT", "the parking team" -> "parking") and the unit's people
# ("store staff" -> "store", "the ground handling crew" -> "ground handling": the same unit).
_TRAILING = {"department", "dept", "dept.", "team", "unit", "division", "afdeling", "dienst", "staff", "crew"}
_SPACE = re.compile(r"\s+")
_HYPHEN_UNIT = re.compile(r"[-\u2011](team|afdeling|dienst)$", re.IGNORECASE)


def normalise_department_name(text: str) -> str:
    """Return a department name as written, without articles, possessives and unit words.

    "de afdeling Belastingen" -> "Belastingen", "the IT department" -> "IT", "het ICT-team" -> "ICT",
    "store staff" -> "store".
    A name that consists only of unit words ("de directie") keeps its last word.
    """
    words = _SPACE.sub(" ", text.strip()).strip(" .,;:!?\"'()[]").split(" ")
    words = [w for w in words if w]
    while len(words) > 1 and words[0].lower() in _LEADING:
        words.pop(0)
    while len(words) > 1 and words[-1].lower() in _TRAILING:
        words.pop()
    if words:
        words[-1] = re.sub(r"(['\u2019]s|['\u2019])$", "", words[-1]) or words[-1]
        stripped = _HYPHEN_UNIT.sub("", words[-1])
        if stripped:
            words[-1] = stripped
    return " ".join(words)


def lookup_key(text: str) -> str:
    """Case-insensitive comparison key of a department name (normalised, casefolded)."""
    return normalise_department_name(text).casefold()


class DepartmentRegistry:
    """Canonical department names with aliases; case-insensitive lookup.

    Built from ``{canonical: [aliases]}``; the canonical name is always an alias of itself.
    Instances are immutable after construction and hash by identity, so caches can key on them.
    """

    def __init__(self, departments: Mapping[str, Iterable[str]] | None = None) -> None:
        self._aliases: dict[str, tuple[str, ...]] = {}
        self._index: dict[str, str] = {}
        for canonical, aliases in (departments or {}).items():
            canonical = _SPACE.sub(" ", canonical.strip())
            if not canonical:
                continue
            terms: list[str] = []
            for term in (canonical, *aliases):
                term = _SPACE.sub(" ", term.strip())
                if term and term.casefold() not in {t.casefold() for t in terms}:
                    terms.append(term)
            self._aliases[canonical] = tuple(terms)
            for term in terms:
                # Exact (casefolded) form first; a normalised form only if not taken by another department.
                self._index.setdefault(term.casefold(), canonical)
        for canonical, terms in self._aliases.items():
            for term in terms:
                self._index.setdefault(lookup_key(term), canonical)

    @property
    def canonicals(self) -> list[str]:
        """Canonical names in insertion order."""
        return list(self._aliases)

    def aliases(self, canonical: str) -> tuple[str, ...]:
        """All terms (canonical first) of a canonical department; empty if unknown."""
        return self._aliases.get(canonical, ())

    def terms(self) -> Iterator[tuple[str, str]]:
        """Yield ``(term, canonical)`` for every alias, the canonical names included."""
        for canonical, terms in self._aliases.items():
            for term in terms:
                yield term, canonical

    def lookup(self, name: str) -> str | None:
        """Canonical name for ``name`` (any alias, any case, with or without article/unit word), else None."""
        return self._index.get(name.strip().casefold()) or self._index.get(lookup_key(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.lookup(name) is not None

    def __len__(self) -> int:
        return len(self._aliases)

    def __iter__(self) -> Iterator[str]:
        return iter(self._aliases)

    def to_dict(self) -> dict[str, list[str]]:
        """The registry as ``{canonical: [aliases without the canonical]}``."""
        return {c: list(t[1:]) for c, t in self._aliases.items()}

"""Inter-coder agreement per theme: percent agreement, Cohen's kappa and Krippendorff's alpha.

Input is one record per (unit, coder): the set of themes that coder applied to that unit. A coder who
coded a unit but applied no theme gives an empty set; a unit a coder did not code has no record (missing).
Each theme is judged separately as a nominal yes/no variable: for every coded (unit, coder) the theme is
present (1) or absent (0).

Definitions (the same for every theme):
- ``units``: units coded by at least two coders (the pairable units every statistic is computed on).
- ``coders``: coders with at least one record.
- ``percent_agreement``: for each pairable unit, the share of its coder pairs that agree on the theme;
  averaged over those units (each unit weighs the same). None without pairable units.
- ``cohen_kappa``: only with exactly two coders, on the units both coded; equal to scikit-learn's
  ``cohen_kappa_score``. None otherwise.
- ``krippendorff_alpha``: nominal alpha from the ``krippendorff`` package over all coders, missing allowed.

Degenerate case: when every value on the pairable units is the same (all coders always or never applied the
theme) kappa and alpha are 0/0, mathematically undefined. They are then None, never 1.0 or NaN: perfect
agreement is visible in ``percent_agreement`` (1.0), and None keeps "no variation to judge" apart from
"agreement beyond chance".
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from itertools import combinations

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

__all__ = [
    "CodingRecord",
    "ThemeAgreement",
    "AgreementInputError",
    "agreement_by_theme",
    "disagreements",
    "to_json",
    "parse_jsonl",
]


class AgreementInputError(ValueError):
    """Coding records that cannot be used: malformed JSONL or two records for the same unit and coder."""


@dataclass(frozen=True)
class CodingRecord:
    """The themes one coder applied to one unit (empty: coded, but no theme applies)."""

    unit: str
    coder: str
    themes: frozenset[str]


@dataclass(frozen=True)
class ThemeAgreement:
    """Agreement figures for one theme; None where a statistic is undefined (see module docstring)."""

    units: int
    coders: int
    percent_agreement: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None


RecordLike = CodingRecord | tuple[str, str, Iterable[str]]


def _table(records: Iterable[RecordLike]) -> dict[str, dict[str, frozenset[str]]]:
    """unit -> coder -> themes, refusing a second record for the same unit and coder."""
    table: dict[str, dict[str, frozenset[str]]] = {}
    for record in records:
        unit, coder, themes = (record.unit, record.coder, record.themes) if isinstance(record, CodingRecord) else record
        if isinstance(themes, str):
            raise AgreementInputError(f"themes of unit {unit!r} by coder {coder!r} must be a collection, not a string")
        by_coder = table.setdefault(unit, {})
        if coder in by_coder:
            raise AgreementInputError(f"unit {unit!r} was coded twice by coder {coder!r}")
        by_coder[coder] = frozenset(themes)
    return table


def _all_themes(table: dict[str, dict[str, frozenset[str]]]) -> list[str]:
    return sorted({theme for by_coder in table.values() for themes in by_coder.values() for theme in themes})


def _percent_agreement(columns: list[list[int]]) -> float | None:
    shares = []
    for values in columns:
        pairs = list(combinations(values, 2))
        shares.append(sum(a == b for a, b in pairs) / len(pairs))
    return sum(shares) / len(shares) if shares else None


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _theme_agreement(theme: str, table: dict[str, dict[str, frozenset[str]]], coders: list[str]) -> ThemeAgreement:
    pairable = [unit for unit in sorted(table) if len(table[unit]) >= 2]
    columns = [[int(theme in table[unit][c]) for c in coders if c in table[unit]] for unit in pairable]
    varied = len({v for column in columns for v in column}) == 2

    kappa = None
    if len(coders) == 2 and varied:
        first, second = coders
        both = [unit for unit in pairable if first in table[unit] and second in table[unit]]
        y1 = [int(theme in table[u][first]) for u in both]
        y2 = [int(theme in table[u][second]) for u in both]
        kappa = _finite(cohen_kappa_score(y1, y2))  # pairable == both with two coders, so y1/y2 vary too

    alpha = None
    if varied:
        data = np.full((len(coders), len(pairable)), np.nan)
        for j, unit in enumerate(pairable):
            for i, coder in enumerate(coders):
                if coder in table[unit]:
                    data[i, j] = float(theme in table[unit][coder])
        alpha = _finite(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))

    return ThemeAgreement(
        units=len(pairable),
        coders=len(coders),
        percent_agreement=_percent_agreement(columns),
        cohen_kappa=kappa,
        krippendorff_alpha=alpha,
    )


def agreement_by_theme(records: Iterable[RecordLike], themes: Iterable[str] | None = None) -> dict[str, ThemeAgreement]:
    """Agreement figures per theme; ``themes`` defaults to every theme any coder applied (sorted)."""
    table = _table(records)
    coders = sorted({coder for by_coder in table.values() for coder in by_coder})
    wanted = _all_themes(table) if themes is None else list(dict.fromkeys(themes))
    return {theme: _theme_agreement(theme, table, coders) for theme in wanted}


def disagreements(
    records: Iterable[RecordLike], themes: Iterable[str] | None = None
) -> list[tuple[str, str, dict[str, bool]]]:
    """(unit, theme, {coder: applied?}) for every unit and theme on which its coders differ, for discussion.

    Sorted by unit, then theme; only coders who coded the unit appear.
    """
    table = _table(records)
    wanted = _all_themes(table) if themes is None else list(dict.fromkeys(themes))
    found = []
    for unit in sorted(table):
        by_coder = table[unit]
        if len(by_coder) < 2:
            continue
        for theme in wanted:
            applied = {coder: theme in by_coder[coder] for coder in sorted(by_coder)}
            if len(set(applied.values())) > 1:
                found.append((unit, theme, applied))
    return found


def to_json(agreements: Mapping[str, ThemeAgreement]) -> dict[str, dict[str, int | float | None]]:
    """``{theme: {"units", "coders", "percent_agreement", "cohen_kappa", "krippendorff_alpha"}}``, JSON-ready."""
    return {theme: asdict(figures) for theme, figures in agreements.items()}


def parse_jsonl(lines: Iterable[str]) -> list[CodingRecord]:
    """Parse ``{"unit": str, "coder": str, "themes": [str, ...]}`` lines; blank lines are skipped.

    Errors name the (1-based) line: malformed JSON, missing or mistyped fields, or a unit coded twice by
    the same coder. Extra keys are ignored.
    """
    records: list[CodingRecord] = []
    first_line: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AgreementInputError(f"line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(item, dict):
            raise AgreementInputError(f"line {number}: expected a JSON object")
        for key in ("unit", "coder"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise AgreementInputError(f"line {number}: {key!r} must be a non-empty string")
        themes = item.get("themes")
        if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
            raise AgreementInputError(f"line {number}: 'themes' must be a list of strings")
        key = (item["unit"], item["coder"])
        if key in first_line:
            raise AgreementInputError(
                f"line {number}: unit {key[0]!r} was already coded by {key[1]!r} on line {first_line[key]}"
            )
        first_line[key] = number
        records.append(CodingRecord(item["unit"], item["coder"], frozenset(themes)))
    return records

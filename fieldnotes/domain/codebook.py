"""The default codebook: six culture themes with fixed keys, definitions and colours."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ThemeSpec:
    """A codebook entry as plain data."""

    key: str
    label: str
    definition: str
    inclusion: str = ""
    exclusion: str = ""
    color: str = "#888888"
    cues: dict[str, list[str]] = field(default_factory=dict)
    parent: str | None = None


DEFAULT_CODEBOOK: tuple[ThemeSpec, ...] = (
    ThemeSpec(
        "silos",
        "Silo's",
        "Work is split into compartments that don't connect: departments, functions or systems don't share "
        "information or don't cooperate.",
        "Hand-offs get lost; 'not our department'; the front office cannot see what the back office does; "
        "policy and execution live apart.",
        "A general statement that everyone should cooperate, or a hand-off that works.",
        "#1f77b4",
    ),
    ThemeSpec(
        "no_time",
        "Geen tijd",
        "Workload and lack of time or staff.",
        "Too busy, understaffed, backlogs, overtime, turnover, 'the core business comes first', no time for "
        "improvement or meetings.",
        "Something said to cost time or money; a customer who has no time; a neutral mention of volume.",
        "#ff7f0e",
    ),
    ThemeSpec(
        "unheard_management",
        "Niet-luisterend management",
        "Management does not listen to or involve staff.",
        "Input is dismissed or ignored, decisions are made top-down without the floor, managers are out of "
        "touch or absent.",
        "Colleagues keeping quiet among themselves; management that receives plans well.",
        "#d62728",
    ),
    ThemeSpec(
        "ideas",
        "Ideeën van de vloer",
        "Front-line staff have or bring ideas, suggestions or improvement proposals.",
        "Ideas from the floor are taken up.",
        "The writer's or consultant's own advice or recommendation.",
        "#2ca02c",
    ),
    ThemeSpec(
        "surprise",
        "Verrassingen",
        "One unit is caught off guard by what another unit did.",
        "Letters were sent, a policy changed, a system was updated or a decision was announced without "
        "informing or consulting the unit that has to deal with the consequences.",
        "Someone pleasantly surprised, or a result that someone finds surprising.",
        "#9467bd",
    ),
    ThemeSpec(
        "customer_impact",
        "Klantimpact",
        "An explicit effect on customers, citizens, patients or callers.",
        "Waiting, calling again and again, complaints, getting stuck, wrong information, falling satisfaction.",
        "A general statement about customers, or measuring satisfaction with no effect described.",
        "#8c564b",
    ),
)

DEFAULT_LABELS_NL: dict[str, str] = {spec.key: spec.label for spec in DEFAULT_CODEBOOK}

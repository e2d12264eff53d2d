"""The `fieldnotes_cue_matcher` component: theme cue phrases matched over LEMMA, with negation and "Not:" cases.

Every match is recorded as a `CueHit` in `doc._.fieldnotes_cues` with a status:
- "cue": positive evidence for the theme (also in `doc.spans["fieldnotes_cues"]`, labelled with the theme);
- "negated": a negator governs the cue ("geen probleem met werkdruk", "not understaffed");
- "suppressed": a Not-case of that theme occurs in the same sentence ("aangenaam verrast", "ik adviseer").
Negated and suppressed hits go to `doc.spans["fieldnotes_blocked"]`; Not-case matches to
`doc.spans["fieldnotes_not_cases"]`. Extra cue entries and extra (user-defined) themes can be passed at
construction, so a codebook editor can add themes without touching the built-in lexicon.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

import numpy
from spacy.attrs import IDS, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import hash_string
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from fieldnotes.nlp.cue_lexicon import CLAUSE_BREAKS, CUES, NEGATION_CANCELLERS, NEGATORS, NOT_CASES, TOKEN_CUES
from fieldnotes.nlp.lemmatizer import FieldnotesLemmatizer

CueStatus = Literal["cue", "negated", "suppressed"]

CUE_SPAN_KEY = "fieldnotes_cues"
BLOCKED_SPAN_KEY = "fieldnotes_blocked"
NOT_CASE_SPAN_KEY = "fieldnotes_not_cases"

_COPULAS = frozenset({"is", "zijn", "was", "waren", "valt", "viel", "lijkt", "are", "were", "'s", "seems", "was"})

if not Doc.has_extension("fieldnotes_cues"):
    Doc.set_extension("fieldnotes_cues", default=None)


class GapMatcher:
    """Token patterns with value sets and optional tokens, matched from anchor tokens.

    Supports the subset of spaCy's token-pattern syntax the lexicon uses: LOWER/LEMMA with a value or
    {"IN": [...]}, and "OP": "?" (an empty dict is any token). spaCy's Matcher evaluates set predicates in Python
    for every token and was ~100x slower than the phrase matcher on this lexicon; here only tokens whose value
    can start a pattern are tried, and values are compared as string hashes.
    """

    _ATTRS = ("LOWER", "LEMMA")

    def __init__(self) -> None:
        self._patterns: list[tuple[str, list[tuple[list[tuple[int, frozenset[int]]], bool]]]] = []
        self._anchors: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return len(self._patterns)

    def add(self, key: str, pattern: list[dict[str, object]]) -> None:
        """Add one pattern under a match key; the first token must not be optional."""
        slots: list[tuple[list[tuple[int, frozenset[int]]], bool]] = []
        for token in pattern:
            checks: list[tuple[int, frozenset[int]]] = []
            for attr, value in token.items():
                if attr == "OP":
                    continue
                column = self._ATTRS.index(attr)
                if isinstance(value, dict):
                    checks.append((column, frozenset(hash_string(str(v)) for v in value["IN"])))
                else:
                    checks.append((column, frozenset({hash_string(str(value))})))
            slots.append((checks, token.get("OP") == "?"))
        if not slots or slots[0][1]:
            raise ValueError("a pattern must start with a required token")
        index = len(self._patterns)
        self._patterns.append((key, slots))
        anchor = next((c for c in slots[0][0] if isinstance(c[1], frozenset)), None)
        if anchor is None:
            raise ValueError("the first token of a pattern needs a LOWER or LEMMA value")
        for value in anchor[1]:  # type: ignore[union-attr]
            self._anchors.setdefault(value, []).append(index)

    @staticmethod
    def _fits(row: list[int], checks: list[tuple[int, frozenset[int]]]) -> bool:
        for column, wanted in checks:
            if row[column] not in wanted:
                return False
        return True

    def _longest(self, rows: list[list[int]], slots: list[tuple[list[tuple[int, frozenset[int]]], bool]], i: int, pos: int) -> int:
        if i == len(slots):
            return pos
        checks, optional = slots[i]
        best = -1
        if pos < len(rows) and self._fits(rows[pos], checks):
            best = self._longest(rows, slots, i + 1, pos + 1)
        if optional:
            best = max(best, self._longest(rows, slots, i + 1, pos))
        return best

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(key, start, end) of the longest match of each pattern at each start token."""
        rows = doc.to_array([IDS[a] for a in self._ATTRS]).tolist()
        anchors = self._anchors
        matches: list[tuple[str, int, int]] = []
        for start, (lower, lemma) in enumerate(rows):
            by_lower = anchors.get(lower)
            by_lemma = anchors.get(lemma)
            if by_lower is None and by_lemma is None:
                continue
            for index in set((by_lower or []) + (by_lemma or [])):
                key, slots = self._patterns[index]
                end = self._longest(rows, slots, 0, start)
                if end > start:
                    matches.append((key, start, end))
        return matches


@dataclass(frozen=True)
class CueHit:
    """One cue match: theme, character offsets into the doc text, the matched text and its status."""

    theme: str
    start_char: int
    end_char: int
    text: str
    status: CueStatus


class CueMatcher:
    """Matches per-theme cue phrases and Not-cases; marks negated and suppressed cues."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        themes: list[str] | None,
        extra_cues: dict[str, list[str]],
        extra_not_cases: dict[str, list[str]],
        use_builtin: bool,
        negation_window: int,
    ) -> None:
        self.name = name
        self.lang = nlp.lang
        self.negation_window = negation_window
        builtin_themes = list(CUES) if use_builtin else []
        self.themes: list[str] = list(themes) if themes is not None else builtin_themes
        self.themes += [t for t in list(extra_cues) + list(extra_not_cases) if t not in self.themes]
        self._phrases: dict[str, dict[str, list[str]]] = {"cue": {}, "not": {}}
        self._token_patterns: dict[str, list[list[dict[str, object]]]] = {}
        for theme in self.themes:
            builtin = use_builtin and theme in CUES
            cues = list(CUES[theme].get(self.lang, ())) if builtin else []
            nots = list(NOT_CASES.get(theme, {}).get(self.lang, ())) if builtin else []
            self._phrases["cue"][theme] = cues + list(extra_cues.get(theme, []))
            self._phrases["not"][theme] = nots + list(extra_not_cases.get(theme, []))
            if builtin:
                self._token_patterns[theme] = [list(p) for p in TOKEN_CUES.get(theme, {}).get(self.lang, ())]
        self._nlp = nlp
        self._negators = NEGATORS.get(self.lang, NEGATORS["en"])
        self._cancellers = NEGATION_CANCELLERS.get(self.lang, NEGATION_CANCELLERS["en"])
        self._phrase_matcher: PhraseMatcher | None = None
        self._token_matcher: GapMatcher | None = None

    def _preceding_components(self) -> list[str]:
        names = []
        for pipe_name, _ in self._nlp.pipeline:
            if pipe_name == self.name:
                break
            names.append(pipe_name)
        return names

    def _lemmatize_value(self, value: object, lemmatizer: FieldnotesLemmatizer | None) -> object:
        if lemmatizer is None:
            return value
        if isinstance(value, str):
            return lemmatizer.lemma_of(value)
        if isinstance(value, dict) and "IN" in value:
            return {"IN": sorted({lemmatizer.lemma_of(str(v)) for v in value["IN"]})}
        return value

    def build(self) -> None:
        """Build the matchers: phrase patterns are lemmatized by running them through `nlp.pipe`."""
        preceding = self._preceding_components()
        disable = [name for name in self._nlp.pipe_names if name not in preceding]
        vocab = self._nlp.vocab
        phrase_matcher = PhraseMatcher(vocab, attr="LEMMA")
        for kind, by_theme in self._phrases.items():
            for theme, phrases in by_theme.items():
                unique = sorted(set(p for p in phrases if p.strip()))
                if unique:
                    docs = list(self._nlp.pipe(unique, disable=disable))
                    phrase_matcher.add(f"{kind}|{theme}", docs)
        lemmatizer = next(
            (proc for name, proc in self._nlp.pipeline if name in preceding and isinstance(proc, FieldnotesLemmatizer)),
            None,
        )
        token_matcher = GapMatcher()
        for theme, patterns in self._token_patterns.items():
            for pattern in patterns:
                token_matcher.add(
                    f"cue|{theme}",
                    [{k: (self._lemmatize_value(v, lemmatizer) if k == "LEMMA" else v) for k, v in tok.items()}
                     for tok in pattern],
                )
        self._phrase_matcher, self._token_matcher = phrase_matcher, token_matcher

    def _is_negated(
        self, doc: Doc, start: int, end: int, sent_ids: numpy.ndarray, in_cue: set[int]
    ) -> bool:
        sent = sent_ids[start]
        for i in range(start - 1, max(-1, start - 1 - self.negation_window), -1):
            if sent_ids[i] != sent:
                break
            lower = doc[i].lower_
            if lower in CLAUSE_BREAKS:
                break
            if lower in self._negators and i not in in_cue:
                following = doc[i + 1].lower_ if i + 1 < len(doc) else ""
                if following not in self._cancellers:
                    return True
        # "werkdruk is geen probleem", "the backlog isn't bad": copula + negator right after the cue
        if end + 1 < len(doc) and sent_ids[end + 1] == sent and doc[end].lower_ in _COPULAS:
            return doc[end + 1].lower_ in self._negators
        return False

    def __call__(self, doc: Doc) -> Doc:
        if self._phrase_matcher is None or self._token_matcher is None:
            self.build()
        assert self._phrase_matcher is not None and self._token_matcher is not None
        strings = doc.vocab.strings
        raw = self._phrase_matcher(doc) if len(self._phrase_matcher) else []
        if len(self._token_matcher):
            raw += [(strings[key], start, end) for key, start, end in self._token_matcher(doc)]
        if not raw:
            doc._.fieldnotes_cues = []
            doc.spans[CUE_SPAN_KEY] = []
            doc.spans[BLOCKED_SPAN_KEY] = []
            doc.spans[NOT_CASE_SPAN_KEY] = []
            return doc
        sent_ids = numpy.cumsum(doc.to_array([SENT_START]) == 1)
        cue_spans: dict[str, list[Span]] = {}
        not_spans: list[Span] = []
        for match_id, start, end in raw:
            kind, theme = strings[match_id].split("|", 1)
            span = Span(doc, start, end, label=theme)
            if kind == "not":
                not_spans.append(span)
            else:
                cue_spans.setdefault(theme, []).append(span)
        in_cue = {i for spans in cue_spans.values() for span in spans for i in range(span.start, span.end)}
        not_sents = {(span.label_, int(sent_ids[span.start])) for span in not_spans}
        hits: list[CueHit] = []
        active: list[Span] = []
        blocked: list[Span] = []
        for theme, spans in cue_spans.items():
            for span in filter_spans(spans):
                if (theme, int(sent_ids[span.start])) in not_sents:
                    status: CueStatus = "suppressed"
                elif self._is_negated(doc, span.start, span.end, sent_ids, in_cue):
                    status = "negated"
                else:
                    status = "cue"
                (active if status == "cue" else blocked).append(span)
                hits.append(CueHit(theme, span.start_char, span.end_char, span.text, status))
        hits.sort(key=lambda h: (h.start_char, h.end_char, h.theme))
        doc._.fieldnotes_cues = hits
        doc.spans[CUE_SPAN_KEY] = sorted(active, key=lambda s: s.start)
        doc.spans[BLOCKED_SPAN_KEY] = sorted(blocked, key=lambda s: s.start)
        doc.spans[NOT_CASE_SPAN_KEY] = not_spans
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


def cue_hits(doc: Doc) -> list[CueHit]:
    """The cue hits a doc got from the cue matcher (empty when it did not run)."""
    return doc._.fieldnotes_cues or []


@Language.factory(
    "fieldnotes_cue_matcher",
    default_config={
        "themes": None,
        "extra_cues": {},
        "extra_not_cases": {},
        "use_builtin": True,
        "negation_window": 3,
    },
)
def make_cue_matcher(
    nlp: Language,
    name: str,
    *,
    themes: list[str] | None,
    extra_cues: dict[str, list[str]],
    extra_not_cases: dict[str, list[str]],
    use_builtin: bool,
    negation_window: int,
) -> CueMatcher:
    """Factory for the theme cue matcher (extra cues/themes for user-defined codebooks)."""
    return CueMatcher(
        nlp,
        name,
        themes=themes,
        extra_cues=extra_cues,
        extra_not_cases=extra_not_cases,
        use_builtin=use_builtin,
        negation_window=negation_window,
    )

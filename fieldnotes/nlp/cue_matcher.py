"""The `fieldnotes_cue_matcher` component: theme cue phrases matched over LEMMA, with negation and "Not:" cases.

Every match is recorded as a `CueHit` (theme, char offsets, text, status) in `doc._.fieldnotes_cues`:
- "cue": positive evidence for the theme;
- "negated": a negator governs the cue ("geen probleem met werkdruk", "not understaffed");
- "suppressed": a Not-case of that theme occurs in the same sentence ("aangenaam verrast", "ik adviseer");
- "not_case": the Not-case phrase itself.
`add_span_groups(doc)` copies them into `doc.spans["fieldnotes_cues" | "fieldnotes_blocked" |
"fieldnotes_not_cases"]` (label = theme) when spaCy span groups are wanted. Extra cue entries and extra (user-defined) themes can be passed at
construction, so a codebook editor can add themes without touching the built-in lexicon.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy
from spacy.attrs import IDS, IDX, LEMMA, LENGTH, LOWER, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

from fieldnotes.nlp.cue_lexicon import CLAUSE_BREAKS, CUES, NEGATION_CANCELLERS, NEGATORS, NOT_CASES, TOKEN_CUES
from fieldnotes.nlp.lemmatizer import FieldnotesLemmatizer
from fieldnotes.nlp.token_columns import columns

CueStatus = Literal["cue", "negated", "suppressed", "not_case"]

CUE_SPAN_KEY = "fieldnotes_cues"
BLOCKED_SPAN_KEY = "fieldnotes_blocked"
NOT_CASE_SPAN_KEY = "fieldnotes_not_cases"

_COPULAS = frozenset({"is", "zijn", "was", "waren", "valt", "viel", "lijkt", "are", "were", "'s", "seems"})

if not Doc.has_extension("fieldnotes_cues"):
    Doc.set_extension("fieldnotes_cues", default=None)
# where spaCy's Underscore keeps doc._.fieldnotes_cues in doc.user_data; written and read directly on the hot path
# because `doc._` builds a new Underscore object on every access
_CUES_KEY = ("._.", "fieldnotes_cues", None, None)


def _hashes(words: Iterable[str]) -> frozenset[int]:
    return frozenset(hash_string(w) for w in words)


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
        self.anchor_words: set[str] = set()
        self._key_values: list[frozenset[int]] = []

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
        first = pattern[0].get("LOWER")
        if first is None:
            raise ValueError("the first token of a pattern needs a LOWER value")
        self.anchor_words.update(str(v) for v in (first["IN"] if isinstance(first, dict) else [first]))
        anchor = next(c for c in slots[0][0] if c[0] == 0)
        for value in anchor[1]:  # type: ignore[union-attr]
            self._anchors.setdefault(value, []).append(index)
        # the last required token's values: a cheap pre-filter (the pattern cannot match without one of them)
        self._key_values.append([values for checks, optional in slots if not optional for _, values in checks][-1])

    @staticmethod
    def _fits(lowers: list[int], lemmas: list[int], pos: int, checks: list[tuple[int, frozenset[int]]]) -> bool:
        for column, wanted in checks:
            if (lemmas if column else lowers)[pos] not in wanted:
                return False
        return True

    def _longest(
        self,
        lowers: list[int],
        lemmas: list[int],
        slots: list[tuple[list[tuple[int, frozenset[int]]], bool]],
        i: int,
        pos: int,
    ) -> int:
        if i == len(slots):
            return pos
        checks, optional = slots[i]
        best = -1
        if pos < len(lowers) and self._fits(lowers, lemmas, pos, checks):
            best = self._longest(lowers, lemmas, slots, i + 1, pos + 1)
        if optional:
            best = max(best, self._longest(lowers, lemmas, slots, i + 1, pos))
        return best

    def __call__(self, doc: Doc, starts: Iterable[int] | None = None) -> list[tuple[str, int, int]]:
        """(key, start, end) of the longest match of each pattern at each start token.

        `starts`: token positions where an anchor word occurs (the cue matcher finds them with a PhraseMatcher);
        None scans every token.
        """
        lowers, lemmas = (column.tolist() for column in columns(doc, [IDS[a] for a in self._ATTRS]))
        return self.match(lowers, lemmas, range(len(lowers)) if starts is None else starts)

    def match(self, lowers: list[int], lemmas: list[int], starts: Iterable[int]) -> list[tuple[str, int, int]]:
        """`__call__` over a doc's LOWER and LEMMA hashes (the cue matcher already has them as lists)."""
        present = set(lowers)
        present.update(lemmas)
        candidates = {index for index, values in enumerate(self._key_values) if not present.isdisjoint(values)}
        if not candidates:
            return []
        anchors = self._anchors
        matches: list[tuple[str, int, int]] = []
        for start in set(starts):
            # a pattern anchored on a value can only match where LOWER has that value: LEMMA need not be looked up
            anchored = anchors.get(lowers[start])
            if anchored is None:
                continue
            for index in candidates.intersection(anchored):
                key, slots = self._patterns[index]
                end = self._longest(lowers, lemmas, slots, 0, start)
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
        self._negators = _hashes(NEGATORS.get(self.lang, NEGATORS["en"]))
        self._cancellers = _hashes(NEGATION_CANCELLERS.get(self.lang, NEGATION_CANCELLERS["en"]))
        self._breaks = _hashes(CLAUSE_BREAKS)
        self._copulas = _hashes(_COPULAS)
        self._phrase_matcher: PhraseMatcher | None = None
        self._token_matcher: GapMatcher | None = None
        self._anchor_matcher: PhraseMatcher | None = None

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
                unique = sorted({p for p in phrases if p.strip()})
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
        anchor_matcher = PhraseMatcher(vocab, attr="LOWER")
        if token_matcher.anchor_words:
            anchor_matcher.add("anchor", list(self._nlp.tokenizer.pipe(sorted(token_matcher.anchor_words))))
        self._phrase_matcher, self._token_matcher = phrase_matcher, token_matcher
        self._anchor_matcher = anchor_matcher

    def _is_negated(self, lowers: list[int], sent_ids: list[int], start: int, end: int, in_cue: set[int]) -> bool:
        """A negator shortly before the cue in its clause, or copula + negator right after it."""
        sent = sent_ids[start]
        for i in range(start - 1, max(-1, start - 1 - self.negation_window), -1):
            if sent_ids[i] != sent or lowers[i] in self._breaks:
                break
            if lowers[i] in self._negators and i not in in_cue:
                following = lowers[i + 1] if i + 1 < len(lowers) else 0
                if following not in self._cancellers:
                    return True
        # "werkdruk is geen probleem", "the backlog isn't bad": copula + negator right after the cue
        if end + 1 < len(lowers) and sent_ids[end + 1] == sent and lowers[end] in self._copulas:
            return lowers[end + 1] in self._negators
        return False

    def __call__(self, doc: Doc) -> Doc:
        if self._phrase_matcher is None or self._token_matcher is None:
            self.build()
        assert self._phrase_matcher is not None and self._token_matcher is not None
        strings = doc.vocab.strings
        raw = [(strings[key], start, end) for key, start, end in self._phrase_matcher(doc)] if len(
            self._phrase_matcher
        ) else []
        starts = (
            [start for _, start, _ in self._anchor_matcher(doc)]
            if len(self._token_matcher) and self._anchor_matcher is not None
            else []
        )
        if not raw and not starts:
            doc.user_data[_CUES_KEY] = []
            return doc
        # token arrays instead of Token/Span objects: this runs on most passages
        lowers, lemmas = (column.tolist() for column in columns(doc, [LOWER, LEMMA]))
        if starts:
            raw += self._token_matcher.match(lowers, lemmas, starts)
        if not raw:
            doc.user_data[_CUES_KEY] = []
            return doc
        sent_starts, idx_column, length_column = columns(doc, [SENT_START, IDX, LENGTH])
        sent_ids = numpy.cumsum(sent_starts == 1).tolist()
        idx, length = idx_column.tolist(), length_column.tolist()
        cues: dict[str, list[tuple[int, int]]] = {}
        not_cases: list[tuple[str, int, int]] = []
        for key, start, end in raw:
            kind, theme = key.split("|", 1)
            if kind == "not":
                not_cases.append((theme, start, end))
            else:
                cues.setdefault(theme, []).append((start, end))
        in_cue = {i for spans in cues.values() for start, end in spans for i in range(start, end)}
        not_sents = {(theme, sent_ids[start]) for theme, start, _ in not_cases}
        hits: list[CueHit] = []

        def hit(theme: str, start: int, end: int, status: CueStatus) -> CueHit:
            start_char, end_char = idx[start], idx[end - 1] + length[end - 1]
            # doc.text would rebuild the whole text from Token objects; join just the span's tokens
            text = "".join(doc[i].text_with_ws for i in range(start, end - 1)) + doc[end - 1].text
            return CueHit(theme, start_char, end_char, text, status)

        for theme, spans in cues.items():
            for start, end in _longest_first(spans):
                if (theme, sent_ids[start]) in not_sents:
                    status: CueStatus = "suppressed"
                elif self._is_negated(lowers, sent_ids, start, end, in_cue):
                    status = "negated"
                else:
                    status = "cue"
                hits.append(hit(theme, start, end, status))
        hits += [hit(theme, start, end, "not_case") for theme, start, end in not_cases]
        hits.sort(key=lambda h: (h.start_char, h.end_char, h.theme))
        doc.user_data[_CUES_KEY] = hits
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) token spans, preferring longer ones (like spacy.util.filter_spans)."""
    kept: list[tuple[int, int]] = []
    taken: set[int] = set()
    for start, end in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if not taken.intersection(range(start, end)):
            kept.append((start, end))
            taken.update(range(start, end))
    return sorted(kept)


def cue_hits(doc: Doc) -> list[CueHit]:
    """The cue and Not-case hits a doc got from the cue matcher (empty when it did not run)."""
    return doc.user_data.get(_CUES_KEY) or []


def add_span_groups(doc: Doc) -> Doc:
    """Copy the hits into `doc.spans` (cues, blocked cues, Not-cases; span label = theme), e.g. for displaCy.

    Not done inside the component: creating span groups for every doc cost ~15% of tagging time.
    """
    groups: dict[str, list[Span]] = {CUE_SPAN_KEY: [], BLOCKED_SPAN_KEY: [], NOT_CASE_SPAN_KEY: []}
    key_of = {"cue": CUE_SPAN_KEY, "negated": BLOCKED_SPAN_KEY, "suppressed": BLOCKED_SPAN_KEY}
    for hit in cue_hits(doc):
        span = doc.char_span(hit.start_char, hit.end_char, label=hit.theme)
        if span is not None:
            groups[key_of.get(hit.status, NOT_CASE_SPAN_KEY)].append(span)
    for key, spans in groups.items():
        doc.spans[key] = spans
    return doc


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

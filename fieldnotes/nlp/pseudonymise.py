"""Replace person names in quotes by role labels or numbered placeholders, with a review list.

Before a consultant shows quotes to management, names must go: "Petra zei dat Jan het niet wist" becomes
"[teamleider] zei dat [PERSOON-1] het niet wist". Each replacement is reported with its offsets in the
original text so the consultant can review (and undo) it before presenting.

Names are found by three detectors whose spans are merged:

1. known names: the names the user entered (consultants, staff) and the keys of the role mapping, matched
   as whole words, case-insensitively;
2. deduce 3 (Dutch de-identification): only its `names` group (first names, surnames, initials, titles
   with names, interfixes); its dates, locations, institutions, phone numbers etc. are never run;
3. patterns for both languages that need no lookup list: a title or honorific followed by a capitalised
   word ("Mr. Okafor", "Dr Lindqvist", "mevrouw Bakker") and a relation word followed by a capitalised word
   ("my manager Xandra", "onze teamleider Ilse").

Every other occurrence of a detected name, or of one of its words, is replaced too ("Okafor" after
"Mr. Okafor"), so a name cannot slip through where no detector fires.

deduce's first-name list is international, so it also finds most English first names. Its spans are then
filtered: spans that overlap words the caller wants kept (department names) are cut before that word;
month, weekday and function words are trimmed off their ends ("In May", "My"); and sentence-initial
single words that are common English words as well as names ("Will", "Mark") are dropped unless a
speech verb follows ("Grace said"). Leading titles and relation words stay in the text
("dhr. [PERSOON-1]", "collega [PERSOON-2]").

deduce builds its lookup structures once per installation (1.5–3.5 minutes, written as a pickle next to
its data) and then loads them in a few seconds per process. `warm_up()` does both ahead of time; the
Deduce object is a lazy module-level singleton, so a process pays the load once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from fieldnotes.domain.report import Quote

if TYPE_CHECKING:
    from deduce import Deduce

log = logging.getLogger(__name__)

PLACEHOLDER = {"nl": "PERSOON", "en": "PERSON"}
"""Word in the numbered placeholder per language: [PERSOON-1] / [PERSON-1]."""

DEDUCE_PROCESSORS: frozenset[str] = frozenset(
    {
        "names", "prefix_with_initial", "prefix_with_interfix", "prefix_with_name", "interfix_with_name",
        "initial_with_name", "initial_interfix", "first_name_lookup", "surname_lookup", "name_context",
        "person_annotation_converter", "post_processing", "overlap_resolver",
    }
)
"""The deduce processors that are run: its person-name annotators and the post-processing that merges
their spans. Locations, institutions, dates, ages, identifiers, phone numbers, e-mail and URLs are off, and
so is merging adjacent annotations, which glues names across sentence ends ("Jan. Petra")."""

PERSON_TAGS: frozenset[str] = frozenset({"persoon", "patient"})
"""deduce tags (after its person annotation converter) that mark a person."""

_TITLES = (
    r"de\s+heer|mevrouw|mevr\.?|mw\.?|dhr\.?|meneer|mijnheer|mej\.?|juffrouw|collega|dr\.?|drs\.?|ir\.?|ing\.?"
    r"|mr\.?|mrs\.?|ms\.?|miss|mx\.?|prof\.?|sir|dame|lady|lord"
)
_RELATIONS = (
    r"manager|boss|colleague|supervisor|team\s?lead(?:er)?|director|coach|assistant|secretary|mentor|buddy"
    r"|leidinggevende|collega|teamleider|teamleidster|directeur|baas|chef|afdelingshoofd|co[öo]rdinator"
)
_OWNERS = r"my|our|his|her|their|the|mijn|onze|ons|zijn|haar|hun|de|het|m'n|z'n"
_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’-]+"
_TITLE_NAME = re.compile(rf"(?<!\w)(?i:{_TITLES})\s+(?P<name>{_NAME}(?:\s+{_NAME})?)")
_RELATION_NAME = re.compile(rf"(?<!\w)(?i:{_OWNERS})\s+(?i:{_RELATIONS}),?\s+(?P<name>{_NAME}(?:\s+{_NAME})?)")
_LEADING_TITLE = re.compile(rf"(?i:{_TITLES})(?:\s+|(?<=\.))")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;…]\s+|\n\s*|[\"“„'‘(]\s*)$")
_WORD = re.compile(r"[\w'’-]+")
_TRAILING_LINK = re.compile(r"(?:\s+(?:van|de|der|den|het|ter|ten|te|op|in|bij|from|of|at)\b)*[\s,.-]*$", re.IGNORECASE)
_INTERFIXES = frozenset(["van", "de", "der", "den", "het", "ter", "ten", "te", "in", "'t", "op", "el", "al", "la", "le", "du", "da", "di", "von", "zu"])

CALENDAR_WORDS: frozenset[str] = frozenset(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "januari", "februari", "maart", "mei", "juni", "juli", "augustus", "oktober", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
)
"""Month and weekday names: never a name on their own ("in May", "op Maandag")."""

FUNCTION_WORDS: frozenset[str] = frozenset(
    ["i", "my", "me", "we", "our", "us", "you", "your", "he", "his", "him", "she", "her", "they", "their", "them", "it", "its", "a", "an", "the", "this", "that", "these", "those", "there", "then", "thanks", "so", "and", "but", "or", "if", "when", "while", "after", "before", "also", "again", "just", "still", "in", "on", "at", "of", "to", "for", "with", "by", "from", "as", "said", "says", "asked", "told", "today", "tomorrow", "yesterday", "please", "sorry", "hello", "dear", "later", "ik", "mijn", "wij", "we", "onze", "ons", "jij", "je", "jouw", "u", "uw", "hij", "zijn", "zij", "ze", "haar", "hun", "een", "dat", "dit", "deze", "die", "toen", "maar", "en", "of", "als", "dus", "daarna", "ook", "nog", "wel", "niet", "op", "bij", "naar", "met", "voor", "zei", "vandaag", "morgen", "gisteren"]
)
"""Function words (and month/weekday names, see `CALENDAR_WORDS`) are never a name on their own; deduce
spans lose them at either end ("My", "In May Mark" -> "Mark"). Dutch interfixes are not in it: "De Vries"
is a surname."""

AMBIGUOUS_NAMES: frozenset[str] = frozenset(
    ["will", "mark", "bill", "grace", "hope", "faith", "joy", "rose", "summer", "dawn", "rich", "sue", "art", "frank", "pat", "jack", "sky", "iris", "ruby", "amber", "daisy", "holly", "ivy", "lily", "violet", "crystal", "penny", "sandy", "rusty", "chase", "hunter", "page", "carol"]
)
"""First names that open a sentence far more often as ordinary English words ("Will the team...",
"Mark my words"): a sentence-initial one-word deduce span made of one of these is dropped unless a
speech verb follows ("Grace said")."""

SPEECH_VERBS: frozenset[str] = frozenset(
    ["said", "says", "told", "asked", "thinks", "thought", "felt", "feels", "explained", "added", "replied", "zei", "zegt", "vertelde", "vroeg", "vindt", "vond", "dacht", "legde", "antwoordde"]
)


@dataclass(frozen=True)
class Replacement:
    """One replaced name: `original` is `text[start:end]` of the original text."""

    original: str
    replacement: str
    start: int
    end: int


@dataclass(frozen=True)
class PseudonymisedText:
    """The text with names replaced, and what was replaced where (offsets in the original text)."""

    text: str
    replacements: tuple[Replacement, ...]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    source: str  # "known", "deduce", "pattern" or "echo"


_deduce: Deduce | None = None
_deduce_lock = threading.Lock()


def get_deduce() -> Deduce:
    """The process-wide Deduce instance, created on first use (builds deduce's lookup cache if missing)."""
    global _deduce
    if _deduce is None:
        with _deduce_lock:
            if _deduce is None:
                started = time.perf_counter()
                _deduce = _import_deduce()()
                log.info("deduce ready in %.1f s", time.perf_counter() - started)
    return _deduce


def _import_deduce() -> type[Deduce]:
    """Import deduce without letting it take over logging: deduce 3.0 calls
    `logging.basicConfig(stream=sys.stdout, level=DEBUG)` at import, which would print every DEBUG record of
    the app (and of kaleido/choreographer) to stdout. The root logger's handlers and level are restored."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    from deduce import Deduce

    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return Deduce


def warm_up() -> float:
    """Load deduce (building its lookup cache if needed) and run it once; returns the seconds it took.

    Call at install time or in CI so the first real request does not wait for the cache build, and in a
    background thread at app start so the first pseudonymisation does not wait for the load.
    """
    started = time.perf_counter()
    get_deduce().deidentify("Petra de Vries sprak met Jan.", enabled=set(DEDUCE_PROCESSORS))
    return time.perf_counter() - started


_worker: ProcessPoolExecutor | None = None


def start_worker() -> Future[float]:
    """From now on run deduce in one separate worker process, and load it there; returns the warm-up's future.

    Loading deduce is 14-44 s of pure-Python work. In the app's own process it held the GIL against the web
    server, and pages opened meanwhile took twice as long (first page 2.7 s -> 5.6 s); in a worker process it uses
    the other core and the app stays responsive.
    """
    global _worker
    if _worker is None:
        # lowest CPU priority: on a small laptop the load must not slow the pages either
        _worker = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=os.nice, initargs=(19,)
        )
    return _worker.submit(warm_up)


def _deidentify(text: str) -> list[tuple[str, int, int]]:
    """deduce's annotations of `text` as (tag, start, end): picklable, so the worker can return them."""
    doc = get_deduce().deidentify(text, enabled=set(DEDUCE_PROCESSORS))
    return [(ann.tag, ann.start_char, ann.end_char) for ann in doc.annotations]


def _annotations(text: str) -> list[tuple[str, int, int]]:
    """deduce's annotations, from the worker process when one was started, else in this process."""
    if _worker is not None:
        return _worker.submit(_deidentify, text).result()
    return _deidentify(text)


def pseudonymise(
    text: str,
    lang: str = "nl",
    *,
    known_names: Iterable[str] = (),
    roles: Mapping[str, str] | None = None,
    keep: Iterable[str] = (),
    use_deduce: bool = True,
) -> PseudonymisedText:
    """Replace person names in `text` and list each replacement.

    `known_names`: names that are always replaced (consultants, staff). `roles`: name -> role label
    ("Petra" -> "[teamleider]"; a label without brackets gets them); a role applies to every detected name
    that shares all its words with the key or vice versa ("Petra de Vries" for key "Petra"). `keep`: words
    never replaced, such as department names. Other names become `[PERSOON-n]` (`[PERSON-n]` for 'en'),
    numbered in order of first appearance; the same person (same words, or a subset such as "Sarah" after
    "Sarah Johnson") keeps the same number within this text. `use_deduce=False` runs only the known-name
    and pattern detectors (fast, no lookup lists).
    """
    roles = dict(roles or {})
    keep_spans = _keep_spans(text, keep)
    spans = _known_spans(text, [*known_names, *roles])
    spans += _pattern_spans(text)
    if use_deduce:
        spans += _deduce_spans(text)
    spans = _merge([s for s in (_clip(text, s, keep_spans) for s in spans) if s is not None])
    echoes = [s for s in (_clip(text, s, keep_spans) for s in _echo_spans(text, spans)) if s is not None]
    return _apply(text, _merge(spans + echoes), lang, roles)


def pseudonymise_quotes(
    quotes: Mapping[str, Sequence[Quote]],
    lang: str = "nl",
    *,
    known_names: Iterable[str] = (),
    roles: Mapping[str, str] | None = None,
    keep: Iterable[str] = (),
    use_deduce: bool = True,
) -> tuple[dict[str, tuple[Quote, ...]], list[tuple[Quote, PseudonymisedText]]]:
    """Pseudonymise every quote of a report; returns the new quotes and, per original quote, its review.

    Department names of the quotes are always kept, in addition to `keep`.
    """
    names = list(known_names)
    keep_words = {*keep, *(q.department for qs in quotes.values() for q in qs if q.department)}
    new: dict[str, tuple[Quote, ...]] = {}
    review: list[tuple[Quote, PseudonymisedText]] = []
    for theme, items in quotes.items():
        changed = []
        for quote in items:
            result = pseudonymise(
                quote.text, lang, known_names=names, roles=roles, keep=keep_words, use_deduce=use_deduce
            )
            review.append((quote, result))
            changed.append(replace(quote, text=result.text))
        new[theme] = tuple(changed)
    return new, review


def _word_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as whole words, case-insensitive, any whitespace between its words."""
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def _keep_spans(text: str, keep: Iterable[str]) -> list[tuple[int, int]]:
    return [m.span() for phrase in keep if phrase.strip() for m in _word_pattern(phrase).finditer(text)]


def _known_spans(text: str, names: Iterable[str]) -> list[_Span]:
    found: list[_Span] = []
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        found += [_Span(*m.span(), "known") for m in _word_pattern(name).finditer(text)]
    return found


def _pattern_spans(text: str) -> list[_Span]:
    found = []
    for pattern in (_TITLE_NAME, _RELATION_NAME):
        for m in pattern.finditer(text):
            # keep the name words up to the first calendar or function word: "Mr. Brown Said" -> "Brown"
            words = [w for w in _WORD.finditer(text, *m.span("name"))]
            while words and words[-1].group().lower() in CALENDAR_WORDS | FUNCTION_WORDS:
                words.pop()
            if words:
                found.append(_Span(words[0].start(), words[-1].end(), "pattern"))
    return found


def _deduce_spans(text: str) -> list[_Span]:
    found = []
    for tag, start, end in _annotations(text):
        if tag not in PERSON_TAGS and "naam" not in tag and "initia" not in tag:
            continue
        while (title := _LEADING_TITLE.match(text, start, end)) is not None and title.end() < end:
            start = title.end()
        words = list(_WORD.finditer(text, start, end))
        while words and words[0].group().lower() in CALENDAR_WORDS | FUNCTION_WORDS:
            words.pop(0)
        while words and words[-1].group().lower() in CALENDAR_WORDS | FUNCTION_WORDS:
            words.pop()
        if not words:
            continue
        start, end = max(start, words[0].start()), words[-1].end()
        if len(words) == 1 and words[0].group().lower() in AMBIGUOUS_NAMES and _SENTENCE_START.search(text[:start]):
            following = _WORD.search(text, end)
            if following is None or following.group().lower() not in SPEECH_VERBS:
                continue
        found.append(_Span(start, end, "deduce"))
    return found


def _echo_spans(text: str, spans: list[_Span]) -> list[_Span]:
    """Other occurrences of detected names and of their words ("Okafor" after "Mr. Okafor", "Smith" after
    "John Smith"), matched case-sensitively so "Rose" does not catch "rose"."""
    phrases: set[str] = set()
    for span in spans:
        found = text[span.start:span.end]
        phrases.add(found)
        phrases.update(
            w for w in _WORD.findall(found)
            if len(w) > 1 and w[0].isupper() and w.lower() not in _INTERFIXES | FUNCTION_WORDS | CALENDAR_WORDS
        )
    echoes = []
    for phrase in phrases:
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?!\w)")
        echoes += [_Span(*m.span(), "echo") for m in pattern.finditer(text)]
    return echoes


def _clip(text: str, span: _Span, keep: list[tuple[int, int]]) -> _Span | None:
    """Cut a span before the first kept phrase inside it ("Petra van Klantcontact" -> "Petra")."""
    end = span.end
    for k_start, k_end in keep:
        if k_start < end and k_end > span.start:
            if k_start <= span.start:
                return None
            end = min(end, k_start)
    if end == span.end:
        return span
    head = text[span.start:end]
    head = _TRAILING_LINK.sub("", head)
    return _Span(span.start, span.start + len(head), span.source) if head.strip() else None


def _merge(spans: list[_Span]) -> list[_Span]:
    """Union of overlapping spans, in text order."""
    merged: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = _Span(last.start, max(last.end, span.end), last.source)
        else:
            merged.append(span)
    return merged


def _words(name: str) -> frozenset[str]:
    """The identifying words of a name: lowercased, without titles, interfixes and initials."""
    name = name.strip()
    while (title := _LEADING_TITLE.match(name)) is not None and title.end() < len(name):
        name = name[title.end():]
    words = {w.lower() for w in _WORD.findall(name) if len(w) > 1} - _INTERFIXES
    return frozenset(words) or frozenset({name.lower()})


def _role_label(words: frozenset[str], roles: Mapping[str, str]) -> str | None:
    for key, label in roles.items():
        key_words = _words(key)
        if key_words <= words or words <= key_words:
            label = label.strip()
            return label if label.startswith("[") else f"[{label}]"
    return None


def _apply(text: str, spans: list[_Span], lang: str, roles: Mapping[str, str]) -> PseudonymisedText:
    word = PLACEHOLDER.get(lang, PLACEHOLDER["en"])
    people: list[tuple[frozenset[str], str]] = []  # words of each person seen, and their label
    numbered = 0
    replacements = []
    out: list[str] = []
    cursor = 0
    for span in spans:
        original = text[span.start:span.end]
        words = _words(original)
        label = _role_label(words, roles) or next((lab for ws, lab in people if words <= ws or ws <= words), None)
        if label is None:
            numbered += 1
            label = f"[{word}-{numbered}]"
        people.append((words, label))
        replacements.append(Replacement(original, label, span.start, span.end))
        out += [text[cursor:span.start], label]
        cursor = span.end
    out.append(text[cursor:])
    return PseudonymisedText("".join(out), tuple(replacements))

"""Department mentions in free text.

A PhraseMatcher (attr LOWER) over the registry's names and aliases finds known departments; generic token
patterns ("afdeling X", "team X", "de dienst X", "het X-team", "the X department", "the X team", "X department")
find departments the registry does not know yet, so the UI can offer them to the consultant to add or ignore.
Without a registry, a small built-in list of common unit words (KCC, servicedesk, the warehouse, ...) is used as
well and every department is returned as written in the text, normalised (no article, no unit word).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, filter_spans

from fieldnotes.network.registry import DepartmentRegistry, normalise_department_name

__all__ = ["Mention", "find_mentions", "unknown_mentions", "mentions_in_doc", "parse", "pipeline"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One department mention: registry canonical name (or None), surface text and character offsets."""

    canonical: str | None
    text: str
    start: int
    end: int
    known: bool

    @property
    def name(self) -> str:
        """Canonical name when known, otherwise the surface text normalised ("de afdeling X" -> "X")."""
        return self.canonical if self.canonical is not None else normalise_department_name(self.text)


# A capitalised word, an acronym or a code such as "C3" / "P&O" / "ICT".
# Capitalised words that are not names (sentence-initial determiners and the like).
_NOT_NAMES_CAP = ["The", "A", "An", "This", "That", "These", "Those", "Our", "Their", "My", "Your", "Every", "Each",
                  "Whole", "Same", "New", "Other", "Het", "De", "Een", "Dit", "Dat", "Deze", "Die", "Ons", "Onze",
                  "Hun", "Zijn", "Haar", "Mijn", "Elk", "Elke", "Ieder", "Iedere", "Heel", "Hele", "Nieuwe", "Ander",
                  "Andere", "Ook", "En", "And", "Maar", "But", "Het", "Dan", "Then", "Wij", "We", "Ik", "I"]
# A capitalised word, an acronym or a code such as "C3" / "P&O" / "ICT".
_CAP = {"TEXT": {"REGEX": r"^(?:[A-Z\u00C0-\u00DE][\w&.'\u2019]*|[0-9]+[A-Za-z][\w]*)$", "NOT_IN": _NOT_NAMES_CAP}}
_CAP_OPT = {"TEXT": {"REGEX": r"^(?:[A-Z\u00C0-\u00DE][\w&'\u2019]*|[A-Z0-9&]{2,})$", "NOT_IN": _NOT_NAMES_CAP},
            "OP": "?"}
_HYPHEN = {"TEXT": {"IN": ["-", "\u2011"]}}
_NL_UNIT_HEADS = ["afdeling", "team", "dienst", "poli", "unit", "sector", "cluster", "bureau", "directie"]
_EN_UNIT_TAILS = ["department", "dept", "team", "unit", "division", "desk", "office"]
# Words that, in "the X team", describe the team rather than name it.
_EN_NOT_NAMES = {
    "whole", "same", "entire", "new", "other", "own", "next", "wrong", "right", "old", "small", "big", "first",
    "last", "previous", "current", "relevant", "responsible", "respective", "home", "away", "our", "their", "his",
    "her", "my", "your", "this", "that", "every", "each", "one", "two", "a", "an", "local", "central", "main",
    "only", "best", "good", "great", "bad", "senior", "junior", "front", "back",
}

# Built-in unit words for the registry-less mode (lowercase; multi-word allowed). Ambiguous everyday words
# ("beleid" = policy, "planning" = schedule, "sales") only count when written with a capital.
_GAZETTEER = {
    "nl": [
        "kcc", "klantcontactcentrum", "klantcontactcenter", "klantenservice", "servicedesk", "helpdesk",
        "frontoffice", "backoffice", "front office", "back office", "receptie", "servicebalie", "ict", "i&a",
        "hr", "p&o", "financiën", "inkoop", "juridische zaken", "facilitair bedrijf", "facilitaire dienst",
        "burgerzaken", "vergunningen", "handhaving", "belastingen", "wijkteam", "hoofdkantoor", "filiaal",
        "magazijn", "distributiecentrum", "debiteurenbeheer", "salarisadministratie", "administratie",
        "storingsdienst", "buitendienst", "binnendienst", "opnamebureau", "planbureau", "meldkamer",
        "klachtenafdeling", "communicatieafdeling", "directie", "raad van bestuur", "examencommissie",
        "roosterbureau", "servicepunt", "callcenter", "contactcenter", "releaseteam",
    ],
    "en": [
        "kcc", "it", "ict", "hr", "contact centre", "contact center", "call centre", "call center",
        "customer service", "customer services", "customer operations", "service desk", "helpdesk", "help desk",
        "front desk", "front office", "back office", "reception", "warehouse", "head office", "headquarters",
        "payroll", "procurement", "purchasing", "billing", "accounts payable", "accounts receivable",
        "legal", "compliance", "timetabling", "admissions", "facilities", "dispatch", "logistics",
        "the board", "board of directors", "estates",
    ],
}
_CAPITALISED_ONLY = {
    "nl": ["beleid", "planning", "communicatie", "marketing", "sales", "verkoop", "finance", "financiën",
           "management", "directie", "juridische zaken", "inkoop", "logistiek", "operations", "facilitair",
           "compliance", "audit", "legal"],
    "en": ["policy", "planning", "communications", "comms", "marketing", "sales", "finance", "management",
           "operations", "audit", "security", "engineering", "development", "product", "research",
           "accounts", "support"],
}
# Dutch compounds ending in a unit word ("releaseteam", "storingsdienst", "klantenservice").
_NL_COMPOUND = re.compile(r"^[a-zà-ÿ]{3,}(?:team|dienst|afdeling|desk|service|bureau|balie|centrum|kamer)$")
_NL_COMPOUND_NOT = re.compile(r"(?:kerkdienst|eredienst|winkelcentrum|stadscentrum|zorgcentrum|woonkamer|"
                              r"slaapkamer|wachtkamer|badkamer|vergaderkamer|klantenservicebalie)$")


@lru_cache(maxsize=8)
def pipeline(lang: str) -> Language:
    """Blank spaCy pipeline for ``lang`` (cached) with a sentencizer and hyphen-splitting tokenizer.

    Hyphens between letters are split so that "ICT-team" and "KCC-medewerkers" expose "ICT" and "KCC".
    """
    try:
        nlp = spacy.blank(lang)
    except ImportError:
        nlp = spacy.blank("xx")
    infixes = list(nlp.Defaults.infixes or []) + [
        r"(?<=[\w&])[-\u2011](?=\w)",
        r"(?<=[A-Z0-9])['\u2019](?=(?:ers?|s)\b)",
    ]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=8)
def _generic_matcher(lang: str) -> Matcher:
    """Token patterns for departments the registry may not know (built once per language)."""
    nlp = pipeline(lang)
    m = Matcher(nlp.vocab)
    art_nl = {"LOWER": {"IN": ["de", "het", "'t"]}, "OP": "?"}
    art_en = {"LOWER": {"IN": ["the", "our", "their"]}, "OP": "?"}
    if lang == "nl":
        m.add("NL_HEAD_X", [[art_nl, {"LOWER": {"IN": _NL_UNIT_HEADS}}, _CAP, _CAP_OPT, _CAP_OPT]],
              greedy="LONGEST")
        m.add("X_TEAM", [[art_nl, _CAP, _CAP_OPT, _HYPHEN, {"LOWER": {"IN": ["team", "afdeling", "dienst"]}}]],
              greedy="LONGEST")
        return m
    m.add("X_TEAM", [[art_en, _CAP, _CAP_OPT, _HYPHEN, {"LOWER": {"IN": ["team", "department"]}}]],
          greedy="LONGEST")
    m.add("EN_X_DEPT", [[art_en, _CAP, _CAP_OPT, _CAP_OPT, {"LOWER": {"IN": _EN_UNIT_TAILS}}]], greedy="LONGEST")
    m.add("EN_DEPT_OF", [[art_en, {"LOWER": {"IN": ["department", "office", "ministry"]}}, {"LOWER": "of"}, _CAP,
                          _CAP_OPT, _CAP_OPT]], greedy="LONGEST")
    # "the parking team", "the billing department": a lowercase name needs the article.
    m.add("EN_the_x_team", [[{"LOWER": {"IN": ["the"]}},
                             {"IS_ALPHA": True, "IS_LOWER": True, "LOWER": {"NOT_IN": sorted(_EN_NOT_NAMES)}},
                             {"LOWER": {"IN": ["department", "team", "unit", "division", "desk"]}}]])
    return m


# Built-in acronyms only count when written in capitals ("it" is a pronoun, "IT" a department).
_ACRONYMS = {"kcc", "it", "ict", "hr", "i&a", "p&o"}


@lru_cache(maxsize=8)
def _gazetteer_matcher(lang: str) -> PhraseMatcher:
    """PhraseMatcher over the built-in unit words used when no registry is given."""
    nlp = pipeline(lang)
    key = lang if lang in _GAZETTEER else "en"
    pm = PhraseMatcher(nlp.vocab, attr="LOWER")
    pm.add("GAZ", list(nlp.tokenizer.pipe(w for w in _GAZETTEER[key] if w not in _ACRONYMS)))
    pm.add("GAZ_UPPER", list(nlp.tokenizer.pipe(w for w in _GAZETTEER[key] if w in _ACRONYMS)))
    pm.add("GAZ_CAP", list(nlp.tokenizer.pipe(_CAPITALISED_ONLY[key])))
    return pm


def _extend_left(span: Span) -> Span:
    """Add capitalised words before a built-in unit word: "Grid Planning", "Network Operations"."""
    start = span.start
    while start > span.sent.start:
        prev = span.doc[start - 1]
        if prev.is_sent_start or not (prev.is_title and prev.is_alpha) or prev.text in _NOT_NAMES_CAP:
            break
        start -= 1
    return Span(span.doc, start, span.end, label=span.label) if start != span.start else span


_REGISTRY_MATCHERS: "weakref.WeakKeyDictionary[DepartmentRegistry, dict[str, PhraseMatcher]]" = (
    weakref.WeakKeyDictionary()
)


def _registry_matcher(registry: DepartmentRegistry, lang: str) -> PhraseMatcher:
    """PhraseMatcher (attr LOWER) over all registry terms, built once per registry and language."""
    per_lang = _REGISTRY_MATCHERS.setdefault(registry, {})
    if lang not in per_lang:
        nlp = pipeline(lang)
        pm = PhraseMatcher(nlp.vocab, attr="LOWER")
        terms = list(registry.terms())
        for (_, canonical), pattern in zip(terms, nlp.tokenizer.pipe(t for t, _ in terms)):
            pm.add(canonical, [pattern])
        per_lang[lang] = pm
    return per_lang[lang]


def parse(text: str, lang: str) -> Doc:
    """Tokenise and sentence-split ``text`` with the cached blank pipeline."""
    return pipeline(lang)(text)


def _is_capitalised(span: Span) -> bool:
    first = span.text[:1]
    return first.isupper() or first.isdigit()


def mentions_in_doc(doc: Doc, registry: DepartmentRegistry | None) -> list[Mention]:
    """Department mentions of an already parsed doc, in text order, without overlaps (longest wins)."""
    lang = doc.lang_
    known: list[Span] = []
    if registry is not None and len(registry):
        pm = _registry_matcher(registry, lang)
        stop_words = pipeline(lang).Defaults.stop_words
        exact = {term for term, _ in registry.terms()}
        # "it" is not "IT": a lowercase function word only matches an alias written that way.
        known = [Span(doc, s, e, label=mid) for mid, s, e in pm(doc)
                 if not (e - s == 1 and doc[s].is_lower and doc[s].lower_ in stop_words and doc[s].text not in exact)]
    generic = [Span(doc, s, e, label=mid) for mid, s, e in _generic_matcher(lang)(doc)]
    if registry is None:
        gm = _gazetteer_matcher(lang)
        cap_only, upper = doc.vocab.strings["GAZ_CAP"], doc.vocab.strings["GAZ_UPPER"]
        for mid, s, e in gm(doc):
            span = Span(doc, s, e, label=mid)
            if (mid == cap_only and not _is_capitalised(span)) or (mid == upper and not span.text.isupper()):
                continue
            generic.append(_extend_left(span) if _is_capitalised(span) else span)
        for tok in doc:
            if lang == "nl" and _NL_COMPOUND.match(tok.lower_) and not _NL_COMPOUND_NOT.search(tok.lower_):
                generic.append(Span(doc, tok.i, tok.i + 1, label="COMPOUND"))
    # A generic span that overlaps a registry span must resolve to a registry department itself: "de afdeling
    # Data & Analytics" is not the unknown unit "Data". Registry spans are listed first so that, at equal length,
    # they win in filter_spans.
    if known:
        generic = [g for g in generic if registry is not None and registry.lookup(g.text) is not None
                   or not any(g.start < k.end and k.start < g.end for k in known)]
    spans = filter_spans(known + generic)
    known_keys = {(s.start, s.end, s.label) for s in known}
    out: list[Mention] = []
    for span in spans:
        if (span.start, span.end, span.label) in known_keys:
            canonical: str | None = doc.vocab.strings[span.label]
        else:
            canonical = registry.lookup(span.text) if registry is not None else None
        out.append(Mention(canonical, span.text, span.start_char, span.end_char, canonical is not None))
    return out


def find_mentions(text: str, lang: str, registry: DepartmentRegistry | None = None) -> list[Mention]:
    """Find department mentions in ``text`` (registry aliases plus generic unit patterns), in text order."""
    return mentions_in_doc(parse(text, lang), registry)


def unknown_mentions(text: str, lang: str, registry: DepartmentRegistry | None = None) -> list[Mention]:
    """Mentions that look like departments but are not in the registry, deduplicated by normalised name."""
    seen: set[str] = set()
    out: list[Mention] = []
    for m in find_mentions(text, lang, registry):
        key = m.name.casefold()
        if not m.known and key not in seen:
            seen.add(key)
            out.append(m)
    return out

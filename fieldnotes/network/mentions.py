"""Department mentions in free text.

A PhraseMatcher (attr LOWER) over the registry's names and aliases finds known departments; generic token
patterns ("afdeling X", "team X", "de dienst X", "het X-team", "the X department", "the X team", "X department")
find departments the registry does not know yet, so the UI can offer them to the consultant to add or ignore.
Speakers who name their own unit ("wij aan de balie", "we on the night shift") give a mention in both modes.
Without a registry, more is needed because field notes name units in lowercase: a built-in list of unit words
(KCC, servicedesk, de wijkverpleging, head office, the ward, ...), Dutch compounds on a unit word or an occupation
in the plural ("incheckbalies", "monteurs", "teamleiders"), English lowercase names ending in a unit word ("the
water quality team") or an occupation ("the engineers", "probation officers"), and capitalised names ("Rent
Recovery", "Sociale Zaken", "het OCMW") that are not people, places, dates or tools. Every department is then
returned as written in the text, normalised (no article, no unit word).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
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
_AMP = {"TEXT": {"IN": ["&", "en", "and"]}}  # "de afdeling Data & Analytics", "the Marketing and Sales team"
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
        "roosterbureau", "servicepunt", "callcenter", "contactcenter", "releaseteam", "winkel", "winkels",
        "filialen", "vestiging", "vestigingen", "kantoren", "webshop", "facturatie", "recherche", "onthaal",
        "remise", "secretariaten",
    ],
    "en": [
        "kcc", "it", "ict", "hr", "contact centre", "contact center", "call centre", "call center",
        "customer service", "customer services", "customer operations", "service desk", "helpdesk", "help desk",
        "front desk", "front office", "back office", "reception", "warehouse", "head office", "headquarters",
        "payroll", "procurement", "purchasing", "billing", "accounts payable", "accounts receivable",
        "legal", "compliance", "timetabling", "admissions", "facilities", "dispatch", "logistics",
        "the board", "board of directors", "estates",
        # Lowercase units and institutions (the article is part of the match where the bare word is ambiguous).
        "the ward", "the lab", "the laboratory", "the pharmacy", "the registry", "the council", "the trust",
        "the municipality", "the court", "the courts", "the clinic", "the surgery", "the airline", "the airport",
        "the school office", "the exam office", "the finance office", "the housing office", "the kitchen",
        "catering", "maintenance", "ticketing", "scheduling", "rostering", "radiology", "pathology", "pharmacy",
        "probation", "custody", "fleet", "highways", "collections", "switchboard", "helpline", "ground handling",
        "station operations", "field operations", "network operations", "customer contact", "student services",
        "patient services", "social services", "children's services", "public works", "control room",
        "the store", "the stores", "stores", "the branch", "the branches", "branches", "the branch network",
        "the faculties", "faculties", "the schools",
    ],
}
# Registry-less mode: Dutch unit nouns that are units on their own (lowercase as written in field notes).
_GAZETTEER["nl"] += [
    "balie", "loket", "poli", "polikliniek", "apotheek", "lab", "laboratorium", "onthaal", "keuken",
    "secretariaat", "griffie", "rechtbank", "parket", "reclassering", "gemeente", "college", "maatschap",
    "huisarts", "huisartsenpost", "intake", "verpleegafdeling", "kinderafdeling", "spoedeisende hulp",
    "uitvoering", "onderbouw", "bovenbouw", "portiersloge", "gemeentewinkel", "leerlingadministratie",
    "studentenadministratie", "buitendienst", "klantcontact", "werkplaats", "centrale", "verkeersleiding",
    "facilitair", "wijkverpleging", "thuiszorg", "thuisverpleging", "kraamzorg", "dagbesteding", "verpleging",
    "huishoudelijke dienst", "schoonmaak", "beveiliging", "bewaking", "logistiek", "expeditie", "kassa",
    "opleidingen", "faculteiten", "scholen", "servicepunt", "servicepunten",
]
_CAPITALISED_ONLY = {
    "nl": ["beleid", "planning", "communicatie", "marketing", "sales", "verkoop", "finance", "financiën",
           "management", "directie", "juridische zaken", "inkoop", "logistiek", "operations",
           "compliance", "audit", "legal"],
    "en": ["policy", "planning", "communications", "comms", "marketing", "sales", "finance", "management",
           "operations", "audit", "security", "engineering", "development", "product", "research",
           "accounts", "support"],
}
# Dutch compounds ending in a unit word ("releaseteam", "storingsdienst", "incheckbalies", "huisartsenpost",
# "tractiebeheer", "productmanagement") or
# in an occupation in the plural ("monteurs", "teamleiders", "opleidingsmanagers", "stationsmedewerkers").
_NL_COMPOUND = re.compile(
    r"^[a-zà-ÿ]{3,}(?:teams?|diensten|dienst|afdelingen|afdeling|desk|service|bureaus?|balies?|loket(?:ten)?|"
    r"centrum|kamer|post|praktijk|ploeg(?:en)?|commissie|administratie|zaken|kantoor|maatschappij|beheer|"
    r"management)$"
    r"|^[a-zà-ÿ]*(?:monteurs|leiders|managers|coördinatoren|coordinatoren|secretarissen|verpleegkundigen|"
    r"docenten|leerkrachten|mentoren|chauffeurs|machinisten|conducteurs|omroepers|planners|roosteraars|"
    r"adviseurs|consulenten|assistenten|handhavers|toezichthouders|rechercheurs|beheerders|ontwikkelaars|"
    r"medewerkers|specialisten|behandelaars|apothekers|begeleiders)$")
_NL_COMPOUND_NOT = re.compile(r"(?:kerkdienst|eredienst|winkelcentrum|stadscentrum|zorgcentrum|woonkamer|"
                              r"slaapkamer|wachtkamer|badkamer|vergaderkamer|klantenservicebalie|"
                              r"^(?:medewerkers|managers|leiders|assistenten|specialisten|beheerders|begeleiders)|"
                              r"brievenbus|voorpost|kerstpost|buitenpost|huisbezoek|bezigheden|overheidszaken|"
                              r"geldzaken|zorgzaken|privézaken|huiszaken|"
                              r"leidinggevenden|collega's)$")
# Registry-less mode, English: occupations in the plural that name a unit of staff ("the engineers",
# "ward managers", "probation officers"), and unit words that end a lowercase name ("the water quality team").
_EN_OCCUPATIONS = [
    "engineers", "drivers", "conductors", "nurses", "doctors", "planners", "schedulers", "dispatchers",
    "technicians", "porters", "cleaners", "teachers", "tutors", "lecturers", "coordinators", "supervisors",
    "managers", "leaders", "officers", "advisers", "advisors", "clerks", "receptionists", "pharmacists",
    "paramedics", "midwives", "surgeons", "inspectors", "wardens", "guards", "controllers", "operators",
    "developers", "testers", "analysts", "underwriters", "handlers", "caseworkers", "fitters", "installers",
    "mechanics", "crews", "staff", "consultants",
]
_EN_NAME_TAILS = ["team", "teams", "department", "office", "desk", "unit", "division", "centre", "center", "shift",
                  "crew", "authority", "service", "management", "administration", "operations", "clinic",
                  "practice", "surgery", "board", "staff", "committee", "secretariat"]
# Gerunds before a unit word that are the action, not the name ("without telling staff").
_EN_VERBAL = {"telling", "informing", "warning", "asking", "notifying", "consulting", "briefing", "letting", "giving",
              "sending", "including", "involving", "copying", "leaving", "calling", "helping", "affecting",
              "annoying", "confusing", "contacting", "alerting", "emailing", "phoning", "ringing", "updating"}


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
        m.add("NL_HEAD_X", [[art_nl, {"LOWER": {"IN": _NL_UNIT_HEADS}}, _CAP, _CAP_OPT, _CAP_OPT],
                            [art_nl, {"LOWER": {"IN": _NL_UNIT_HEADS}}, _CAP, _AMP, _CAP]], greedy="LONGEST")
        m.add("X_TEAM", [[art_nl, _CAP, _CAP_OPT, _HYPHEN, {"LOWER": {"IN": ["team", "afdeling", "dienst"]}}]],
              greedy="LONGEST")
        return m
    m.add("X_TEAM", [[art_en, _CAP, _CAP_OPT, _HYPHEN, {"LOWER": {"IN": ["team", "department"]}}]],
          greedy="LONGEST")
    m.add("EN_X_DEPT", [[art_en, _CAP, _CAP_OPT, _CAP_OPT, {"LOWER": {"IN": _EN_UNIT_TAILS}}],
                        [art_en, _CAP, _AMP, _CAP, {"LOWER": {"IN": _EN_UNIT_TAILS}}]], greedy="LONGEST")
    m.add("EN_DEPT_OF", [[art_en, {"LOWER": {"IN": ["department", "office", "ministry"]}}, {"LOWER": "of"}, _CAP,
                          _CAP_OPT, _CAP_OPT]], greedy="LONGEST")
    # "the parking team", "the billing department": a lowercase name needs the article.
    m.add("EN_the_x_team", [[{"LOWER": {"IN": ["the"]}},
                             {"IS_ALPHA": True, "IS_LOWER": True, "LOWER": {"NOT_IN": sorted(_EN_NOT_NAMES)}},
                             {"LOWER": {"IN": ["department", "team", "unit", "division", "desk"]}}]])
    return m


# "wij aan de balie", "wij van de onderbouw", "we on the night shift": the speakers name their own unit.
_SPEAKER_PRONOUNS = {"nl": ["wij", "we"], "en": ["we", "us"]}
_SPEAKER_PREPS_LOWER = {"nl": ["van", "bij", "aan", "op", "als", "vanuit", "binnen", "in"],
                        "en": ["at", "in", "on", "from"]}
_SPEAKER_PREPS_CAP = {"nl": ["van", "bij", "als", "vanuit"], "en": ["at", "from"]}
# Nouns after "wij aan de ..." that are no unit ("wij aan de telefoon", "we on the floor" = the observed unit).
_SPEAKER_NOT = {
    "telefoon", "telefoons", "lijn", "tafel", "moment", "dag", "ochtend", "middag", "avond", "nacht", "week",
    "weekend", "eind", "begin", "kant", "straat", "gang", "werk", "huis", "hoogte", "afdeling", "team", "dienst",
    "vloer", "werkvloer", "beurt", "slag", "praat", "vergadering", "overleg", "koffie", "weg", "deur", "rand",
    "phone", "phones", "line", "lines", "time", "day", "morning", "afternoon", "evening", "night",
    "end", "start", "beginning", "table", "meeting", "ground", "floor", "door", "way", "road", "dark",
    "loop", "middle", "car", "street", "queue", "department", "unit", "staff", "know", "case", "process",
    "system", "picture", "room", "building", "field", "receiving", "hook", "spot", "meantime", "past", "future",
    "website", "intranet", "site", "krant", "nieuws", "radio", "news", "paper", "internet", "mail", "email",
    # days, months and places: "toen we op dinsdag ...", "wij in de wijk hoorden het van een aannemer"
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "januari", "februari", "maart", "april", "mei", "juni", "juli",
    "augustus", "september", "oktober", "november", "december", "january", "february", "march", "may", "june",
    "july", "august", "october", "wijk", "buurt", "stad", "regio", "dorp", "area", "region", "district", "city",
    "town", "village", "neighbourhood",
}


# Words after which a speaker phrase starts a clause ("en wij aan de balie", "but we at the desk").
_SPEAKER_BEFORE = {"en", "maar", "want", "dat", "omdat", "terwijl", "ook", "toen", "dus", "and", "but", "because",
                   "that", "while", "when", "so", "as", "also", "even", "of", "only", "alleen", "zelfs"}


@lru_cache(maxsize=8)
def _speaker_matcher(lang: str) -> Matcher:
    """"wij aan de balie", "we at Handhaving": a noun or name right after a first-person speaker and a preposition."""
    key = lang if lang in _SPEAKER_PRONOUNS else "en"
    m = Matcher(pipeline(lang).vocab)
    pron = {"LOWER": {"IN": _SPEAKER_PRONOUNS[key]}}
    art = {"LOWER": {"IN": ["de", "het", "the", "our", "onze"]}, "OP": "?"}
    noun = {"IS_ALPHA": True, "IS_LOWER": True, "LENGTH": {">=": 3},
            "LOWER": {"NOT_IN": sorted(_SPEAKER_NOT | pipeline(lang).Defaults.stop_words)}}
    m.add("SPEAKER", [[pron, {"LOWER": {"IN": _SPEAKER_PREPS_LOWER[key]}}, art, noun]])
    if key == "en":
        m.add("SPEAKER", [[pron, {"LOWER": {"IN": _SPEAKER_PREPS_LOWER[key]}}, art, noun,
                           {"LOWER": {"IN": _EN_NAME_TAILS}}]])
    m.add("SPEAKER", [[pron, {"LOWER": {"IN": _SPEAKER_PREPS_CAP[key]}}, art, _CAP]])
    return m


def _speaker_spans(doc: Doc) -> list[Span]:
    """The unit part of speaker phrases ("balie" in "wij aan de balie"), longest match per start."""
    skip = set(_SPEAKER_PRONOUNS["nl"] + _SPEAKER_PRONOUNS["en"] + _SPEAKER_PREPS_LOWER["nl"]
               + _SPEAKER_PREPS_LOWER["en"] + ["de", "het", "the", "our", "onze"])
    spans = []
    for mid, s, e in _speaker_matcher(doc.lang_)(doc):
        if s > 0 and not (doc[s - 1].is_punct or doc[s - 1].lower_ in _SPEAKER_BEFORE):
            continue  # "lezen we op de website", "Hoorden we van de reizigers": an inverted subject
        while s < e - 1 and doc[s].lower_ in skip:
            s += 1
        spans.append(Span(doc, s, e, label=mid))
    return filter_spans(spans)


@lru_cache(maxsize=8)
def _plain_matcher(lang: str) -> Matcher | None:
    """Registry-less English patterns: lowercase names ending in a unit word, staff named by occupation."""
    if lang == "nl":
        return None  # Dutch writes these as one compound word: see _NL_COMPOUND
    m = Matcher(pipeline(lang).vocab)
    stop = pipeline(lang).Defaults.stop_words
    extra = {"meeting", "waiting", "city", "town", "shopping", "notice", "phone", "bus", "train", "time", "post",
             "home", "box", "break", "class", "living", "dining", "same", "day", "full", "extra", "more", "most",
             "many", "few", "several", "all", "both", "any", "some", "no", "says", "said", "asks", "asked", "told",
             "tells", "regional", "national", "affected", "relevant"}
    names_ok = {"central", "local", "main", "senior", "junior"}  # "the central admissions team"
    not_mod = sorted((_EN_NOT_NAMES - names_ok) | stop | extra | _EN_VERBAL | _NOT_UNIT_NAMES)
    # Lowercase or capitalised ("Station staff", "the GP surgery"); capitalised runs are also found by _name_spans.
    # No participles as modifiers: "the staffed ticket office" is the ticket office.
    mod = {"IS_ALPHA": True, "LOWER": {"NOT_IN": not_mod, "REGEX": r"^(?!\w+ed$)"}}
    # Only the word before the unit word may be a plural ("the claims team", not "customer calls customer service").
    first = {"IS_ALPHA": True, "LOWER": {"NOT_IN": not_mod, "REGEX": r"^(?!\w+ed$).*[^s]$"}}
    art = {"LOWER": {"IN": ["the", "our", "their", "its"]}}
    tails = {"LOWER": {"IN": [t for t in _EN_NAME_TAILS if t not in {"management", "administration", "staff"}]}}
    for n in (1, 2, 3):
        mods = [first] * (n - 1) + [mod]
        m.add("EN_LOWER_UNIT", [[{**art, "OP": "?"}, *mods, tails]], greedy="LONGEST")
        m.add("EN_LOWER_UNIT", [[art, *mods, {"LOWER": {"IN": ["management", "administration"]}}]],
              greedy="LONGEST")
        m.add("EN_STAFF", [[{**art, "OP": "?"}, *mods, {"LOWER": {"IN": _EN_OCCUPATIONS}}]], greedy="LONGEST")
    occupations = [o for o in _EN_OCCUPATIONS if o not in {"staff", "crews", "consultants"}]
    m.add("EN_STAFF", [[art, {"LOWER": {"IN": occupations}}]], greedy="LONGEST")
    return m


# Registry-less mode: a lowercase unit named by the cue around it: "nobody in biology", "niemand van de noodhulp",
# "without notifying outpatients", "without telling account management", "zonder de remise te informeren", "zonder
# het app-team in te lichten". Not the public, pronouns, rooms or vehicles ("niemand in de bus", "nobody in the room").
_EN_TELL_ING = ["notifying", "informing", "telling", "warning", "consulting", "briefing", "alerting", "involving",
                "asking", "contacting", "copying"]
_NL_TELL_INF = ["informeren", "waarschuwen", "raadplegen", "betrekken", "verwittigen", "briefen", "vragen", "melden",
                "consulteren", "horen", "mailen", "bellen"]
_ROOMS = {"bus", "auto", "trein", "wagen", "busje", "ruimte", "zaal", "kamer", "wachtkamer", "kantine", "gang", "stad",
          "wereld", "straat", "wijk", "buurt", "organisatie", "groep", "groepsapp", "chat", "room", "van", "car",
          "train", "building", "world", "city", "town", "country", "organisation", "organization", "company",
          "group", "canteen", "corridor", "area", "region", "audience", "crowd", "family", "house",
          "business", "industry", "sector", "media", "press", "public", "leadership", "bijzonder", "particular",
          "general", "charge"}
# After "nobody in X" / "niemand van X" the clause goes on with its verb ("had", "wist", "was informed"); otherwise X
# is part of a longer name or a thing ("nobody in the witness care unit", "niemand van de gratis-bezorgactie").
_AFTER_NOBODY = {"had", "has", "have", "was", "were", "is", "knew", "knows", "did", "does", "could", "would", "seemed",
                 "wist", "wisten", "weet", "heeft", "hadden", "hebben", "werd", "werden", "kon", "konden", "kan",
                 "zag", "hoorde", "snapte", "begreep", "was", "is", ",", "."}


@lru_cache(maxsize=8)
def _cue_unit_matcher(lang: str) -> Matcher:
    """Registry-less patterns for a lowercase unit inside a cue of not knowing or not being told."""
    nlp = pipeline(lang)
    stop = nlp.Defaults.stop_words
    not_noun = sorted(_SPEAKER_NOT | _ROOMS | _PUBLIC | set(stop) | {"personeel", "medewerkers", "staff", "agents",
                                                                     "employees", "colleagues", "collega's"})
    noun = {"IS_ALPHA": True, "IS_LOWER": True, "LENGTH": {">=": 3}, "LOWER": {"NOT_IN": not_noun}}
    noun2 = {"IS_ALPHA": True, "IS_LOWER": True, "LENGTH": {">=": 3},
             "LOWER": {"NOT_IN": not_noun, "REGEX": r"^(?!\w+(?:ing|ed|ly)$)"}}
    hyphen = {"TEXT": {"IN": ["-", "\u2011"]}}
    m = Matcher(nlp.vocab)
    if lang == "nl":
        art = {"LOWER": {"IN": ["de", "het", "onze", "hun"]}, "OP": "?"}
        prep = {"LOWER": {"IN": ["in", "op", "bij", "van"]}}
        m.add("CUE_NOBODY", [[{"LOWER": "niemand"}, prep, art, noun]])
        tails = [[{"LOWER": "te"}, {"LOWER": {"IN": _NL_TELL_INF}}],
                 [{"LOWER": "in"}, {"LOWER": "te"}, {"LOWER": {"IN": ["lichten", "seinen"]}}],
                 [{"LOWER": "erbij"}, {"LOWER": "te"}, {"LOWER": {"IN": ["halen", "betrekken"]}}],
                 [{"LOWER": "op"}, {"LOWER": "de"}, {"LOWER": "hoogte"}]]
        for tail in tails:
            m.add("CUE_WITHOUT", [[{"LOWER": "zonder"}, art, noun, *tail],
                                  [{"LOWER": "zonder"}, art, noun, hyphen, {"IS_ALPHA": True, "IS_LOWER": True},
                                   *tail]])
        return m
    art = {"LOWER": {"IN": ["the", "our"]}, "OP": "?"}
    m.add("CUE_NOBODY", [[{"LOWER": {"IN": ["nobody", "noone"]}}, {"LOWER": {"IN": ["in", "on", "at", "from"]}}, art,
                          noun]])
    m.add("CUE_WITHOUT", [[{"LOWER": "without"}, {"LOWER": {"IN": _EN_TELL_ING}}, art, noun],
                          [{"LOWER": "without"}, {"LOWER": {"IN": _EN_TELL_ING}}, art, noun, noun2]],
          greedy="LONGEST")
    return m


_NL_CUE_WORDS = {"niemand", "zonder", "in", "op", "bij", "van", "de", "het", "onze", "hun", "te", "erbij", "lichten",
                 "seinen", "halen", "betrekken", "hoogte", *_NL_TELL_INF}
_EN_CUE_WORDS = {"nobody", "noone", "without", "in", "on", "at", "from", "the", "our", *_EN_TELL_ING}


def _cue_unit_spans(doc: Doc) -> list[Span]:
    """The unit part of "nobody in biology", "without notifying outpatients", "zonder de remise te informeren"."""
    words = _NL_CUE_WORDS if doc.lang_ == "nl" else _EN_CUE_WORDS
    spans = []
    for mid, s, e in _cue_unit_matcher(doc.lang_)(doc):
        while s < e and doc[s].lower_ in words:
            s += 1
        if doc.lang_ == "nl" and doc.vocab.strings[mid] == "CUE_WITHOUT":
            while e > s and doc[e - 1].lower_ in words:
                e -= 1
        if doc.vocab.strings[mid] == "CUE_NOBODY" and (e >= len(doc) or not (
                doc[e].lower_ in _AFTER_NOBODY or (doc.lang_ == "en" and doc[e].lower_.endswith("ed")))):
            continue
        if s < e:
            spans.append(Span(doc, s, e, label="CUE_UNIT"))
    return filter_spans(spans)


# Built-in unit words that are adjectives before a noun ("de centrale planning").
_ADJECTIVAL = {"centrale"}
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
        if not (prev.is_title and prev.is_alpha) or prev.text in _NOT_NAMES_CAP or prev.lower_ in _NOT_UNIT_NAMES \
                or prev.is_stop:
            break
        start -= 1
        if prev.is_sent_start:
            break
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


# Dutch staff compounds on a registry name: "de onthaalmedewerkers", "baliemedewerker" (the unit's people).
_NL_STAFF_SUFFIX = re.compile(r"^(.{3,}?)(?:s?medewerkers?|s?personeel)$")


def _staff_compounds(doc: Doc, registry: DepartmentRegistry) -> list[Span]:
    """Known spans for one-word Dutch staff compounds whose first part is a registry name."""
    out: list[Span] = []
    for tok in doc:
        m = _NL_STAFF_SUFFIX.match(tok.lower_)
        canonical = registry.lookup(m.group(1)) if m else None
        if canonical is not None:
            out.append(Span(doc, tok.i, tok.i + 1, label=canonical))
    return out


def parse(text: str, lang: str) -> Doc:
    """Tokenise and sentence-split ``text`` with the cached blank pipeline."""
    return pipeline(lang)(text)


_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "maandag", "dinsdag",
             "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"}
# Registry-less mode: capitalised words that are no unit names (calendar, tools, media, titles, headings).
_NOT_UNIT_NAMES = _WEEKDAYS | {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "januari", "februari", "maart", "mei", "juni", "juli",
    "augustus", "oktober", "teams", "facebook", "twitter", "instagram", "linkedin", "whatsapp", "outlook", "excel",
    "word", "google", "microsoft", "sap", "pros", "cons", "q&a", "faq", "dear", "beste", "aan", "re", "subject",
    "onderwerp", "i", "ok", "tv", "pc", "am", "pm", "uk", "eu", "nl", "id", "pdf", "sms", "ceo", "cfo", "mt",
    "christmas", "kerst", "pasen", "easter", "mevrouw", "meneer", "mr", "mrs", "ms", "dr", "dokter", "sir", "madam",
    "covid", "corona", "english", "dutch", "nederlands", "engels", "god", "oh", "ja", "nee", "yes", "no", "sorry",
    "niemand", "nobody", "iedereen", "everyone", "everybody", "helaas", "gelukkig", "inmiddels", "vervolgens",
    "daarna", "uiteindelijk", "blijkbaar", "kennelijk", "unfortunately", "luckily", "apparently", "eventually",
    "lessons", "meanwhile", "overnight", "ineens", "plots", "opeens", "suddenly", "later", "today", "yesterday",
    "vandaag", "gisteren", "morgen", "tomorrow", "onaangekondigd", "onverwacht", "onverwachts", "zomaar",
    "unannounced", "unexpectedly", "tegelijk", "tegelijkertijd", "intussen", "daardoor", "achteraf", "instead",
    "sadly",
    # systems, products and procedures written as acronyms or brand names: things, not units
    "epd", "ecd", "emr", "ehr", "his", "lis", "pacs", "crm", "erp", "mri", "ct", "ecg", "ekg", "mfa", "2fa", "sso",
    "vpn", "wifi", "app", "elo", "lms", "vle", "mis", "sis", "pos", "gps", "bsn", "digid", "woz", "sla", "kpi",
    "kpis", "gdpr", "avg", "btw", "vat", "iban", "qr", "url", "api", "ai", "sharepoint", "jira", "slack", "zoom",
    "servicenow", "topdesk", "magister", "somtoday", "ov-chipkaart", "pi",
    # greetings, sign-offs and mail headers
    "hoi", "hallo", "hi", "hey", "hello", "groet", "groeten", "regards", "thanks", "cheers", "mvg", "bedankt", "dank",
    "cc", "bcc", "actions", "acties", "fw", "fwd", "invalid",
}
_TITLES = {"mevrouw", "meneer", "mr", "mrs", "ms", "dr", "dokter", "collega", "juffrouw", "mevr", "dhr"}
# A sentence-initial capitalised word is a name when it acts: "Revenues sent", "Afval had ... omgegooid".
_ACTS_AFTER = {"had", "has", "have", "heeft", "hebben", "hadden", "was", "is", "were", "werd", "werden", "wordt",
               "gaat", "ging", "will", "zal", "kept", "keeps", "did", "does", "doet", "deed", "sent", "found", "put",
               "made", "took", "told", "gave", "ran", "began", "got", "let", "set", "cut", "shut", "brought", "built",
               "sold", "knew", "heard", "learnt", "said", "forgot", "wrote", "chose", "drew", "held", "left", "lost",
               "spent", "stuurde", "besloot", "koos", "schreef", "zette", "wist", "hoorde", "kreeg", "vergat"}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,5}$")
# Names after these words are places ("in Ashby", "op station Zuid", "at Eastgate"), not units.
_PLACE_BEFORE = {"in", "op", "at", "naar", "to", "near", "nabij", "te", "uit", "station", "gate", "halte", "stop",
                 "locatie", "site", "campus", "gebouw", "building", "wijk", "straat", "street", "road"}
# Sentence-initial plural nouns for the public, not units ("Families had been told", "Klanten hadden").
_PUBLIC = {"families", "customers", "residents", "patients", "parents", "students", "passengers", "callers",
           "tenants", "clients", "visitors", "citizens", "klanten", "bewoners", "inwoners", "patiënten", "ouders",
           "studenten", "reizigers", "bellers", "huurders", "cliënten", "bezoekers", "burgers", "mensen", "people"}


def _name_spans(doc: Doc) -> list[Span]:
    """Registry-less mode: capitalised names ("Rent Recovery", "Sociale Zaken", "het OCMW") as unit candidates.

    A run of capitalised words inside a sentence, or at its start when it acts ("Pathology changed ..."), or an
    acronym. Skipped: calendar words and tools, places ("in Westwijk", "Haverdal-Noord"), quoted titles, English
    modifiers ("the CRM update") and people: a name next to a speech verb or after a role ("zegt analist Femke",
    "says Sandra", "teamleider Bas") is a person everywhere in the text.
    """
    runs: list[tuple[int, int]] = []
    persons: set[str] = set()
    toks = list(doc)  # Token objects once (doc[i] builds a new one on every access)
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        if not _is_name_word(tok):
            i += 1
            continue
        j = i + 1
        while j < n and not toks[j].is_sent_start and (
                _is_name_word(toks[j]) or (toks[j].text == "&" and j + 1 < n and _is_name_word(toks[j + 1]))):
            j += 1
        if j < n and toks[j].is_digit and len(toks[j]) <= 3 and not toks[j].is_sent_start:
            j += 1  # "Ward 9", "Team 3"
        start, i = i, j
        prev = toks[start - 1] if start > 0 and not tok.is_sent_start else None
        nxt = toks[j] if j < n else None
        if nxt is not None and nxt.lower_ in _WEEKDAYS:
            continue  # "Black Friday", "Blue Monday": a date
        before = prev.lower_ if prev is not None else ""
        if before in _SPEECH or (nxt is not None and nxt.lower_ in _SPEECH) or (
                prev is not None and prev.is_alpha and prev.is_lower and not prev.is_stop and _ROLE.search(before)):
            persons.add(toks[j - 1].text)
            continue
        if (prev is not None and (prev.is_quote or prev.text in {"-", "\u2011"}) and not tok.is_sent_start) \
                or (nxt is not None and nxt.text in {"-", "\u2011"}):
            continue  # a quoted title, "Haverdal-Noord", "WOZ-beschikkingen"
        if j - start == 2 and doc.lang_ == "nl" and _ROLE.search(tok.lower_):
            persons.add(toks[j - 1].text)  # "Vergunningverlener Sanne kreeg ..."
            continue
        if (j - start == 1 and _PLACE.search(tok.lower_)) or toks[j - 1].lower_ in _STREET_WORDS:
            continue  # "Kerkplein", "Westwijk", "Ashby", "Station Road"
        acts = nxt is not None and (nxt.lower_ in _ACTS_AFTER or (nxt.is_lower and nxt.lower_.endswith("ed")))
        acronym = j == start + 1 and _ACRONYM.match(tok.text) is not None
        if before.strip(".") in _TITLES or before in _PLACE_BEFORE or (tok.is_sent_start and not (
                (acts and tok.lower_ not in _PUBLIC) or acronym)):
            continue
        if doc.lang_ == "en" and nxt is not None and nxt.is_alpha and nxt.is_lower and not nxt.is_stop \
                and not acts and not nxt.lower_.endswith("s"):
            continue  # "the CRM update", "the Switch & Save campaign": a modifier
        runs.append((start, j))
    return [Span(doc, s, e, label="NAME") for s, e in runs if toks[e - 1].text not in persons]


# Endings of place names ("Kerkplein", "Westwijk", "Eastgate", "Ashby").
_PLACE = re.compile(r"..(?:plein|wijk|haven|straat|weg|laan|dorp|veld|berg|dam|stad|burg|gate|ton|ham|field|bury|"
                    r"wood|ford|by|park|kade|singel|gracht|oord|zuid|noord|oost|west|sted|stead|bridge|brook)$")
# Last words of multi-word street names ("Station Road", "Elm Street").
_STREET_WORDS = {"road", "street", "lane", "avenue", "square", "straat", "weg", "laan", "plein", "kade"}
# Speech verbs next to a person's name ("zegt Sandra", "Dennis says").
_SPEECH = {"zegt", "zei", "zeggen", "vertelt", "vertelde", "vraagt", "vroeg", "antwoordt", "zucht", "lacht", "roept",
           "schrijft", "mailt", "belt", "says", "said", "asks", "asked", "explains", "explained", "tells", "told",
           "adds", "added", "replies", "replied", "sighs", "laughs", "writes", "wrote", "recalls", "notes"}
# Role nouns before a person's name ("analist Femke", "team leader Mustafa", "verpleegkundige Marco").
_ROLE = re.compile(r"(?:er|eur|ant|ent|ist|ige|aar|ier|or|lead|nurse|collega|colleague|arts|hoofd|chef|boss|head|"
                   r"coach|clerk|agent|mevrouw|meneer)$")


def _is_name_word(tok: Token) -> bool:
    """A capitalised word or acronym that can be (part of) a unit name."""
    text = tok.text
    return (tok.is_alpha or "&" in text) and len(text) > 1 and text[:1].isupper() \
        and text not in _NOT_NAMES_CAP and tok.lower_ not in _NOT_UNIT_NAMES and (not tok.is_stop or text.isupper())


# An ambiguous word ("planning", "beleid", "marketing") is a unit in lowercase too when it acts after an article:
# "de planning had de afspraken verzet", "the planning had moved".
_PERFECT_AUX = {"had", "heeft", "hadden", "hebben", "has", "have"}


def _acting_unit(span: Span) -> bool:
    """True for "de planning had ...", "the marketing has ..." (article, word, auxiliary) and "finance's decision"."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    nxt = doc[span.end].lower_
    return nxt in {"'s", "\u2019s"} or (
        span.start > 0 and doc[span.start - 1].lower_ in {"de", "het", "the"} and nxt in _PERFECT_AUX)


def _is_capitalised(span: Span) -> bool:
    first = span.text[:1]
    return first.isupper() or first.isdigit()


# Unit and staff words that may follow a one-word name after "a/new" ("a new IT team", "a Housing officer").
_UNIT_WORDS = set(_NL_UNIT_HEADS) | set(_EN_NAME_TAILS) | set(_EN_OCCUPATIONS) | {o[:-1] for o in _EN_OCCUPATIONS} \
    | {"medewerker", "medewerkers", "people", "agent", "agents"}
# Words before a lowercase unit word that make it a thing ("a new policy", "een nieuw rooster", "HR's planning").
_THING_BEFORE = {"a", "an", "een", "new", "nieuwe", "nieuw", "old", "oude", "this", "dit", "'s", "\u2019s"}


# Everyday words that are also unit names ("policy", "planning", "beleid"), and determiners before "the X policy".
_AMBIGUOUS_WORDS = {w for words in _CAPITALISED_ONLY.values() for w in words if " " not in w}
_DETERMINERS = {"the", "a", "an", "our", "their", "its", "this", "that", "your", "his", "her", "de", "het", "een",
                "onze", "hun", "dit", "deze", "die"}


def mentions_in_doc(doc: Doc, registry: DepartmentRegistry | None) -> list[Mention]:
    """Department mentions of an already parsed doc, in text order, without overlaps (longest wins)."""
    lang = doc.lang_
    known: list[Span] = []
    if registry is not None and len(registry):
        pm = _registry_matcher(registry, lang)
        stop_words = pipeline(lang).Defaults.stop_words
        exact = {term for term, _ in registry.terms()}
        # "it"/"It" is not "IT": a function word only matches an alias written that way (or in capitals).
        known = [Span(doc, s, e, label=mid) for mid, s, e in pm(doc)
                 if not (e - s == 1 and not doc[s].is_upper and doc[s].lower_ in stop_words
                         and doc[s].text not in exact)]
        if lang == "nl":
            known += _staff_compounds(doc, registry)
    generic = [Span(doc, s, e, label=mid) for mid, s, e in _generic_matcher(lang)(doc)] + _speaker_spans(doc)
    if registry is None:
        plain = _plain_matcher(lang)
        if plain is not None:
            generic += [Span(doc, s, e, label=mid) for mid, s, e in plain(doc)]
        gm = _gazetteer_matcher(lang)
        cap_only, upper = doc.vocab.strings["GAZ_CAP"], doc.vocab.strings["GAZ_UPPER"]
        for mid, s, e in gm(doc):
            span = Span(doc, s, e, label=mid)
            if mid == upper and not span.text.isupper():
                continue
            if mid == cap_only and not _is_capitalised(span) and not _acting_unit(span):
                continue
            if span.text in _ADJECTIVAL and span.end < len(doc) and doc[span.end].is_lower and doc[span.end].is_alpha:
                continue  # "de centrale planning": an adjective
            generic.append(_extend_left(span) if _is_capitalised(span) else span)
        generic += _name_spans(doc) + _cue_unit_spans(doc)
        if lang == "nl":
            generic += [Span(doc, tok.i, tok.i + 1, label="COMPOUND") for tok in doc
                        if _NL_COMPOUND.match(tok.lower_) and not _NL_COMPOUND_NOT.search(tok.lower_)]
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
        if len(span) == 1 and span.text.islower() and (
                (span.start > 0 and (doc[span.start - 1].lower_ in _THING_BEFORE or doc[span.start - 1].like_num))
                or (span.end < len(doc) and doc[span.end].is_digit)):
            continue  # "a new policy", "3.000 aansluitingen", "balie 14": a thing or a place, not a unit
        if span.start > 1 and doc[span.start - 1].text in {"'", "\u2019"} and doc[span.start - 2].lower_ in _PUBLIC:
            continue  # "the customers' procurement teams": a unit of the customer, not of the organisation
        if len(span) == 1 and span.start > 0 and doc[span.start - 1].lower_ in _THING_BEFORE and span.end < len(doc) \
                and doc[span.end].is_lower and doc[span.end].is_alpha and doc[span.end].lower_ not in _UNIT_WORDS:
            continue  # "new IT tools", "een nieuw ICT systeem": a modifier of a thing
        if len(span) == 1 and span.text.islower() and span.start > 1 and span.text in _AMBIGUOUS_WORDS \
                and doc[span.start - 2].lower_ in _DETERMINERS and doc[span.start - 1].is_alpha \
                and doc[span.start - 1].is_lower and not doc[span.start - 1].is_stop \
                and doc[span.start - 1].lower_ not in _EN_VERBAL and doc[span.start - 1].lower_ not in _UNIT_WORDS:
            continue  # "the uniform policy", "the cover policy", "het nieuwe beleid": a kind of thing, not a unit
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

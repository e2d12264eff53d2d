"""Rule-based extraction of "surprise" relations: which unit caught which other unit off guard.

Works sentence by sentence on lemmas (simplemma, nl/en). A *surprise cue* marks the unit caught off guard
(the target): being flooded ("werd overspoeld", "flooded with calls", "kreeg 3.000 extra vragen"), not knowing or
finding out late ("wist van niks", "had no idea", "hoorde het van bellers", "found out"), or not being informed: a
negation or "only" near a communication word ("zonder het KCC te informeren", "nobody told us", "kreeg geen
bericht", "pas op de dag zelf gemeld"). The *source* is the unit whose action caused it: the agent of a passive
("door Beleid", "by IT"), the owner of the thing ("de brief van Belastingen"), the subject of an action verb (stuurde,
wijzigde, voerde door, rolled out, pushed) or the subject of the clause that left someone uninformed
("ICT voerde een update door zonder Vergunningen te informeren"), the subject of an active verb of telling
("Head office had not informed the warehouse", "Marketing had not said a word") or the sender of what never
arrived ("van de rechtbank niets ontvangen"). Two one-sided finds in neighbouring sentences (a target here, a
source there) make one edge, and a one-sided find is completed with the only other unit the passage names.
When the text speaks from the floor ("wij wisten nergens van", "nobody told us", "het team wist van niets")
the target is the speaker's own unit ("wij van de klantenservice") or else the observed department; a
first-person actor ("we updated the criteria and forgot to tell underwriting") is the observed department as
source. Cooperation that went well ("vooraf geïnformeerd", "warned us two weeks in advance") gives nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

import simplemma
from spacy.tokens import Doc

from fieldnotes.network.direction import load_model
from fieldnotes.network.mentions import mentions_in_doc, parse
from fieldnotes.network.registry import DepartmentRegistry

__all__ = ["Surprise", "extract_surprises"]


@dataclass(frozen=True, slots=True)
class Surprise:
    """A directed surprise: ``source`` caught ``target`` off guard; ``evidence`` is the sentence(s) it comes from.

    One side may be None when the passage names only one unit; such surprises never become graph edges.
    """

    source: str | None
    target: str | None
    evidence: str


# ---------------------------------------------------------------------------------------------------------------
# Lexicons: lowercase word forms and lemmas (a token matches if its form or its lemma is listed).
# ---------------------------------------------------------------------------------------------------------------

_NEGATORS = {
    "nl": {"niet", "geen", "zonder", "niemand", "nooit", "nergens", "niets", "niks", "vergeten", "vergat",
           "vergaten", "verzuimd", "nagelaten", "onvoldoende"},
    "en": {"not", "no", "without", "nobody", "never", "n't", "none", "nothing", "neither", "nor", "noone",
           "forgot", "forget", "forgotten", "neglect", "neglected", "failed", "fail", "zero", "insufficiently",
           "inadequately"},
}
# Negators whose clause names the uninformed unit after them ("zonder het KCC te informeren").
_OBJECT_NEGATORS = {"zonder", "without", "niemand", "nobody", "noone", "vergeten", "vergat", "vergaten",
                    "forgot", "forget", "forgotten", "neglected", "failed"}
# "Only" / "late": informing someone late is a surprise too ("pas op de dag zelf gemeld").
_LATE = {"nl": {"pas"}, "en": {"only"}}
# Words about telling, informing, consulting or knowing.
_COMM = {
    "nl": {"informeren", "geïnformeerd", "inlichten", "ingelicht", "lichten", "melden", "gemeld", "vertellen",
           "verteld", "zeggen", "gezegd", "waarschuwen", "gewaarschuwd", "overleg", "overleggen", "overlegd",
           "afstemmen", "afgestemd", "afstemming", "seintje", "bericht", "berichtje", "melding", "mail",
           "mailtje", "e-mail", "belscript", "briefing", "instructie", "uitleg", "info", "informatie",
           "aankondiging", "weten", "hoogte", "vooraankondiging", "woord", "telefoontje", "betrekken", "betrokken",
           "raadplegen", "geraadpleegd", "vragen", "gevraagd", "mededeling", "releasenotes", "heads-up",
           "signaal", "doorgeven", "doorgegeven", "delen", "gedeeld", "communiceren", "gecommuniceerd",
           "horen", "gehoord", "ontvangen", "appje", "kopie", "werkinstructie", "nieuwsbrief", "uitnodiging",
           "briefen", "gebriefd", "bellen", "gebeld", "praten", "besproken", "bespreken", "afspreken",
           "afgesproken", "gezien", "getoond", "meegenomen", "meenemen", "gestuurd", "doorgestuurd",
           "toegestuurd", "training", "getraind", "krijgen", "kreeg", "kregen", "gekregen", "aangekondigd",
           "aankondigen", "aankondigden", "kondigde", "kondigden", "verwittigen", "verwittigd", "inseinen",
           "ingeseind", "seinen"},
    "en": {"inform", "informed", "tell", "told", "warn", "warned", "warning", "notice", "notify", "notified",
           "consult", "consulted", "word", "heads", "heads-up", "email", "e-mail", "mail", "message", "memo",
           "call", "briefing", "brief", "briefed", "script", "loop", "information", "info", "communication",
           "communicate", "communicated", "announcement", "ask", "asked", "involve", "involved", "mention",
           "mentioned", "alert", "alerted", "know", "knew", "known", "hear", "heard", "share", "shared",
           "discuss", "discussed", "agree", "agreed", "instructions", "guidance", "say", "said", "update",
           "clue", "receive", "received", "copy", "note", "cc", "check", "seen", "shown", "show", "copied", "pass",
           "passed", "forwarded", "training", "trained", "learn", "learned", "learnt", "announce", "announced",
           "notifying", "informing", "telling", "consulting", "aware", "notification", "notifications"},
}
# Being flooded or overrun (always negative for the unit that undergoes it).
_OVERLOAD = {
    "nl": {"overspoelen", "overspoeld", "platbellen", "platgebeld", "overstelpen", "overstelpt", "bedelven",
           "bedolven", "roodgloeiend", "bestormen", "bestormd", "stormloop", "overbelast", "volstromen",
           "gebombardeerd", "bombarderen", "overvallen", "overrompelen", "overrompeld", "overdonderd",
           "confronteren", "geconfronteerd", "schrikken", "opgeschrikt", "overvalt"},
    "en": {"flood", "flooded", "swamp", "swamped", "inundate", "inundated", "deluge", "deluged", "overwhelm",
           "overwhelmed", "bombard", "bombarded", "blindside", "blindsided", "blind-sided", "besiege",
           "besieged", "overrun", "ambush", "ambushed", "hammered", "aback", "wrong-footed", "wrongfooted", "stunned",
           "confront", "confronted", "startled", "scramble", "scrambled", "scrambling"},
}
# "verrast" counts only as something done to a unit by someone ("werd verrast door ..."), never pleasantly.
_SURPRISED = {"nl": {"verrassen", "verrast", "verraste", "verrasten"}, "en": {"surprised"}}
_PASSIVE_AUX = {"werd", "werden", "wordt", "worden", "was", "waren", "is", "zijn", "been", "were", "got", "get"}
# Multi-token cues of not knowing, finding out late or being caught off guard (sequences with small gaps).
# Marks a sequence that must match without gaps (its last element, never a word).
_EXACT: set[str] = {"\x00exact"}
_UNAWARE_SEQS = {
    "nl": [
        [{"weten", "wist", "wisten"}, {"niks", "niets", "nergens"}],
        [{"van"}, {"niks", "niets"}],
        [{"niks", "niets"}, {"gehoord", "vernomen", "gezien", "geweten"}],
        [{"hebben", "had", "hadden"}, {"geen"}, {"idee", "benul", "flauw"}],
        [{"horen", "hoorde", "hoorden", "vernemen", "vernamen", "lezen", "lazen", "las", "zien", "zagen",
          "krijgen", "kregen", "kreeg", "ontdekken", "ontdekte", "ontdekten"},
         {"via", "van", "in", "op", "uit", "door"},
         {"beller", "bellers", "klant", "klanten", "burger", "burgers", "bewoner", "bewoners", "inwoner",
          "inwoners", "patiënt", "patiënten", "krant", "nieuwsbrief", "pers", "media", "twitter", "facebook",
          "nieuws", "website", "intranet", "student", "studenten", "ouders", "ouder", "reiziger", "reizigers",
          "leverancier", "radio", "tv", "sociale", "social", "omroep", "huurder", "huurders", "cliënt",
          "cliënten", "familie", "buurman", "journalist", "tussenpersoon", "aannemer", "mensen", "publiek",
          "stadskrant", "wijkkrant", "poster", "posters", "mail", "mailing", "gebruiker", "gebruikers",
          "buurtbewoner", "buurtbewoners", "organisator", "organisatoren", "appgroep", "groepsapp", "whatsapp",
          "linkedin", "wandelgangen", "ouderportaal", "ouderbrief", "klantnieuwsbrief", "aannemers", "leveranciers"}],
        [{"via", "van"}, {"beller", "bellers", "klant", "klanten", "burger", "burgers", "bewoner", "bewoners",
                          "inwoner", "inwoners", "patiënt", "patiënten", "krant", "student", "studenten",
                          "reiziger", "reizigers", "cliënt", "cliënten", "tussenpersoon", "media", "pers",
                          "mensen"},
         {"horen", "hoorde", "hoorden", "gehoord", "vernemen", "vernamen", "weten", "wisten", "wist"}],
        [{"erachter", "achter"}, {"komen", "kwam", "kwamen", "gekomen"}],
        # "Het serviceteam ontdekt om 8 uur dat ...", as English "discovered that"
        [{"ontdekken", "ontdekt", "ontdekte", "ontdekten"}, {"dat"}],
        [{"komen", "kwam", "kwamen"}, {"erachter", "achter"}],
        [{"horen", "hoorde", "hoorden", "lezen", "las", "lazen", "zien", "zag", "zagen", "merken", "merkte",
          "merkten", "weten", "wisten", "ontdekken", "ontdekten"}, {"pas"}],
        [{"pas"}, {"toen", "achteraf", "vernamen", "vernomen", "horen", "hoorde", "hoorden", "ontdekken", "ontdekte",
                   "ontdekten",
                   "merken", "merkte", "merkten", "zien", "zag", "zagen", "lezen", "las", "lazen", "weten",
                   "wisten", "ontdekt", "gemerkt", "gezien", "gehoord"}],
        [{"niet", "nergens"}, {"op"}, {"de"}, {"hoogte"}],
        [{"verkeerd", "verkeerde"}, {"been"}],
        [{"uit"}, {"de"}, {"lucht"}],
        [{"rauw"}, {"dak"}],
        [{"mond"}, {"vol"}, {"tanden"}],
        [{"als"}, {"een"}, {"verrassing", "donderslag", "schok"}],
        [{"donderslag"}],
        [{"onaangekondigd", "onaangekondigde", "onverwachts", "onverwacht", "zomaar"}],
        # "voor een voldongen feit gesteld", "in het ongewisse", "buiten ons om besloten", "onvoorbereid"
        [{"voldongen"}, {"feit", "feiten"}],
        [{"ongewisse"}],
        [{"onvoorbereid"}],
        [{"buiten"}, {"ons", "hen", "mij", "me"}, {"om"}],
        [{"als"}, {"laatste"}, {"horen", "weten", "hoorden", "hoort"}],
        [{"tegelijk", "tegelijkertijd", "gelijktijdig"}, {"met"},
         {"klant", "klanten", "burgers", "bewoners", "inwoners", "ouders", "studenten", "patiënten", "pers",
          "reizigers", "cliënten", "huurders", "iedereen", "buitenwereld"}],
        [{"telefoon", "telefoons", "lijn", "lijnen"},
         {"onafgebroken", "roodgloeiend", "stilstaan", "non-stop", "rinkelen", "ontploffen", "ontplofte"}],
        # Idioms of being caught out or left out: "met de gebakken peren zitten", "over onze hoofden heen", "als
        # mosterd na de maaltijd", "achter de feiten aan lopen", "van een koude kermis thuiskomen", "uit het niets",
        # "tot onze verbazing", "geen idee dat ..."
        [{"gebakken"}, {"peren"}],
        [{"over"}, {"ons", "onze", "hun", "mijn"}, {"hoofd", "hoofden"}],
        [{"mosterd"}, {"na"}, {"maaltijd"}],
        [{"achter"}, {"de"}, {"feiten"}, {"aan"}],
        [{"koude"}, {"kermis"}],
        [{"uit"}, {"het"}, {"niets"}],
        [{"tot"}, {"verbazing", "verrassing", "schrik", "ontsteltenis", "verbijstering"}],
        [{"geen"}, {"idee", "benul"}],
        # Ellipsis after someone else was told or consulted (matched without gaps): "De poli zelf niet.", "maar niet
        # met ons.", "Met ons niet."
        [{"zelf"}, {"niet"}, {".", "!"}, _EXACT],
        [{"maar"}, {"niet"}, {"met", "aan", "bij"}, {"ons", "mij"}, {".", "!", ";"}, _EXACT],
        [{"met", "aan"}, {"ons", "mij"}, {"niet"}, {".", "!"}, _EXACT],
        # "hoort er voor het eerst van in het weekoverleg", "leest de brief voor het eerst", "hoorden het achteraf"
        [{"horen", "hoort", "hoorde", "hoorden", "lezen", "leest", "las", "lazen", "zien", "ziet", "zag", "zagen",
          "krijgen", "krijgt", "kreeg", "kregen", "weten", "weet", "wist", "wisten"},
         {"voor", "achteraf", "daarna", "naderhand"}, {"het", "eerst"}, {"eerst"}],
    ],
    "en": [
        [{"know", "knew"}, {"nothing"}],
        [{"hear", "heard"}, {"nothing"}],
        [{"have", "had"}, {"no"}, {"idea", "clue"}],
        [{"no"}, {"idea", "clue"}],
        [{"unaware"}],
        [{"find", "found", "finding"}, {"out"}],
        [{"hear", "heard", "learn", "learnt", "learned", "read", "discover", "discovered", "find", "found"},
         {"it", "about", "of", "from", "via", "in", "through", "on", "by"},
         {"caller", "callers", "customer", "customers", "resident", "residents", "patient", "patients",
          "student", "students", "newspaper", "paper", "press", "news", "twitter", "facebook", "media",
          "newsletter", "intranet", "website", "parent", "parents", "passenger", "passengers", "supplier",
          "client", "clients", "tenant", "tenants", "radio", "reporter", "journalist", "public", "intermediary",
          "broker", "contractor", "people", "citizens", "citizen", "member", "members", "linkedin", "x",
          "instagram", "chance", "accident", "user", "users", "slack", "whatsapp", "grapevine", "screenshot",
          "neighbour", "neighbours", "organiser", "organisers", "contractors", "suppliers"}],
        [{"first"}, {"hear", "heard", "know", "knew"}],
        [{"catch", "caught", "take", "taken", "took"}, {"off", "by", "out", "unaware", "aback", "flat", "napping",
                                                       "short"}],
        # "got wind of it", "nobody ran it past us", "sprung on us", "out of left field", "left holding the baby",
        # "to our surprise"
        [{"get", "got", "gets", "getting"}, {"wind"}, {"of"}],
        [{"nobody", "never", "not", "n't", "no", "noone"}, {"ran", "run", "running", "runs"}, {"past", "by"}],
        [{"sprung", "sprang", "spring", "dropped", "dumped", "landed"}, {"on"}, {"us", "them", "me"}],
        [{"left"}, {"field"}],
        [{"but", "just"}, {"not"}, {"with", "to"}, {"us", "me"}, {".", "!", ";"}, _EXACT],
        [{"but", "just"}, {"not"}, {"us", "me"}, {".", "!"}, _EXACT],
        [{"holding"}, {"the"}, {"baby", "bag"}],
        [{"to"}, {"our", "their", "my", "the"}, {"surprise", "astonishment", "dismay", "horror"}],
        [{"off"}, {"guard"}],
        [{"out"}, {"of"}, {"the"}, {"blue"}],
        [{"in"}, {"the"}, {"dark"}],
        [{"none"}, {"the"}, {"wiser"}],
        [{"come", "came"}, {"as"}, {"a"}, {"surprise", "shock"}],
        [{"discover", "discovered", "realise", "realised", "realize", "realized", "notice", "noticed", "learn",
          "learned", "learnt"}, {"that"}],
        [{"phone", "phones", "line", "lines"}, {"ring", "rang", "explode", "exploded", "hook", "melt", "non-stop",
                                                "lit", "light"}],
        [{"blind"}, {"side", "sided"}],
        [{"unannounced", "unexpectedly", "unprepared"}],
        # "out of the loop", "decided behind our backs"
        [{"out"}, {"of"}, {"the"}, {"loop"}],
        [{"behind"}, {"our", "their", "my", "his", "her"}, {"back", "backs"}],
        [{"out"}, {"of"}, {"nowhere"}],
        [{"last"}, {"to"}, {"know", "hear", "find"}],
        # "reads the letter for the first time", "the faculties hear about it afterwards"
        [{"hear", "hears", "heard", "read", "reads", "see", "sees", "saw", "learn", "learns", "learned", "learnt",
          "find", "finds", "found"}, {"for", "afterwards", "later"}, {"the", "first"}, {"first", "time"}],
        [{"hear", "hears", "heard", "learn", "learns", "learned", "learnt", "find", "finds", "found"},
         {"afterwards", "later", "too"}],
        [{"same"}, {"time"}, {"as"}, {"customer", "customers", "public", "parents", "students", "patients", "press",
                                      "residents", "passengers", "clients", "tenants", "everyone"}],
    ],
}
_THAT_SETS = ({"dat"}, {"that"})
# Cue words that a preceding negation cancels ("niemand werd overvallen", "nobody has been caught out").
_CAUGHT = {"catch", "caught", "take", "taken", "took", "off", "blind", "verkeerd", "rauw"}
_PLEASANT = {
    "nl": {"aangenaam", "positief", "blij", "prettig", "leuk", "gunstig"},
    "en": {"pleasantly", "pleasant", "positively", "happily", "nicely", "pleasingly"},
}
# Timing words that, in a sentence without a negated communication word, mark cooperation that went well.
_ADVANCE = {
    "nl": {"vooraf", "tevoren", "vantevoren", "tijdig", "vroegtijdig", "voorafgaand", "vooruit", "netjes", "keurig"},
    "en": {"advance", "ahead", "beforehand", "properly"},
}
# "two weeks before", "well communicated", "weken van tevoren": timely information in so many words.
_ADVANCE_PHRASES = {
    "nl": re.compile(r"\b(?:\d+|een|twee|drie|vier|vijf|zes|enkele|paar) (?:weken|dagen|maanden|week|maand) "
                     r"(?:ervoor|voordien|van tevoren)\b|\bruim op tijd\b"),
    "en": re.compile(r"\b(?:\d+|a|one|two|three|four|five|six|several|few) (?:weeks?|days|months?) "
                     r"(?:before|ahead(?! of (?!time)))\b|\bin good time\b|\bwell communicated\b"),
}
# Action verbs of the unit that causes a surprise (lemmas; separable Dutch verbs written joined).
_CAUSE_VERBS = {
    "nl": {"sturen", "versturen", "verzenden", "zenden", "mailen", "wijzigen", "veranderen", "aanpassen",
           "doorvoeren", "invoeren", "aankondigen", "publiceren", "uitrollen", "lanceren", "besluiten",
           "verschuiven", "verzetten", "verhogen", "verlagen", "schrappen", "omgooien", "opheffen", "sluiten",
           "starten", "beginnen", "verplaatsen", "overstappen", "vervangen", "updaten", "installeren",
           "uitzetten", "introduceren", "beloven", "verkopen", "inplannen", "plannen", "afschaffen", "afzeggen",
           "annuleren", "stopzetten", "stoppen", "uitbrengen", "uitsturen", "versnellen", "wisselen",
           "omzetten", "ombouwen", "herschrijven", "herinrichten", "reorganiseren", "samenvoegen", "bedenken",
           "verleggen", "verbouwen", "verspreiden", "vrijgeven", "aanzetten", "inzetten", "opzetten",
           "uitvoeren", "afsluiten", "afkondigen", "instellen", "verscherpen", "aanscherpen", "versoepelen",
           "toevoegen", "weghalen", "verwijderen", "blokkeren", "migreren", "uitvaardigen", "opleggen",
           "beslissen", "bepalen", "inroosteren", "roosteren", "toezeggen", "aanbieden", "bestellen",
           "bijwerken", "vervroegen", "uitstellen", "verlenen", "inrichten", "spoelen",
           "dichtdraaien", "dichtdoen", "verbieden", "verruimen", "plaatsen",
           "zetten", "leggen", "schuiven", "omleiden", "aanleggen", "openen", "slopen", "afbreken",
           "herindelen", "inkrimpen", "uitbreiden", "goedkeuren",
           "afwijzen", "intrekken", "vervallen", "vernieuwen", "upgraden", "patchen", "deployen", "releasen",
           "uploaden", "herstructureren", "wegzetten", "overzetten", "overdragen", "outsourcen",
           "aanbesteden", "contracteren", "inkopen", "aanschaffen", "kopen", "leveren", "verlengen",
           "verkorten", "omdraaien", "omwisselen", "hernoemen", "herschikken", "afstoten", 
           "bevoorraden", "aanvullen", "ophogen", "afromen", "aanvragen", "gooien", "draaien",
           "ingrijpen", "doorschuiven", "verhuizen", "herzien", "openstellen", "heropenen", "inkorten",
           "terugdraaien", "herverdelen", "verdelen", "omruilen", "ruilen", "omnummeren", "hernummeren"},
    "en": {"send", "sent", "change", "push", "roll", "launch", "announce", "publish", "update", "move",
           "switch", "introduce", "decide", "cancel", "raise", "cut", "drop", "replace", "shut", "close",
           "implement", "deploy", "release", "modify", "alter", "reschedule", "promise", "sell", "issue", "mail",
           "post", "scrap", "axe", "merge", "reorganise", "reorganize", "install", "migrate", "rewrite",
           "redesign", "shift", "swap", "rename", "block", "remove", "add", "tweak", "adjust", "revise",
           "upgrade", "disable", "enable", "start", "begin", "stop", "end", "increase", "reduce", "lower",
           "relocate", "restructure", "email", "e-mail", "circulate", "distribute", "offer", "order", "book",
           "schedule", "plan", "impose", "tighten", "loosen", "extend", "shorten", "overhaul", "put", "set",
           "turn", "flip", "kill", "retire", "print", "text", "sign", "commit", "run", "open", "approve",
           "reassign", "transfer", "outsource", "pull", "hike", "slash", "bump", "restock", "withdraw",
           "relabel", "reprice", "repave", "dig", "demolish", "reroute", "divert", "flag", "grant", "waive",
           "bring", "rebrand", "roll-out", "patch", "configure", "reconfigure", "rearrange", "reorder",
           "repurpose", "suspend", "halt", "freeze", "terminate", "unveil", "advertise", "promote", "tweet",
           "broadcast", "reset", "delete", "purge", "archive", "consolidate", "centralise", "centralize",
           "buy", "procure", "purchase", "deliver", "ship", "dispatch", "agree", "enforce", "reallocate",
           "redistribute", "revert", "reopen"},
}
# Separable verbs (base lemma + particle later in the clause): "voerde een update door", "rolled it out".
_SEPARABLE = {
    "nl": {("voeren", "door"), ("voeren", "in"), ("kondigen", "aan"), ("passen", "aan"), ("rollen", "uit"),
           ("gooien", "om"), ("zetten", "om"), ("zetten", "uit"), ("zetten", "live"), ("zetten", "stop"),
           ("sturen", "uit"), ("sturen", "rond"), ("heffen", "op"), ("schaffen", "af"), ("zeggen", "af"),
           ("voeren", "uit"), ("brengen", "uit"), ("bouwen", "om"), ("zetten", "op"), ("zetten", "in"),
           ("stappen", "over"), ("leggen", "op"), ("vaardigen", "uit"), ("geven", "vrij"), ("geven", "uit"),
           ("halen", "weg"), ("stellen", "in"), ("scherpen", "aan"), ("voegen", "toe"), ("bieden", "aan"),
           ("roosteren", "in"), ("plannen", "in"), ("schuiven", "op"), ("schuiven", "door"), ("draaien", "dicht"),
           ("draaien", "om"), ("richten", "in"), ("werken", "bij"), ("sluiten", "af"), ("halen", "naar"),
           ("trekken", "in"), ("delen", "in"), ("leiden", "om"), ("zetten", "over"), ("schakelen", "over"),
           ("schakelen", "uit"), ("gooien", "dicht"), ("doen", "dicht"), ("zetten", "dicht")},
    "en": {("roll", "out"), ("push", "through"), ("push", "out"), ("send", "out"), ("put", "out"),
           ("switch", "over"), ("bring", "in"), ("phase", "out"), ("go", "live"), ("turn", "off"),
           ("shut", "down"), ("take", "down"), ("take", "offline"), ("switch", "off"), ("move", "forward")},
}
_PARTICLES: dict[str, dict[str, set[str]]] = {
    lang: {base: {p for b, p in pairs if b == base} for base, _ in pairs} for lang, pairs in _SEPARABLE.items()
}
# Things a unit produces; "de brief van X", "X's campaign", "the letter from X" make X the source.
_CAUSE_NOUNS = {
    "nl": {"brief", "brieven", "mail", "mailing", "e-mail", "campagne", "actie", "besluit", "update", "wijziging",
           "nieuwsbrief", "aanslag", "aanslagen", "beschikking", "beschikkingen", "release", "aankondiging",
           "persbericht", "regeling", "beleid", "beleidswijziging", "reorganisatie", "bericht", "publicatie",
           "post", "folder", "advertentie", "aanpassing", "verandering", "rooster", "planning", "uitnodiging",
           "uitnodigingen", "herinnering", "herinneringen", "maatregel", "systeemwijziging", "migratie",
           "protocol", "richtlijn", "regel", "regels", "werkinstructie", "instructie", "tarief", "tarieven",
           "criteria", "procedure", "formulier", "portaal", "versie", "actiecode", "aanbieding", "besluiten",
           "kortingscode", "levering", "leveringen", "omleiding", "storing", "onderhoud", "werkzaamheden"},
    "en": {"letter", "letters", "mail", "mailing", "email", "e-mail", "campaign", "decision", "update",
           "change", "changes", "newsletter", "release", "announcement", "press", "policy", "reorganisation",
           "reorganization", "message", "post", "leaflet", "advert", "promotion", "offer", "rollout",
           "roll-out", "memo", "notice", "invoice", "invoices", "bill", "bills", "reminder", "reminders",
           "deal", "plan", "schedule", "timetable", "rule", "rules", "migration", "upgrade", "patch", "protocol",
           "guideline", "guidelines", "procedure", "form", "portal", "version", "discount", "delivery",
           "deliveries", "maintenance", "works", "diversion", "tweet"},
}
# "Published ... before the ward managers had been briefed": the unit after "before" was told too late.
_BEFORE = {"nl": {"voordat", "vooraleer", "eer", "voor"}, "en": {"before"}}
_SUBJECT_PRONOUNS = {"wij", "we", "ik", "zij", "ze", "hij", "jullie", "iemand", "er"}
_BEFORE_COMM = {
    "nl": {"geïnformeerd", "ingelicht", "gebriefd", "hoogte", "gewaarschuwd", "geraadpleegd", "betrokken",
           "gemeld", "verteld", "gehoord", "wisten", "wist", "gezien", "goedgekeurd", "gecontroleerd", "ingesteld",
           "geconfigureerd", "gekregen", "ontvangen", "afgestemd", "aangepast", "voorbereid", "kunnen"},
    "en": {"told", "informed", "briefed", "consulted", "warned", "aware", "notified", "knew", "heard", "seen",
           "approved", "checked", "configured", "received", "updated", "prepared", "trained", "got"},
}
# "We heard it from a student": hearing it second-hand (but not from a department: that is normal).
_HEARSAY = {
    "nl": ([{"horen", "hoorde", "hoorden", "gehoord", "vernemen", "vernamen", "vernomen"}],
           {"het", "ervan", "erover", "dat", "daarvan", "daarover"}, {"van", "via", "door"}),
    "en": ([{"hear", "heard", "learn", "learned", "learnt", "find", "found"}],
           {"it", "about", "of", "that"}, {"from", "via", "through"}),
}
# "De klantenservice kreeg ruim 3.000 extra vragen", "we had 700 tickets": a quantity of calls is being flooded.
_RECEIVE_VERBS = {
    "nl": {"krijgen", "kreeg", "kregen", "krijgt", "ontvangen", "ontving", "ontvingen", "hebben", "had", "hadden",
           "verwerken", "verwerkte", "verwerkten"},
    "en": {"get", "got", "gets", "receive", "received", "receives", "have", "had", "take", "took", "field",
           "fielded", "handle", "handled", "log", "logged"},
}
_IMPACT_NOUNS = {
    "nl": {"vragen", "telefoontjes", "klachten", "bellers", "meldingen", "tickets", "mails", "e-mails",
           "oproepen", "klanten", "bezwaren", "bezwaarschriften"},
    "en": {"calls", "callers", "tickets", "complaints", "queries", "questions", "emails", "e-mails", "enquiries",
           "inquiries", "customers", "objections"},
}
# Words of quantity between the verb and the noun (a number counts too): "had questions" alone is no flood.
_QUANTITY = {
    "nl": {"extra", "tientallen", "honderden", "duizenden", "ruim", "meer", "boze", "zoveel", "massa's", "enorm",
           "veel"},
    "en": {"extra", "dozens", "hundreds", "thousands", "more", "over", "angry", "many", "flood", "hundred",
           "thousand"},
}
# Being told on the day itself is being told too late.
_LATE_PHRASES = {
    "nl": [["op", "de", "dag", "zelf"], ["dezelfde", "dag"], ["laatste", "moment"], ["de", "avond", "ervoor"],
           ["achteraf"]],
    "en": [["on", "the", "day"], ["same", "day"], ["last", "minute"], ["last-minute"], ["night", "before"],
           ["after", "the", "fact"]],
}
# Knowing/perceiving words: "niemand in het filiaal wist dat ..." has no teller, only people who did not know.
_KNOWING = {"weten", "wist", "wisten", "know", "knew", "known", "learn", "learned", "learnt", "horen", "gehoord",
            "hear", "heard", "gezien", "seen",
            "hoogte", "clue", "aware"}
# "kwam als een verrassing voor X", "came as a surprise to X": X is the one surprised.
_SURPRISE_NOUNS = {"verrassing", "schok", "donderslag", "surprise", "shock"}
# Verbs of telling in an active clause: "Marketing had not said a word", "ICT heeft niets gemeld": the subject did
# not inform (unlike "X was not told", "X had not heard").
_SAY = {"said", "told", "mentioned", "warned", "informed", "notified", "alerted", "briefed", "gezegd", "verteld",
        "gemeld", "gewaarschuwd", "geïnformeerd", "ingelicht", "zei", "zeiden", "vertelde", "vertelden", "meldde",
        "meldden", "say", "tell", "mention", "warn", "inform", "zeggen", "vertellen", "melden", "waarschuwen",
        "aangekondigd", "announced", "communicated", "gecommuniceerd", "doorgegeven", "passed", "meldt", "vertelt",
        "waarschuwt", "informeert", "tells", "informs", "warns", "mentions", "notifies"}
# Transitive verbs of telling, whose object is the one left uninformed ("had not informed the warehouse").
_TELL = {"inform", "informed", "tell", "told", "warn", "warned", "notify", "notified", "consult", "consulted",
         "brief", "briefed", "alert", "alerted", "involve", "involved", "ask", "asked", "update", "updated"}
# Receiving words: "van X niets ontvangen", "heard nothing from X" make X the one who did not inform.
_RECEIVED = {"ontvangen", "gekregen", "kregen", "kreeg", "gehoord", "vernomen", "received", "heard", "got", "gotten"}
# "laten weten", "let us know": knowing words that mean informing after these.
_LET = {"laten", "liet", "lieten", "let", "letting"}
# "niet gedeeld met onze incheckbalies", "not shared with the security staff": the recipient follows.
_RECIPIENT_PREPS = {"met", "aan", "naar", "with", "to"}
# "Communicatie vergeet de balie": forgetting a unit leaves it uninformed.
_FORGET = {"vergeet", "vergat", "vergaten", "vergeten", "forget", "forgets", "forgot", "forgotten"}
_OBJECT_PRONOUNS = {"ons", "us", "them", "hen", "hun", "me", "mij", "him", "her", "haar", "hem", "iemand",
                    "anyone", "anybody"}
_AGENT_PREPS = {"nl": {"door"}, "en": {"by"}}
# "that must have come from the credit team", "afkomstig van Belastingen": where the change came from.
_ORIGIN = {"come", "comes", "came", "coming", "komt", "kwam", "kwamen", "komen", "afkomstig", "originated"}
_OWNER_PREPS = {"nl": {"van", "vanuit"}, "en": {"from", "of"}}
_ARTICLES = {"de", "het", "'t", "een", "the", "a", "an"}
_FIRST_PERSON = {
    "nl": {"wij", "we", "ons", "onze", "ik", "mij", "me", "mijn", "m'n", "'we"},
    "en": {"we", "us", "our", "i", "me", "my", "ours", "'we"},
}
# Finite verbs that open a subjectless diary sentence ("Found out when ...", "Hoorde het van een klant"): the
# writer's own unit undergoes the cue.
_DIARY_VERBS = {"found", "heard", "learned", "learnt", "discovered", "had", "knew", "hoorde", "hoorden", "wist",
                "wisten", "kwam", "kwamen", "ontdekte", "ontdekten", "zag", "zagen", "las", "lazen", "kreeg", "kregen",
                "merkte", "merkten", "vernam", "vernamen"}
_FIRST_PERSON_SUBJECT = {"nl": {"wij", "we", "ik"}, "en": {"we", "i"}}
# Words that refer back to the observed unit: "het team wist van niets", "nobody here", "the department".
_ANAPHORS = {
    "nl": {"team", "afdeling", "hier", "vloer", "werkvloer", "teamleden", "collega's"},
    "en": {"team", "department", "here", "floor", "unit", "staff", "colleagues"},
}
# Staff of the observed unit as a group ("de baliemedewerkers", "the nurses"): the unit itself when observed.
_STAFF = re.compile(r"^(?:\w*medewerkers|\w*assistenten|verpleegkundigen|collega's|agents|nurses|clerks|"
                    r"officers|employees|colleagues|\w*staff)$")
# A unit named by a bare role noun for staff ("agents", "verpleegkundigen", "medewerkers", "staff").
_BARE_STAFF = re.compile(r"^(?:medewerkers|verpleegkundigen|verplegers|assistenten|collega's|teamleden|personeel|"
                         r"staff|agents|nurses|clerks|employees|colleagues|workers|personnel)$")
_SPEAKER_PREPS = {"nl": {"van", "bij", "op", "in", "als", "vanuit", "binnen", "aan"},
                  "en": {"at", "in", "from", "on", "of"}}
_CLAUSE_BREAKS = {";", ":", "—", "–", "(", ")", "maar", "but", "terwijl", "while", "whereas"}
_SUBORDINATORS = {"nadat", "omdat", "toen", "doordat", "zodat", "terwijl", "sinds", "waardoor", "after", "because",
                  "when", "since", "so", "while", "as", "until", "tot"}
_CONJ = {"en", "of", "noch", "and", "or", "nor", ",", "ook", "also", "als", "as", "well"}


@lru_cache(maxsize=65536)
def _lemma(word: str, lang: str) -> str:
    """Lowercase lemma (separable-verb underscores removed: "door_voeren" -> "doorvoeren")."""
    low = word.lower()
    if lang not in ("nl", "en") or not any(c.isalpha() for c in low):
        return low
    try:
        return simplemma.lemmatize(low, lang=lang).lower().replace("_", "")
    except ValueError:
        return low


@dataclass(frozen=True, slots=True)
class _Cue:
    """A surprise cue: token span [start, end), sentence, and how the target is expressed.

    kind "subject": the target is the unit that undergoes it ("het KCC werd overspoeld", "X wist van niks");
    kind "object": the target follows the negator ("zonder het KCC te informeren", "nobody told us").
    """

    start: int
    end: int
    kind: str
    sent: int


@dataclass
class _Ctx:
    """Per-text analysis state."""

    doc: Doc
    key: str  # lexicon language: "nl" or "en"
    lemmas: list[str]
    lowers: list[str]
    mentions: list[tuple[int, int, str]]  # token start, token end, department name
    sent_of: list[int]
    sents: list[tuple[int, int]]
    observer: str | None
    starts: list[int] = field(default_factory=list)  # mention start tokens, for bisect
    registered: frozenset[str] = frozenset()  # canonical names of the registry
    reporter: str | None = None  # the unit whose words are reported ("volgens de balie", "X said")

    def has(self, i: int, words: set[str]) -> bool:
        return self.lowers[i] in words or self.lemmas[i] in words

    def same_unit(self, a: str, b: str) -> bool:
        """True if two names are one unit written twice: equal, or, when the registry does not know both, one
        starts the other ("lab" / "laboratorium"; registry departments such as "Data" and "Data & Analytics" stay
        apart)."""
        if a.casefold() == b.casefold():
            return True
        if a in self.registered and b in self.registered:
            return False
        a, b = sorted((a.casefold(), b.casefold()), key=len)
        return len(a) >= 3 and b.startswith(a)

    def in_range(self, lo: int, hi: int) -> range:
        """Indices of the mentions that start in token range [lo, hi) (mentions are sorted by position)."""
        return range(bisect_left(self.starts, lo), bisect_left(self.starts, hi))


def _match_seq(ctx: _Ctx, seq: list[set[str]], i: int, hi: int, gap: int = 4) -> int | None:
    """Match a word sequence starting at token ``i`` (small gaps allowed); return the end index or None."""
    if not ctx.has(i, seq[0]):
        return None
    pos = i + 1
    for alts in seq[1:]:
        found = next((j for j in range(pos, min(hi, pos + gap + 1)) if ctx.has(j, alts)), None)
        if found is None:
            return None
        pos = found + 1
    return pos


def _advance_sentence(ctx: _Ctx, lo: int, hi: int) -> bool:
    """True if the sentence says someone was told in advance and does not negate that.

    The negation must be near the timing word ("niet vooraf", "vooraf niet", "not ... in advance"), so that "was not
    surprised: HR had warned him well ahead of time" still counts as cooperation.
    """
    adv = _ADVANCE[ctx.key]
    words = ctx.lowers[lo:hi]
    text = " ".join(words)
    # "ahead of schedule", "ahead of the agreed date": early, not in advance ("ahead of time" is in advance).
    at = [j for j, w in enumerate(words) if w in adv and not (
        w == "ahead" and words[j + 1:j + 2] == ["of"] and words[j + 2:j + 3] != ["time"])]
    at += [text[:m.start()].count(" ") for m in _ADVANCE_PHRASES[ctx.key].finditer(text)]
    if not at:
        return False
    neg = _NEGATORS[ctx.key] | _LATE[ctx.key]
    return not any(w in neg for j in at for w in words[max(0, j - 6):j + 3])


def _find_cues(ctx: _Ctx) -> list[_Cue]:
    """Surprise cues of all sentences, in text order."""
    key = ctx.key
    cues: list[_Cue] = []
    for si, (lo, hi) in enumerate(ctx.sents):
        pleasant = any(ctx.lowers[j] in _PLEASANT[key] for j in range(lo, hi))
        weak: list[_Cue] = []
        strong: list[_Cue] = []
        for i in range(lo, hi):
            negated = any(ctx.has(j, _NEGATORS[key]) for j in range(max(lo, i - 4), i))
            if ctx.has(i, _OVERLOAD[key]) and not pleasant and not negated:
                weak.append(_Cue(i, i + 1, "subject", si))
                continue
            if ctx.has(i, _SURPRISED[key]) and not pleasant and not negated and (
                    any(w in _AGENT_PREPS[key] for w in ctx.lowers[i + 1:i + 3])
                    or (key == "nl" and any(w in _PASSIVE_AUX for w in ctx.lowers[max(lo, i - 4):i]))):
                weak.append(_Cue(i, i + 1, "subject", si))
                continue
            for seq in _UNAWARE_SEQS[key]:
                # "ontdekt in de stand-up dat", "learns at the 10 am drug round that": a longer gap before "that"
                if seq[-1] is _EXACT:
                    end = _match_seq(ctx, seq[:-1], i, hi, gap=0)
                else:
                    end = _match_seq(ctx, seq, i, hi, gap=7 if seq[-1] in _THAT_SETS else 4)
                if end is not None and negated and ctx.has(i, _CAUGHT):
                    break  # "nobody has been caught out": nothing happened
                if end is not None:
                    weak.append(_Cue(i, end, "subject", si))
                    break
            split_comm = (ctx.lowers[i] == "geven" and "door" in ctx.lowers[max(lo, i - 2):i]) or (
                ctx.lowers[i] == "nemen" and "mee" in ctx.lowers[max(lo, i - 2):i])  # "door te geven", "mee te nemen"
            if ctx.has(i, _COMM[key]) or split_comm:
                cue = _negated_comm(ctx, i, lo, hi, si)
                if cue is not None:
                    strong.append(cue)
                    continue
            if ctx.lowers[i] in _BEFORE[key]:
                cue = _before_cue(ctx, i, hi, si)
                if cue is not None:
                    strong.append(cue)
                    continue
            if ctx.lowers[i] in _FORGET:
                forgotten = list(ctx.in_range(i + 1, min(hi, i + 4)))
                if forgotten:
                    strong.append(_Cue(i, ctx.mentions[forgotten[0]][1], "object", si))
                    continue
            end = _hearsay(ctx, i, hi)
            if end is None:
                end = _swamped(ctx, i, hi)
            if end is not None and not pleasant:
                weak.append(_Cue(i, end, "subject", si))
        if weak and not strong and (_advance_sentence(ctx, lo, hi) or (
                si > 0 and _advance_sentence(ctx, *ctx.sents[si - 1]))):
            weak = []  # "vooraf geïnformeerd", "warned us in advance": cooperation, not a surprise
        cues.extend(sorted(weak + strong, key=lambda c: c.start))
    return cues


def _before_cue(ctx: _Ctx, i: int, hi: int, si: int) -> _Cue | None:
    """"... gepubliceerd voordat de teamleiders waren ingelicht": told too late, within the same clause."""
    if ctx.lowers[i] == "voor" and (i + 1 >= hi or ctx.lowers[i + 1] not in _SUBJECT_PRONOUNS):
        return None  # "voor" is "before" only when a clause follows: "voor wij het hadden goedgekeurd"
    for j in range(i + 1, min(hi, i + 11)):
        if ctx.lowers[j] in _CLAUSE_BREAKS or ctx.lowers[j] == ",":
            return None
        if ctx.has(j, _BEFORE_COMM[ctx.key]):
            return _Cue(i, j + 1, "object", si)
    return None


def _hearsay(ctx: _Ctx, i: int, hi: int) -> int | None:
    """End of "hoorden het van de conciërge" / "heard about it from a student", else None."""
    verbs, objects, preps = _HEARSAY[ctx.key]
    end = _match_seq(ctx, [verbs[0], objects, preps], i, hi, gap=2)
    if end is None or end >= hi:
        return None
    nxt = end + (1 if ctx.lowers[end] in _ARTICLES else 0)
    if any(ctx.mentions[k][0] in (nxt, end) for k in ctx.in_range(end, nxt + 1)):
        return None  # heard it from another department: that is how it should go
    return end + 1


def _swamped(ctx: _Ctx, i: int, hi: int) -> int | None:
    """End of "kreeg ruim 3.000 extra vragen" / "had 700 tickets" / "received over a hundred calls", else None.

    A unit that receives a number of calls, questions or complaints is flooded, as with "overspoeld".
    """
    if not ctx.has(i, _RECEIVE_VERBS[ctx.key]):
        return None
    quantity = False
    for j in range(i + 1, min(hi, i + 9)):
        if ctx.has(j, _IMPACT_NOUNS[ctx.key]):
            return j + 1 if quantity else None
        if ctx.doc[j].like_num or ctx.lowers[j] in _QUANTITY[ctx.key]:
            quantity = True
        elif ctx.lowers[j] in _CLAUSE_BREAKS or ctx.lowers[j] == ",":
            return None
    return None


def _late_near(ctx: _Ctx, i: int, lo: int, hi: int) -> bool:
    """A "too late" phrase within six tokens of token ``i`` ("een mailtje ... op de dag zelf")."""
    a, b = max(lo, i - 6), min(hi, i + 7)
    window = ctx.lowers[a:b]
    for phrase in _LATE_PHRASES[ctx.key]:
        n = len(phrase)
        if any(window[j:j + n] == phrase for j in range(len(window) - n + 1)):
            return True
    return False


def _negated_comm(ctx: _Ctx, i: int, lo: int, hi: int, si: int) -> _Cue | None:
    """A cue for a communication word ``i`` that is negated ("niet geïnformeerd") or late ("pas gemeld")."""
    key = ctx.key
    neg = _NEGATORS[key] | _LATE[key]
    back = None
    for j in range(i - 1, max(lo, i - 8) - 1, -1):
        if ctx.lowers[j] in _CLAUSE_BREAKS or ctx.lowers[j] == ",":
            break  # "was not surprised: HR had warned him": the negation belongs to another clause
        if ctx.has(j, neg):
            back = j
            break
    if back is None:  # "zonder dit aan het KCC en de balie door te geven", "Niemand van de afdeling X had dat met
        # ons afgestemd": a longer object or a named "nobody"
        for j in range(i - 1, max(lo, i - 12) - 1, -1):
            if ctx.lowers[j] in _CLAUSE_BREAKS or ctx.lowers[j] == ",":
                break
            if ctx.lowers[j] in {"zonder", "without", "niemand", "nobody", "noone"}:
                back = j
                break
    if back is not None:
        if ctx.lowers[back] in _LATE[key] and ctx.lowers[i] in {"weten", "know", "knew"}:
            return None
        kind = "object" if ctx.lowers[back] in _OBJECT_NEGATORS else "subject"
        return _Cue(back, i + 1, kind, si)
    if _late_near(ctx, i, lo, hi):
        return _Cue(i, i + 1, "subject", si)
    # Late after the word: "received the new rates only on 3 July", "kregen het pas op dinsdag", "was informed
    # after the change went live".
    late = next((j for j in range(i + 1, min(hi, i + 5)) if ctx.lowers[j] in _LATE[key]
                 or (j == i + 1 and ctx.lowers[j] == "after" and ctx.lowers[i] in _TELL)), None)
    if late is not None and (ctx.lowers[i] in _RECEIVED or ctx.lowers[i] in _TELL):
        return _Cue(i, late + 1, "subject", si)
    # Dutch puts the negation after a finite verb: "informeerde het KCC niet", "wist het niet".
    fwd = next((j for j in range(i + 1, min(hi, i + 4)) if ctx.lowers[j] in {"niet", "niemand"}), None)
    if fwd is not None and any(w == "," or w in _CLAUSE_BREAKS for w in ctx.lowers[i + 1:fwd]):
        fwd = None  # "had het afgestemd, maar niet met ons": the negation belongs to the next clause
    if fwd is not None:
        return _Cue(i, fwd + 1, "subject", si)
    return None


# ---------------------------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------------------------


def _mention_role(ctx: _Ctx, k: int) -> str | None:
    """'agent' for "door X"/"by X", 'owner' for "de brief van X"/"X's letter", else None."""
    key = ctx.key
    s, e, _ = ctx.mentions[k]
    prev = s - 1
    while prev >= 0 and ctx.lowers[prev] in _ARTICLES | {"onze", "our", "hun", "their"}:
        prev -= 1
    if prev >= 0 and ctx.lowers[prev] in _AGENT_PREPS[key]:
        return "agent"
    if prev >= 1 and ctx.lowers[prev] in _OWNER_PREPS[key]:
        if any(ctx.has(b, _CAUSE_NOUNS[key]) or ctx.lowers[b] in _ORIGIN for b in range(max(0, prev - 4), prev)):
            return "owner"
        # "door een nieuw protocol van de afdeling Interne": the owner of the agent.
        if any(ctx.lowers[b] in _AGENT_PREPS[key] for b in range(max(0, prev - 6), prev)):
            return "agent"
    if e < len(ctx.lowers) and ctx.lowers[e] in {"'s", "\u2019s", "'"}:
        if any(ctx.has(n, _CAUSE_NOUNS[key]) for n in range(e + 1, min(len(ctx.lowers), e + 4))):
            return "owner"
    nxt = e + 1 if e < len(ctx.lowers) and ctx.lowers[e] in {"-", "\u2011"} else e
    if nxt < len(ctx.lowers) and ctx.lowers[nxt] in _CAUSE_NOUNS[key]:  # word form: "changed" is a verb
        return "owner"
    return None


def _object_after(ctx: _Ctx, cue: _Cue) -> int | None:
    """The unit right after an active communication verb: "had not informed the warehouse" (English word order)."""
    last = cue.end - 1
    if ctx.key != "en" or not ctx.has(last, _TELL) or any(w in _PASSIVE_AUX for w in ctx.lowers[cue.start:last]):
        return None
    lo, hi = ctx.sents[cue.sent]
    if cue.start > lo and ctx.lowers[cue.start - 1] in _PASSIVE_AUX:
        return None
    j = cue.end
    while j < hi and ctx.lowers[j] in _ARTICLES | _POSSESSIVES:
        j += 1
    return next(iter(ctx.in_range(cue.end, j + 1)), None)  # the article may be part of the mention


def _uninformers(ctx: _Ctx, cue: _Cue) -> set[int]:
    """Mentions that left someone uninformed in ``cue``: "Niemand van het lab had ons ...", "X hadn't told them"."""
    out: set[int] = set()
    lo, hi = ctx.sents[cue.sent]
    if ctx.lowers[cue.end - 1] in _RECEIVED:  # "Van de rechtbank heeft zij niets ontvangen": the sender
        for k in ctx.in_range(lo, hi):
            prev = ctx.mentions[k][0] - 1
            while prev > lo and ctx.lowers[prev] in _ARTICLES:
                prev -= 1
            if prev >= lo and ctx.lowers[prev] in _OWNER_PREPS[ctx.key] and ctx.lowers[prev] != "of":
                out.add(k)
        return out
    # The communication word of the cue: its last token, or before a post-verbal negation ("meldt het niet").
    comm = next((j for j in range(cue.end - 1, cue.start - 1, -1) if ctx.has(j, _COMM[ctx.key])), None)
    if comm is None:
        return out
    told = ctx.lowers[comm - 1] in _LET if comm - 1 >= lo else False  # "laten weten", "let us know"
    if ctx.has(comm, _KNOWING) and not told:
        return out
    span = ctx.lowers[cue.start:min(hi, cue.end + 2)]
    if ctx.lowers[cue.start] in {"niemand", "nobody", "noone"}:
        told_someone = any(w in _OBJECT_PRONOUNS for w in span) or len(ctx.in_range(cue.end, min(hi, cue.end + 3))) > 0
        if not told_someone:
            return out  # "Niemand van het KCC was gewaarschuwd": the KCC is the one left out
        for k in ctx.in_range(cue.start + 1, cue.end):
            gap = ctx.lowers[cue.start + 1:ctx.mentions[k][0]]
            if 0 < len(gap) <= 3 and gap[0] in {"van", "bij", "from", "of", "at", "in"}:
                out.add(k)
        return out
    before = list(ctx.in_range(max(lo, cue.start - 12), cue.start))
    for k in before:
        s, e, _n = ctx.mentions[k]
        if e > cue.start or cue.start - e > 4 or _at_place(ctx, s):
            continue  # "moved the slots to the new diagnostic centre without informing Radiology": not the teller
        between = ctx.lowers[e:cue.start]
        if any(w in _PASSIVE_AUX for w in between) or any(w in _PASSIVE_AUX for w in span):
            continue
        told = any(w in _OBJECT_PRONOUNS for w in between + span) or _object_after(ctx, cue) is not None
        # "Marketing had not said a word": an active verb of telling with no one else in its clause.
        clause = _clause_start(ctx, s)
        active = any(w in _SAY for w in ctx.lowers[cue.start:cue.end]) \
            and not any(j < k and ctx.mentions[j][0] >= clause for j in before)
        if told or active:
            out.add(k)
    return out


def _clause_start(ctx: _Ctx, i: int) -> int:
    """First token of the clause around token ``i`` (after a clause break, comma or subordinator)."""
    lo = ctx.sents[ctx.sent_of[i]][0]
    j = i
    while j > lo and not (ctx.lowers[j - 1] in _CLAUSE_BREAKS or ctx.lowers[j - 1] in _SUBORDINATORS
                          or ctx.lowers[j - 1] in {",", "en", "and", "dat", "that"}):
        j -= 1
    return j


_NL_PARTICIPLE = re.compile(
    r"^(om|aan|af|door|in|op|uit|over|terug|weg|mee|vrij|voor|bij|toe|rond|dicht)ge(\w{3,}?)[dt]$")


@lru_cache(maxsize=8192)
def _separable_participle(word: str) -> bool:
    """A Dutch participle of a separable action verb the lemmatiser does not know: "omgenummerd" (omnummeren),
    "opgezegd" (opzeggen), "doorgerekend"."""
    m = _NL_PARTICIPLE.match(word)
    if m is None:
        return False
    stem = m.group(2)
    return any(m.group(1) + st + "en" in _CAUSE_VERBS["nl"] for st in (stem, stem + stem[-1:]))


def _cause_verbs(ctx: _Ctx, lo: int, hi: int) -> list[int]:
    """Token positions of action verbs in [lo, hi), separable verbs included."""
    key = ctx.key
    particles = _PARTICLES[key]
    out: list[int] = []
    for i in range(lo, hi):
        if ctx.has(i, _CAUSE_VERBS[key]) or (key == "nl" and _separable_participle(ctx.lowers[i])):
            out.append(i)
        elif ctx.lemmas[i] in particles and particles[ctx.lemmas[i]] & set(ctx.lowers[i + 1:min(hi, i + 12)]):
            out.append(i)
    return out


def _distance(ctx: _Ctx, a: int, b: int) -> float:
    """Token distance, plus a penalty per clause break crossed."""
    lo, hi = min(a, b), max(a, b)
    return (hi - lo) + 6 * sum(1 for j in range(lo, hi) if ctx.lowers[j] in _CLAUSE_BREAKS)


_FINITE_AUX = {"heeft", "hebben", "had", "hadden"}


def _object_after_aux(ctx: _Ctx, s: int) -> bool:
    """True for B in Dutch "A heeft (de) B ... aangepast" ("inkoop heeft de prijzen aangepast"): the unit right
    after the finite auxiliary that follows another unit is that verb's object, not its subject."""
    if ctx.key != "nl":
        return False
    lo = ctx.sents[ctx.sent_of[s]][0]
    j = s - 1
    while j >= lo and ctx.lowers[j] in _ARTICLES:
        j -= 1
    return j > lo and ctx.lowers[j] in _FINITE_AUX and any(ctx.mentions[k][1] == j for k in ctx.in_range(lo, j))


_NOT_NOUNS = {"niemand", "iemand", "nobody", "someone", "somebody", "anyone", "none", "een", "one", "mensen", "people",
              "collega's", "colleagues", "wij", "we", "us", "ons", "some", "sommigen", "iedereen", "everyone"}


def _noun_complement(ctx: _Ctx, s: int) -> bool:
    """True for a unit that completes a noun ("de lokalen van de bovenbouw", "the timetable of the science
    department"): the possessor of a thing, not the subject of the verb after it ("Niemand van het lab had ..." is)."""
    lo = ctx.sents[ctx.sent_of[s]][0]
    j = s - 1
    while j >= lo and ctx.lowers[j] in _ARTICLES | _POSSESSIVES:
        j -= 1
    if j <= lo or ctx.lowers[j] not in {"van", "of"}:
        return False
    noun = ctx.doc[j - 1]
    return noun.is_alpha and noun.is_lower and noun.lower_ not in _NOT_NOUNS and not noun.is_stop \
        and not ctx.has(j - 1, _CAUSE_NOUNS[ctx.key]) and not any(
            ctx.mentions[k][1] == j for k in ctx.in_range(lo, j))


def _is_subject_of_verb(ctx: _Ctx, s: int, e: int, verbs: list[int]) -> bool:
    """Mention [s, e) followed by an action verb in its clause, or directly after one (Dutch inversion: "Vorige week
    stuurde Beleid ..."; in English a unit right after the verb is its object: "I run the reception")."""
    if _object_after_aux(ctx, s) or _noun_complement(ctx, s):
        return False
    for v in verbs:
        if ctx.sent_of[v] != ctx.sent_of[s]:
            continue
        if e <= v and v - e <= 12 and not any(w in _CLAUSE_BREAKS or w in _SUBORDINATORS for w in ctx.lowers[e:v]) \
                and not any(not _object_after_aux(ctx, ctx.mentions[k][0]) for k in ctx.in_range(e, v)):
            return True
        if ctx.key == "nl" and v < s and s - v <= 3 and not any(
                w in _AGENT_PREPS[ctx.key] or w in _CLAUSE_BREAKS or w in _CONJ for w in ctx.lowers[v:s]):
            return True
    return False


_SENT_PENALTY = {0: 0.0, -1: -2.0, 1: -2.5, -2: -2.5, -3: -3.5}
# Prepositions of place and direction: a unit after one is where something happened ("in het magazijn", "aan de
# balie", "to the new diagnostic centre"), not who did it; words allowed in between are skipped. Not "bij"/"at":
# "inwoners die bij Publiekszaken voor een dichte deur stonden" names the unit itself.
_PLACE_PREPS = {"in", "op", "aan", "naar", "uit", "binnen", "on", "to", "into", "within"}
_PLACE_SKIP = _ARTICLES | {"onze", "our", "hun", "their", "alle", "all", "enkele", "some", "several", "nieuwe", "new"}


def _at_place(ctx: _Ctx, s: int) -> bool:
    """True if the mention starting at token ``s`` follows a preposition of place or direction in its sentence."""
    lo = ctx.sents[ctx.sent_of[s]][0]
    j = s - 1
    while j >= lo and ctx.lowers[j] in _PLACE_SKIP:
        j -= 1
    return j >= lo and ctx.lowers[j] in _PLACE_PREPS and ctx.lowers[max(lo, j - 1):j + 1] != ["according", "to"]


# "nobody asked": the cue's own subject, so a unit before it in the sentence is not the one who failed to ask.
_NOBODY = {"niemand", "nobody", "noone"}


def _source(ctx: _Ctx, cue: _Cue, exclude: set[str], uninformers: set[int], undergoers: set[str],
            ) -> tuple[str | None, int | None]:
    """The acting unit for ``cue``: best-scoring mention near it (name, sentence) or (None, None)."""
    si = cue.sent
    lo = ctx.sents[max(0, si - 3)][0]
    hi = ctx.sents[min(len(ctx.sents) - 1, si + 1)][1]
    verbs = _cause_verbs(ctx, lo, hi)
    best: tuple[float, str | None, int | None] = (0.0, None, None)
    for k in ctx.in_range(lo, hi):
        s, e, name = ctx.mentions[k]
        if name in exclude or e > hi:
            continue
        role = _mention_role(ctx, k)
        score = {"agent": 5.0, "owner": 4.0}.get(role or "", 0.0)
        if k in uninformers:
            score = max(score, 4.0)
        elif role is None:
            if _at_place(ctx, s):
                pass  # "moved the slots to the new diagnostic centre", "in het magazijn": where, not who
            elif _is_subject_of_verb(ctx, s, e, verbs):
                score = 3.0
            elif cue.kind == "object" and ctx.sent_of[s] == si and e <= cue.start and not any(
                    w in {"dat", "that"} for w in ctx.lowers[e:cue.start]) and ctx.lowers[cue.start] not in _NOBODY:
                # "ICT voerde een update door zonder Vergunningen te informeren"; the unit opening the sentence is
                # its subject ("Planning told the contact centre ..., but forgot the warehouse"), unless the cue is
                # in a "dat/that" clause ("Het college betreurt dat Communicatie ... voordat ...").
                opens = all(w in _ARTICLES for w in ctx.lowers[ctx.sents[si][0]:s])
                score = 3.3 if opens else 3.0
            elif ctx.sent_of[s] == si and name not in undergoers:
                score = 0.5  # another unit in the same sentence that is not caught off guard itself
        if score <= 0:
            continue
        score += _SENT_PENALTY.get(ctx.sent_of[s] - si, -9.0) - 0.01 * abs(s - cue.start)
        if score > best[0]:
            best = (score, name, ctx.sent_of[s])
    # A first-person actor is the observed unit: "we updated the criteria and forgot to tell underwriting".
    if ctx.observer is not None and ctx.observer not in exclude:
        for v in verbs:
            if ctx.sent_of[v] not in (si, si - 1):
                continue
            before = ctx.lowers[max(ctx.sents[ctx.sent_of[v]][0], v - 3):v]
            if any(w in _FIRST_PERSON_SUBJECT[ctx.key] for w in before):
                score = 3.0 + _SENT_PENALTY[ctx.sent_of[v] - si]
                if score > best[0]:
                    best = (score, ctx.observer, ctx.sent_of[v])
    return best[1], best[2]


# Verbs of working in or running a unit: "I run the outpatient reception", "ik werk op de poli" (after the
# preposition, if any, is skipped).
_SPEAKER_VERBS = {"run", "manage", "lead", "head", "supervise", "coordinate", "work", "leid", "werk", "werken",
                  "coördineer"}


def _speaker_unit(ctx: _Ctx) -> tuple[str | None, str | None]:
    """The unit the speaker names for themselves: "wij van de klantenservice", "we at the desk", "bij ons op X",
    "I run the front desk" (explicit), and the first "onze X"/"our X" (weaker than a given observed unit: in "Onze
    IT heeft de app geüpdatet" IT can be the organisation's rather than the speaker's)."""
    key = ctx.key
    ours: str | None = None
    for s, _e, name in ctx.mentions:
        j = s - 1
        if ctx.lowers[s] in {"onze", "our"} or (j >= 0 and ctx.lowers[j] in {"onze", "our"}):
            ours = ours or name  # "onze balie", "Our ground handling crew" (the possessive inside the mention)
            continue
        while j >= 0 and ctx.lowers[j] in _ARTICLES:
            j -= 1
        lo, hi = ctx.sents[ctx.sent_of[s]]
        if j >= lo and ctx.lowers[j] in {"bij", "at"} and (j == lo or ctx.lowers[j - 1] in {
                ",", "en", "and", "maar", "but"}) and any(
                w in _FIRST_PERSON_SUBJECT[key] for w in ctx.lowers[_e:min(hi, _e + 3)]):
            return name, ours  # "Bij de klantenservice kregen we ...", "At the branch, we had ..."
        if j >= 0 and ctx.lowers[j] in _SPEAKER_PREPS[key]:
            j -= 1
            if j >= 0 and ctx.lowers[j] in _FIRST_PERSON[key]:
                return name, ours
        if j >= 1 and ctx.lowers[j] in _SPEAKER_VERBS and ctx.lowers[j - 1] in _FIRST_PERSON_SUBJECT[key]:
            return name, ours  # "I run the outpatient reception", "ik werk bij de balie", "we work on the ward"
    return None, ours


_STAMP = re.compile(r"^(?:\d{1,2}[:.]\d{2}|[-\u2013\u2014|]|uur|am|pm|h)$")


def _heading_unit(ctx: _Ctx) -> str | None:
    """The unit a note opens with as its scene heading ("Poli Orthopedie, dinsdagochtend.", "Customer service
    centre, Monday morning."): where the consultant was, so the observed unit when none is given."""
    if len(ctx.sents) < 2 or not ctx.mentions:
        return None
    lo, hi = ctx.sents[0]
    s, e, name = ctx.mentions[0]
    while hi > lo and not ctx.doc[hi - 1].is_alpha and not ctx.doc[hi - 1].is_digit:
        hi -= 1
    # A time stamp may come first ("10:05 - Stadswinkel.", "08:15 – Docentenkamer.").
    if e > hi or any(w not in _ARTICLES and not _STAMP.match(w) for w in ctx.lowers[lo:s]) or hi - lo > 12:
        return None
    return name if e == hi or (ctx.lowers[e] == "," and not _cause_verbs(ctx, e, hi)) else None


_REPORT_VERBS = {"zegt", "zei", "zeiden", "zeggen", "vertelt", "vertelde", "vertelden", "says", "said", "say", "told",
                 "tells", "explained", "explains", "legt", "meldt"}
_TOLD_BY = {"told", "informed"}
_THIRD_PERSON = {"nl": {"zij", "ze", "hen", "hun"}, "en": {"they", "them", "their"}}


def _reporter(ctx: _Ctx) -> str | None:
    """The unit whose account the note reports ("volgens de balie", "according to the warehouse", "bij de apotheek
    zeiden ze", "the booking line said", "told by the store staff"): "they"/"zij" in what follows are that unit."""
    key = ctx.key
    for s, e, name in ctx.mentions:
        j = s - 1
        while j >= 0 and ctx.lowers[j] in _ARTICLES:
            j -= 1
        if (j >= 0 and ctx.lowers[j] == "volgens") or (j >= 1 and ctx.lowers[j - 1:j + 1] == ["according", "to"]):
            return name
        if j >= 1 and ctx.lowers[j] in _AGENT_PREPS[key] and (
                ctx.lowers[j - 1] in _TOLD_BY or ctx.lowers[e:e + 1] in (["verteld"], ["gezegd"])):
            return name  # "I was told by the store staff that they ...", "werd door de balie verteld dat ze ..."
        v = e + 1 if e < len(ctx.lowers) and (ctx.lowers[e] == "," or (
            ctx.lowers[e] in _THIRD_PERSON[key] and j >= 0 and ctx.lowers[j] in {"bij", "at"})) else e
        # "the booking line said", "bij de apotheek zeiden ze", "at the pharmacy they said"; not "door X gezegd" or
        # "Marketing said nothing"
        if v < len(ctx.lowers) and ctx.lowers[v] in _REPORT_VERBS and not (
                v + 1 < len(ctx.lowers) and ctx.has(v + 1, _NEGATORS[key])) and (
                j < 0 or ctx.lowers[j] not in _AGENT_PREPS[key] | _OWNER_PREPS[key]):
            return name
    return None


def _floor(ctx: _Ctx, a: int, b: int) -> list[str] | None:
    """The unit meant by the speakers in tokens [a, b): the reporter for "they"/"zij" ("according to the warehouse,
    head office ... without telling them"), the observed unit when the floor speaks (empty if it is unknown), or
    None when nobody speaks of themselves there."""
    if ctx.reporter is not None and any(w in _THIRD_PERSON[ctx.key] for w in ctx.lowers[a:b]):
        return [ctx.reporter]
    if _refers_to_observer(ctx, a, b):
        return [ctx.observer] if ctx.observer else []
    return None


def _refers_to_observer(ctx: _Ctx, a: int, b: int) -> bool:
    """True if tokens [a, b) speak of the observed unit: first person, "het team", "nobody here", "the nurses"."""
    key = ctx.key
    for j in range(a, b):
        w = ctx.lowers[j]
        if w in _FIRST_PERSON[key]:
            return True
        if _STAFF.search(w) and j > 0 and ctx.lowers[j - 1] in _ARTICLES | {"onze", "our", "alle", "all"}:
            return True
        if w == "hier" and any(x in _SPLIT_PREPS for x in ctx.lowers[j + 1:j + 5]):
            continue  # "was hier niet van op de hoogte": "hiervan", not "here"
        if w in _ANAPHORS[key] and (j == 0 or ctx.lowers[j - 1] in _ARTICLES | {"niemand", "nobody", "no", "one",
                                                                                "op", "on", "at", "in", "aan",
                                                                                "bij", "hier", "here", "onze",
                                                                                "our"}
                                    or w in {"hier", "here"}):
            return True
    return False


# Prepositions of a split Dutch pronominal adverb ("hier ... van" = "hiervan").
_SPLIT_PREPS = {"van", "over", "mee", "door", "voor", "naar", "uit", "aan"}


def _conjoined(ctx: _Ctx, k: int) -> list[int]:
    """Mentions coordinated with mention ``k`` ("Klantenservice of Netbeheer", "HR, IT and Finance")."""
    out: list[int] = []
    for direction in (-1, 1):
        cur = k
        while 0 <= cur + direction < len(ctx.mentions):
            nxt = cur + direction
            a_end = ctx.mentions[min(cur, nxt)][1]
            b_start = ctx.mentions[max(cur, nxt)][0]
            between = [w for w in ctx.lowers[a_end:b_start] if w not in _ARTICLES]
            if not between or not all(w in _CONJ for w in between) or len(between) > 3:
                break
            out.append(nxt)
            cur = nxt
    return out


def _what_was_known(ctx: _Ctx, cue: _Cue, k: int) -> bool:
    """True for a unit after the cue that acts in what was not known or told: "nobody knew the metering team had
    started ...", "Nobody told us the Memory Clinic had stopped ...", "Niemand daar wist dat Belastingen ... had
    aangepast". That unit is the source, not the one left out."""
    s, e, _name = ctx.mentions[k]
    between = ctx.lowers[cue.end:s]
    if not (ctx.has(cue.end - 1, _KNOWING) or any(w in {"dat", "that"} or w in _OBJECT_PRONOUNS for w in between)):
        return False
    hi = ctx.sents[cue.sent][1]
    return _is_subject_of_verb(ctx, s, e, _cause_verbs(ctx, e, hi))


def _targets(ctx: _Ctx, cue: _Cue, uninformers: set[int]) -> list[str]:
    """Names of the units caught off guard by ``cue`` (the observer when the floor speaks), possibly empty."""
    lo, hi = ctx.sents[cue.sent]
    candidates = [k for k in ctx.in_range(lo, hi) if ctx.mentions[k][1] <= hi
                  and _mention_role(ctx, k) is None and k not in uninformers]

    def names(k: int) -> list[str]:
        return [ctx.mentions[j][2] for j in [k, *_conjoined(ctx, k)]]

    if cue.kind == "object":
        after_comm = [k for k in candidates if cue.end <= ctx.mentions[k][0] < cue.end + 4
                      and not any(w == "," or w in _CLAUSE_BREAKS for w in ctx.lowers[cue.end:ctx.mentions[k][0]])
                      and not _what_was_known(ctx, cue, k)]
        inside = [k for k in candidates if cue.start < ctx.mentions[k][0] and ctx.mentions[k][1] <= cue.end]
        if inside:
            return names(inside[0])
        if after_comm:
            return names(after_comm[0])
        if (floor := _floor(ctx, cue.start, min(hi, cue.end + 4))) is not None:
            return floor
        if ctx.lowers[cue.start] in {"zonder", "without"}:
            # "Onderhoud heeft zonder afstemming de liften ... gesteld": the first unit of the clause is the actor.
            first = next(iter(ctx.in_range(_clause_start(ctx, cue.start), cue.start)), None)
            candidates = [k for k in candidates if k != first]
    inside = [k for k in candidates if cue.start <= ctx.mentions[k][0] and ctx.mentions[k][1] <= cue.end]
    if inside:
        return names(inside[0])
    if cue.start == lo and (ctx.lowers[cue.start] in _DIARY_VERBS or (
            ctx.lowers[cue.start] in {"geen", "no"} and ctx.lowers[cue.start + 1:cue.start + 2] in (
                ["idee"], ["idea"], ["clue"], ["benul"]))):  # "Geen idee dat ze bezig waren.", "No idea."
        return [ctx.observer] if ctx.observer else []  # "Found out when the old form got rejected."
    if cue.end < hi and (ctx.lowers[cue.end] in _RECIPIENT_PREPS and ctx.has(cue.end - 1, _COMM[ctx.key]) or (
            ctx.lowers[cue.end] in {"to", "voor"} and ctx.lowers[cue.end - 1] in _SURPRISE_NOUNS)):
        recipient = [k for k in candidates if cue.end < ctx.mentions[k][0] <= cue.end + 3]
        if recipient:
            return names(recipient[0])
    obj = _object_after(ctx, cue)
    if obj is not None and obj in candidates:
        return names(obj)
    if (floor := _floor(ctx, max(lo, cue.start - 4), max(cue.start + 1, cue.end - 1))) is not None:
        return floor
    # Units that act in this sentence ("Hypotheken had de rentes verhoogd en de lijnen stonden roodgloeiend")
    # are not the ones caught off guard.
    # A unit before the cue is only acting through a verb between it and the cue: in "Stores learned of the change
    # ... and had no staff rostered" and "The teams were not informed and continued to promise ..." the later
    # verb belongs to the unit that was caught off guard.
    verbs = [v for v in _cause_verbs(ctx, lo, hi) if not cue.start <= v < cue.end]
    candidates = [k for k in candidates if not _is_subject_of_verb(
        ctx, ctx.mentions[k][0], ctx.mentions[k][1],
        [v for v in verbs if v < cue.start] if ctx.mentions[k][1] <= cue.start else verbs)]
    before = [(_distance(ctx, ctx.mentions[k][1], cue.start), k) for k in candidates if ctx.mentions[k][1] <= cue.start]
    before = [(d, k) for d, k in before if d <= 16]
    if before:
        return names(min(before)[1])
    if (floor := _floor(ctx, lo, hi)) is not None:
        return floor
    # "wist niet dat het ziekenhuis zijn SEH had gesloten": units in the clause after "dat" are what was not known.
    that = next((j for j in range(cue.end, min(hi, cue.end + 2)) if ctx.lowers[j] in {"dat", "that"}), hi)
    after = [k for k in candidates if cue.end <= ctx.mentions[k][0] < that]
    if after:
        return names(after[0])
    return []


def _evidence(ctx: _Ctx, sents: set[int]) -> str:
    return ctx.doc[ctx.sents[min(sents)][0]:ctx.sents[max(sents)][1]].text.strip()


def _full_names(mentions: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Registry-less mode: a one-word name that is the first or last word of a longer name in the same passage is that
    unit written short ("Control room ... Nobody in control", "the front desk ... Nobody at the desk")."""
    longer = {}
    for _s, _e, name in mentions:
        words = name.casefold().split()
        if len(words) > 1:
            for w in (words[0], words[-1]):
                longer.setdefault(w, set()).add(name)
    out = []
    for s, e, name in mentions:
        full = longer.get(name.casefold(), set()) if " " not in name else set()
        out.append((s, e, next(iter(full)) if len(full) == 1 else name))
    return out


def _context(text: str, lang: str, registry: DepartmentRegistry | None, observed: str | None) -> _Ctx:
    doc = parse(text, lang)
    key = "nl" if lang == "nl" else "en"
    sents = [(s.start, s.end) for s in doc.sents]
    sent_of = [0] * len(doc)
    for si, (lo, hi) in enumerate(sents):
        for i in range(lo, hi):
            sent_of[i] = si
    tok_start = {t.idx: t.i for t in doc}
    tok_end = {t.idx + len(t.text): t.i + 1 for t in doc}
    found = [m for m in mentions_in_doc(doc, registry) if m.start in tok_start and m.end in tok_end]
    if observed is not None and registry is not None:
        observed = registry.lookup(observed) or observed
    ctx = _Ctx(doc=doc, key=key, lemmas=[_lemma(t.text, key) for t in doc], lowers=[t.lower_ for t in doc],
               mentions=[(tok_start[m.start], tok_end[m.end], m.name) for m in found], sent_of=sent_of,
               sents=sents, observer=observed)
    if registry is None:
        ctx.mentions = _full_names(ctx.mentions)
    ctx.starts = [m[0] for m in ctx.mentions]
    ctx.registered = frozenset(registry.canonicals) if registry is not None else frozenset()
    ctx.reporter = _reporter(ctx)
    explicit, ours = _speaker_unit(ctx)
    ctx.observer = explicit or observed or ours or _heading_unit(ctx)
    # Staff named by role alone ("the agents", "de verpleegkundigen", "staff") are the observed unit's people,
    # not a unit of their own: the observed unit when it is known, otherwise no mention.
    if any(not m.known and _BARE_STAFF.match(m.name.casefold()) for m in found):
        ctx.mentions = [(s, e, ctx.observer if not m.known and _BARE_STAFF.match(m.name.casefold()) else name)
                        for m, (s, e, name) in zip(found, ctx.mentions)
                        if m.known or ctx.observer is not None or not _BARE_STAFF.match(m.name.casefold())]
        ctx.starts = [m[0] for m in ctx.mentions]
    return ctx


# ---------------------------------------------------------------------------------------------------------------
# Edge model: pair features for passages where the rules find no complete edge
# ---------------------------------------------------------------------------------------------------------------

_LOCATIVE = {"nl": {"bij", "op", "in", "aan", "binnen"}, "en": {"at", "on", "in", "to", "within"}}
_POSSESSIVES = {"onze", "our", "hun", "their", "jullie", "your", "zijn", "its", "his", "her", "haar"}
_STAFF_AFTER = re.compile(r"^(?:\w*medewerkers?|\w*staff|team|agents?|collega's|colleagues|officers?|nurses?)$")


# Words right after a unit that has to deal with the consequences ("de balie moest het uitleggen", "the desk had to
# ...", "kregen de vragen"): a model feature of the unit caught off guard when no cue says so.
_BURDEN = {"moest", "moesten", "moet", "moeten", "kreeg", "kregen", "krijgt", "must", "spent", "received", "got",
           "gets", "ended"}


@dataclass(frozen=True, slots=True)
class EdgeCandidate:
    """An ordered pair of department candidates of one passage with its model features."""

    source: str
    target: str
    features: dict[str, float]
    sents: frozenset[int]


def _occurrence_facts(ctx: _Ctx, k: int, cue_sents: set[int], verbs: list[int]) -> dict[str, float]:
    """Binary facts about mention ``k``: its role, its neighbours and what its sentence says."""
    key = ctx.key
    s, e, _name = ctx.mentions[k]
    si = ctx.sent_of[s]
    lo, _hi = ctx.sents[si]
    prev = s - 1
    while prev >= lo and ctx.lowers[prev] in _ARTICLES | _POSSESSIVES:
        prev -= 1
    prev_word = ctx.lowers[prev] if prev >= lo else ""
    after = ctx.lowers[e:e + 3]
    near = range(max(lo, s - 5), min(ctx.sents[si][1], e + 5))
    role = _mention_role(ctx, k)
    return {
        "lowercase": float(ctx.doc[s:e].text[:1].islower()),
        "negation_near": float(any(ctx.has(j, _NEGATORS[key]) for j in near)),
        "cause_noun_near": float(any(ctx.lowers[j] in _CAUSE_NOUNS[key] for j in near)),
        "agent": float(role == "agent"),
        "owner": float(role == "owner"),
        "subject": float(role is None and _is_subject_of_verb(ctx, s, e, verbs)),
        "locative": float(prev_word in _LOCATIVE[key]),
        "from": float(role is None and prev_word in _OWNER_PREPS[key]),
        "sent_start": float(prev < lo),
        "passive_after": float(any(w in _PASSIVE_AUX for w in after)),
        "staff_after": float(bool(after) and bool(_STAFF_AFTER.match(after[0]))),
        "burden_after": float(any(w in _BURDEN for w in after) or after[:2] == ["had", "to"]),
        "cue_sent": float(si in cue_sents),
        "verb_sent": float(any(ctx.sent_of[v] == si for v in verbs)),
        "first_sent": float(si == 0),
    }


def edge_candidates(ctx: _Ctx, cues: list[_Cue], rule_sources: set[str], rule_targets: set[str],
                    ) -> list[EdgeCandidate]:
    """All ordered pairs of distinct departments in the passage (the observed unit too when the floor speaks)."""
    verbs = _cause_verbs(ctx, 0, len(ctx.lowers))
    cue_sents = {c.sent for c in cues}
    facts: dict[str, dict[str, float]] = {}
    first: dict[str, int] = {}
    sents: dict[str, set[int]] = {}
    for k, (s, _e, name) in enumerate(ctx.mentions):
        f = _occurrence_facts(ctx, k, cue_sents, verbs)
        facts[name] = {n: max(v, facts.get(name, {}).get(n, 0.0)) for n, v in f.items()}
        first.setdefault(name, s)
        sents.setdefault(name, set()).add(ctx.sent_of[s])
    n_tokens = max(1, len(ctx.lowers))
    floor = ctx.observer is not None and ctx.observer not in facts and _refers_to_observer(ctx, 0, len(ctx.lowers))
    if floor:
        facts[ctx.observer] = {"observer": 1.0}
        first[ctx.observer] = n_tokens
        sents[ctx.observer] = {c.sent for c in cues} or {0}
    passage = {
        "has_cue": float(bool(cues)),
        "advance": float(any(_advance_sentence(ctx, lo, hi) for lo, hi in ctx.sents)),
        "pleasant": float(any(w in _PLEASANT[ctx.key] for w in ctx.lowers)),
        "many": float(len(facts) > 2),
    }
    out: list[EdgeCandidate] = []
    for a, fa in facts.items():
        for b, fb in facts.items():
            if ctx.same_unit(a, b) or (a in rule_targets and a not in rule_sources) or (
                    b in rule_sources and b not in rule_targets):
                continue  # the rules' one-sided finds fix that unit's side
            features = {"a_" + n: v for n, v in fa.items() if v} | {"b_" + n: v for n, v in fb.items() if v}
            features |= {n: v for n, v in passage.items() if v}
            features["a_first"] = float(first[a] < first[b])
            features["same_sent"] = float(bool(sents[a] & sents[b]))
            features["a_rule_source"] = float(a in rule_sources)
            features["b_rule_target"] = float(b in rule_targets)
            features["b_rule_source"] = float(b in rule_sources)
            features["a_rule_target"] = float(a in rule_targets)
            out.append(EdgeCandidate(a, b, {n: v for n, v in features.items() if v}, frozenset(sents[a] | sents[b])))
    return out


# Words that add a unit to those already affected: "Ook Klantenservice wist van niets", "had not been briefed either".
_ADDITIVE = {"ook", "evenmin", "eveneens", "also", "too", "either", "neither", "likewise"}


def _rule_surprises(ctx: _Ctx) -> tuple[list[Surprise], list[_Cue]]:
    """Surprises found by the cue rules (possibly one-sided), and the cues."""
    results: list[Surprise] = []
    seen: set[tuple[str | None, str | None]] = set()
    last_source: str | None = None
    cues = _find_cues(ctx)
    resolved = [(cue, (un := _uninformers(ctx, cue)), _targets(ctx, cue, un)) for cue in cues]
    undergoers = {t for _c, _u, targets in resolved for t in targets}
    halves: list[tuple[str | None, str | None, set[int]]] = []  # one-sided finds: source, target, sentences
    hit: dict[str, int] = {}  # source -> sentence of the cue of its first complete edge
    for cue, uninformers, targets in resolved:
        source, source_sent = _source(ctx, cue, set(targets), uninformers, undergoers)
        if source is None and last_source is not None and last_source not in targets:
            source = last_source  # "Ook Klantenservice wist van niets": same actor as before
        sents = {cue.sent} | ({source_sent} if source_sent is not None else set())
        # A later sentence about another unit of the same actor ("As a result, contact centre staff had no
        # information") is a consequence, not a second surprise, unless it names the actor, says "ook"/"also" or
        # is the observed unit speaking.
        later = source is not None and hit.get(source, cue.sent) != cue.sent and source_sent != cue.sent \
            and not any(w in _ADDITIVE for w in ctx.lowers[slice(*ctx.sents[cue.sent])])
        for target in targets or [None]:
            if source is not None and target is not None and ctx.same_unit(source, target):
                continue
            if later and target is not None and target != ctx.observer and not any(
                    r.source == source and r.target and ctx.same_unit(r.target, target) for r in results):
                continue
            if source is not None and target is not None:
                hit.setdefault(source, cue.sent)
            if (source, target) in seen or (source is None and target is None):
                continue
            seen.add((source, target))
            results.append(Surprise(source, target, _evidence(ctx, sents)))
            if source is None or target is None:
                halves.append((source, target, sents))
        if source is not None:
            last_source = source
    if not any(r.source and r.target for r in results):
        # "The warehouse only learned about it when ... Marketing had not said a word.": two halves of one edge.
        for source, _t, s_sents in (h for h in halves if h[0]):
            near = [(t, t_sents) for _s, t, t_sents in halves if t and not ctx.same_unit(source, t)
                    and min(abs(a - b) for a in s_sents for b in t_sents) <= 1]
            if near:
                target, t_sents = near[0]
                results.append(Surprise(source, target, _evidence(ctx, s_sents | t_sents)))
                break
    if not any(r.source and r.target for r in results):
        results += _sole_other(ctx, halves)
    return results, cues


def _sole_other(ctx: _Ctx, halves: list[tuple[str | None, str | None, set[int]]]) -> list[Surprise]:
    """Complete a one-sided find with the only other unit the passage names.

    A surprise passage is about two units; when the cues fix only the target ("Nobody had told the crisis team")
    and the passage names exactly one other unit ("according to the ward"), that unit is the source. A source alone
    is completed the same way only when it clearly acts (passive agent, owner of the thing, subject of an action
    verb: "the central admissions team had sent out acceptance letters ... nobody had copied her in"); a weaker
    one-sided source is often the target misread. Nothing in a passage that reports cooperation.
    """
    sources = {s for s, _t, _x in halves if s}
    targets = {t for _s, t, _x in halves if t}
    if len(sources) + len(targets) != 1 or _cooperative(ctx):
        return []
    known, sents = next((s or t, x) for s, t, x in halves if s or t)
    if sources and not _acts(ctx, known):
        return []
    others: list[str] = []
    for _s, _e, name in ctx.mentions:
        if not ctx.same_unit(name, known) and not any(ctx.same_unit(name, o) for o in others):
            others.append(name)
    if sources and not others and ctx.observer is not None and not ctx.same_unit(ctx.observer, known):
        # "Stellingen verplaatst door visual merchandising, zonder overleg.": the acting unit is the only one named,
        # so the one caught off guard is the unit the note was written in.
        return [Surprise(known, ctx.observer, _evidence(ctx, sents))]
    if len(others) != 1 or (not sources and all(_at_place(ctx, s) for s, _e, n in ctx.mentions if n == others[0])):
        return []  # a target's only other unit is where something was moved to, not its actor
    sents = sents | {ctx.sent_of[s] for s, _e, name in ctx.mentions if name == others[0]}
    source, target = (known, others[0]) if sources else (others[0], known)
    return [Surprise(source, target, _evidence(ctx, sents))]


def _acts(ctx: _Ctx, name: str) -> bool:
    """True if some mention of ``name`` is a passive agent, an owner or the subject of an action verb."""
    verbs = _cause_verbs(ctx, 0, len(ctx.lowers))
    return any(n == name and (_mention_role(ctx, k) is not None or _is_subject_of_verb(ctx, s, e, verbs))
               for k, (s, e, n) in enumerate(ctx.mentions))


def _cooperative(ctx: _Ctx) -> bool:
    """True if some sentence says someone was told in advance ("vooraf afgesproken", "warned us in advance")."""
    return any(_advance_sentence(ctx, lo, hi) for lo, hi in ctx.sents)


# Participles of informing: "Stadsbeheer heeft de wijkteams uitgebreid geïnformeerd" reports that someone was told.
_INFORMED = {"geïnformeerd", "ingelicht", "gewaarschuwd", "gebriefd", "informed", "warned", "briefed", "notified"}


def _informed(ctx: _Ctx) -> bool:
    """True if some sentence says, without a negation, that someone was informed (cooperation, for the model)."""
    neg = _NEGATORS[ctx.key] | _LATE[ctx.key]
    return any(any(w in _INFORMED for w in ctx.lowers[lo:hi]) and not any(ctx.has(j, neg) for j in range(lo, hi))
               for lo, hi in ctx.sents)


def _model_surprise(ctx: _Ctx, rules: list[Surprise], cues: list[_Cue]) -> Surprise | None:
    """The best-scoring pair of the edge model when it is confident enough (one-sided rule finds are features)."""
    model = load_model()
    if model is None:
        return None
    if any(w in _PLEASANT[ctx.key] for w in ctx.lowers) or (not cues and (_cooperative(ctx) or _informed(ctx))):
        return None  # a pleasant surprise, or cooperation that went well
    sources = {r.source for r in rules if r.source}
    targets = {r.target for r in rules if r.target}
    best: tuple[float, EdgeCandidate] | None = None
    for cand in edge_candidates(ctx, cues, sources, targets):
        p = model.probability(cand.features)
        if best is None or p > best[0]:
            best = (p, cand)
    if best is None or best[0] < model.threshold:
        return None
    return Surprise(best[1].source, best[1].target, _evidence(ctx, set(best[1].sents)))


def analyse(text: str, lang: str, registry: DepartmentRegistry | None = None,
            observed_department: str | None = None) -> tuple[_Ctx, list[Surprise], list[_Cue]]:
    """Parse ``text`` and run the cue rules: context, rule surprises and cues (used for training the model)."""
    ctx = _context(text, lang, registry, observed_department)
    results, cues = _rule_surprises(ctx)
    return ctx, results, cues


def extract_surprises(
    text: str,
    lang: str,
    registry: DepartmentRegistry | None = None,
    observed_department: str | None = None,
) -> list[Surprise]:
    """Extract directed surprises from a passage that carries the surprise theme.

    ``registry`` maps aliases to canonical names (without one, names are returned as written, normalised);
    ``observed_department`` is the unit the consultant observed: the target when the floor speaks without naming
    itself, the source when "we" did something. The cue rules run first; when they find no complete edge, the
    edge model (``direction.py``) proposes the most likely pair if it is confident enough. Returns deduplicated
    surprises in text order; a side is None when the passage does not name it (such surprises never become
    edges). Source never equals target.
    """
    if not text.strip():
        return []
    ctx, results, cues = analyse(text, lang, registry, observed_department)
    if not any(r.source and r.target for r in results):
        extra = _model_surprise(ctx, results, cues)
        if extra is not None:
            results.append(extra)
    # A one-sided surprise adds nothing when a complete one shares its known side.
    full = [r for r in results if r.source and r.target]
    return [r for r in results if (r.source and r.target) or not any(
        (r.source and f.source == r.source) or (r.target and f.target == r.target) for f in full)]

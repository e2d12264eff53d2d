import pytest

from fieldnotes.network.mentions import find_mentions, unknown_mentions
from fieldnotes.network.registry import DepartmentRegistry


def test_mentions_find_known_with_offsets(municipality: DepartmentRegistry) -> None:
    text = "Het klantcontactcentrum belde de afdeling Belastingen, daarna het ICT-team."
    ms = find_mentions(text, "nl", municipality)
    assert [m.canonical for m in ms] == ["KCC", "Belastingen", "ICT"]
    assert all(m.known for m in ms)
    for m in ms:
        assert text[m.start:m.end] == m.text
    assert ms[0].text == "klantcontactcentrum"


def test_mentions_find_english_aliases(municipality: DepartmentRegistry) -> None:
    ms = find_mentions("The IT department told the Contact Centre nothing.", "en", municipality)
    assert [m.canonical for m in ms] == ["ICT", "KCC"]


def test_mentions_find_unknown_generic_patterns(municipality: DepartmentRegistry) -> None:
    text = ("Team Noord en de dienst Stadsbeheer overlegden met het Wijk-team en de afdeling Sport, "
            "terwijl het KCC toekeek.")
    unknown = unknown_mentions(text, "nl", municipality)
    assert [m.name for m in unknown] == ["Noord", "Stadsbeheer", "Wijk", "Sport"]
    assert all(not m.known and m.canonical is None for m in unknown)
    en = unknown_mentions("The Finance department and the parking team met the HR team.", "en", municipality)
    assert [m.name for m in en] == ["Finance", "parking", "HR"]


def test_mentions_find_without_registry_normalised() -> None:
    ms = find_mentions("Gisteren stuurde de afdeling Belastingen brieven; het KCC werd platgebeld.", "nl")
    assert [m.name for m in ms] == ["Belastingen", "KCC"]
    assert ms[0].text == "de afdeling Belastingen"
    assert not any(m.known for m in ms)


def test_mentions_find_no_false_units(municipality: DepartmentRegistry) -> None:
    assert find_mentions("The whole team went home early.", "en", municipality) == []
    assert find_mentions("Het beleid is dat we om vijf uur sluiten.", "nl") == []


def test_mentions_find_function_words_are_not_acronyms(municipality: DepartmentRegistry) -> None:
    ms = find_mentions("We heard it from callers, but IT said it was fine.", "en", municipality)
    assert [(m.canonical, m.text) for m in ms] == [("ICT", "IT")]
    assert find_mentions("Het team wist daar niets van.", "nl", municipality) == []


def test_mentions_find_hyphen_compounds(municipality: DepartmentRegistry) -> None:
    ms = find_mentions("De KCC-medewerkers lazen de ICT-update.", "nl", municipality)
    assert [m.canonical for m in ms] == ["KCC", "ICT"]


def test_mentions_find_builtin_acronyms_need_capitals() -> None:
    assert [m.name for m in find_mentions("We heard it from callers; IT said it was fine.", "en")] == ["IT"]


def test_mentions_find_builtin_words_take_capitalised_name() -> None:
    ms = find_mentions("After lunch Grid Planning moved the appointments.", "en")
    assert [m.name for m in ms] == ["Grid Planning"]
    assert [m.name for m in find_mentions("Yesterday Planning moved the appointments.", "en")] == ["Planning"]


def test_mentions_find_generic_span_does_not_hide_registry_name() -> None:
    registry = DepartmentRegistry({"Data & Analytics": ["BI"], "Incasso": []})
    ms = find_mentions("De afdeling Data & Analytics paste de segmentatie aan.", "nl", registry)
    assert [m.canonical for m in ms] == ["Data & Analytics"]


@pytest.mark.parametrize("lang, text, names", [
    ("nl", "De monteurs en de wijkverpleging wisten van niks; facilitair had de incheckbalies verplaatst.",
     ["monteurs", "wijkverpleging", "facilitair", "incheckbalies"]),
    ("en", "The engineers, head office, the water quality team and two probation officers met.",
     ["engineers", "head office", "water quality", "probation officers"]),
])
def test_mentions_find_lowercase_units_without_registry(lang: str, text: str, names: list[str]) -> None:
    assert [m.name for m in find_mentions(text, lang)] == names


@pytest.mark.parametrize("lang, text, names", [
    ("nl", "Wij aan de balie hoorden het pas later.", ["balie"]),
    ("en", "Those of us on the night shift knew nothing, but we at Reception did.", ["night shift", "Reception"]),
    ("nl", "Lezen we op de website wat Beleid heeft besloten?", ["Beleid"]),  # inverted subject, not a speaker
])
def test_mentions_find_speaker_names_own_unit(lang: str, text: str, names: list[str]) -> None:
    assert [m.name for m in find_mentions(text, lang)] == names


@pytest.mark.parametrize("lang, text, names", [
    ("nl", "'Niemand heeft ons iets verteld,' zegt Sandra. Sandra werkt in Westwijk bij Vastgoed.", ["Vastgoed"]),
    ("en", "'We were the last to know,' says team leader Mustafa. Pathology changed the labels in Eastgate.",
     ["Pathology"]),
])
def test_mentions_find_capitalised_names_not_people_or_places(lang: str, text: str, names: list[str]) -> None:
    assert [m.name for m in find_mentions(text, lang)] == names


@pytest.mark.parametrize("lang, text, names", [
    ("nl", "De planning had de afspraken verzet. De planning is krap.", ["planning"]),
    ("en", "We were blindsided by finance's decision. The finance figures look fine.", ["finance"]),
    ("en", "Half the staff went home. The staff room was empty.", []),
])
def test_mentions_find_ambiguous_words_only_when_acting(lang: str, text: str, names: list[str]) -> None:
    assert [m.name for m in find_mentions(text, lang)] == names


def test_mentions_find_things_and_places_are_not_units(municipality: DepartmentRegistry) -> None:
    assert [m.name for m in find_mentions("Bij balie 14 zat niemand; de balie was dicht.", "nl")] == ["balie"]
    text = "It has come to our attention that IT has a new policy."
    assert [m.canonical for m in find_mentions(text, "en", municipality)] == ["ICT"]


@pytest.mark.parametrize("text, lang", [
    ("Het EPD en de MRI liepen vast.", "nl"),
    ("Black Friday sales were moved. The MRI and the EPD failed.", "en"),
])
def test_mentions_products_and_dates_are_not_units(text: str, lang: str) -> None:
    assert find_mentions(text, lang) == []


def test_mentions_registry_staff_compound() -> None:
    registry = DepartmentRegistry({"Onthaal": [], "Aansluitingen": []})
    ms = find_mentions("De onthaalmedewerkers hebben de brief nooit gezien.", "nl", registry)
    assert [(m.text, m.canonical) for m in ms] == [("onthaalmedewerkers", "Onthaal")]
    assert find_mentions("Een programma voor 3.000 aansluitingen.", "nl", registry) == []


def test_mentions_participle_is_not_part_of_name() -> None:
    assert [m.name for m in find_mentions("The staffed ticket office was closed.", "en")] == ["ticket office"]


@pytest.mark.parametrize("text, lang, names", [
    # a function word ending like a role noun ("after", "zonder") does not make the next name a person
    ("The contact centre was swamped after Revenues sent out the reminders.", "en", ["contact centre", "Revenues"]),
    ("Burgerzaken verstuurde de brief zonder Publiekscontact te informeren.", "nl", ["Burgerzaken", "Publiekscontact"]),
    # multi-word street names and sentence adverbs are no units
    ("On Monday Highways closed Station Road for resurfacing.", "en", ["Highways"]),
    ("Tegelijk had Afval de route omgegooid.", "nl", ["Afval"]),
])
def test_mentions_names_after_function_words(text: str, lang: str, names: list[str]) -> None:
    assert [m.name for m in find_mentions(text, lang)] == names


def test_mentions_inverted_speaker_is_no_unit() -> None:
    """"Hoorden we van de reizigers": an inverted subject hearing it from someone, not "wij van de reizigers"."""
    assert find_mentions("Hoorden we van de reizigers. Serieus.", "nl", DepartmentRegistry({"KCC": []})) == []


@pytest.mark.parametrize("lang, text, names", [
    ("en", "Nobody in biology had been told.", ["biology"]),
    ("en", "Finance changed the invoices without notifying account management.", ["Finance", "account management"]),
    ("nl", "Niemand van de noodhulp wist ervan.", ["noodhulp"]),
    ("nl", "Gisteren sloot Vastgoed de kantine zonder de schoonmaakploeg te informeren.",
     ["Vastgoed", "schoonmaakploeg"]),
    ("nl", "Het college besloot het zonder het app-team in te lichten.", ["college", "app"]),
])
def test_mentions_find_unit_named_in_cue_without_registry(lang: str, text: str, names: list[str]) -> None:
    """"nobody in X", "without notifying X", "zonder X te informeren": X is a unit even in lowercase."""
    assert [m.name for m in find_mentions(text, lang)] == names


@pytest.mark.parametrize("lang, text", [
    ("nl", "Iemand vroeg het aan niemand in het bijzonder."),
    ("nl", "Niemand in de bus wist het."),
    ("en", "Nobody in the room knew."),
    ("en", "They changed it without telling customers first."),
    ("en", "A channel nobody in development follows."),
])
def test_mentions_find_cue_words_are_not_units(lang: str, text: str) -> None:
    assert find_mentions(text, lang) == []


def test_mentions_find_ambiguous_registry_word_after_noun_is_a_thing(municipality: DepartmentRegistry) -> None:
    """"the uniform policy" is a kind of policy, not the policy team; "de afdeling beleid" stays the unit."""
    assert [m for m in find_mentions("The board changed the uniform policy.", "en", municipality) if m.known] == []
    assert [m.canonical for m in find_mentions("Toen kwam de afdeling beleid.", "nl", municipality)] == ["Beleid"]


def test_mentions_find_speaker_phrase_skips_days_and_places() -> None:
    assert find_mentions("Dat hoorden we pas toen we op dinsdag voor lege schappen stonden.", "nl") == []
    assert find_mentions("Wij in de wijk hoorden het van een aannemer.", "nl") == []

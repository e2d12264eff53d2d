"""The single message catalogue: every user-facing string, in Dutch (default) and English."""

from __future__ import annotations

from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

MESSAGES: dict[str, dict[str, str]] = {
    # --- errors -----------------------------------------------------------------------------
    "error.empty_text": {"nl": "De tekst is leeg.", "en": "The text is empty."},
    "error.text_too_long": {
        "nl": "De tekst is te lang ({size} tekens); de grens is {limit} tekens.",
        "en": "The text is too long ({size} characters); the limit is {limit} characters.",
    },
    "error.binary_text": {
        "nl": "De tekst bevat binaire of onleesbare tekens.",
        "en": "The text contains binary or unreadable characters.",
    },
    "error.binary_upload": {
        "nl": "Dit bestand is binair en geen tekst; niets is geïmporteerd.",
        "en": "This file is binary, not text; nothing was imported.",
    },
    "error.undecodable_upload": {
        "nl": "Dit bestand is geen geldige UTF-8-tekst (byte {position}); niets is geïmporteerd.",
        "en": "This file is not valid UTF-8 text (byte {position}); nothing was imported.",
    },
    "error.invalid_date": {
        "nl": "Ongeldige datum '{value}': gebruik JJJJ-MM-DD.",
        "en": "Invalid date '{value}': use YYYY-MM-DD.",
    },
    "error.invalid_kind": {
        "nl": "Onbekende soort notitie '{value}': kies observation, interview of reflection.",
        "en": "Unknown note kind '{value}': use observation, interview or reflection.",
    },
    "error.not_text": {"nl": "Het veld '{field}' moet tekst zijn.", "en": "The field '{field}' must be text."},
    "error.field_too_long": {
        "nl": "Het veld '{field}' is langer dan {limit} tekens.",
        "en": "The field '{field}' is longer than {limit} characters.",
    },
    "error.empty_name": {"nl": "De naam is leeg.", "en": "The name is empty."},
    "error.project_exists": {"nl": "Project '{name}' bestaat al.", "en": "Project '{name}' already exists."},
    "error.no_such_project": {"nl": "Project '{name}' bestaat niet.", "en": "Project '{name}' does not exist."},
    "error.no_project": {
        "nl": "Er is nog geen project. Laad de demo met 'fieldnotes demo'.",
        "en": "There is no project yet. Load the demo with 'fieldnotes demo'.",
    },
    "error.several_projects": {
        "nl": "Er zijn meerdere projecten: kies er een met --project.",
        "en": "There are several projects: choose one with --project.",
    },
    "error.department_exists": {
        "nl": "Afdeling '{name}' bestaat al (als naam of alias).",
        "en": "Department '{name}' already exists (as a name or alias).",
    },
    "error.no_such_note": {"nl": "Notitie {id} bestaat niet (meer).", "en": "Note {id} does not exist (any more)."},
    "error.jsonl_syntax": {
        "nl": "Regel {line}: geen geldige JSON ({detail}). Er is niets geïmporteerd.",
        "en": "Line {line}: not valid JSON ({detail}). Nothing was imported.",
    },
    "error.jsonl_not_object": {
        "nl": "Regel {line}: verwacht een JSON-object. Er is niets geïmporteerd.",
        "en": "Line {line}: expected a JSON object. Nothing was imported.",
    },
    "error.jsonl_missing": {
        "nl": "Regel {line}: het veld '{field}' ontbreekt. Er is niets geïmporteerd.",
        "en": "Line {line}: the field '{field}' is missing. Nothing was imported.",
    },
    "error.jsonl_duplicate_id": {
        "nl": "Regel {line}: id '{id}' staat ook al op regel {first}. Er is niets geïmporteerd.",
        "en": "Line {line}: id '{id}' also appears on line {first}. Nothing was imported.",
    },
    "error.jsonl_line": {
        "nl": "Regel {line}: {detail}. Er is niets geïmporteerd.",
        "en": "Line {line}: {detail}. Nothing was imported.",
    },
    "error.jsonl_line_key": {
        "nl": "Regel {line}: {reason} Er is niets geïmporteerd.",
        "en": "Line {line}: {reason} Nothing was imported.",
    },
    "error.jsonl_empty": {
        "nl": "Het bestand bevat geen notities. Er is niets geïmporteerd.",
        "en": "The file contains no notes. Nothing was imported.",
    },
    "error.unknown_format": {"nl": "Onbekend formaat '{format}'.", "en": "Unknown format '{format}'."},
    # --- navigation and general ---------------------------------------------------------------
    "app.title": {"nl": "fieldnotes", "en": "fieldnotes"},
    "nav.notes": {"nl": "Notities", "en": "Notes"},
    "nav.new_note": {"nl": "Nieuwe notitie", "en": "New note"},
    "nav.settings": {"nl": "Instellingen", "en": "Settings"},
    "sidebar.language": {"nl": "Taal / Language", "en": "Taal / Language"},
    "sidebar.project": {"nl": "Project", "en": "Project"},
    "sidebar.me": {"nl": "Ik ben", "en": "I am"},
    "sidebar.database": {"nl": "Database: {location}", "en": "Database: {location}"},
    "first_start.loading": {
        "nl": "Eerste start: het demoproject wordt geladen en getagd…",
        "en": "First start: loading and tagging the demo project…",
    },
    "kind.observation": {"nl": "Observatie (meelopen)", "en": "Observation (shadowing)"},
    "kind.interview": {"nl": "Interview", "en": "Interview"},
    "kind.reflection": {"nl": "Reflectie", "en": "Reflection"},
    # --- note form ----------------------------------------------------------------------------
    "form.title_new": {"nl": "Nieuwe notitie", "en": "New note"},
    "form.title_edit": {"nl": "Notitie bewerken", "en": "Edit note"},
    "form.intro": {
        "nl": "Leg vast wat je zag en hoorde, direct na het meelopen. Je concept wordt automatisch bewaard.",
        "en": "Log what you saw and heard, straight after the walk-along. Your draft is saved automatically.",
    },
    "form.kind": {"nl": "Soort", "en": "Kind"},
    "form.date": {"nl": "Datum", "en": "Date"},
    "form.consultant": {"nl": "Consultant", "en": "Consultant"},
    "form.department": {"nl": "Geobserveerde afdeling", "en": "Observed department"},
    "form.role": {"nl": "Rol of functie van wie je volgde/sprak", "en": "Role of the person shadowed/interviewed"},
    "form.location": {"nl": "Locatie", "en": "Location"},
    "form.title": {"nl": "Titel", "en": "Title"},
    "form.text": {"nl": "Wat zag en hoorde je?", "en": "What did you see and hear?"},
    "form.text_help": {
        "nl": "Maximaal {limit} tekens. Citaten van medewerkers mogen letterlijk.",
        "en": "At most {limit} characters. Staff quotes may be verbatim.",
    },
    "form.save": {"nl": "Opslaan", "en": "Save"},
    "form.cancel": {"nl": "Annuleren", "en": "Cancel"},
    "form.discard_draft": {"nl": "Concept weggooien", "en": "Discard draft"},
    "form.draft_restored": {
        "nl": "Je niet-opgeslagen concept van {when} is teruggezet.",
        "en": "Your unsaved draft from {when} was restored.",
    },
    "form.draft_saved": {"nl": "Concept bewaard om {when}.", "en": "Draft saved at {when}."},
    "form.saved": {
        "nl": "Notitie opgeslagen en getagd in {passages} passages.",
        "en": "Note saved and tagged in {passages} passages.",
    },
    "form.no_department": {"nl": "(geen)", "en": "(none)"},
    "form.new_department": {"nl": "Nieuwe afdeling…", "en": "New department…"},
    "form.new_department_name": {"nl": "Naam nieuwe afdeling", "en": "Name of the new department"},
    "form.new_consultant": {"nl": "Nieuwe consultant…", "en": "New consultant…"},
    "form.new_consultant_name": {"nl": "Naam nieuwe consultant", "en": "Name of the new consultant"},
    # --- note list ----------------------------------------------------------------------------
    "list.title": {"nl": "Notities", "en": "Notes"},
    "list.search": {"nl": "Zoeken in tekst en titel", "en": "Search text and title"},
    "list.filter_department": {"nl": "Afdeling", "en": "Department"},
    "list.filter_kind": {"nl": "Soort", "en": "Kind"},
    "list.filter_consultant": {"nl": "Consultant", "en": "Consultant"},
    "list.filter_dates": {"nl": "Periode", "en": "Period"},
    "list.count": {"nl": "{shown} van {total} notities", "en": "{shown} of {total} notes"},
    "list.empty": {"nl": "Geen notities gevonden met deze filters.", "en": "No notes match these filters."},
    "list.untitled": {"nl": "(zonder titel)", "en": "(untitled)"},
    "list.edit": {"nl": "Bewerken", "en": "Edit"},
    "list.delete": {"nl": "Verwijderen", "en": "Delete"},
    "list.confirm_delete": {
        "nl": "Notitie '{title}' verwijderen? Je kunt dit daarna ongedaan maken.",
        "en": "Delete note '{title}'? You can undo this afterwards.",
    },
    "list.confirm_yes": {"nl": "Ja, verwijderen", "en": "Yes, delete"},
    "list.deleted": {"nl": "Notitie '{title}' verwijderd.", "en": "Note '{title}' deleted."},
    "list.undo": {"nl": "Ongedaan maken", "en": "Undo"},
    "list.restored": {"nl": "Notitie '{title}' teruggezet.", "en": "Note '{title}' restored."},
    "list.meta": {"nl": "{date} · {kind} · {department} · {consultant}", "en": "{date} · {kind} · {department} · {consultant}"},
    "list.suggestions": {"nl": "Themasuggesties", "en": "Theme suggestions"},
    "list.no_suggestions": {"nl": "Geen thema's voorgesteld.", "en": "No themes suggested."},
    "list.evidence": {"nl": "aanleiding", "en": "triggered by"},
    "list.lang": {"nl": "taal: {lang}", "en": "language: {lang}"},
    # --- import / export ----------------------------------------------------------------------
    "io.title": {"nl": "Importeren en exporteren", "en": "Import and export"},
    "io.import_label": {"nl": "Notities importeren (JSONL)", "en": "Import notes (JSONL)"},
    "io.import_help": {
        "nl": "Eén JSON-object per regel: id, text en optioneel lang, department, kind, date, consultant, title. "
        "Alles of niets: bij één foute regel wordt niets geïmporteerd.",
        "en": "One JSON object per line: id, text and optionally lang, department, kind, date, consultant, title. "
        "All or nothing: if one line is wrong, nothing is imported.",
    },
    "io.import_button": {"nl": "Importeren", "en": "Import"},
    "io.imported": {
        "nl": "{imported} notities geïmporteerd ({skipped} bestonden al), {passages} passages getagd.",
        "en": "{imported} notes imported ({skipped} already existed), {passages} passages tagged.",
    },
    "io.export_jsonl": {"nl": "Notities downloaden (JSONL)", "en": "Download notes (JSONL)"},
    "io.progress": {"nl": "Bezig met taggen: notitie {done} van {total}", "en": "Tagging: note {done} of {total}"},
    # --- settings ----------------------------------------------------------------------------
    "settings.title": {"nl": "Instellingen", "en": "Settings"},
    "settings.database": {"nl": "Database", "en": "Database"},
    "settings.database_help": {
        "nl": "Wijzig de locatie met de omgevingsvariabele FIELDNOTES_DB_URL (bijv. postgresql+psycopg://…).",
        "en": "Change the location with the environment variable FIELDNOTES_DB_URL (e.g. postgresql+psycopg://…).",
    },
    "settings.departments": {"nl": "Afdelingen", "en": "Departments"},
    "settings.dept_name": {"nl": "Naam", "en": "Name"},
    "settings.dept_aliases": {"nl": "Aliassen (komma-gescheiden)", "en": "Aliases (comma-separated)"},
    "settings.dept_save": {"nl": "Afdeling opslaan", "en": "Save department"},
    "settings.dept_saved": {"nl": "Afdeling '{name}' opgeslagen.", "en": "Department '{name}' saved."},
    "settings.dept_new": {"nl": "Nieuwe afdeling", "en": "New department"},
    "settings.bin": {"nl": "Prullenbak (verwijderde notities)", "en": "Bin (deleted notes)"},
    "settings.bin_empty": {"nl": "De prullenbak is leeg.", "en": "The bin is empty."},
    "settings.restore": {"nl": "Terugzetten", "en": "Restore"},
    "settings.events": {"nl": "Logboek (laatste wijzigingen)", "en": "Log (latest changes)"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The message `key` in `lang`, formatted with `params`; unknown keys are returned as-is so gaps show."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    if key == "error.jsonl_line_key":
        params = dict(params)
        params["reason"] = t(params.pop("key"), lang, **params.pop("params", {}))
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def error_text(exc: Exception, lang: str = DEFAULT_LANGUAGE) -> str:
    """The user-facing text of a fieldnotes error in `lang`."""
    key = getattr(exc, "key", None)
    if key is None:
        return str(exc)
    return t(key, lang, **getattr(exc, "params", {}))

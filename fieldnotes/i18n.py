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
    "error.no_user": {
        "nl": "Kies eerst wie je bent (links in de zijbalk).",
        "en": "First choose who you are (in the sidebar on the left).",
    },
    "error.bad_status": {"nl": "Ongeldige beslissing.", "en": "Invalid decision."},
    "error.no_such_passage": {"nl": "Passage {id} bestaat niet.", "en": "Passage {id} does not exist."},
    "error.bad_selection": {
        "nl": "Ongeldige selectie {start}–{end} (de notitie heeft {length} tekens).",
        "en": "Invalid selection {start}–{end} (the note has {length} characters).",
    },
    "error.no_such_memo": {"nl": "Memo {id} bestaat niet.", "en": "Memo {id} does not exist."},
    "error.memo_target": {
        "nl": "Een memo hoort bij precies één notitie of passage.",
        "en": "A memo belongs to exactly one note or passage.",
    },
    "error.qda_unreadable": {
        "nl": "Dit REFI-QDA-bestand is niet leesbaar: {detail}. Er is niets geïmporteerd.",
        "en": "This REFI-QDA file cannot be read: {detail}. Nothing was imported.",
    },
    "error.tag_line": {
        "nl": "Regel {line}: {detail}. Er is niets geschreven.",
        "en": "Line {line}: {detail}. Nothing was written.",
    },
    "error.registry_file": {
        "nl": "Het afdelingenbestand is ongeldig: {detail}.",
        "en": "The departments file is invalid: {detail}.",
    },
    "error.unknown_format": {"nl": "Onbekend formaat '{format}'.", "en": "Unknown format '{format}'."},
    # --- navigation and general ---------------------------------------------------------------
    "common.all": {"nl": "Alle", "en": "All"},
    "learning.not_separable": {
        "nl": "Het model kon deze thema's nog niet van de rest onderscheiden; ze worden voorlopig alleen op "
        "hun signaalwoorden voorgesteld: {themes}. Codeer meer voorbeelden of vul de signaalwoorden aan.",
        "en": "The model could not yet tell these themes apart from the rest; for now they are suggested from "
        "their cue words only: {themes}. Code more examples or add cue words.",
    },
    "app.title": {"nl": "fieldnotes", "en": "fieldnotes"},
    "nav.section.fieldwork": {"nl": "Veldwerk", "en": "Fieldwork"},
    "nav.section.analysis": {"nl": "Analyse", "en": "Analysis"},
    "nav.section.reporting": {"nl": "Rapportage", "en": "Reporting"},
    "nav.section.settings": {"nl": "Beheer", "en": "Admin"},
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
    "theme.silos": {"nl": "Silo's", "en": "Silos"},
    "theme.no_time": {"nl": "Geen tijd", "en": "No time"},
    "theme.unheard_management": {"nl": "Niet-luisterend management", "en": "Unheard management"},
    "theme.ideas": {"nl": "Ideeën van de vloer", "en": "Ideas from the floor"},
    "theme.surprise": {"nl": "Verrassingen", "en": "Surprises"},
    "theme.customer_impact": {"nl": "Klantimpact", "en": "Customer impact"},
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
    "list.page": {"nl": "Pagina (van {pages})", "en": "Page (of {pages})"},
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
    # --- summary and presentation --------------------------------------------------------------
    "nav.summary": {"nl": "Samenvatting", "en": "Summary"},
    "nav.present": {"nl": "Presenteren", "en": "Present"},
    "summary.title": {"nl": "Themasamenvatting", "en": "Theme summary"},
    "summary.loading": {"nl": "Samenvatting wordt berekend…", "en": "Computing the summary…"},
    "summary.include_suggestions": {"nl": "Tel suggesties mee", "en": "Count suggestions"},
    "summary.include_suggestions_help": {
        "nl": "Tel ook niet-beoordeelde modelsuggesties boven de drempel mee (afgewezen suggesties nooit).",
        "en": "Also count unreviewed model suggestions above threshold (rejected suggestions never count).",
    },
    "summary.headline.notes": {"nl": "Notities", "en": "Notes"},
    "summary.headline.passages": {"nl": "Passages", "en": "Passages"},
    "summary.headline.departments": {"nl": "Afdelingen", "en": "Departments"},
    "summary.headline.coded_passages": {"nl": "Passages met thema", "en": "Passages with a theme"},
    "summary.headline.surprises": {"nl": "Verrassingen", "en": "Surprises"},
    "summary.empty": {"nl": "Geen passages voor deze filters.", "en": "No passages for these filters."},
    "summary.per_theme": {"nl": "Per thema", "en": "Per theme"},
    "summary.no_quotes": {"nl": "Nog geen citaten voor dit thema.", "en": "No quotes for this theme yet."},
    "summary.accepted": {"nl": "geaccepteerd", "en": "accepted"},
    "summary.suggested": {"nl": "suggestie ({score})", "en": "suggestion ({score})"},
    "summary.downloads": {"nl": "Downloaden", "en": "Download"},
    "summary.downloads_help": {
        "nl": "CSV/XLSX: gecodeerde passages en overzicht; MD/DOCX: rapport; PPTX: presentatie; "
        "QDC/QDPX: REFI-QDA voor ATLAS.ti, NVivo, MAXQDA en QualCoder; JSONL: alle notities.",
        "en": "CSV/XLSX: coded passages and summary; MD/DOCX: report; PPTX: slide deck; "
        "QDC/QDPX: REFI-QDA for ATLAS.ti, NVivo, MAXQDA and QualCoder; JSONL: all notes.",
    },
    "present.slide_title": {"nl": "Titel", "en": "Title"},
    "present.slide_headline": {"nl": "Kerncijfers", "en": "Headline numbers"},
    "present.slide_heatmap": {"nl": "Thema's per afdeling", "en": "Themes by department"},
    "present.slide_map": {"nl": "Cultuurkaart: wie verrast wie", "en": "Culture map: who surprises whom"},
    "present.subtitle_all": {"nl": "Alle notities", "en": "All notes"},
    "present.settings": {"nl": "Selectie", "en": "Selection"},
    "present.review": {"nl": "Citaten controleren (gepseudonimiseerd)", "en": "Review quotes (pseudonymised)"},
    "present.review_help": {
        "nl": "Namen zijn vervangen door rollen of [PERSOON-n]. Controleer en pas aan vóór je presenteert.",
        "en": "Names were replaced by roles or [PERSON-n]. Check and adjust before you present.",
    },
    "present.replaced": {"nl": "Vervangen: ", "en": "Replaced: "},
    "present.quote_as_shown": {"nl": "Citaat zoals getoond", "en": "Quote as shown"},
    "present.back": {"nl": "← Vorige", "en": "← Back"},
    "present.next": {"nl": "Volgende →", "en": "Next →"},
    "present.counter": {"nl": "Dia {n} van {total}: {title}", "en": "Slide {n} of {total}: {title}"},
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
    # --- culture map (services/network.py, ui/network_page.py) -------------------------------
    "nav.network": {"nl": "Cultuurkaart", "en": "Culture map"},
    "error.no_such_department": {"nl": "Afdeling '{name}' bestaat niet.", "en": "Department '{name}' does not exist."},
    "error.network_format": {
        "nl": "Onbekend formaat '{value}': kies uit {formats}.",
        "en": "Unknown format '{value}': choose from {formats}.",
    },
    "network.title": {"nl": "Cultuurkaart", "en": "Culture map"},
    "network.intro": {
        "nl": "Wie verrast wie? Een pijl loopt van de afdeling die iets deed naar de afdeling die erdoor werd "
              "overvallen; hoe dikker de pijl, hoe meer passages. Alleen passages met het thema verrassing tellen.",
        "en": "Who surprises whom? An arrow runs from the department that did something to the department caught "
              "off guard by it; the thicker the arrow, the more passages. Only passages with the surprise theme count.",
    },
    "network.reanalysing": {
        "nl": "Afdelingen opnieuw herkennen met het bijgewerkte register…",
        "en": "Recognising departments again with the updated registry…",
    },
    "network.filter_period": {"nl": "Periode", "en": "Period"},
    "network.filter_consultant": {"nl": "Consultant", "en": "Consultant"},
    "network.filter_kind": {"nl": "Soort notitie", "en": "Note kind"},
    "network.all": {"nl": "Alle", "en": "All"},
    "network.summary": {
        "nl": "{nodes} afdelingen, {edges} verrassingsrelaties",
        "en": "{nodes} departments, {edges} surprise relations",
    },
    "network.empty": {
        "nl": "Nog geen verrassingen tussen afdelingen met deze filters.",
        "en": "No surprises between departments with these filters yet.",
    },
    "network.graph_alt": {
        "nl": "Netwerk van verrassingen tussen afdelingen",
        "en": "Network of surprises between departments",
    },
    "network.select_edge": {"nl": "Relatie", "en": "Relation"},
    "network.select_node": {"nl": "Afdeling", "en": "Department"},
    "network.select_none": {"nl": "(kies)", "en": "(choose)"},
    "network.edge_option": {"nl": "{source} → {target} ({weight})", "en": "{source} → {target} ({weight})"},
    "network.evidence": {"nl": "Passages", "en": "Passages"},
    "network.evidence_help": {
        "nl": "Kies een relatie of een afdeling om de passages te zien waarop die berust.",
        "en": "Choose a relation or a department to see the passages it rests on.",
    },
    "network.no_evidence": {"nl": "Geen passages.", "en": "No passages."},
    "network.evidence_count": {"nl": "Aantal passages: {count}", "en": "Passages: {count}"},
    "network.metrics": {"nl": "Afdelingen", "en": "Departments"},
    "network.col_department": {"nl": "Afdeling", "en": "Department"},
    "network.col_causes": {"nl": "Veroorzaakt", "en": "Causes"},
    "network.col_receives": {"nl": "Ontvangt", "en": "Receives"},
    "network.col_betweenness": {"nl": "Tussenpositie", "en": "Betweenness"},
    "network.col_role": {"nl": "Rol", "en": "Role"},
    "network.col_passages": {"nl": "Passages", "en": "Passages"},
    "network.role.causes": {"nl": "vooral veroorzaker", "en": "mostly causes"},
    "network.role.receives": {"nl": "vooral ontvanger", "en": "mostly receives"},
    "network.role.both": {"nl": "beide", "en": "both"},
    "network.role.neither": {"nl": "geen van beide", "en": "neither"},
    "network.legend_title": {"nl": "Rol", "en": "Role"},
    "network.node_title": {
        "nl": "{name} — veroorzaakt {causes}, ontvangt {receives}, {passages} passages",
        "en": "{name} — causes {causes}, receives {receives}, {passages} passages",
    },
    "network.edge_title": {"nl": "{source} → {target}: {weight} passages", "en": "{source} → {target}: {weight} passages"},
    "network.reciprocal": {"nl": "Wederzijdse verrassingen", "en": "Reciprocal surprises"},
    "network.no_reciprocal": {"nl": "Geen afdelingen die elkaar verrassen.", "en": "No departments surprise each other."},
    "network.unknown": {"nl": "Onbekende afdelingen in de tekst", "en": "Unknown departments in the text"},
    "network.unknown_help": {
        "nl": "Deze namen lijken afdelingen maar staan niet in het register. Voeg ze toe, maak ze een alias of "
              "negeer ze; daarna worden alle passages opnieuw geanalyseerd.",
        "en": "These names look like departments but are not in the registry. Add them, make them an alias or "
              "ignore them; all passages are analysed again afterwards.",
    },
    "network.unknown_none": {"nl": "Geen onbekende afdelingen.", "en": "No unknown departments."},
    "network.unknown_count": {"nl": "in {count} passage(s)", "en": "in {count} passage(s)"},
    "network.add_department": {"nl": "Toevoegen als afdeling", "en": "Add as department"},
    "network.alias_of": {"nl": "Alias van …", "en": "Alias of …"},
    "network.add_alias": {"nl": "Toevoegen als alias", "en": "Add as alias"},
    "network.ignore": {"nl": "Negeren", "en": "Ignore"},
    "network.added": {"nl": "'{name}' toegevoegd als afdeling.", "en": "'{name}' added as a department."},
    "network.alias_added": {"nl": "'{name}' toegevoegd als alias van '{of}'.", "en": "'{name}' added as an alias of '{of}'."},
    "network.ignored": {"nl": "'{name}' wordt genegeerd.", "en": "'{name}' is ignored."},
    "network.downloads": {"nl": "Downloaden", "en": "Download"},
    "network.download_as": {"nl": "{format} downloaden", "en": "Download {format}"},
    # --- learning (project model retraining) --------------------------------------------------
    "nav.learning": {"nl": "Leren", "en": "Learning"},
    "learning.title": {"nl": "De tagger leert van jullie codering", "en": "The tagger learns from your coding"},
    "learning.intro": {
        "nl": "Een projectmodel wordt getraind op het corpus plus alle geaccepteerde en afgewezen suggesties van dit "
              "project. Een nieuwe versie wordt alleen actief als de macro-F1 op de gecodeerde passages niet lager is "
              "dan die van het actieve model (beide met kruisvalidatie gemeten).",
        "en": "A project model is trained on the corpus plus every accepted and rejected suggestion of this project. "
              "A new version only becomes active when its macro-F1 on the coded passages is not lower than the "
              "active model's (both cross-validated).",
    },
    "learning.active_model": {"nl": "Actief model: {version}", "en": "Active model: {version}"},
    "learning.shipped": {"nl": "het meegeleverde model", "en": "the shipped model"},
    "learning.decisions": {
        "nl": "{count} beslissingen sinds de laatste training; automatisch opnieuw trainen na {every}.",
        "en": "{count} decisions since the last training; retraining starts automatically after {every}.",
    },
    "learning.retrain": {"nl": "Nu opnieuw trainen", "en": "Retrain now"},
    "learning.started": {"nl": "De training loopt op de achtergrond.", "en": "Training runs in the background."},
    "learning.progress": {"nl": "Training {version}: {phase} ({percent} %)", "en": "Training {version}: {phase} ({percent}%)"},
    "learning.phase.prepare": {"nl": "gegevens voorbereiden", "en": "preparing data"},
    "learning.phase.train": {"nl": "trainen", "en": "training"},
    "learning.phase.evaluate": {"nl": "kruisvalidatie", "en": "cross-validating"},
    "learning.phase.save": {"nl": "opslaan", "en": "saving"},
    "learning.phase.retag": {"nl": "passages opnieuw taggen", "en": "re-tagging passages"},
    "learning.failed": {"nl": "De laatste training is mislukt: {message}", "en": "The last training failed: {message}"},
    "learning.done": {"nl": "Versie {version} is klaar.", "en": "Version {version} is ready."},
    "learning.versions": {"nl": "Modelversies", "en": "Model versions"},
    "learning.no_versions": {"nl": "Nog geen projectmodel getraind.", "en": "No project model trained yet."},
    "learning.version_label": {
        "nl": "{version} — macro-F1 {before} → {after}{active}",
        "en": "{version} — macro-F1 {before} → {after}{active}",
    },
    "learning.is_active": {"nl": " (actief)", "en": " (active)"},
    "learning.col_theme": {"nl": "Thema", "en": "Theme"},
    "learning.col_before": {"nl": "F1 voor", "en": "F1 before"},
    "learning.col_after": {"nl": "F1 na", "en": "F1 after"},
    "learning.col_n": {"nl": "Gecodeerd (waarvan ja)", "en": "Coded (accepted)"},
    "learning.compared_with": {
        "nl": "Vergeleken met {version}; {coded} gecodeerde passages, {folds}-voudige kruisvalidatie, {seconds} s.",
        "en": "Compared with {version}; {coded} coded passages, {folds}-fold cross-validation, {seconds} s.",
    },
    "learning.activate": {"nl": "Deze versie activeren", "en": "Activate this version"},
    "learning.use_shipped": {"nl": "Terug naar het meegeleverde model", "en": "Back to the shipped model"},
    "learning.activated": {
        "nl": "{version} is actief; de passages worden opnieuw getagd.",
        "en": "{version} is active; the passages are being re-tagged.",
    },
    "learning.reason.not_worse": {
        "nl": "Geactiveerd: de macro-F1 is niet lager dan die van het vorige model.",
        "en": "Activated: macro-F1 is not lower than the previous model's.",
    },
    "learning.reason.worse": {
        "nl": "Niet geactiveerd: de macro-F1 is lager dan die van het actieve model.",
        "en": "Not activated: macro-F1 is lower than the active model's.",
    },
    "learning.reason.no_positives": {
        "nl": "Geactiveerd: er zijn nog geen geaccepteerde voorbeelden om F1 te meten.",
        "en": "Activated: there are no accepted examples yet to measure F1.",
    },
    "learning.error.busy": {
        "nl": "Er loopt al een training voor dit project.",
        "en": "A training for this project is already running.",
    },
    "learning.error.too_few": {
        "nl": "Er zijn minstens twee gecodeerde passages nodig om te trainen.",
        "en": "At least two coded passages are needed to train.",
    },
    "learning.error.no_such_version": {"nl": "Deze modelversie bestaat niet.", "en": "This model version does not exist."},
    # --- interactive coding, codebook editor, agreement (ui/coding_page.py, codebook_page.py, agreement_page.py) --
    "error.no_such_theme": {"nl": "Thema {id} bestaat niet.", "en": "Theme {id} does not exist."},
    "error.theme_exists": {"nl": "Er is al een thema '{label}'.", "en": "There already is a theme '{label}'."},
    "error.theme_retired": {
        "nl": "Thema '{label}' is buiten gebruik; zet het eerst weer in gebruik.",
        "en": "Theme '{label}' is retired; bring it back first.",
    },
    "error.bad_color": {
        "nl": "Ongeldige kleur '{value}': gebruik #rrggbb.",
        "en": "Invalid colour '{value}': use #rrggbb.",
    },
    "error.theme_cycle": {
        "nl": "'{label}' kan geen bovenliggend thema zijn: dat zou een kring maken.",
        "en": "'{label}' cannot be the parent theme: that would make a cycle.",
    },
    "error.merge_self": {"nl": "Een thema kan niet met zichzelf samengaan.", "en": "A theme cannot merge with itself."},
    "nav.coding": {"nl": "Coderen", "en": "Coding"},
    "nav.codebook": {"nl": "Codeboek", "en": "Codebook"},
    "nav.agreement": {"nl": "Overeenstemming", "en": "Agreement"},
    "coding.title": {"nl": "Coderen", "en": "Coding"},
    "coding.filter_theme": {"nl": "Thema", "en": "Theme"},
    "coding.any": {"nl": "(alle)", "en": "(any)"},
    "coding.filter_status": {"nl": "Status (voor mij)", "en": "Status (for me)"},
    "coding.status_all": {"nl": "Alle", "en": "All"},
    "coding.status_suggested": {"nl": "Voorgesteld, nog niet beslist", "en": "Suggested, not decided"},
    "coding.status_accepted": {"nl": "Geaccepteerd", "en": "Accepted"},
    "coding.status_rejected": {"nl": "Afgewezen", "en": "Rejected"},
    "coding.status_uncoded": {"nl": "Nog niet gecodeerd", "en": "Not coded yet"},
    "coding.count": {"nl": "{count} notities", "en": "{count} notes"},
    "coding.no_notes": {"nl": "Geen notities met deze filters.", "en": "No notes match these filters."},
    "coding.note": {"nl": "Notitie", "en": "Note"},
    "coding.note_option": {"nl": "{title} — {date} · {department}", "en": "{title} — {date} · {department}"},
    "coding.viewing_as": {
        "nl": "Je ziet alleen je eigen beslissingen ({user}). Vergelijk op de pagina Overeenstemming.",
        "en": "You only see your own decisions ({user}). Compare on the Agreement page.",
    },
    "coding.no_passages": {"nl": "Deze notitie heeft nog geen passages.", "en": "This note has no passages yet."},
    "coding.shortcuts": {
        "nl": "Sneltoetsen: j/k volgende/vorige passage · a accepteren · x afwijzen · u ongedaan maken",
        "en": "Shortcuts: j/k next/previous passage · a accept · x reject · u undo",
    },
    "coding.prev": {"nl": "Vorige", "en": "Previous"},
    "coding.next": {"nl": "Volgende", "en": "Next"},
    "coding.accept": {"nl": "Accepteren", "en": "Accept"},
    "coding.reject": {"nl": "Afwijzen", "en": "Reject"},
    "coding.undo": {"nl": "Ongedaan maken", "en": "Undo"},
    "coding.position": {"nl": "Passage {index} van {total}", "en": "Passage {index} of {total}"},
    "coding.current": {"nl": "huidige suggestie:", "en": "current suggestion:"},
    "coding.no_open": {"nl": "geen open suggesties", "en": "no open suggestions"},
    "coding.passage": {"nl": "Passage {index}", "en": "Passage {index}"},
    "coding.auto": {"nl": "automatisch", "en": "automatic"},
    "coding.manual": {"nl": "eigen selectie", "en": "own selection"},
    "coding.no_suggestions": {"nl": "Geen thema's voorgesteld.", "en": "No themes suggested."},
    "coding.added": {"nl": "zelf toegevoegd", "en": "added by hand"},
    "coding.state_open": {"nl": "open", "en": "open"},
    "coding.state_accepted": {"nl": "✓ geaccepteerd", "en": "✓ accepted"},
    "coding.state_rejected": {"nl": "✗ afgewezen", "en": "✗ rejected"},
    "coding.accept_one": {"nl": "✓", "en": "✓"},
    "coding.reject_one": {"nl": "✗", "en": "✗"},
    "coding.weaker": {"nl": "Zwakkere suggesties:", "en": "Weaker suggestions:"},
    "coding.add_theme": {"nl": "Thema", "en": "Theme"},
    "coding.add": {"nl": "Thema toevoegen", "en": "Add theme"},
    "coding.memos": {"nl": "Memo's ({count})", "en": "Memos ({count})"},
    "coding.memo_meta": {"nl": "{user}, {when}", "en": "{user}, {when}"},
    "coding.memo_edit": {"nl": "Memo bewerken", "en": "Edit memo"},
    "coding.memo_update": {"nl": "Bijwerken", "en": "Update"},
    "coding.memo_delete": {"nl": "Verwijderen", "en": "Delete"},
    "coding.memo_new": {"nl": "Nieuwe memo", "en": "New memo"},
    "coding.memo_add": {"nl": "Memo opslaan", "en": "Save memo"},
    "coding.memo_saved": {"nl": "Memo opgeslagen.", "en": "Memo saved."},
    "coding.memo_deleted": {"nl": "Memo verwijderd.", "en": "Memo deleted."},
    "coding.note_memos": {"nl": "Memo's bij deze notitie", "en": "Memos on this note"},
    "coding.selection": {"nl": "Een stuk tekst coderen", "en": "Code a stretch of text"},
    "coding.quote": {"nl": "Citaat om te coderen", "en": "Quote to code"},
    "coding.quote_help": {
        "nl": "Plak of typ de letterlijke tekst; de plek in de notitie wordt opgezocht. Leeg laten om begin en "
        "eind als tekenpositie op te geven.",
        "en": "Paste or type the exact text; its place in the note is looked up. Leave empty to give start and end "
        "as character positions.",
    },
    "coding.quote_not_found": {
        "nl": "Dit citaat staat niet letterlijk in de notitie.",
        "en": "This quote does not occur verbatim in the note.",
    },
    "coding.occurrence": {"nl": "Welke plek?", "en": "Which occurrence?"},
    "coding.occurrence_at": {"nl": "tekens {start}–{end}", "en": "characters {start}–{end}"},
    "coding.sel_start": {"nl": "Begin (teken)", "en": "Start (character)"},
    "coding.sel_end": {"nl": "Eind (teken)", "en": "End (character)"},
    "coding.selected": {"nl": "Geselecteerd (tekens {start}–{end}):", "en": "Selected (characters {start}–{end}):"},
    "coding.code_selection": {"nl": "Selectie coderen", "en": "Code selection"},
    "coding.selection_coded": {
        "nl": "Tekens {start}–{end} gecodeerd.",
        "en": "Characters {start}–{end} coded.",
    },
    "coding.whole_note": {"nl": "Hele notitie", "en": "Whole note"},
    "coding.undone": {"nl": "Laatste beslissing ongedaan gemaakt.", "en": "Last decision undone."},
    "coding.nothing_to_undo": {"nl": "Niets meer om ongedaan te maken.", "en": "Nothing left to undo."},
    "codebook.title": {"nl": "Codeboek", "en": "Codebook"},
    "codebook.intro": {
        "nl": "Thema's toevoegen, hernoemen, samenvoegen en buiten gebruik stellen. Een nieuw thema krijgt meteen "
        "suggesties waar de signaalwoorden voorkomen; beslissingen van codeurs blijven onaangeroerd.",
        "en": "Add, rename, merge and retire themes. A new theme gets suggestions at once wherever its cue words "
        "occur; coders' decisions are left untouched.",
    },
    "codebook.new": {"nl": "Nieuw thema", "en": "New theme"},
    "codebook.add": {"nl": "Thema toevoegen", "en": "Add theme"},
    "codebook.added": {
        "nl": "Thema '{label}' toegevoegd; {result} passages voorgesteld op grond van de signaalwoorden.",
        "en": "Theme '{label}' added; {result} passages suggested from its cue words.",
    },
    "codebook.label": {"nl": "Naam", "en": "Name"},
    "codebook.definition": {"nl": "Definitie", "en": "Definition"},
    "codebook.inclusion": {"nl": "Wel coderen als…", "en": "Include when…"},
    "codebook.exclusion": {"nl": "Niet coderen als…", "en": "Exclude when…"},
    "codebook.cues_nl": {"nl": "Signaalwoorden (Nederlands)", "en": "Cue words (Dutch)"},
    "codebook.cues_en": {"nl": "Signaalwoorden (Engels)", "en": "Cue words (English)"},
    "codebook.cues_help": {
        "nl": "Komma-gescheiden; verbuigingen tellen mee (wachtrij vindt ook wachtrijen).",
        "en": "Comma-separated; inflections count too (queue also finds queues).",
    },
    "codebook.cues": {"nl": "Signaalwoorden", "en": "Cue words"},
    "codebook.parent": {"nl": "Valt onder", "en": "Parent theme"},
    "codebook.no_parent": {"nl": "(geen)", "en": "(none)"},
    "codebook.color": {"nl": "Kleur", "en": "Colour"},
    "codebook.usage": {
        "nl": "{suggestions} suggesties · {accepted} geaccepteerd · {rejected} afgewezen",
        "en": "{suggestions} suggestions · {accepted} accepted · {rejected} rejected",
    },
    "codebook.under": {"nl": "onder {parent}", "en": "under {parent}"},
    "codebook.edit": {"nl": "Bewerken", "en": "Edit"},
    "codebook.save": {"nl": "Opslaan", "en": "Save"},
    "codebook.saved": {"nl": "Thema '{label}' opgeslagen.", "en": "Theme '{label}' saved."},
    "codebook.merge_or_retire": {"nl": "Samenvoegen of buiten gebruik stellen", "en": "Merge or retire"},
    "codebook.merge_into": {"nl": "Samenvoegen met", "en": "Merge into"},
    "codebook.merge_ok": {
        "nl": "Ja, verplaats alle coderingen en suggesties",
        "en": "Yes, move all codings and suggestions",
    },
    "codebook.merge": {"nl": "Samenvoegen", "en": "Merge"},
    "codebook.merge_confirm_first": {
        "nl": "Vink eerst aan dat je wilt samenvoegen.",
        "en": "First tick that you want to merge.",
    },
    "codebook.merged": {
        "nl": "Thema '{label}' samengevoegd en buiten gebruik gesteld.",
        "en": "Theme '{label}' merged and retired.",
    },
    "codebook.retire": {"nl": "Buiten gebruik stellen", "en": "Retire"},
    "codebook.unretire": {"nl": "Weer in gebruik nemen", "en": "Bring back"},
    "codebook.retired": {"nl": "Thema '{label}' buiten gebruik gesteld.", "en": "Theme '{label}' retired."},
    "codebook.unretired": {"nl": "Thema '{label}' weer in gebruik.", "en": "Theme '{label}' is back in use."},
    "codebook.retired_title": {"nl": "Buiten gebruik", "en": "Retired"},
    "agreement.title": {"nl": "Overeenstemming tussen codeurs", "en": "Inter-coder agreement"},
    "agreement.intro": {
        "nl": "Eenheid = passage. Wie op een passage iets besliste (accepteren of afwijzen), heeft die gecodeerd; "
        "de thema's van die codeur zijn de geaccepteerde. Alleen passages met minstens twee codeurs tellen.",
        "en": "Unit = passage. Whoever decided anything on a passage (accept or reject) coded it; that coder's "
        "themes are the accepted ones. Only passages with at least two coders count.",
    },
    "agreement.coders": {"nl": "Codeurs", "en": "Coders"},
    "agreement.with_model": {"nl": "Model als codeur", "en": "Model as a coder"},
    "agreement.summary": {
        "nl": "{units} passages met minstens twee codeurs; {coders} codeurs:",
        "en": "{units} passages with at least two coders; {coders} coders:",
    },
    "agreement.no_units": {
        "nl": "Nog geen passage is door twee codeurs gecodeerd.",
        "en": "No passage has been coded by two coders yet.",
    },
    "agreement.col_theme": {"nl": "Thema", "en": "Theme"},
    "agreement.col_units": {"nl": "Passages", "en": "Passages"},
    "agreement.col_percent": {"nl": "% overeenstemming", "en": "% agreement"},
    "agreement.col_kappa": {"nl": "Cohens kappa", "en": "Cohen's kappa"},
    "agreement.col_alpha": {"nl": "Krippendorffs alfa", "en": "Krippendorff's alpha"},
    "agreement.kappa_note": {
        "nl": "Kappa alleen bij precies twee codeurs. — betekent: niet te berekenen (geen variatie).",
        "en": "Kappa only with exactly two coders. — means: cannot be computed (no variation).",
    },
    "agreement.download": {"nl": "Cijfers downloaden (JSON)", "en": "Download figures (JSON)"},
    "agreement.disagreements": {"nl": "Verschillen om te bespreken ({count})", "en": "Disagreements to discuss ({count})"},
    "agreement.none": {"nl": "Geen verschillen.", "en": "No disagreements."},
    "agreement.in_note": {"nl": "in '{title}', passage {passage}", "en": "in '{title}', passage {passage}"},
    "agreement.more": {"nl": "…en nog {count}.", "en": "…and {count} more."},
    "agreement.verdict_accepted": {"nl": "geaccepteerd", "en": "accepted"},
    "agreement.verdict_rejected": {"nl": "afgewezen", "en": "rejected"},
    "agreement.verdict_open": {"nl": "niet beslist", "en": "not decided"},
    "agreement.verdict_suggested": {"nl": "voorgesteld", "en": "suggested"},
    "agreement.verdict_not_suggested": {"nl": "niet voorgesteld", "en": "not suggested"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The message `key` in `lang`, formatted with `params`; unknown keys are returned as-is so gaps show."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    if key == "error.jsonl_line_key":
        params = dict(params)
        params["reason"] = t(params.pop("reason_key"), lang, **params.pop("reason_params", {}))
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

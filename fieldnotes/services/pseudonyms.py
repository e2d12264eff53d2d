"""Pseudonymised quotes for presentations and reports: person names become role labels or [PERSOON-n]."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from fieldnotes.domain.report import Quote, ReportData
from fieldnotes.nlp.pseudonymise import PseudonymisedText, pseudonymise, pseudonymise_quotes
from fieldnotes.services import projects


def quote_key(quote: Quote) -> str:
    """A stable key for a quote, to remember the consultant's reviewed version."""
    return hashlib.sha1(f"{quote.note_id}\x00{quote.text}".encode()).hexdigest()[:16]


def keep_words(session: Session, project_id: int) -> list[str]:
    """Words never to replace: department names and their aliases."""
    registry = projects.department_registry(session, project_id)
    return [name for canonical, aliases in registry.items() for name in (canonical, *aliases)]


def pseudonymise_quote(session: Session, project_id: int, text: str, lang: str) -> PseudonymisedText:
    """Replace person names in one quote; consultants' names are always replaced, departments always kept."""
    return pseudonymise(
        text, lang, known_names=projects.consultant_names(session, project_id), keep=keep_words(session, project_id)
    )


def pseudonymised_report(session: Session, project_id: int, data: ReportData) -> ReportData:
    """The report with every quote pseudonymised (used by the document exports)."""
    from dataclasses import replace

    quotes, _review = pseudonymise_quotes(
        data.quotes, data.lang, known_names=projects.consultant_names(session, project_id),
        keep=keep_words(session, project_id),
    )
    return replace(data, quotes=quotes)

"""REFI-QDA (QDA-XML 1.0) exchange: write and read `.qdpx` projects and `.qdc` codebooks.

REFI-QDA is how ATLAS.ti, NVivo, MAXQDA, QualCoder and Taguette exchange coded material. This module
works on its own plain dataclasses (``Qda*``), which the services layer fills from fieldnotes data;
docs/refiqda.md describes that mapping.

Positions: ``PlainTextSelection`` start/end positions are zero-based character offsets into the
source's plain text, counted in Unicode code points (Python ``str`` indices); end is exclusive.
Source text is kept exactly as stored, so CRLF counts as two characters and an emoji as one.

Every document this module writes is validated against the official XSDs (a copy lives in
``fieldnotes/export/schemas/``) before anything is written to the output.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import BinaryIO, TypeVar
from urllib.parse import unquote

from lxml import etree

__all__ = [
    "PROJECT_NS",
    "CODEBOOK_NS",
    "QdaValidationError",
    "QdaFormatError",
    "VariableType",
    "LinkDirection",
    "VariableValue",
    "QdaUser",
    "QdaCode",
    "QdaCodebook",
    "QdaVariable",
    "QdaVariableValue",
    "QdaCoding",
    "QdaSelection",
    "QdaRichText",
    "QdaSource",
    "QdaNote",
    "QdaCase",
    "QdaLink",
    "QdaProject",
    "new_guid",
    "iter_codes",
    "check_project",
    "validate_project_xml",
    "validate_codebook_xml",
    "project_xml",
    "codebook_xml",
    "write_qdpx",
    "write_qdc",
    "read_qdpx",
    "read_qdc",
]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_SOURCES_DIR = "sources/"
_INTERNAL = "internal://"
_E = TypeVar("_E", bound=StrEnum)


class QdaValidationError(ValueError):
    """A document or project breaks the QDA-XML schema or refers to objects that do not exist."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:10]) + (f" (+{len(problems) - 10} more)" if len(problems) > 10 else ""))
        self.problems = problems


class QdaFormatError(ValueError):
    """A file to import is not a readable REFI-QDA project or codebook."""


class VariableType(StrEnum):
    """QDA-XML ``typeOfVariable`` values."""

    TEXT = "Text"
    BOOLEAN = "Boolean"
    INTEGER = "Integer"
    FLOAT = "Float"
    DATE = "Date"
    DATETIME = "DateTime"


class LinkDirection(StrEnum):
    """QDA-XML ``directionType`` values."""

    ASSOCIATIVE = "Associative"
    ONE_WAY = "OneWay"
    BIDIRECTIONAL = "Bidirectional"


VariableValue = str | bool | int | float | Decimal | dt.date | dt.datetime
"""Python value of a variable: str (Text), bool, int, float/Decimal (Float), date, datetime."""


@dataclass
class QdaUser:
    """A coder (QDA-XML ``User``)."""

    guid: str
    name: str = ""
    id: str = ""


@dataclass
class QdaCode:
    """A code; ``children`` make the hierarchy (QDA-XML nested ``Code``)."""

    guid: str
    name: str
    color: str | None = None
    description: str = ""
    codable: bool = True
    children: list[QdaCode] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)


@dataclass
class QdaCodebook:
    """A stand-alone codebook (``.qdc``)."""

    codes: list[QdaCode] = field(default_factory=list)
    origin: str = ""


@dataclass
class QdaVariable:
    """A variable definition (QDA-XML ``Variable``); values live on sources and cases."""

    guid: str
    name: str
    type: VariableType = VariableType.TEXT
    description: str = ""


@dataclass
class QdaVariableValue:
    """The value of one variable for one source or case (QDA-XML ``VariableValue``)."""

    variable_guid: str
    value: VariableValue


@dataclass
class QdaCoding:
    """One code applied to a selection (QDA-XML ``Coding`` with its ``CodeRef``)."""

    guid: str
    code_guid: str
    user_guid: str | None = None
    created: dt.datetime | None = None
    note_guids: list[str] = field(default_factory=list)


@dataclass
class QdaSelection:
    """A passage of a text source: characters ``text[start:end]`` (code points, end exclusive)."""

    guid: str
    start: int
    end: int
    name: str = ""
    description: str = ""
    codings: list[QdaCoding] = field(default_factory=list)
    user_guid: str | None = None
    created: dt.datetime | None = None
    note_guids: list[str] = field(default_factory=list)


@dataclass
class QdaRichText:
    """The rich-text twin of a source (for example NVivo's .docx), carried through unchanged."""

    suffix: str
    data: bytes


@dataclass
class QdaSource:
    """A text source (QDA-XML ``TextSource``): one field note in fieldnotes."""

    guid: str
    name: str
    text: str
    selections: list[QdaSelection] = field(default_factory=list)
    variables: list[QdaVariableValue] = field(default_factory=list)
    description: str = ""
    codings: list[QdaCoding] = field(default_factory=list)
    """Codings of the source as a whole (not of a passage)."""
    note_guids: list[str] = field(default_factory=list)
    user_guid: str | None = None
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    rich_text: QdaRichText | None = None

    def selection_text(self, selection: QdaSelection) -> str:
        """Return the passage a selection covers."""
        return self.text[selection.start : selection.end]


@dataclass
class QdaNote:
    """A memo (QDA-XML ``Note``); objects point to it through their ``note_guids``."""

    guid: str
    name: str
    text: str
    user_guid: str | None = None
    created: dt.datetime | None = None


@dataclass
class QdaCase:
    """A case (QDA-XML ``Case``): in fieldnotes, a department."""

    guid: str
    name: str
    description: str = ""
    code_guids: list[str] = field(default_factory=list)
    variables: list[QdaVariableValue] = field(default_factory=list)
    source_guids: list[str] = field(default_factory=list)
    selection_guids: list[str] = field(default_factory=list)


@dataclass
class QdaLink:
    """A relation between any two objects with a GUID (QDA-XML ``Link``)."""

    guid: str
    name: str
    origin_guid: str
    target_guid: str
    direction: LinkDirection = LinkDirection.ONE_WAY
    color: str | None = None
    note_guids: list[str] = field(default_factory=list)


@dataclass
class QdaProject:
    """A whole REFI-QDA project (``project.qde`` plus its source files)."""

    name: str
    origin: str = "fieldnotes"
    users: list[QdaUser] = field(default_factory=list)
    codes: list[QdaCode] = field(default_factory=list)
    sources: list[QdaSource] = field(default_factory=list)
    cases: list[QdaCase] = field(default_factory=list)
    links: list[QdaLink] = field(default_factory=list)
    variables: list[QdaVariable] = field(default_factory=list)
    notes: list[QdaNote] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)
    description: str = ""
    creating_user_guid: str | None = None
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    skipped: list[str] = field(default_factory=list)
    """Filled by ``read_qdpx``: what the import could not carry (non-text sources, sets, graphs...).
    Never written."""

    @property
    def codebook(self) -> QdaCodebook:
        """The project's codes as a stand-alone codebook."""
        return QdaCodebook(codes=self.codes, origin=self.origin)


def new_guid() -> str:
    """A fresh random GUID in the form QDA-XML expects."""
    return str(uuid.uuid4())


def iter_codes(codes: list[QdaCode]) -> Iterator[QdaCode]:
    """Every code of a hierarchy, parents before their children."""
    for code in codes:
        yield code
        yield from iter_codes(code.children)


# ---------------------------------------------------------------------------------------- validation


@cache
def _schema(name: str) -> etree.XMLSchema:
    data = resources.files("fieldnotes.export").joinpath("schemas", name).read_bytes()
    return etree.XMLSchema(etree.fromstring(data, _safe_parser()))


def _validate(xml: bytes, schema_name: str) -> None:
    try:
        doc = etree.fromstring(xml, _safe_parser())
    except etree.XMLSyntaxError as exc:
        raise QdaValidationError([f"not well-formed XML: {exc}"]) from None
    schema = _schema(schema_name)
    if not schema.validate(doc):
        raise QdaValidationError([f"line {e.line}: {e.message}" for e in schema.error_log])


def validate_project_xml(xml: bytes) -> None:
    """Raise QdaValidationError unless ``xml`` is a valid ``project.qde`` (Project.xsd)."""
    _validate(xml, "Project.xsd")


def validate_codebook_xml(xml: bytes) -> None:
    """Raise QdaValidationError unless ``xml`` is a valid ``.qdc`` codebook (Codebook.xsd)."""
    _validate(xml, "Codebook.xsd")


def check_project(project: QdaProject) -> list[str]:
    """Problems the schema cannot see: dangling references, duplicate GUIDs, positions outside the text."""
    problems: list[str] = []
    seen: set[str] = set()

    def register(kind: str, guid: str) -> None:
        if guid.lower() in seen:
            problems.append(f"duplicate GUID {guid} ({kind})")
        seen.add(guid.lower())

    for user in project.users:
        register("user", user.guid)
    for code in iter_codes(project.codes):
        register("code", code.guid)
    for variable in project.variables:
        register("variable", variable.guid)
    for case in project.cases:
        register("case", case.guid)
    for note in project.notes:
        register("note", note.guid)
    for link in project.links:
        register("link", link.guid)
    for source in project.sources:
        register("source", source.guid)
        for selection in source.selections:
            register("selection", selection.guid)
            for coding in selection.codings:
                register("coding", coding.guid)
        for coding in source.codings:
            register("coding", coding.guid)

    code_guids = {c.guid for c in iter_codes(project.codes)}
    user_guids = {u.guid for u in project.users}
    note_guids = {n.guid for n in project.notes}
    variable_guids = {v.guid for v in project.variables}
    source_guids = {s.guid for s in project.sources}
    selection_guids = {sel.guid for s in project.sources for sel in s.selections}

    def need(guids: set[str], guid: str | None, what: str, where: str) -> None:
        if guid is not None and guid not in guids:
            problems.append(f"{where} refers to unknown {what} {guid}")

    for guid in project.note_guids:
        need(note_guids, guid, "note", "project")
    need(user_guids, project.creating_user_guid, "user", "project")
    for code in iter_codes(project.codes):
        for guid in code.note_guids:
            need(note_guids, guid, "note", f"code {code.name!r}")
    for note in project.notes:
        need(user_guids, note.user_guid, "user", f"note {note.name!r}")
    for source in project.sources:
        where = f"source {source.name!r}"
        need(user_guids, source.user_guid, "user", where)
        for guid in source.note_guids:
            need(note_guids, guid, "note", where)
        for value in source.variables:
            need(variable_guids, value.variable_guid, "variable", where)
        for coding in source.codings:
            need(code_guids, coding.code_guid, "code", where)
            need(user_guids, coding.user_guid, "user", where)
        for selection in source.selections:
            here = f"{where} selection {selection.start}-{selection.end}"
            if not 0 <= selection.start <= selection.end <= len(source.text):
                problems.append(f"{here} lies outside the text (0-{len(source.text)})")
            need(user_guids, selection.user_guid, "user", here)
            for guid in selection.note_guids:
                need(note_guids, guid, "note", here)
            for coding in selection.codings:
                need(code_guids, coding.code_guid, "code", here)
                need(user_guids, coding.user_guid, "user", here)
                for guid in coding.note_guids:
                    need(note_guids, guid, "note", here)
    for case in project.cases:
        where = f"case {case.name!r}"
        for guid in case.code_guids:
            need(code_guids, guid, "code", where)
        for guid in case.source_guids:
            need(source_guids, guid, "source", where)
        for guid in case.selection_guids:
            need(selection_guids, guid, "selection", where)
        for value in case.variables:
            need(variable_guids, value.variable_guid, "variable", where)
    for link in project.links:
        where = f"link {link.name!r}"
        need(seen, link.origin_guid.lower(), "object", where)
        need(seen, link.target_guid.lower(), "object", where)
        for guid in link.note_guids:
            need(note_guids, guid, "note", where)
    return problems


# ---------------------------------------------------------------------------------------- writing


def _datetime(value: dt.datetime) -> str:
    """xsd:dateTime; aware datetimes are written in UTC with a Z."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value.isoformat() + "Z"
    return value.isoformat()


def _set(el: etree._Element, name: str, value: str | None) -> None:
    if value is not None and value != "":
        el.set(name, value)


def _set_dt(el: etree._Element, name: str, value: dt.datetime | None) -> None:
    if value is not None:
        el.set(name, _datetime(value))


class _Writer:
    """Builds QDA-XML elements in one namespace."""

    def __init__(self, ns: str) -> None:
        self.ns = ns

    def el(self, parent: etree._Element | None, tag: str, **attrs: str) -> etree._Element:
        qname = f"{{{self.ns}}}{tag}"
        node = etree.Element(qname, nsmap={None: self.ns}) if parent is None else etree.SubElement(parent, qname)
        for key, value in attrs.items():
            node.set(key, value)
        return node

    def text_el(self, parent: etree._Element, tag: str, text: str) -> None:
        if text:
            self.el(parent, tag).text = text

    def refs(self, parent: etree._Element, tag: str, guids: list[str]) -> None:
        for guid in guids:
            self.el(parent, tag, targetGUID=guid)

    def code(self, parent: etree._Element, code: QdaCode, *, with_notes: bool) -> None:
        node = self.el(parent, "Code", guid=code.guid, name=code.name, isCodable="true" if code.codable else "false")
        _set(node, "color", code.color)
        self.text_el(node, "Description", code.description)
        if with_notes:
            self.refs(node, "NoteRef", code.note_guids)
        for child in code.children:
            self.code(node, child, with_notes=with_notes)


def _variable_value(w: _Writer, parent: etree._Element, value: QdaVariableValue, types: dict[str, VariableType]) -> None:
    kind = types[value.variable_guid]
    node = w.el(parent, "VariableValue")
    w.el(node, "VariableRef", targetGUID=value.variable_guid)
    v = value.value
    if kind is VariableType.BOOLEAN:
        text = "true" if v else "false"
    elif kind is VariableType.FLOAT:
        text = format(Decimal(repr(v)) if isinstance(v, float) else Decimal(v), "f")
    elif kind is VariableType.DATETIME:
        text = _datetime(v) if isinstance(v, dt.datetime) else str(v)
    else:
        text = v.isoformat() if isinstance(v, dt.date) else str(v)
    w.el(node, f"{kind.value}Value").text = text


def _coding(w: _Writer, parent: etree._Element, coding: QdaCoding) -> None:
    node = w.el(parent, "Coding", guid=coding.guid)
    _set(node, "creatingUser", coding.user_guid)
    _set_dt(node, "creationDateTime", coding.created)
    w.el(node, "CodeRef", targetGUID=coding.code_guid)
    w.refs(node, "NoteRef", coding.note_guids)


def _source_path(source: QdaSource) -> str:
    return f"{source.guid}.txt"


def _rich_path(source: QdaSource) -> str | None:
    return None if source.rich_text is None else f"{source.guid}{source.rich_text.suffix}"


def project_xml(project: QdaProject) -> bytes:
    """The ``project.qde`` document of a project, checked against Project.xsd and for references."""
    problems = check_project(project)
    if problems:
        raise QdaValidationError(problems)
    w = _Writer(PROJECT_NS)
    root = w.el(None, "Project", name=project.name)
    _set(root, "origin", project.origin)
    _set(root, "creatingUserGUID", project.creating_user_guid)
    _set_dt(root, "creationDateTime", project.created)
    _set_dt(root, "modifiedDateTime", project.modified)
    if project.users:
        users = w.el(root, "Users")
        for user in project.users:
            node = w.el(users, "User", guid=user.guid)
            _set(node, "name", user.name)
            _set(node, "id", user.id)
    if project.codes:
        codes = w.el(w.el(root, "CodeBook"), "Codes")
        for code in project.codes:
            w.code(codes, code, with_notes=True)
    types = {v.guid: v.type for v in project.variables}
    if project.variables:
        variables = w.el(root, "Variables")
        for variable in project.variables:
            node = w.el(variables, "Variable", guid=variable.guid, name=variable.name, typeOfVariable=variable.type.value)
            w.text_el(node, "Description", variable.description)
    if project.cases:
        cases = w.el(root, "Cases")
        for case in project.cases:
            node = w.el(cases, "Case", guid=case.guid)
            _set(node, "name", case.name)
            w.text_el(node, "Description", case.description)
            w.refs(node, "CodeRef", case.code_guids)
            for value in case.variables:
                _variable_value(w, node, value, types)
            w.refs(node, "SourceRef", case.source_guids)
            w.refs(node, "SelectionRef", case.selection_guids)
    if project.sources:
        sources = w.el(root, "Sources")
        for source in project.sources:
            node = w.el(sources, "TextSource", guid=source.guid, plainTextPath=_INTERNAL + _source_path(source))
            _set(node, "name", source.name)
            rich = _rich_path(source)
            _set(node, "richTextPath", rich and _INTERNAL + rich)
            _set(node, "creatingUser", source.user_guid)
            _set_dt(node, "creationDateTime", source.created)
            _set_dt(node, "modifiedDateTime", source.modified)
            w.text_el(node, "Description", source.description)
            for selection in source.selections:
                sel = w.el(node, "PlainTextSelection", guid=selection.guid,
                           startPosition=str(selection.start), endPosition=str(selection.end))
                _set(sel, "name", selection.name)
                _set(sel, "creatingUser", selection.user_guid)
                _set_dt(sel, "creationDateTime", selection.created)
                w.text_el(sel, "Description", selection.description)
                for coding in selection.codings:
                    _coding(w, sel, coding)
                w.refs(sel, "NoteRef", selection.note_guids)
            for coding in source.codings:
                _coding(w, node, coding)
            w.refs(node, "NoteRef", source.note_guids)
            for value in source.variables:
                _variable_value(w, node, value, types)
    if project.notes:
        notes = w.el(root, "Notes")
        for note in project.notes:
            node = w.el(notes, "Note", guid=note.guid)
            _set(node, "name", note.name)
            _set(node, "creatingUser", note.user_guid)
            _set_dt(node, "creationDateTime", note.created)
            w.el(node, "PlainTextContent").text = note.text
    if project.links:
        links = w.el(root, "Links")
        for link in project.links:
            node = w.el(links, "Link", guid=link.guid, direction=link.direction.value,
                        originGUID=link.origin_guid, targetGUID=link.target_guid)
            _set(node, "name", link.name)
            _set(node, "color", link.color)
            w.refs(node, "NoteRef", link.note_guids)
    w.text_el(root, "Description", project.description)
    w.refs(root, "NoteRef", project.note_guids)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    validate_project_xml(xml)
    return xml


def codebook_xml(codebook: QdaCodebook) -> bytes:
    """The ``.qdc`` document of a codebook, checked against Codebook.xsd (code notes are not part of it)."""
    if not codebook.codes:
        raise QdaValidationError(["a codebook needs at least one code"])
    w = _Writer(CODEBOOK_NS)
    root = w.el(None, "CodeBook")
    _set(root, "origin", codebook.origin)
    codes = w.el(root, "Codes")
    for code in codebook.codes:
        w.code(codes, code, with_notes=False)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    validate_codebook_xml(xml)
    return xml


def write_qdc(codebook: QdaCodebook, fp: BinaryIO) -> None:
    """Write a ``.qdc`` codebook to a binary file-like object."""
    fp.write(codebook_xml(codebook))


def write_qdpx(project: QdaProject, fp: BinaryIO) -> None:
    """Write a ``.qdpx`` (zip: ``project.qde`` + ``sources/<guid>.txt`` in UTF-8) to a binary file-like object.

    The project is validated before the first byte is written, so an invalid project leaves ``fp`` untouched.
    """
    xml = project_xml(project)
    with zipfile.ZipFile(fp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", xml)
        for source in project.sources:
            zf.writestr(_SOURCES_DIR + _source_path(source), source.text.encode("utf-8"))
            rich = _rich_path(source)
            if rich is not None and source.rich_text is not None:
                zf.writestr(_SOURCES_DIR + rich, source.rich_text.data)


# ---------------------------------------------------------------------------------------- reading


def _safe_parser() -> etree.XMLParser:
    """Parser for untrusted files: no entity expansion, no network, no DTD loading."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False)


def _parse(xml: bytes, what: str) -> etree._Element:
    try:
        return etree.fromstring(xml, _safe_parser())
    except etree.XMLSyntaxError as exc:
        raise QdaFormatError(f"{what} is not well-formed XML: {exc}") from None


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c) == name]


def _child(el: etree._Element, name: str) -> etree._Element | None:
    found = _children(el, name)
    return found[0] if found else None


def _child_text(el: etree._Element, name: str) -> str:
    node = _child(el, name)
    return (node.text or "") if node is not None else ""


def _refs(el: etree._Element, name: str) -> list[str]:
    return [r.get("targetGUID", "") for r in _children(el, name)]


def _read_dt(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def _enum(kind: type[_E], value: str | None, default: _E) -> _E:
    try:
        return kind((value or "").strip())
    except ValueError:
        return default


def _position(sel: etree._Element, name: str) -> int:
    try:
        return int((sel.get(name) or "").strip())
    except ValueError:
        raise QdaFormatError(f"selection {sel.get('guid')}: {name} {sel.get(name)!r} is not an integer") from None


def _read_code(el: etree._Element) -> QdaCode:
    return QdaCode(
        guid=el.get("guid", ""),
        name=el.get("name", ""),
        color=el.get("color"),
        description=_child_text(el, "Description"),
        codable=el.get("isCodable", "true").strip() in ("true", "1"),
        children=[_read_code(c) for c in _children(el, "Code")],
        note_guids=_refs(el, "NoteRef"),
    )


def _read_codes(codes_parent: etree._Element | None) -> list[QdaCode]:
    codes = _child(codes_parent, "Codes") if codes_parent is not None else None
    return [] if codes is None else [_read_code(c) for c in _children(codes, "Code")]


def _read_value(el: etree._Element) -> QdaVariableValue | None:
    ref = _child(el, "VariableRef")
    if ref is None:
        return None
    for node in el:
        name = _local(node)
        if not name.endswith("Value"):
            continue
        text = (node.text or "").strip()
        value: VariableValue
        try:
            if name == "BooleanValue":
                value = text in ("true", "1")
            elif name == "IntegerValue":
                value = int(text)
            elif name == "FloatValue":
                value = float(text)
            elif name == "DateValue":
                value = dt.date.fromisoformat(text)
            elif name == "DateTimeValue":
                value = dt.datetime.fromisoformat(text)
            else:
                value = node.text or ""
        except ValueError:
            value = text
        return QdaVariableValue(ref.get("targetGUID", ""), value)
    return None


def _read_values(el: etree._Element) -> list[QdaVariableValue]:
    values = (_read_value(v) for v in _children(el, "VariableValue"))
    return [v for v in values if v is not None]


def _read_coding(el: etree._Element) -> QdaCoding | None:
    ref = _child(el, "CodeRef")
    if ref is None:
        return None
    return QdaCoding(
        guid=el.get("guid", ""),
        code_guid=ref.get("targetGUID", ""),
        user_guid=el.get("creatingUser"),
        created=_read_dt(el.get("creationDateTime")),
        note_guids=_refs(el, "NoteRef"),
    )


def _read_codings(el: etree._Element) -> list[QdaCoding]:
    codings = (_read_coding(c) for c in _children(el, "Coding"))
    return [c for c in codings if c is not None]


class _Archive:
    """Finds the files a project refers to inside a .qdpx zip."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = {info.filename: info.filename for info in zf.infolist() if not info.is_dir()}
        self.folded = {name.lower(): name for name in self.names}

    def find(self, path: str | None) -> str | None:
        """Resolve ``internal://x``, ``sources/x`` or a bare file name to a zip member; None if absent."""
        if not path:
            return None
        rel = path[len(_INTERNAL):] if path.lower().startswith(_INTERNAL) else path
        for candidate in (rel, unquote(rel)):
            candidate = candidate.replace("\\", "/").lstrip("/")
            for name in (_SOURCES_DIR + candidate, candidate):
                if name in self.names:
                    return name
                if name.lower() in self.folded:
                    return self.folded[name.lower()]
        return None

    def read(self, name: str) -> bytes:
        return self.zf.read(name)


def _decode_text(data: bytes) -> str:
    """Plain-text sources are UTF-8 by the standard; a BOM is not part of the text (positions skip it)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _read_text_source(el: etree._Element, archive: _Archive, skipped: list[str], name: str | None = None) -> QdaSource:
    guid = el.get("guid", "")
    plain_path = el.get("plainTextPath")
    # A source without a name (QualCoder writes none) is named after its text file.
    name = name or el.get("name") or (plain_path or "").replace("\\", "/").rsplit("/", 1)[-1]
    label = name or guid
    text = ""
    if _child(el, "PlainTextContent") is not None:
        text = _child_text(el, "PlainTextContent")
    elif plain_path:
        member = archive.find(plain_path)
        if member is None:
            skipped.append(f"text of source {label!r}: {plain_path} is not inside the archive")
        else:
            try:
                text = _decode_text(archive.read(member))
            except UnicodeDecodeError:
                skipped.append(f"text of source {label!r}: {member} is not UTF-8")
    rich = None
    rich_member = archive.find(el.get("richTextPath"))
    if rich_member is not None:
        suffix = rich_member[rich_member.rfind("."):] if "." in rich_member.rsplit("/", 1)[-1] else ""
        rich = QdaRichText(suffix=suffix, data=archive.read(rich_member))
    selections = []
    for sel in _children(el, "PlainTextSelection"):
        selections.append(QdaSelection(
            guid=sel.get("guid", ""),
            start=_position(sel, "startPosition"),
            end=_position(sel, "endPosition"),
            name=sel.get("name", ""),
            description=_child_text(sel, "Description"),
            codings=_read_codings(sel),
            user_guid=sel.get("creatingUser"),
            created=_read_dt(sel.get("creationDateTime")),
            note_guids=_refs(sel, "NoteRef"),
        ))
    return QdaSource(
        guid=guid,
        name=name,
        text=text,
        selections=selections,
        variables=_read_values(el),
        description=_child_text(el, "Description"),
        codings=_read_codings(el),
        note_guids=_refs(el, "NoteRef"),
        user_guid=el.get("creatingUser"),
        created=_read_dt(el.get("creationDateTime")),
        modified=_read_dt(el.get("modifiedDateTime")),
        rich_text=rich,
    )


def _read_sources(sources: etree._Element | None, archive: _Archive, skipped: list[str]) -> list[QdaSource]:
    result: list[QdaSource] = []
    if sources is None:
        return result
    for el in sources:
        kind = _local(el)
        label = el.get("name") or el.get("guid", "")
        if kind == "TextSource":
            result.append(_read_text_source(el, archive, skipped))
        elif kind == "PDFSource" and _child(el, "Representation") is not None:
            rep = _child(el, "Representation")
            assert rep is not None
            result.append(_read_text_source(rep, archive, skipped, name=el.get("name") or rep.get("name", "")))
            skipped.append(f"PDFSource {label!r}: imported as its plain-text representation; PDF areas dropped")
        elif kind:
            skipped.append(f"{kind} {label!r}: only text sources are imported")
    return result


def _read_note(el: etree._Element, archive: _Archive, skipped: list[str]) -> QdaNote:
    source = _read_text_source(el, archive, skipped)
    return QdaNote(guid=source.guid, name=source.name, text=source.text,
                   user_guid=source.user_guid, created=source.created)


def read_qdpx(fp: BinaryIO) -> QdaProject:
    """Read a ``.qdpx`` project: codes with hierarchy, users, sources with their text and coded selections,
    cases, variables, notes and links. What cannot be carried is listed in ``QdaProject.skipped``."""
    try:
        zf = zipfile.ZipFile(fp)
    except zipfile.BadZipFile as exc:
        raise QdaFormatError(f"not a .qdpx (zip) file: {exc}") from None
    with zf:
        archive = _Archive(zf)
        qde = next((n for n in archive.names if n.lower() == "project.qde"), None)
        qde = qde or next((n for n in archive.names if n.lower().endswith(".qde") and "/" not in n), None)
        if qde is None:
            raise QdaFormatError("the archive holds no project.qde")
        root = _parse(archive.read(qde), qde)
        if _local(root) != "Project":
            raise QdaFormatError(f"{qde}: root element is {_local(root)!r}, expected 'Project'")
        skipped: list[str] = []
        users = _child(root, "Users")
        variables = _child(root, "Variables")
        cases = _child(root, "Cases")
        notes = _child(root, "Notes")
        links = _child(root, "Links")
        for extra in ("Sets", "Graphs"):
            if _child(root, extra) is not None:
                skipped.append(f"{extra}: not imported")
        return QdaProject(
            name=root.get("name", ""),
            origin=root.get("origin", ""),
            users=[QdaUser(u.get("guid", ""), u.get("name", ""), u.get("id", ""))
                   for u in (_children(users, "User") if users is not None else [])],
            codes=_read_codes(_child(root, "CodeBook")),
            sources=_read_sources(_child(root, "Sources"), archive, skipped),
            cases=[
                QdaCase(
                    guid=c.get("guid", ""),
                    name=c.get("name", ""),
                    description=_child_text(c, "Description"),
                    code_guids=_refs(c, "CodeRef"),
                    variables=_read_values(c),
                    source_guids=_refs(c, "SourceRef"),
                    selection_guids=_refs(c, "SelectionRef"),
                )
                for c in (_children(cases, "Case") if cases is not None else [])
            ],
            links=[
                QdaLink(
                    guid=k.get("guid", ""),
                    name=k.get("name", ""),
                    origin_guid=k.get("originGUID", ""),
                    target_guid=k.get("targetGUID", ""),
                    direction=_enum(LinkDirection, k.get("direction"), LinkDirection.ASSOCIATIVE),
                    color=k.get("color"),
                    note_guids=_refs(k, "NoteRef"),
                )
                for k in (_children(links, "Link") if links is not None else [])
            ],
            variables=[
                QdaVariable(
                    guid=v.get("guid", ""),
                    name=v.get("name", ""),
                    type=_enum(VariableType, v.get("typeOfVariable"), VariableType.TEXT),
                    description=_child_text(v, "Description"),
                )
                for v in (_children(variables, "Variable") if variables is not None else [])
            ],
            notes=[_read_note(n, archive, skipped) for n in (_children(notes, "Note") if notes is not None else [])],
            note_guids=_refs(root, "NoteRef"),
            description=_child_text(root, "Description"),
            creating_user_guid=root.get("creatingUserGUID"),
            created=_read_dt(root.get("creationDateTime")),
            modified=_read_dt(root.get("modifiedDateTime")),
            skipped=skipped,
        )


def read_qdc(fp: BinaryIO) -> QdaCodebook:
    """Read a ``.qdc`` codebook (or the CodeBook of a project.qde) with its code hierarchy."""
    root = _parse(fp.read(), "codebook")
    if _local(root) == "Project":
        return QdaCodebook(codes=_read_codes(_child(root, "CodeBook")), origin=root.get("origin", ""))
    if _local(root) != "CodeBook":
        raise QdaFormatError(f"root element is {_local(root)!r}, expected 'CodeBook'")
    return QdaCodebook(codes=_read_codes(root), origin=root.get("origin", ""))

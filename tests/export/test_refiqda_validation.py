"""Every export validates against the official QDA-XML schemas; broken projects are refused before writing."""

import io
import zipfile

import pytest
from lxml import etree

from fieldnotes.export.refiqda import (
    QdaCode,
    QdaCodebook,
    QdaCoding,
    QdaProject,
    QdaSelection,
    QdaSource,
    QdaValidationError,
    codebook_xml,
    new_guid,
    project_xml,
    validate_codebook_xml,
    validate_project_xml,
    write_qdc,
    write_qdpx,
)


def _small() -> QdaProject:
    code = QdaCode(new_guid(), "werkdruk")
    text = "Drukte bij het KCC 😊\r\n"
    sel = QdaSelection(new_guid(), 0, 6, codings=[QdaCoding(new_guid(), code.guid)])
    return QdaProject("p", codes=[code], sources=[QdaSource(new_guid(), "n", text, selections=[sel])])


def test_refiqda_validation_project_export_is_schema_valid():
    xml = project_xml(_small())
    validate_project_xml(xml)
    root = etree.fromstring(xml)
    assert root.tag == "{urn:QDA-XML:project:1.0}Project"


def test_refiqda_validation_written_qdpx_contains_valid_qde():
    buf = io.BytesIO()
    write_qdpx(_small(), buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        validate_project_xml(zf.read("project.qde"))


def test_refiqda_validation_empty_project_is_valid():
    validate_project_xml(project_xml(QdaProject("leeg")))


def test_refiqda_validation_rejects_invalid_documents():
    with pytest.raises(QdaValidationError, match="isCodable"):
        validate_project_xml(
            b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes>'
            b'<Code guid="00000000-0000-0000-0000-000000000001" name="c"/></Codes></CodeBook></Project>'
        )
    with pytest.raises(QdaValidationError):
        validate_codebook_xml(b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>')
    with pytest.raises(QdaValidationError, match="well-formed"):
        validate_project_xml(b"<Project")


def test_refiqda_validation_bad_values_are_refused_before_writing():
    project = _small()
    project.codes[0].color = "red"  # not an RGBType
    buf = io.BytesIO()
    with pytest.raises(QdaValidationError, match="color"):
        write_qdpx(project, buf)
    assert buf.getvalue() == b""


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda p: setattr(p.sources[0].selections[0].codings[0], "code_guid", new_guid()), "unknown code"),
        (lambda p: setattr(p.sources[0].selections[0], "end", 99), "outside the text"),
        (lambda p: setattr(p.sources[0].selections[0], "start", 7), "outside the text"),
        (lambda p: setattr(p.sources[0], "guid", p.codes[0].guid), "duplicate GUID"),
        (lambda p: p.sources[0].note_guids.append(new_guid()), "unknown note"),
    ],
)
def test_refiqda_validation_reference_problems_are_refused(breakage, message):
    project = _small()
    breakage(project)
    with pytest.raises(QdaValidationError, match=message):
        project_xml(project)


def test_refiqda_validation_codebook_export_is_schema_valid():
    child = QdaCode(new_guid(), "kind", color="#00ff00")
    book = QdaCodebook([QdaCode(new_guid(), "ouder", description="d", children=[child], codable=False)], "fieldnotes")
    buf = io.BytesIO()
    write_qdc(book, buf)
    validate_codebook_xml(buf.getvalue())
    assert etree.fromstring(buf.getvalue()).tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    with pytest.raises(QdaValidationError):
        codebook_xml(QdaCodebook([]))


def test_refiqda_validation_schemas_keep_licence_header():
    from importlib import resources

    for name in ("Project.xsd", "Codebook.xsd"):
        text = resources.files("fieldnotes.export").joinpath("schemas", name).read_text("utf-8")
        assert 'targetNamespace="urn:QDA-XML:' in text
    project_xsd = resources.files("fieldnotes.export").joinpath("schemas", "Project.xsd").read_text("utf-8")
    assert "MIT license" in project_xsd

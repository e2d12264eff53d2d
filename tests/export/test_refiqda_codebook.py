"""Codebooks (.qdc) keep the code hierarchy, colours and descriptions through write_qdc -> read_qdc."""

import io
from pathlib import Path

import pytest

from fieldnotes.export.refiqda import QdaCode, QdaCodebook, QdaFormatError, iter_codes, read_qdc, read_qdpx, write_qdc

SHARED = (Path(__file__).parents[2] / "../shared/refi-qda").resolve()


def _tree(codes) -> list:
    return [(c.guid, c.name, c.color, c.description, c.codable, _tree(c.children)) for c in codes]


def _book() -> QdaCodebook:
    leaf = QdaCode("11111111-1111-4111-8111-111111111111", "wachttijd <lang>", color="#A0B")
    mid = QdaCode("22222222-2222-4222-8222-222222222222", "klantcontact & service", children=[leaf],
                  description="Alles over\r\nklantcontact")
    root = QdaCode("33333333-3333-4333-8333-333333333333", "Werkdruk 😮", codable=False, children=[mid])
    other = QdaCode("44444444-4444-4444-8444-444444444444", "Café-overleg")
    return QdaCodebook([root, other], origin="fieldnotes")


def test_refiqda_codebook_roundtrip_keeps_hierarchy():
    buf = io.BytesIO()
    write_qdc(_book(), buf)
    buf.seek(0)
    again = read_qdc(buf)
    assert _tree(again.codes) == _tree(_book().codes)
    assert again.origin == "fieldnotes"
    assert [c.name for c in iter_codes(again.codes)] == [
        "Werkdruk 😮", "klantcontact & service", "wachttijd <lang>", "Café-overleg"]


def test_refiqda_codebook_of_real_project_keeps_all_262_codes():
    path = SHARED / "nvivo_project.qdpx"
    if not path.exists():
        pytest.skip(f"reference export {path} is not available")
    with path.open("rb") as fp:
        project = read_qdpx(fp)
    buf = io.BytesIO()
    write_qdc(project.codebook, buf)
    buf.seek(0)
    again = read_qdc(buf)
    assert len(list(iter_codes(again.codes))) == 262
    assert _tree(again.codes) == _tree(project.codes)
    depth = lambda c: 1 + max((depth(k) for k in c.children), default=0)  # noqa: E731
    assert max(depth(c) for c in again.codes) == 7


def test_refiqda_codebook_reads_codebook_of_project_document():
    qde = (b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes>'
           b'<Code guid="00000000-0000-0000-0000-000000000001" name="a" isCodable="true">'
           b'<Code guid="00000000-0000-0000-0000-000000000002" name="b" isCodable="true"/></Code>'
           b'</Codes></CodeBook></Project>')
    book = read_qdc(io.BytesIO(qde))
    assert [(c.name, [k.name for k in c.children]) for c in book.codes] == [("a", ["b"])]


def test_refiqda_codebook_rejects_other_documents():
    with pytest.raises(QdaFormatError):
        read_qdc(io.BytesIO(b"<html/>"))
    with pytest.raises(QdaFormatError):
        read_qdc(io.BytesIO(b"not xml"))

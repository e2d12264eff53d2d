"""Import of the two real REFI-QDA exports (NVivo, QualCoder) and of a hand-written project in another style."""

import io
import zipfile
from pathlib import Path

import pytest

from fieldnotes.export.refiqda import (
    QdaProject,
    check_project,
    iter_codes,
    project_xml,
    read_qdpx,
    validate_project_xml,
    write_qdpx,
)

SHARED = (Path(__file__).parents[2] / "../shared/refi-qda").resolve()
DATA = Path(__file__).parents[1] / "data" / "refiqda"


def _load(name: str) -> QdaProject:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"reference export {path} is not available (REFI-QDA fixtures live outside the repository)")
    with path.open("rb") as fp:
        return read_qdpx(fp)


def _reexport(project: QdaProject) -> QdaProject:
    buf = io.BytesIO()
    write_qdpx(project, buf)
    buf.seek(0)
    return read_qdpx(buf)


def _coded(project: QdaProject) -> list[tuple]:
    return sorted(
        (src.guid, sel.guid, sel.start, sel.end, c.guid, c.code_guid, c.user_guid)
        for src in project.sources for sel in src.selections for c in sel.codings
    )


def _tree(codes) -> list:
    return [(c.guid, c.name, c.codable, _tree(c.children)) for c in codes]


def test_refiqda_import_nvivo_codes_and_sources():
    project = _load("nvivo_project.qdpx")
    assert project.origin == "NVivo for Mac 15.0.0"
    assert len(list(iter_codes(project.codes))) == 262
    assert len(project.users) == 2
    assert [len(s.text) for s in project.sources] == [1, 1]
    assert all(s.text == "\n" for s in project.sources)  # NVivo's plain-text twin of an empty docx
    assert all(s.rich_text is not None and s.rich_text.suffix == ".docx" for s in project.sources)
    assert all(s.rich_text.data.startswith(b"PK") for s in project.sources)
    assert _coded(project) == []
    assert project.skipped == []
    assert check_project(project) == []


def test_refiqda_import_nvivo_hierarchy():
    project = _load("nvivo_project.qdpx")
    by_name = {c.name: c for c in iter_codes(project.codes)}
    assert [c.name for c in by_name["competencies"].children] == ["programming"]
    assert by_name["competencies"] in by_name["rq1_definition"].children
    restructuring = by_name["restructuring_high_school"]
    assert [c.name for c in restructuring.children] == ["restructure_curriculum"]


def test_refiqda_import_qc_selections():
    project = _load("qc_demo_project.qdpx")
    assert project.origin == "qc 1.3.2"
    assert len(list(iter_codes(project.codes))) == 262
    board, admin = project.sources
    assert (board.name, len(board.text)) == ("board_2017.txt", 52543)
    assert (admin.name, len(admin.text)) == ("admin-1.txt", 31906)
    assert len(board.selections) == 158
    assert sum(len(s.codings) for s in board.selections) == 205
    assert all(c.user_guid == project.users[0].guid for s in board.selections for c in s.codings)
    code_guids = {c.guid for c in iter_codes(project.codes)}
    assert all(c.code_guid in code_guids for s in board.selections for c in s.codings)
    # QualCoder names each selection "line:N" (zero-based line): every one must start on that line's first character.
    line_starts = [0] + [i + 1 for i, ch in enumerate(board.text) if ch == "\n"]
    for sel in board.selections:
        assert sel.start == line_starts[int(sel.name.split(":")[1])], sel.name
    first = board.selections[0]
    assert (first.start, first.end) == (320, 400)
    assert board.selection_text(first).startswith("This district goal is engage every student")


@pytest.mark.parametrize("name", ["nvivo_project.qdpx", "qc_demo_project.qdpx"])
def test_refiqda_import_reexport_keeps_everything(name):
    project = _load(name)
    validate_project_xml(project_xml(project))
    again = _reexport(project)
    assert _tree(again.codes) == _tree(project.codes)
    assert len(list(iter_codes(again.codes))) == 262
    assert _coded(again) == _coded(project)
    assert [s.text for s in again.sources] == [s.text for s in project.sources]
    assert [s.rich_text for s in again.sources] == [s.rich_text for s in project.sources]
    assert again == project


def test_refiqda_import_foreign_style_project():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.write(DATA / "handmade_project.qde", "project.qde")
        zf.write(DATA / "interview kcc.txt", "sources/interview kcc.txt")
    buf.seek(0)
    project = read_qdpx(buf)
    source = project.sources[0]
    assert source.text == "Hallo \N{WAVING HAND SIGN} drukte\r\nné\n"  # BOM dropped, CRLF kept
    selection = source.selections[0]
    assert source.selection_text(selection) == "drukte"  # code points: the emoji counts once
    assert selection.codings[0].code_guid == "{C0000000-0000-4000-8000-000000000002}"
    assert selection.codings[0].created is not None
    assert [v.value for v in source.variables] == ["KCC", 3]
    root = project.codes[0]
    assert (root.name, root.codable, root.color, root.description) == ("Werkdruk", False, "#F00", "Alles over werkdruk")
    assert [c.name for c in root.children] == ["Piekbelasting"]
    assert project.notes[0].text == "Eerste indruk: druk & chaotisch"
    assert any("PictureSource" in s for s in project.skipped)
    assert any("Sets" in s for s in project.skipped)
    assert _reexport(project).sources[0].text == source.text


def test_refiqda_import_rejects_non_projects():
    from fieldnotes.export.refiqda import QdaFormatError

    with pytest.raises(QdaFormatError, match="zip"):
        read_qdpx(io.BytesIO(b"not a zip"))
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("readme.txt", "x")
    empty.seek(0)
    with pytest.raises(QdaFormatError, match="project.qde"):
        read_qdpx(empty)


def test_refiqda_import_does_not_expand_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    qde = (f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
           '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Description>a&x;b</Description></Project>').encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("project.qde", qde)
    buf.seek(0)
    assert "TOPSECRET" not in read_qdpx(buf).description


def test_refiqda_import_pdf_representation_and_missing_text():
    qde = b"""<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>
      <PDFSource guid="00000000-0000-4000-8000-000000000001" name="rapport.pdf" path="internal://r.pdf">
        <Representation guid="00000000-0000-4000-8000-000000000002">
          <PlainTextContent>Pagina een&#13;\nPagina twee</PlainTextContent>
          <PlainTextSelection guid="00000000-0000-4000-8000-000000000003" startPosition="12" endPosition="23"/>
        </Representation>
      </PDFSource>
      <TextSource guid="00000000-0000-4000-8000-000000000004" name="weg" plainTextPath="internal://weg.txt"/>
    </Sources></Project>"""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("project.qde", qde)
    buf.seek(0)
    project = read_qdpx(buf)
    pdf, missing = project.sources
    assert pdf.name == "rapport.pdf"
    assert pdf.selection_text(pdf.selections[0]) == "Pagina twee"
    assert missing.text == ""
    assert any("weg.txt" in s and "not inside" in s for s in project.skipped)
    assert any("PDFSource" in s for s in project.skipped)

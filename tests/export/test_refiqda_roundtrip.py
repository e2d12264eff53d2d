"""write_qdpx -> read_qdpx keeps sources, codes, codings, positions, cases, links, variables and notes."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

from fieldnotes.export.refiqda import (
    LinkDirection,
    QdaCase,
    QdaCode,
    QdaCoding,
    QdaLink,
    QdaNote,
    QdaProject,
    QdaSelection,
    QdaSource,
    QdaUser,
    QdaVariable,
    QdaVariableValue,
    VariableType,
    new_guid,
    read_qdpx,
    write_qdpx,
)

TEXTS = [
    "Gesprek met het KCC 😊 over wachttijden.\r\nDe teamleider zei:\t\"<b>html</b> & zo\".\r\nCafé, één, reünie, ĳs.\r\n",
    "Belastingen 👩‍💻👍🏽 vond het \u200b verrassend: de IT-afdeling reageerde binnen één dag!\n\tEinde.",
]
WHEN = dt.datetime(2024, 5, 17, 9, 30, tzinfo=dt.timezone.utc)


def _select(source: QdaSource, phrase: str, code: QdaCode, user: QdaUser) -> QdaSelection:
    start = source.text.index(phrase)
    selection = QdaSelection(new_guid(), start, start + len(phrase), name=phrase[:20], user_guid=user.guid,
                             created=WHEN, codings=[QdaCoding(new_guid(), code.guid, user.guid, WHEN)])
    source.selections.append(selection)
    return selection


def _project() -> QdaProject:
    anna, bram = QdaUser(new_guid(), "Anna", "AV"), QdaUser(new_guid(), "Bram")
    wachten = QdaCode(new_guid(), "wachttijd", color="#1f77b4")
    werkdruk = QdaCode(new_guid(), "werkdruk", description="Druk <en> stress", children=[wachten], codable=False)
    verrassing = QdaCode(new_guid(), "verrassing 😮")
    v_dept = QdaVariable(new_guid(), "department", VariableType.TEXT)
    v_date = QdaVariable(new_guid(), "date", VariableType.DATE)
    v_flag = QdaVariable(new_guid(), "pseudonymised", VariableType.BOOLEAN)
    v_count = QdaVariable(new_guid(), "passages", VariableType.INTEGER)
    v_score = QdaVariable(new_guid(), "score", VariableType.FLOAT, description="cue score")
    v_at = QdaVariable(new_guid(), "created", VariableType.DATETIME)
    memo = QdaNote(new_guid(), "Memo KCC", "Let op:\r\n<i>toon</i> & sfeer 🙂", anna.guid, WHEN)
    kcc = QdaSource(new_guid(), "Note 1 — KCC", TEXTS[0], user_guid=anna.guid, created=WHEN, note_guids=[memo.guid],
                    description="observation\r\nline two",
                    variables=[QdaVariableValue(v_dept.guid, "KCC"), QdaVariableValue(v_date.guid, dt.date(2024, 5, 1)),
                               QdaVariableValue(v_flag.guid, True), QdaVariableValue(v_count.guid, 2),
                               QdaVariableValue(v_score.guid, 0.125),
                               QdaVariableValue(v_at.guid, dt.datetime(2024, 5, 1, 8, 0, 5))])
    bel = QdaSource(new_guid(), "Note 2", TEXTS[1], variables=[QdaVariableValue(v_dept.guid, "Belastingen")])
    s1 = _select(kcc, "KCC 😊 over wachttijden", wachten, anna)
    s1.codings.append(QdaCoding(new_guid(), werkdruk.guid, bram.guid))
    s1.note_guids.append(memo.guid)
    _select(kcc, "\t\"<b>html</b> & zo\".\r\nCafé, één", werkdruk, bram)
    s3 = _select(bel, "👩‍💻👍🏽 vond het \u200b verrassend", verrassing, anna)
    _select(bel, "één dag!\n\tEinde.", wachten, bram)
    bel.codings.append(QdaCoding(new_guid(), verrassing.guid, anna.guid))
    case_kcc = QdaCase(new_guid(), "KCC", source_guids=[kcc.guid], selection_guids=[s1.guid],
                       variables=[QdaVariableValue(v_count.guid, 1)])
    case_it = QdaCase(new_guid(), "IT", description="IT-afdeling", code_guids=[verrassing.guid])
    surprise = QdaLink(new_guid(), "surprised by", s3.guid, case_it.guid, LinkDirection.ONE_WAY, note_guids=[memo.guid])
    between = QdaLink(new_guid(), "mentions", case_kcc.guid, case_it.guid, LinkDirection.ASSOCIATIVE, color="#ABC")
    return QdaProject(
        name="Gemeente — veldnotities", users=[anna, bram], codes=[werkdruk, verrassing], sources=[kcc, bel],
        cases=[case_kcc, case_it], links=[surprise, between],
        variables=[v_dept, v_date, v_flag, v_count, v_score, v_at], notes=[memo], note_guids=[memo.guid],
        description="Export <test>", creating_user_guid=anna.guid, created=WHEN, modified=WHEN,
    )


def _roundtrip(project: QdaProject) -> tuple[QdaProject, bytes]:
    buf = io.BytesIO()
    write_qdpx(project, buf)
    data = buf.getvalue()
    return read_qdpx(io.BytesIO(data)), data


def test_refiqda_roundtrip_whole_project_equal():
    project = _project()
    again, _ = _roundtrip(project)
    assert again.sources == project.sources
    assert again.codes == project.codes
    assert again.cases == project.cases
    assert again.links == project.links
    assert again.notes == project.notes
    assert again.variables == project.variables
    assert again.users == project.users
    assert again == project


def test_refiqda_roundtrip_positions_select_same_text():
    project = _project()
    again, _ = _roundtrip(project)
    for before, after in zip(project.sources, again.sources):
        assert after.text == before.text
        for sel_before, sel_after in zip(before.selections, after.selections):
            assert (sel_after.start, sel_after.end) == (sel_before.start, sel_before.end)
            assert after.selection_text(sel_after) == before.selection_text(sel_before)
    assert again.sources[0].selection_text(again.sources[0].selections[1]).endswith("\r\nCafé, één")


def test_refiqda_roundtrip_sources_are_utf8_files_in_the_zip():
    project = _project()
    _, data = _roundtrip(project)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        assert names == {"project.qde"} | {f"sources/{s.guid}.txt" for s in project.sources}
        for source in project.sources:
            raw = zf.read(f"sources/{source.guid}.txt")
            assert raw == source.text.encode("utf-8")  # no BOM, CRLF untouched
        qde = zf.read("project.qde").decode("utf-8")
    assert f'plainTextPath="internal://{project.sources[0].guid}.txt"' in qde
    assert "<b>html</b>" not in qde  # text lives in the source files, not in the XML


def test_refiqda_roundtrip_typed_variable_values():
    again, _ = _roundtrip(_project())
    values = [v.value for v in again.sources[0].variables]
    assert values == ["KCC", dt.date(2024, 5, 1), True, 2, 0.125, dt.datetime(2024, 5, 1, 8, 0, 5)]
    assert [type(v) for v in values] == [str, dt.date, bool, int, float, dt.datetime]


def test_refiqda_roundtrip_decimal_and_large_float_written_as_xsd_decimal():
    project = _project()
    project.sources[0].variables[4].value = 1e20
    project.sources[1].variables.append(QdaVariableValue(project.variables[4].guid, Decimal("3.50")))
    again, _ = _roundtrip(project)
    assert again.sources[0].variables[4].value == 1e20
    assert again.sources[1].variables[1].value == 3.5

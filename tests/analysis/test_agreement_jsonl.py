"""JSONL coding records: parsed into CodingRecords; errors name the line."""

import pytest

from fieldnotes.analysis.agreement import AgreementInputError, CodingRecord, agreement_by_theme, parse_jsonl


def test_agreement_jsonl_parses_records_and_skips_blank_lines():
    lines = [
        '{"unit": "n1:p0", "coder": "anna", "themes": ["werkdruk", "ict"]}\n',
        "\n",
        '{"unit": "n1:p0", "coder": "bram", "themes": [], "note": "extra keys are ignored"}\n',
    ]
    records = parse_jsonl(lines)
    assert records == [CodingRecord("n1:p0", "anna", frozenset({"werkdruk", "ict"})),
                       CodingRecord("n1:p0", "bram", frozenset())]
    assert agreement_by_theme(records)["ict"].percent_agreement == 0.0


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ("[1, 2]", "line 2: expected a JSON object"),
        ('{"coder": "a", "themes": []}', "line 2: 'unit' must be a non-empty string"),
        ('{"unit": 5, "coder": "a", "themes": []}', "line 2: 'unit' must be a non-empty string"),
        ('{"unit": "u", "coder": "", "themes": []}', "line 2: 'coder' must be a non-empty string"),
        ('{"unit": "u", "coder": "a", "themes": "ict"}', "line 2: 'themes' must be a list of strings"),
        ('{"unit": "u", "coder": "a", "themes": [1]}', "line 2: 'themes' must be a list of strings"),
        ('{"unit": "u", "coder": "a"}', "line 2: 'themes' must be a list of strings"),
        ('{"unit": "u0", "coder": "a", "themes": []}', "line 2: unit 'u0' was already coded by 'a' on line 1"),
    ],
)
def test_agreement_jsonl_errors_name_the_line(bad, message):
    lines = ['{"unit": "u0", "coder": "a", "themes": ["x"]}', bad]
    with pytest.raises(AgreementInputError) as info:
        parse_jsonl(lines)
    assert str(info.value).startswith(message)

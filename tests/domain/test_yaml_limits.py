"""Issue 15 item 7: hostile YAML gives file:line errors fast, never a traceback or a
memory blow-up."""

from __future__ import annotations

import pytest

from interviewkit.domain.bank import load_bank
from interviewkit.domain.problems import ContentError
from interviewkit.domain.yaml_source import MAX_SOURCE_BYTES, parse_yaml, read_source

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def problem_of(text: str, file: str = "bank/bad.yaml"):
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, file)
    [problem] = caught.value.problems
    return problem


def test_a_billion_laughs_is_refused_with_the_line():
    problem = problem_of(BILLION_LAUGHS)
    assert problem.file == "bank/bad.yaml" and problem.line > 1
    assert "alias" in problem.message


def test_a_few_aliases_expanding_hugely_hit_the_value_limit():
    # Under the alias count, but 8 ** 7 values once expanded.
    levels = ['a0: &a0 ["x","x","x","x","x","x","x","x"]']
    for n in range(1, 7):
        levels.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 8) + "]")
    problem = problem_of("\n".join(levels) + "\n")
    assert "more than" in problem.message and "values" in problem.message


def test_a_recursive_alias_is_a_file_line_error():
    problem = problem_of("questions: &q\n  - id: x\n    more: *q\n")
    assert "recursive alias" in problem.message and problem.line >= 1


def test_deep_nesting_is_refused_before_building():
    problem = problem_of("x: " + "[" * 500 + "]" * 500 + "\n")
    assert "nested more than" in problem.message and problem.line == 1


def test_a_non_utf8_file_names_its_line(tmp_path):
    (tmp_path / "screen.yaml").write_bytes(b"questions:\n  - id: caf\xe9\n")
    with pytest.raises(ContentError) as caught:
        load_bank(tmp_path)
    [problem] = caught.value.problems
    assert problem.line == 2 and "UTF-8" in problem.message
    assert str(problem).startswith(f"{tmp_path / 'screen.yaml'}:2:") or ":2:" in str(problem)


def test_an_oversized_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "huge.yaml"
    big.write_bytes(b"# " + b"x" * MAX_SOURCE_BYTES + b"\n")
    with pytest.raises(ContentError, match="limit"):
        read_source(big)


def test_a_reparsed_document_is_equal_but_never_shared():
    """Parsed documents are cached by file and text: a caller changing its copy must not
    change what the next reader of the same file gets."""
    text = "id: a\nlanes: [applied, llm]\nbar:\n  senior: owns a launch\n"
    first = parse_yaml(text, "bank/a.yaml")
    first.data["lanes"].append("research")
    first.data["bar"]["senior"] = "changed"
    first.lines[("id",)] = 99
    second = parse_yaml(text, "bank/a.yaml")
    assert second.data == {"id": "a", "lanes": ["applied", "llm"],
                           "bar": {"senior": "owns a launch"}}
    assert second.line_of(("id",)) == 1
    assert parse_yaml(text, "bank/b.yaml").file == "bank/b.yaml"


def test_a_cached_parse_still_reports_errors_for_each_file():
    with pytest.raises(ContentError) as first:
        parse_yaml("a: [1, 2\n", "one.yaml")
    with pytest.raises(ContentError) as second:
        parse_yaml("a: [1, 2\n", "two.yaml")
    assert first.value.problems[0].file == "one.yaml"
    assert second.value.problems[0].file == "two.yaml"

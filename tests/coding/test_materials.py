"""pack.yaml is read strictly: every mistake is named with its file, line and field."""

from __future__ import annotations

import pytest

from interviewkit.coding import load_materials
from interviewkit.coding.materials import parse_spec, promised_files
from interviewkit.domain.problems import ContentError
from tests.coding.fixture import tiny_problem, write


def problems_of(text: str, folder: str = "coding-x") -> list[str]:
    with pytest.raises(ContentError) as caught:
        parse_spec(text, "coding-x/pack.yaml", folder)
    return [str(p) for p in caught.value.problems]


GOOD = ("question: coding-x\nkind: main\nai_policy: allowed\nminutes: 40\n"
        "reading_minutes: 5\nvisible_tests: fail\nstarter_fails_hidden: true\n")


def test_a_valid_pack_yaml_parses():
    spec = parse_spec(GOOD, "coding-x/pack.yaml", "coding-x")
    assert (spec.kind, spec.ai_policy, spec.minutes, spec.visible_tests) == (
        "main", "allowed", 40, "fail")
    assert spec.starter_fails_hidden is True and spec.take_home is None
    assert spec.ai_policy_name == "Allowed"


def test_wrong_values_are_named_with_file_line_and_field():
    text = GOOD.replace("ai_policy: allowed", "ai_policy: sometimes").replace(
        "minutes: 40\n", "minutes: forty\n", 1)
    found = problems_of(text)
    assert "coding-x/pack.yaml:3: ai_policy: expected one of allowed, narrated, not_allowed, " \
           "got 'sometimes'" in found
    assert any(p.startswith("coding-x/pack.yaml:4: minutes: expected a whole number")
               for p in found)


def test_question_must_match_the_folder_and_unknown_fields_are_refused():
    found = problems_of(GOOD + "colour: blue\n", folder="coding-y")
    assert any("question: is 'coding-x' but the folder is named 'coding-y'" in p for p in found)
    assert any(p.startswith("coding-x/pack.yaml:8: colour: unknown field") for p in found)


def test_main_problem_needs_its_test_outcomes_and_reading_fits_the_time():
    text = ("question: coding-x\nkind: main\nai_policy: narrated\nminutes: 10\n"
            "reading_minutes: 12\n")
    found = problems_of(text)
    assert any("visible_tests: required for a main problem" in p for p in found)
    assert any("starter_fails_hidden: required" in p for p in found)
    assert any("reading_minutes: is 12 but the whole problem is 10 minutes" in p for p in found)


def test_take_home_needs_minutes_and_a_readme_name():
    found = problems_of(GOOD + "take_home: {minutes: 180}\n")
    assert any("take_home: readme: expected a file name" in p for p in found)
    spec = parse_spec(GOOD + "take_home: {minutes: 180, readme: TAKE_HOME.md}\n", "f", "coding-x")
    assert spec.take_home.minutes == 180 and spec.take_home.readme == "TAKE_HOME.md"


def test_builds_on_is_for_extensions_only():
    found = problems_of(GOOD + "builds_on: coding-z\n")
    assert any("builds_on: only an extension builds on a main problem" in p for p in found)


def test_missing_pack_yaml_and_bad_yaml_are_errors(tmp_path):
    with pytest.raises(ContentError, match="pack.yaml is missing"):
        load_materials(tmp_path / "coding-none")
    write(tmp_path / "coding-bad" / "pack.yaml", "question: [unclosed\n")
    with pytest.raises(ContentError, match="invalid YAML"):
        load_materials(tmp_path / "coding-bad")


def test_materials_list_candidate_files_without_caches(tmp_path):
    folder = tiny_problem(tmp_path)
    write(folder / "candidate" / "__pycache__" / "stats.cpython-311.pyc", "x")
    files = {p.as_posix() for p in load_materials(folder).candidate_files()}
    assert files == {"README.md", "stats.py", "data/readings.csv", "tests/test_stats.py"}


def test_promised_files_are_the_backticked_file_names_of_a_prompt():
    prompt = "You get `churn_model.joblib` and `sample_requests.json`; call `get(name)` twice."
    assert promised_files(prompt) == ["churn_model.joblib", "sample_requests.json"]

"""`coding check` runs a problem as the spec says and names the question and failing step."""

from __future__ import annotations

from click.testing import CliRunner

from interviewkit.cli_coding import coding
from interviewkit.coding import check_all, check_problem, find_materials, load_materials
from tests.coding.fixture import BROKEN_SOLUTION, STARTER, question, tiny_problem, write


def check(folder, prompt="Compute the mean of `readings.csv`."):
    materials = load_materials(folder)
    return check_problem(materials, question(folder.name, prompt),
                         {materials.question: materials})


def test_a_complete_problem_passes_all_four_steps(tmp_path):
    result = check(tiny_problem(tmp_path))
    assert result.passed, result.headline() + "\n" + result.detail


def test_a_broken_reference_solution_fails_step_four(tmp_path):
    result = check(tiny_problem(tmp_path, solution=BROKEN_SOLUTION))
    assert not result.passed
    assert result.step == "step 4 (reference solution with all tests)"
    assert "coding-tiny-mean" in result.headline() and "step 4" in result.headline()
    assert "failed" in result.detail  # pytest's own words, for whoever fixes it


def test_visible_outcome_must_match_pack_yaml(tmp_path):
    result = check(tiny_problem(tmp_path, visible="fail"))
    assert (result.passed, result.step) == (False, "step 2 (visible tests on the starter)")
    assert "says the visible tests fail on the starter; they ended: pass" in result.message


def test_a_write_the_tests_problem_ships_an_empty_tests_folder_and_says_they_fail(tmp_path):
    folder = tiny_problem(tmp_path, visible="fail")
    (folder / "candidate" / "tests" / "test_stats.py").unlink()
    write(folder / "candidate" / "tests" / "conftest.py", "")
    write(folder / "interviewer" / "solution" / "tests" / "test_stats.py",
          "from stats import mean\n\n\ndef test_mean():\n    assert mean([1, None, 3]) == 2\n")
    result = check(folder)
    assert result.passed, result.headline() + "\n" + result.detail
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text().replace("visible_tests: fail", "visible_tests: pass"))
    result = check(folder)
    assert (result.passed, result.step) == (False, "step 1 (materials)")
    assert "must say visible_tests: fail" in result.message


def test_a_starter_that_already_passes_the_hidden_tests_fails_step_three(tmp_path):
    folder = tiny_problem(tmp_path)
    write(folder / "candidate" / "stats.py", (folder / "interviewer/solution/stats.py").read_text())
    result = check(folder)
    assert (result.passed, result.step) == (False, "step 3 (hidden tests on the starter)")


def test_a_file_the_prompt_promises_must_be_named_and_shipped(tmp_path):
    result = check(tiny_problem(tmp_path), prompt="Load `model.pkl` and score it.")
    assert result.step == "step 1 (materials)"
    assert "promises `model.pkl` but candidate/README.md never names it" in result.message
    folder = tiny_problem(tmp_path / "b")
    readme = folder / "candidate" / "README.md"
    readme.write_text(readme.read_text() + "\nThe model is `model.pkl`.\n")
    result = check(folder, prompt="Load `model.pkl` and score it.")
    assert result.step == "step 1 (materials)" and "does not ship it" in result.message


def test_missing_answer_key_and_missing_policy_are_step_one(tmp_path):
    folder = tiny_problem(tmp_path)
    (folder / "interviewer" / "ANSWER_KEY.md").unlink()
    assert check(folder).message == "interviewer/ANSWER_KEY.md is missing"
    folder = tiny_problem(tmp_path / "b")
    write(folder / "candidate" / "README.md", "Fix `readings.csv` handling in stats.py.\n")
    assert "does not state the AI-assistant policy" in check(folder).message


def test_a_hanging_test_is_stopped_at_the_timeout(tmp_path):
    folder = tiny_problem(tmp_path)
    write(folder / "candidate" / "stats.py", "import time\ntime.sleep(30)\n" + STARTER)
    materials = load_materials(folder)
    result = check_problem(materials, question(), {materials.question: materials}, timeout=3)
    assert result.step == "step 2 (visible tests on the starter)"
    assert "ended: timeout" in result.message


def test_check_all_reports_questions_without_materials(tmp_path):
    tiny_problem(tmp_path)
    bank = {"coding-tiny-mean": question(), "coding-absent": question("coding-absent")}
    results = {r.question: r for r in check_all(bank, find_materials(tmp_path))}
    assert results["coding-tiny-mean"].passed
    assert results["coding-absent"].message == \
        "no materials folder question_bank/coding/coding-absent/"


BANK = """\
questions:
  - id: coding-tiny-mean
    title: Mean of readings that may be missing
    prompt: Compute the mean of `readings.csv`, skipping missing readings.
    round: coding
    concept: tiny-mean
    lanes: [applied]
    levels: [mid]
    signals: [code_quality, testing]
    minutes: 30
    strong_answer: Skips missing values and says what an empty input returns.
    weak_answer: Crashes on the first missing reading.
  - id: coding-tiny-absent
    title: A problem nobody wrote materials for
    prompt: Nothing ships for this one yet.
    round: coding
    concept: tiny-absent
    lanes: [applied]
    levels: [mid]
    signals: [code_quality, testing]
    minutes: 30
    strong_answer: Not applicable here at all.
    weak_answer: Not applicable here either.
"""


def test_cli_check_exits_non_zero_naming_question_and_step(tmp_path):
    write(tmp_path / "bank" / "coding.yaml", BANK)
    tiny_problem(tmp_path / "bank" / "coding", solution=BROKEN_SOLUTION)
    result = CliRunner().invoke(coding, ["check", "--bank", str(tmp_path / "bank")])
    assert result.exit_code == 1
    assert ("FAIL  coding-tiny-mean: step 4 (reference solution with all tests)"
            in result.output)
    assert "FAIL  coding-tiny-absent: step 1 (materials): no materials folder" in result.output
    assert result.output.strip().splitlines()[-1] == (
        "coding check: 2 checked, 0 passed, 2 failed (1 without materials)")


def test_cli_check_of_one_good_question_passes_and_pack_writes_a_zip(tmp_path):
    write(tmp_path / "bank" / "coding.yaml", BANK)
    tiny_problem(tmp_path / "bank" / "coding")
    runner = CliRunner()
    result = runner.invoke(coding, ["check", "coding-tiny-mean", "--bank", str(tmp_path / "bank")])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "coding check: 1 checked, 1 passed"
    out = tmp_path / "pack.zip"
    result = runner.invoke(coding, ["pack", "coding-tiny-mean", "--out", str(out),
                                    "--bank", str(tmp_path / "bank")])
    assert result.exit_code == 0 and out.stat().st_size > 0
    result = runner.invoke(coding, ["pack", "coding-nope", "--bank", str(tmp_path / "bank")])
    assert result.exit_code == 1 and "coding-nope: no materials folder" in result.output


def test_an_extension_with_tests_runs_on_the_solved_main_problem(tmp_path):
    from tests.coding.fixture import tiny_extension

    tiny_problem(tmp_path)
    tiny_extension(tmp_path)
    bank = {"coding-tiny-mean": question(),
            "coding-ext-tiny-median": question("coding-ext-tiny-median", "Add a median.")}
    results = {r.question: r for r in check_all(bank, find_materials(tmp_path))}
    ext = results["coding-ext-tiny-median"]
    # Its visible test needs the base problem's solution (mean skipping None): it passes only
    # because the extension runs on the solved main problem.
    assert ext.passed, ext.headline() + "\n" + ext.detail


def test_an_extension_building_on_nothing_known_is_step_one(tmp_path):
    from tests.coding.fixture import tiny_extension

    tiny_extension(tmp_path, base="coding-nowhere")
    result = check_all({}, find_materials(tmp_path))[0]
    assert result.step == "step 1 (materials)"
    assert "no coding question with this id" in result.message
    assert "builds_on: coding-nowhere has no (valid) materials folder" in result.detail

"""`interviewkit coding check`: prove every coding problem is a complete, working exercise.

For each problem, in a scratch folder outside the repository (see docs/coding-materials.md):
  1. the files exist, pack.yaml is valid, README.md names every file the prompt promises;
  2. the starter's visible tests end as pack.yaml (and the README) say;
  3. the unchanged starter fails the hidden tests, when pack.yaml says it should;
  4. the starter with the reference solution laid over it passes visible and hidden tests.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.problems import ContentError
from .materials import Materials, load_materials, promised_files
from .packing import PackError, copy_candidate, overlay
from .runner import TIMEOUT_SECONDS, Run, run

STEP_FILES = "step 1 (materials)"
STEP_VISIBLE = "step 2 (visible tests on the starter)"
STEP_HIDDEN_STARTER = "step 3 (hidden tests on the starter)"
STEP_SOLUTION = "step 4 (reference solution with all tests)"
PYTEST = ["-m", "pytest", "-q", "-p", "no:cacheprovider"]
AI_POLICY_WORDS = re.compile(r"\bAI\b|assistant", re.IGNORECASE)


@dataclass(frozen=True)
class CheckResult:
    question: str
    passed: bool
    step: str | None = None
    message: str = ""
    detail: str = ""
    notes: tuple[str, ...] = ()

    def headline(self) -> str:
        if self.passed:
            extra = f" ({'; '.join(self.notes)})" if self.notes else ""
            return f"ok    {self.question}{extra}"
        return f"FAIL  {self.question}: {self.step}: {self.message}"


class StepFailed(Exception):
    def __init__(self, step: str, message: str, detail: str = ""):
        super().__init__(message)
        self.step, self.message, self.detail = step, message, detail


def _outcome(result: Run) -> str:
    if result.timed_out:
        return "timeout"
    # Exit 5 is "no tests collected": a tests/ folder left empty for the candidate to fill.
    return {0: "pass", 1: "fail", 5: "fail"}.get(result.returncode,
                                                f"error (pytest exit {result.returncode})")


def static_problems(materials: Materials, question: Any | None,
                    all_materials: Mapping[str, Materials]) -> list[str]:
    """Return what is missing or inconsistent in a problem folder, without running anything."""
    spec, problems = materials.spec, []
    if question is None:
        problems.append("no coding question with this id in the question bank")
    readme = materials.candidate / "README.md"
    if not readme.is_file():
        problems.append("candidate/README.md is missing")
    elif not AI_POLICY_WORDS.search(readme.read_text(encoding="utf-8")):
        problems.append("candidate/README.md does not state the AI-assistant policy")
    if not materials.answer_key.is_file():
        problems.append("interviewer/ANSWER_KEY.md is missing")
    if spec.generate and not materials.generate_script.is_file():
        problems.append("pack.yaml says generate: true but generate.py is missing")
    if not spec.generate and materials.generate_script.is_file():
        problems.append("generate.py exists but pack.yaml does not say generate: true")
    if spec.take_home and not (materials.candidate / spec.take_home.readme).is_file():
        problems.append(f"take_home names candidate/{spec.take_home.readme}, which is missing")
    if spec.kind == "main" or materials.has_tests:
        if not (materials.candidate / "tests").is_dir():
            problems.append("candidate/tests/ is missing")
        elif not materials.visible_tests() and spec.visible_tests != "fail":
            # A problem whose task is to write the tests ships an empty tests/ folder; pytest
            # then collects nothing and exits 5, which pack.yaml must call a failure.
            problems.append("candidate/tests/ has no test_*.py, so pack.yaml must say "
                            "visible_tests: fail")
        if not materials.hidden_tests():
            problems.append("interviewer/hidden_tests/ has no test_*.py")
        solution = materials.interviewer / "solution"
        if not solution.is_dir() or not any(p.is_file() for p in solution.rglob("*")):
            problems.append("interviewer/solution/ is empty or missing")
        if spec.visible_tests is None:
            problems.append("pack.yaml: visible_tests is required when the problem has tests")
    if spec.builds_on:
        base = all_materials.get(spec.builds_on)
        if base is None:
            problems.append(f"builds_on: {spec.builds_on} has no (valid) materials folder")
        elif base.spec.kind != "main":
            problems.append(f"builds_on: {spec.builds_on} is not a main problem")
    elif spec.kind == "extension" and materials.has_tests:
        problems.append("an extension with tests needs builds_on: the main problem they run on")
    if question is not None and readme.is_file():
        text = readme.read_text(encoding="utf-8")
        for name in promised_files(question.prompt):
            if name not in text:
                problems.append(f"the prompt promises `{name}` but candidate/README.md "
                                "never names it")
    return problems


def _prepare(materials: Materials, target: Path, all_materials: Mapping[str, Materials],
             python: str | None, timeout: float) -> None:
    """Lay out what the candidate starts from: the starter, or for an extension with tests,
    the main problem solved plus the extension's own files."""
    spec = materials.spec
    if spec.kind == "extension" and spec.builds_on and materials.has_tests:
        base = all_materials[spec.builds_on]
        copy_candidate(base, target, python=python, timeout=timeout)
        overlay(base.interviewer / "solution", target)
        overlay(materials.candidate, target)
        if spec.generate:
            copy_candidate(materials, target, python=python, timeout=timeout)
    else:
        copy_candidate(materials, target, python=python, timeout=timeout)


def _missing_promised(question: Any | None, target: Path) -> list[str]:
    if question is None:
        return []
    names = {p.name for p in target.rglob("*") if p.is_file()}
    return [name for name in promised_files(question.prompt)
            if not (target / name).is_file() and Path(name).name not in names]


def _test_args(materials: Materials) -> list[str]:
    if materials.spec.kind == "extension" and materials.spec.builds_on:
        return [str(p.relative_to(materials.candidate)) for p in materials.visible_tests()]
    return ["tests"]


def check_problem(materials: Materials, question: Any | None,
                  all_materials: Mapping[str, Materials], python: str | None = None,
                  timeout: float = TIMEOUT_SECONDS) -> CheckResult:
    """Run the four steps on one problem; stop at the first that fails."""
    try:
        notes = _check_steps(materials, question, all_materials, python, timeout)
    except StepFailed as failed:
        return CheckResult(materials.question, False, failed.step, failed.message, failed.detail)
    return CheckResult(materials.question, True, notes=tuple(notes))


def _check_steps(materials: Materials, question: Any | None,
                 all_materials: Mapping[str, Materials], python: str | None,
                 timeout: float) -> list[str]:
    spec = materials.spec
    problems = static_problems(materials, question, all_materials)
    if problems:
        raise StepFailed(STEP_FILES, problems[0], "\n".join(problems[1:]))
    with tempfile.TemporaryDirectory(prefix=f"coding-check-{spec.question}-") as scratch:
        starter = Path(scratch) / "starter"
        try:
            _prepare(materials, starter, all_materials, python, timeout)
        except PackError as error:
            message, _, detail = str(error).partition("\n")
            raise StepFailed(STEP_VISIBLE, message, detail) from None
        missing = _missing_promised(question, starter)
        if missing:
            raise StepFailed(STEP_FILES, "the prompt promises "
                             + ", ".join(f"`{m}`" for m in missing)
                             + " but the pack (after generate.py) does not ship it")
        if not materials.has_tests:
            return ["handout only: no tests"]
        visible = run([*PYTEST, *_test_args(materials)], starter, python, timeout)
        outcome = _outcome(visible)
        if outcome != spec.visible_tests:
            raise StepFailed(STEP_VISIBLE, f"pack.yaml says the visible tests {spec.visible_tests}"
                             f" on the starter; they ended: {outcome}", visible.tail())
        if spec.starter_fails_hidden:
            shutil.copytree(materials.interviewer / "hidden_tests", starter / "hidden_tests",
                            dirs_exist_ok=True)
            hidden = run([*PYTEST, "hidden_tests"], starter, python, timeout)
            if hidden.timed_out or hidden.returncode not in (1, 2):
                raise StepFailed(STEP_HIDDEN_STARTER, "the unchanged starter should fail the "
                                 f"hidden tests; they ended: {_outcome(hidden)}", hidden.tail())
        solved = Path(scratch) / "solved"
        try:
            _prepare(materials, solved, all_materials, python, timeout)
        except PackError as error:
            message, _, detail = str(error).partition("\n")
            raise StepFailed(STEP_SOLUTION, message, detail) from None
        overlay(materials.interviewer / "solution", solved)
        shutil.copytree(materials.interviewer / "hidden_tests", solved / "hidden_tests",
                        dirs_exist_ok=True)
        final = run([*PYTEST, *_test_args(materials), "hidden_tests"], solved, python, timeout)
        if _outcome(final) != "pass":
            raise StepFailed(STEP_SOLUTION, "the reference solution should pass the visible and "
                             f"hidden tests; they ended: {_outcome(final)}", final.tail())
    return []


def check_all(bank_questions: Mapping[str, Any], folders: Mapping[str, Path],
              only: Iterable[str] | None = None, python: str | None = None,
              timeout: float = TIMEOUT_SECONDS, jobs: int = 1,
              progress: Callable[[CheckResult], None] | None = None,
              display_root: Path | None = None) -> list[CheckResult]:
    """Check the chosen problems (all coding questions and folders by default), in id order.

    A coding question without a folder, a folder without a question and an invalid pack.yaml
    are failures of step 1, like any other.
    """
    wanted = sorted(set(only) if only is not None else set(bank_questions) | set(folders))
    loaded: dict[str, Materials] = {}
    invalid: dict[str, CheckResult] = {}
    for question_id, folder in folders.items():
        try:
            loaded[question_id] = load_materials(folder, display_root)
        except ContentError as error:
            lines = [str(p) for p in error.problems]
            invalid[question_id] = CheckResult(question_id, False, STEP_FILES,
                                               "pack.yaml: " + lines[0], "\n".join(lines[1:]))

    def one(question_id: str) -> CheckResult:
        if question_id in invalid:
            return invalid[question_id]
        if question_id not in loaded:
            where = "question_bank/coding/" + question_id + "/"
            what = ("no materials folder " + where) if question_id in bank_questions else \
                "no coding question and no materials with this id"
            return CheckResult(question_id, False, STEP_FILES, what)
        return check_problem(loaded[question_id], bank_questions.get(question_id), loaded,
                             python, timeout)

    results: list[CheckResult] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for result in pool.map(one, wanted):
            results.append(result)
            if progress is not None:
                progress(result)
    return results

"""A coding problem's folder: pack.yaml, candidate/, interviewer/, optional generate.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.problems import ContentError, Problem
from ..domain.yaml_source import parse_yaml

AI_POLICIES = {
    "allowed": "Allowed",
    "narrated": "Allowed and narrated",
    "not_allowed": "Not allowed",
}
AI_POLICY_GUIDANCE = {
    "allowed": "The candidate may use a coding assistant freely; judge the code they keep "
               "and whether they can explain and test it.",
    "narrated": "The candidate may use a coding assistant but says aloud what they ask it and "
                "checks what comes back; judge the checking as much as the result.",
    "not_allowed": "No coding assistant for this problem; documentation and search are fine.",
}
KINDS = ("main", "extension")
OUTCOMES = ("pass", "fail")
FIELDS = {"question", "kind", "ai_policy", "minutes", "reading_minutes", "visible_tests",
          "starter_fails_hidden", "generate", "take_home", "builds_on"}
MAX_MINUTES = 480

# A file name a prompt promises, written in backticks: `events.jsonl`, `churn_model.joblib`.
PROMISED_FILE = re.compile(
    r"`([\w./-]+\.(?:py|json|jsonl|csv|tsv|parquet|pkl|joblib|yaml|yml|txt|md|ipynb|sql|npy"
    r"|npz|log|html|cfg|toml|gz))`")
# Never handed out, never copied into a check run.
JUNK_NAMES = {"__pycache__", ".pytest_cache", ".DS_Store", ".ipynb_checkpoints"}
JUNK_SUFFIXES = (".pyc", ".pyo")


@dataclass(frozen=True)
class TakeHome:
    minutes: int
    readme: str


@dataclass(frozen=True)
class PackSpec:
    """What pack.yaml says about a problem."""

    question: str
    kind: str
    ai_policy: str
    minutes: int
    reading_minutes: int
    visible_tests: str | None = None
    starter_fails_hidden: bool = False
    generate: bool = False
    take_home: TakeHome | None = None
    builds_on: str | None = None

    @property
    def ai_policy_name(self) -> str:
        return AI_POLICIES[self.ai_policy]

    @property
    def ai_policy_guidance(self) -> str:
        return AI_POLICY_GUIDANCE[self.ai_policy]


@dataclass(frozen=True)
class Materials:
    """A problem folder whose pack.yaml parsed cleanly."""

    folder: Path
    spec: PackSpec

    @property
    def question(self) -> str:
        return self.spec.question

    @property
    def candidate(self) -> Path:
        return self.folder / "candidate"

    @property
    def interviewer(self) -> Path:
        return self.folder / "interviewer"

    @property
    def generate_script(self) -> Path:
        return self.folder / "generate.py"

    @property
    def answer_key(self) -> Path:
        return self.interviewer / "ANSWER_KEY.md"

    def answer_key_text(self) -> str:
        """Return the interviewer's answer key, or '' when it is missing."""
        try:
            return self.answer_key.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""

    def candidate_files(self) -> list[Path]:
        """Return every file handed to the candidate, relative to candidate/, sorted."""
        return shipped_files(self.candidate)

    def visible_tests(self) -> list[Path]:
        return sorted((self.candidate / "tests").glob("test_*.py"))

    def hidden_tests(self) -> list[Path]:
        return sorted((self.interviewer / "hidden_tests").glob("test_*.py"))

    @property
    def has_tests(self) -> bool:
        return bool(self.visible_tests() or self.hidden_tests())


def materials_root(bank_dir: str | Path) -> Path:
    """Return the folder holding one materials folder per coding question."""
    return Path(bank_dir) / "coding"


def is_junk(path: Path) -> bool:
    return any(part in JUNK_NAMES for part in path.parts) or path.name.endswith(JUNK_SUFFIXES)


def shipped_files(root: Path) -> list[Path]:
    """Return the files under root worth copying (no caches, no bytecode), relative, sorted."""
    if not root.is_dir():
        return []
    return sorted(p.relative_to(root) for p in root.rglob("*")
                  if p.is_file() and not is_junk(p.relative_to(root)))


def find_materials(root: str | Path) -> dict[str, Path]:
    """Return every problem folder under root (a folder holding pack.yaml) by folder name."""
    base = Path(root)
    if not base.is_dir():
        return {}
    return {p.name: p for p in sorted(base.iterdir()) if p.is_dir() and (p / "pack.yaml").exists()}


def load_materials(folder: str | Path, display_root: str | Path | None = None) -> Materials:
    """Read and validate folder/pack.yaml; raise ContentError naming file, line and field."""
    folder = Path(folder)
    path = folder / "pack.yaml"
    shown = _display(path, display_root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(shown, 0, "(file)", "pack.yaml is missing")]) from None
    return Materials(folder, parse_spec(text, shown, folder.name))


def _display(path: Path, root: str | Path | None) -> str:
    if root is not None:
        try:
            return str(path.relative_to(Path(root)))
        except ValueError:
            pass
    return str(path)


def parse_spec(text: str, file: str, folder_name: str) -> PackSpec:
    """Parse pack.yaml text; raise ContentError listing every problem with its line."""
    doc = parse_yaml(text, file)
    data = doc.data
    if not isinstance(data, dict):
        raise ContentError([doc.problem((), "(file)", "expected a mapping of fields")])
    problems: list[Problem] = []

    def bad(field: str, message: str) -> None:
        problems.append(doc.problem((field,), field, message))

    for key in sorted(set(data) - FIELDS, key=str):
        bad(str(key), f"unknown field; expected one of: {', '.join(sorted(FIELDS))}")

    question = data.get("question")
    if not isinstance(question, str) or not question:
        bad("question", "required: the question id this folder holds materials for")
    elif question != folder_name:
        bad("question", f"is {question!r} but the folder is named {folder_name!r}; "
                        "they must match")

    kind = data.get("kind")
    if kind not in KINDS:
        bad("kind", f"expected one of {', '.join(KINDS)}, got {kind!r}")

    policy = data.get("ai_policy")
    if policy not in AI_POLICIES:
        bad("ai_policy", f"expected one of {', '.join(AI_POLICIES)}, got {policy!r}")

    minutes = data.get("minutes")
    if not _whole(minutes) or not 1 <= minutes <= MAX_MINUTES:
        bad("minutes", f"expected a whole number of minutes from 1 to {MAX_MINUTES}, "
                       f"got {minutes!r}")
        minutes = None
    reading = data.get("reading_minutes", 0)
    if not _whole(reading) or reading < 0:
        bad("reading_minutes", f"expected a whole number of minutes, got {reading!r}")
    elif minutes is not None and reading >= minutes:
        bad("reading_minutes", f"is {reading} but the whole problem is {minutes} minutes")

    visible = data.get("visible_tests")
    if visible is not None and visible not in OUTCOMES:
        bad("visible_tests", f"expected pass or fail, got {visible!r}")
    elif visible is None and kind == "main":
        bad("visible_tests", "required for a main problem: pass or fail, the outcome of "
                             "`python -m pytest tests` on the starter as shipped")

    fails_hidden = data.get("starter_fails_hidden", False)
    if not isinstance(fails_hidden, bool):
        bad("starter_fails_hidden", f"expected true or false, got {fails_hidden!r}")
    elif "starter_fails_hidden" not in data and kind == "main":
        bad("starter_fails_hidden", "required for a main problem: true or false")

    generate = data.get("generate", False)
    if not isinstance(generate, bool):
        bad("generate", f"expected true or false, got {generate!r}")

    take_home = _take_home(data.get("take_home", False), bad)

    builds_on = data.get("builds_on")
    if builds_on is not None:
        if not isinstance(builds_on, str) or not builds_on:
            bad("builds_on", f"expected a main coding question id, got {builds_on!r}")
        elif kind == "main":
            bad("builds_on", "only an extension builds on a main problem")
        elif builds_on == question:
            bad("builds_on", "an extension cannot build on itself")

    if problems:
        raise ContentError(problems)
    return PackSpec(question=question, kind=kind, ai_policy=policy, minutes=minutes,
                    reading_minutes=reading, visible_tests=visible,
                    starter_fails_hidden=fails_hidden, generate=generate, take_home=take_home,
                    builds_on=builds_on)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _take_home(value: Any, bad) -> TakeHome | None:
    if value is False or value is None:
        return None
    if not isinstance(value, dict):
        bad("take_home", "expected false or a mapping {minutes: 180, readme: TAKE_HOME.md}")
        return None
    minutes, readme = value.get("minutes"), value.get("readme")
    extra = set(value) - {"minutes", "readme"}
    if extra:
        bad("take_home", f"unknown keys {', '.join(sorted(map(str, extra)))}; "
                         "expected minutes and readme")
    if not _whole(minutes) or not 1 <= minutes <= 7 * 24 * 60:
        bad("take_home", f"minutes: expected a whole number of minutes, got {minutes!r}")
        return None
    if not isinstance(readme, str) or not readme or "/" in readme or "\\" in readme:
        bad("take_home", f"readme: expected a file name inside candidate/, got {readme!r}")
        return None
    return TakeHome(minutes=minutes, readme=readme)


def promised_files(prompt: str) -> list[str]:
    """Return the file names a prompt promises the candidate, in order, without repeats."""
    return list(dict.fromkeys(PROMISED_FILE.findall(prompt or "")))


def coding_questions(questions) -> dict[str, Any]:
    """Return the bank's coding questions by id, in bank order."""
    return {q.id: q for q in questions if q.round == "coding"}

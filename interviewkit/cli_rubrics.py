"""Command-line tools for rubrics: `interviewkit rubric lint` and `interviewkit flags`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

import click

from .domain.flags import ScorecardError, parse_scorecard, raise_flags, validate_scorecard
from .domain.problems import ContentError
from .domain.rubric import RubricSet, lint_rubric_sources, load_rubric_set

# Exit code for input the command cannot use (bad JSON, unknown ids), as click uses for usage.
EXIT_BAD_INPUT = 2


def rubrics_directory(option: str | None) -> Path:
    """Return the rubrics directory: the option, else $INTERVIEWKIT_RUBRICS_DIR, else ./rubrics."""
    # Read the environment when the command runs, never at import time.
    return Path(option or os.environ.get("INTERVIEWKIT_RUBRICS_DIR") or "rubrics")


def read_sources(directory: Path) -> dict[str, str]:
    """Return filename -> text for every *.yaml in a directory."""
    return {str(path): path.read_text(encoding="utf-8")
            for path in sorted(directory.glob("*.yaml"))}


@click.group("rubric")
def rubric() -> None:
    """Check the interview rubrics and the flag catalogue."""


@rubric.command("lint")
@click.option("--dir", "directory", type=click.Path(), default=None,
              help="Rubrics directory (default: $INTERVIEWKIT_RUBRICS_DIR or ./rubrics).")
def lint(directory: str | None) -> None:
    """Print every problem in the rubrics as file:line: field: message."""
    path = rubrics_directory(directory)
    if not path.is_dir():
        click.echo(f"{path}: no such directory", err=True)
        raise SystemExit(1)
    sources = read_sources(path)
    problems = lint_rubric_sources(sources)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} problem(s) in {path}", err=True)
        raise SystemExit(1)
    rubric_set = load_rubric_set(path)
    click.echo(_summary(rubric_set, path))


def _summary(rubric_set: RubricSet, path: Path) -> str:
    rubrics = rubric_set.rubrics.values()
    criteria = sum(len(r.criteria) for r in rubrics)
    probes = sum(len(r.probes) for r in rubrics)
    rules = sum(len(r.flag_rules) for r in rubrics)
    return (f"{path}: {len(rubric_set.rubrics)} rubrics, {criteria} criteria, {probes} probes, "
            f"{rules} flag rules, {len(rubric_set.flags)} flags; no problems")


@click.command("flags")
@click.option("--scorecard", "scorecard_file", type=click.File("r", encoding="utf-8"),
              required=True, help="Scorecard JSON file, or - for stdin.")
@click.option("--rubrics", "rubrics_dir", type=click.Path(), default=None,
              help="Rubrics directory (default: $INTERVIEWKIT_RUBRICS_DIR or ./rubrics).")
def flags(scorecard_file: IO[str], rubrics_dir: str | None) -> None:
    """Print the flags a scorecard raises, with reasons, as JSON."""
    try:
        data = json.loads(scorecard_file.read())
    except json.JSONDecodeError as exc:
        _bad_input(f"scorecard: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
    try:
        scorecard = parse_scorecard(data)
    except ScorecardError as exc:
        _bad_input(str(exc))
    try:
        rubric_set = load_rubric_set(rubrics_directory(rubrics_dir))
    except ContentError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(1) from exc
    errors = validate_scorecard(rubric_set, scorecard)
    if errors:
        _bad_input("\n".join(errors))
    raised = raise_flags(rubric_set, scorecard)
    click.echo(json.dumps({"flags": [flag.to_json() for flag in raised]}, indent=2,
                          ensure_ascii=False))


def _bad_input(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(EXIT_BAD_INPUT)


__all__ = ["rubric", "flags"]

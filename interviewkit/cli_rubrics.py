"""Command-line tools for rubrics: `interviewkit rubric lint` and `interviewkit flags`.

`interviewkit flags --scorecard FILE` prints the flags a scorecard raises;
`interviewkit flags evaluate --corpus FILE` scores labelled notes; `interviewkit flags train`
rebuilds the notes reader's weights (domain/flags/notes_model.json).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

import click

from .domain.bank import load_bank
from .domain.flags import ScorecardError, parse_scorecard, raise_flags, validate_scorecard
from .domain.flags.reader import MODEL_FILE, NotesReader
from .domain.problems import ContentError
from .domain.rubric import RubricSet, lint_rubric_sources, load_rubric_set

# Exit code for input the command cannot use (bad JSON, unknown ids), as click uses for usage.
EXIT_BAD_INPUT = 2


def rubrics_directory(option: str | None) -> Path:
    """Return the rubrics directory: the option, else $INTERVIEWKIT_RUBRICS_DIR, else ./rubrics."""
    # Read the environment when the command runs, never at import time.
    return Path(option or os.environ.get("INTERVIEWKIT_RUBRICS_DIR") or "rubrics")


def bank_directory(option: str | None) -> Path:
    """Return the question bank: the option, else $INTERVIEWKIT_QUESTION_BANK_DIR, else the
    repository's question_bank."""
    return Path(option or os.environ.get("INTERVIEWKIT_QUESTION_BANK_DIR")
                or Path(__file__).resolve().parent.parent / "question_bank")


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
@click.option("--bank", "bank_dir", type=click.Path(), default=None,
              help="Question bank, to check every flag a question targets can be raised in "
                   "its round (default: $INTERVIEWKIT_QUESTION_BANK_DIR or question_bank).")
def lint(directory: str | None, bank_dir: str | None) -> None:
    """Print every problem in the rubrics as file:line: field: message."""
    path = rubrics_directory(directory)
    if not path.is_dir():
        click.echo(f"{path}: no such directory", err=True)
        raise SystemExit(1)
    sources = read_sources(path)
    questions = None
    bank_path = bank_directory(bank_dir)
    if bank_path.is_dir():
        try:
            questions = load_bank(bank_path)
        except ContentError as exc:
            click.echo(f"{bank_path}: the bank has {len(exc.problems)} problem(s) "
                       "(`interviewkit bank lint`); flag reachability not checked", err=True)
    elif bank_dir is not None:
        click.echo(f"{bank_path}: no such directory", err=True)
        raise SystemExit(1)
    problems = lint_rubric_sources(sources, questions)
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


@click.group("flags", invoke_without_command=True)
@click.option("--scorecard", "scorecard_file", type=click.File("r", encoding="utf-8"),
              default=None, help="Scorecard JSON file, or - for stdin.")
@click.option("--rubrics", "rubrics_dir", type=click.Path(), default=None,
              help="Rubrics directory (default: $INTERVIEWKIT_RUBRICS_DIR or ./rubrics).")
@click.pass_context
def flags(ctx: click.Context, scorecard_file: IO[str] | None, rubrics_dir: str | None) -> None:
    """Print the flags a scorecard raises, with reasons, as JSON.

    Subcommands evaluate the notes reader on labelled notes and rebuild it.
    """
    ctx.ensure_object(dict)
    ctx.obj["rubrics_dir"] = rubrics_dir
    if ctx.invoked_subcommand is not None:
        return
    if scorecard_file is None:
        _bad_input("Missing option '--scorecard' (or use a subcommand: evaluate, train).")
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


def _rubric_set(ctx: click.Context, option: str | None) -> RubricSet:
    try:
        return load_rubric_set(rubrics_directory(option or ctx.obj.get("rubrics_dir")))
    except ContentError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(1) from exc


def _corpus(paths: tuple[str, ...]) -> list:
    from .flags_training import CorpusError, load_corpus

    try:
        cases = load_corpus([Path(p) for p in paths])
    except (CorpusError, OSError) as exc:
        _bad_input(f"corpus: {exc}")
    if not cases:
        _bad_input("corpus: no labelled notes found")
    return cases


@flags.command("evaluate")
@click.option("--corpus", "corpus", type=click.Path(exists=True), multiple=True, required=True,
              help="JSON-lines file (or a folder of them); may be given more than once.")
@click.option("--model", "model_file", type=click.Path(exists=True, dir_okay=False),
              default=None, help="Reader weights (default: the shipped model).")
@click.option("--rules-only", is_flag=True, help="Score the rubric rules without the reader.")
@click.option("--leave-one-writer-out", "lowo", is_flag=True,
              help="Train on all writers but one and test on that one, for each writer.")
@click.option("--rubrics", "rubrics_dir", type=click.Path(), default=None)
@click.pass_context
def evaluate_command(ctx: click.Context, corpus: tuple[str, ...], model_file: str | None,
                     rules_only: bool, lowo: bool, rubrics_dir: str | None) -> None:
    """Print precision, recall and false-flag rate per flag on labelled notes.

    The last line reads `recall R precision P false-flag F`.
    """
    from .flags_training import Tally, evaluate, leave_one_writer_out, per_writer_lines

    rubric_set = _rubric_set(ctx, rubrics_dir)
    cases = _corpus(corpus)
    writers = sorted({case.writer for case in cases})
    click.echo(f"{len(cases)} notes from {len(writers)} writers")
    if lowo:
        combined, rules, total, total_rules = leave_one_writer_out(
            rubric_set, cases, progress=lambda line: click.echo(line, err=True))
        click.echo("rules alone, per held-out writer:")
        click.echo("\n".join(per_writer_lines(rules, cases)))
        click.echo(f"rules alone: {total_rules.table()[-1]}")
        click.echo("rules + reader trained without the writer, per held-out writer:")
        click.echo("\n".join(per_writer_lines(combined, cases)))
        independent = [w for w in combined if not w.startswith("yaml-")]
        if independent and len(independent) < len(combined):
            # The YAML splits were read while the rules were written; the writers never saw
            # the rules: their total is the product's figure.
            subtotal = Tally()
            for writer in independent:
                subtotal.merge(combined[writer])
            click.echo(f"writers who never saw the rules ({len(independent)}): "
                       f"{subtotal.table()[-1]}")
        click.echo("\n".join(total.table()))
        return
    reader: NotesReader | None | str = "shipped"
    if rules_only:
        reader = None
    elif model_file:
        reader = NotesReader.from_json(json.loads(Path(model_file).read_text(encoding="utf-8")))
    click.echo("\n".join(evaluate(rubric_set, cases, reader).table()))


@flags.command("train")
@click.option("--corpus", "corpus", type=click.Path(exists=True), multiple=True,
              default=("tests/data/flag_corpus",), show_default=True,
              help="JSON-lines and YAML corpus files or folders (folders are read deeply).")
@click.option("--out", "out", type=click.Path(dir_okay=False), default=str(MODEL_FILE),
              show_default=True, help="Where to write the weights.")
@click.option("--rubrics", "rubrics_dir", type=click.Path(), default=None)
@click.pass_context
def train_command(ctx: click.Context, corpus: tuple[str, ...], out: str,
                  rubrics_dir: str | None) -> None:
    """Rebuild the notes reader from labelled notes (needs scikit-learn: .[train])."""
    try:
        from .flags_training import train
    except ImportError as exc:  # pragma: no cover - depends on the environment
        click.echo(f"training needs scikit-learn and numpy: pip install -e '.[train]' ({exc})",
                   err=True)
        raise SystemExit(1) from exc
    rubric_set = _rubric_set(ctx, rubrics_dir)
    cases = _corpus(corpus)
    model = train(rubric_set, cases, progress=lambda line: click.echo(line, err=True))
    Path(out).write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n",
                         encoding="utf-8")
    size = Path(out).stat().st_size
    click.echo(f"{out}: {len(model['flags'])} flags from {len(cases)} notes by "
               f"{len(model['info']['writers'])} writers, {size // 1024} KB")

"""`interviewkit coding`: build a candidate pack, check every coding problem end to end."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .coding import build_pack, check_all, coding_questions, find_materials, load_materials
from .coding.materials import materials_root
from .coding.packing import PackError
from .coding.runner import TIMEOUT_SECONDS
from .domain.bank import load_bank
from .domain.problems import ContentError


def _bank_dir(option: str | None) -> str:
    from .cli import _bank_dir as resolve

    return resolve(option)


def _fail(lines: list[str], code: int = 1) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(code)


def _bank_questions(bank_dir: str) -> dict:
    try:
        return coding_questions(load_bank(bank_dir))
    except ContentError as error:
        _fail([str(p) for p in error.problems] + ["the question bank has problems; fix them "
                                                  "first (interviewkit bank lint)"])
    return {}


@click.group(cls=click.Group)
def coding() -> None:
    """Candidate packs and the end-to-end check of every coding problem."""


@coding.command("pack")
@click.argument("question_id")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True),
              help="Where to write the zip (default: QUESTION_ID.zip here).")
@click.option("--bank", "bank_dir", help="Folder of question YAML files.")
def pack(question_id: str, out: str | None, bank_dir: str | None) -> None:
    """Write the candidate pack (a zip) for one coding question."""
    root = materials_root(_bank_dir(bank_dir))
    folder = root / question_id
    if not (folder / "pack.yaml").is_file():
        known = sorted(find_materials(root))
        hint = f" Known: {', '.join(known[:8])}{' …' if len(known) > 8 else ''}" if known else ""
        _fail([f"{question_id}: no materials folder {folder}/ with a pack.yaml.{hint}"])
    try:
        materials = load_materials(folder, root.parent)
        data = build_pack(materials)
    except ContentError as error:
        _fail([str(p) for p in error.problems])
    except PackError as error:
        _fail([str(error)])
    target = Path(out or f"{question_id}.zip")
    target.write_bytes(data)
    click.echo(f"{target}: candidate pack for {question_id} ({len(data):,} bytes)")


@coding.command("check")
@click.argument("question_ids", nargs=-1)
@click.option("--bank", "bank_dir", help="Folder of question YAML files.")
@click.option("--jobs", "-j", type=click.IntRange(1, 8), default=1, show_default=True,
              help="Problems checked at once.")
@click.option("--timeout", type=click.FloatRange(1, 600), default=TIMEOUT_SECONDS,
              show_default=True, help="Seconds allowed for each generate or pytest run.")
@click.option("--verbose", "-v", is_flag=True, help="Show test output for failures.")
def check(question_ids: tuple[str, ...], bank_dir: str | None, jobs: int, timeout: float,
          verbose: bool) -> None:
    """Check coding problems (all by default): materials, visible tests, hidden tests.

    Exits non-zero naming each failing question and the step it failed at.
    """
    bank = _bank_dir(bank_dir)
    questions = _bank_questions(bank)
    root = materials_root(bank)
    folders = find_materials(root)
    for name in sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else ():
        if name not in folders:
            folders[name] = root / name  # reported as a missing pack.yaml

    def progress(result) -> None:
        click.echo(result.headline(), err=not result.passed)
        if not result.passed and (verbose or result.detail.count("\n") < 3) and result.detail:
            click.echo("      " + result.detail.replace("\n", "\n      "), err=True)

    results = check_all(questions, folders, only=question_ids or None, timeout=timeout,
                        jobs=jobs, progress=progress, display_root=root.parent)
    failed = [r for r in results if not r.passed]
    missing = [r for r in failed if r.message.startswith("no materials folder")]
    summary = f"coding check: {len(results)} checked, {len(results) - len(failed)} passed"
    if failed:
        summary += f", {len(failed)} failed"
        if missing:
            summary += f" ({len(missing)} without materials)"
    click.echo(summary)
    if failed:
        sys.exit(1)

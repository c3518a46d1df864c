"""Commands that list loops, import candidates from a CSV, and print debrief packets and
interview kits to PDF files."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .domain import catalog
from .domain.lifecycle import STATUS_NAMES

PAPERS = ("a4", "letter")


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _write(data: bytes, out: str, default_name: str) -> None:
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(out or default_name)
    try:
        path.write_bytes(data)
    except OSError as error:
        _fail(f"cannot write {path}: {error.strerror or error}")
    click.echo(f"Wrote {path} ({len(data) // 1024 or 1} KB).", err=True)


def _paper(paper: str | None) -> str:
    chosen = (paper or current_app.config.get("PAPER_SIZE") or "a4").lower()
    if chosen not in PAPERS:
        _fail(f"unknown paper size {chosen!r}: use a4 or letter")
    return chosen


@click.group("loops", invoke_without_command=True)
@click.option("--status", type=click.Choice(list(STATUS_NAMES)), help="Only loops in this status.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
@with_appcontext
def loops(ctx: click.Context, status: str | None, fmt: str) -> None:
    """List loops: id, candidate, lane, level and status.

    `interviewkit loops import FILE --owner EMAIL` creates draft loops from a CSV instead.
    """
    if ctx.invoked_subcommand is not None:
        return
    from .services.printing import list_loops

    rows = [{"id": loop.id, "candidate": loop.candidate_name, "lane": loop.lane,
             "level": loop.level, "status": loop.status} for loop in list_loops(status)]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("No loops" + (f" in status {status}." if status else "."))
        return
    width = max(len(r["candidate"]) for r in rows)
    width = min(max(width, len("Candidate")), 40)
    click.echo(f"{'ID':>5}  {'Candidate':<{width}}  {'Lane':<26}  {'Level':<10}  Status")
    for r in rows:
        candidate = r["candidate"] if len(r["candidate"]) <= width else \
            r["candidate"][:width - 1] + "\u2026"
        click.echo(f"{r['id']:>5}  {candidate:<{width}}  "
                   f"{catalog.name_of(catalog.LANES, r['lane']):<26}  "
                   f"{catalog.name_of(catalog.LEVELS, r['level']):<10}  "
                   f"{STATUS_NAMES.get(r['status'], r['status'])}")


@loops.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--owner", "owner_email", required=True,
              help="The hiring manager who owns the new loops.")
@click.option("--dry-run", is_flag=True, help="Check the file and list what would be created.")
@with_appcontext
def loops_import(file, owner_email: str, dry_run: bool) -> None:
    """Create draft loops from an applicant tracker's CSV (all or nothing).

    The header line names name, email, role, lane, level and optionally domain; `-` reads
    standard input. Every problem is printed as FILE:LINE: column 'X': message.
    """
    from .extensions import db
    from .services import loop_import
    from .services.users import find_by_email

    owner = find_by_email(owner_email)
    if owner is None or not owner.active or owner.role != "hiring_manager":
        _fail(f"no active hiring manager {owner_email}")
    max_bytes, _ = loop_import.limits()
    data = file.read(max_bytes + 1)
    name = getattr(file, "name", "-")
    checked = loop_import.preview(owner, data)
    problems = checked.problems
    if checked.ok and not dry_run:
        try:
            result = loop_import.import_loops(owner, data)
        except loop_import.ImportRejected as rejected:
            problems = rejected.problems
        else:
            db.session.commit()
            for item, loop in zip(result.preview.rows, result.loops, strict=True):
                click.echo(f"{name}:{item.row.line}: loop {loop.id} for {loop.candidate_name} "
                           f"<{loop.candidate_email}>")
            click.echo(f"Created {len(result.loops)} draft loop"
                       f"{'s' if len(result.loops) != 1 else ''} owned by {owner.email}.")
            return
    db.session.rollback()
    if problems or not checked.rows:
        for problem in problems or (loop_import.NO_CANDIDATES,):
            where = f"{name}:{problem.line}" if problem.line is not None else name
            column = f" column {problem.column!r}:" if problem.column is not None else ""
            click.echo(f"{where}:{column} {problem.message}", err=True)
        click.echo(f"{len(problems) or 1} problem(s); nothing was imported.", err=True)
        sys.exit(1)
    for item in checked.rows:
        notes = "".join(f"  ({w})" for w in item.warnings)
        click.echo(f"{name}:{item.row.line}: {item.row.name} <{item.row.email}> "
                   f"{item.row.lane}/{item.row.level}{notes}")
    click.echo(f"{len(checked.rows)} loop(s) would be created; nothing was (--dry-run).")


@click.command("packet")
@click.argument("loop_id", type=int)
@click.option("--out", default="", help="File to write (default debrief-packet-loop-ID.pdf; "
                                        "- for standard output).")
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False),
              help="Paper size (default from PAPER_SIZE).")
@with_appcontext
def packet(loop_id: int, out: str, paper: str | None) -> None:
    """Print the debrief packet of a loop to a PDF file."""
    from .pdf import build_packet
    from .services.debriefs import load_debrief
    from .services.printing import get_loop, packet_filename

    loop = get_loop(loop_id)
    if loop is None:
        _fail(f"no loop {loop_id}; `interviewkit loops` lists them")
    data = build_packet(load_debrief(loop), paper=_paper(paper), generated_at=datetime.now(UTC))
    _write(data, out, packet_filename(loop))


@click.command("kit")
@click.argument("loop_id", type=int)
@click.argument("round_name", metavar="ROUND")
@click.option("--out", default="", help="File to write (default interview-kit-loop-ID-ROUND.pdf;"
                                        " - for standard output).")
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False),
              help="Paper size (default from PAPER_SIZE).")
@with_appcontext
def kit(loop_id: int, round_name: str, out: str, paper: str | None) -> None:
    """Print the interview kit of one round (screen, system_design, coding, deep_dive or 1-4)."""
    from .pdf import build_kit
    from .services.printing import PrintingError, find_round, get_loop, kit_data, kit_filename

    loop = get_loop(loop_id)
    if loop is None:
        _fail(f"no loop {loop_id}; `interviewkit loops` lists them")
    try:
        loop_round = find_round(loop, round_name)
    except PrintingError as error:
        _fail(str(error))
    data = build_kit(kit_data(loop_round), paper=_paper(paper), generated_at=datetime.now(UTC))
    _write(data, out, kit_filename(loop_round))


COMMANDS = (loops, packet, kit)

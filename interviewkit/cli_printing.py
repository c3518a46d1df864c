"""Commands that list loops and print debrief packets and interview kits to PDF files."""

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


@click.command("loops")
@click.option("--status", type=click.Choice(list(STATUS_NAMES)), help="Only loops in this status.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@with_appcontext
def loops(status: str | None, fmt: str) -> None:
    """List loops: id, candidate, lane, level and status."""
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

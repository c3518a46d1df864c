"""The interviewkit command line: set-up, content, planning, and printing."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from .domain import catalog
from .domain.bank import lint_bank, load_bank
from .domain.planner import Intake, PlanningError, plan_loop
from .domain.problems import ContentError


def _create_app():
    from . import create_app

    return create_app(for_cli=True)


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True,
             add_version_option=False)
def cli() -> None:
    """interviewkit: plan interview loops, import content, and run the app."""


def register_commands(app) -> None:
    """Offer interviewkit's commands under `flask --app wsgi` too (and the test CLI runner)."""
    for name, command in cli.commands.items():
        if name not in app.cli.commands:
            app.cli.add_command(command, name)


def main() -> None:
    cli(prog_name="interviewkit")


def _bank_dir(option: str | None) -> str:
    if option:
        return option
    return os.environ.get("INTERVIEWKIT_QUESTION_BANK_DIR") or str(
        Path(__file__).resolve().parent.parent / "question_bank")


def _rubrics_dir(option: str | None) -> str:
    if option:
        return option
    return os.environ.get("INTERVIEWKIT_RUBRICS_DIR") or str(
        Path(__file__).resolve().parent.parent / "rubrics")


def _fail_with_problems(error: ContentError, what: str) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(error.problems)} problem(s); nothing {what}.", err=True)
    sys.exit(1)


# --- question bank -----------------------------------------------------------------------

@cli.group(cls=click.Group)
def bank() -> None:
    """Check and import the question bank."""


@bank.command("lint")
@click.option("--dir", "directory", help="Folder of question YAML files.")
def bank_lint(directory: str | None) -> None:
    """Report every problem in the bank with file, line and field."""
    root = Path(_bank_dir(directory))
    sources = {str(p): p.read_text(encoding="utf-8") for p in sorted(root.glob("*.y*ml"))}
    if not sources:
        click.echo(f"{root}: no question files found", err=True)
        sys.exit(1)
    problems = lint_bank(sources)
    if problems:
        _fail_with_problems(ContentError(problems), "is wrong elsewhere")
    count = len(load_bank(root))
    click.echo(f"{count} questions in {len(sources)} files: no problems.")


@bank.command("import")
@click.option("--dir", "directory", help="Folder of question YAML files.")
@with_appcontext
def bank_import(directory: str | None) -> None:
    """Import the bank: new questions added, changed ones versioned, removed ones retired."""
    from .extensions import db
    from .services.bank import import_bank

    try:
        report = import_bank(_bank_dir(directory))
    except ContentError as error:
        db.session.rollback()
        _fail_with_problems(error, "was imported")
    db.session.commit()
    click.echo(f"Question bank: {report.summary()}.")


# --- commands that live beside the code they drive ------------------------------------------

COMMAND_MODULES = {"cli_rubrics": ("rubric", "flags"), "cli_printing": ("loops", "packet", "kit")}


def _register_commands() -> None:
    import importlib
    import importlib.util

    for module_name, commands in COMMAND_MODULES.items():
        if importlib.util.find_spec(f"{__package__}.{module_name}") is None:
            continue
        module = importlib.import_module(f"{__package__}.{module_name}")
        for command in commands:
            cli.add_command(getattr(module, command))


_register_commands()


# --- planning -------------------------------------------------------------------------------

def _choice_list(values: tuple[str, ...]) -> str:
    return ", ".join(values)


@cli.command(with_appcontext=False)
@click.option("--lane", required=True, help=f"One of: {_choice_list(catalog.LANE_IDS)}.")
@click.option("--level", required=True, help=f"One of: {_choice_list(catalog.LEVEL_IDS)}.")
@click.option("--domain", help=f"One of: {_choice_list(catalog.DOMAIN_IDS)}.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--exclude", default="", help="Question ids the candidate has seen, comma-separated.")
@click.option("--minutes", default="",
              help="Round lengths, e.g. screen=45,system_design=60 (others keep defaults).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--bank", "bank_dir", help="Folder of question YAML files.")
def plan(lane: str, level: str, domain: str | None, seed: int, exclude: str, minutes: str,
         fmt: str, bank_dir: str | None) -> None:
    """Plan a four-round loop for a lane and level from the question bank."""
    round_minutes = dict(catalog.DEFAULT_ROUND_MINUTES)
    try:
        for part in filter(None, (p.strip() for p in minutes.split(","))):
            name, _, value = part.partition("=")
            round_minutes[name.strip()] = int(value)
    except ValueError:
        click.echo(f"--minutes: expected round=minutes pairs, got {minutes!r}", err=True)
        sys.exit(2)
    intake = Intake(lane=lane, level=level, domain=domain or None, round_minutes=round_minutes,
                    exclude=frozenset(filter(None, (e.strip() for e in exclude.split(",")))))
    try:
        intake.validate()
    except PlanningError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    try:
        questions = load_bank(_bank_dir(bank_dir))
    except ContentError as error:
        _fail_with_problems(error, "was planned")
    result = plan_loop(questions, intake, seed)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(render_plan_text(result))


def render_plan_text(result) -> str:
    """Render a plan for a terminal."""
    domain = f", {catalog.name_of(catalog.DOMAINS, result.domain)}" if result.domain else ""
    lines = [f"Loop plan: {catalog.name_of(catalog.LANES, result.lane)}, "
             f"{catalog.name_of(catalog.LEVELS, result.level)}{domain} (seed {result.seed})", ""]
    for number, planned in enumerate(result.rounds, 1):
        lines.append(f"{number}. {catalog.name_of(catalog.ROUNDS, planned.round)} — "
                     f"{planned.minutes} min ({planned.question_minutes} min of questions)")
        for q in planned.questions:
            lines.append(f"   - [{q.minutes:>2} min] {q.title}  ({q.id})")
            lines.append(f"       {q.reason}")
        lines.append("")
    if result.warnings:
        lines.append("Warnings:")
        lines.extend(f"  ! {w}" for w in result.warnings)
    else:
        lines.append("Every round covers its required signals.")
    return "\n".join(lines)


# --- set-up ---------------------------------------------------------------------------------

@cli.command()
@with_appcontext
def init() -> None:
    """Migrate the database and import the question bank and rubrics (production set-up)."""
    _init_content()


def _init_content() -> None:
    from flask_migrate import upgrade

    from .extensions import db
    from .services.bank import import_bank
    from .services.rubrics import import_rubrics

    upgrade(directory=current_app.extensions["migrate"].directory)
    try:
        report = import_bank(current_app.config["QUESTION_BANK_DIR"])
        rubric_report = import_rubrics(current_app.config["RUBRICS_DIR"])
    except ContentError as error:
        db.session.rollback()
        _fail_with_problems(error, "was imported")
    db.session.commit()
    click.echo(f"Database migrated. Question bank: {report.summary()}. Rubrics: "
               f"{len(rubric_report['added'])} added, {len(rubric_report['updated'])} updated.")


@cli.group()
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(
    ["admin", "hiring_manager", "interviewer", "recruiter"]))
@click.option("--name", default="", help="Display name (defaults to the email's local part).")
@click.password_option(envvar="INTERVIEWKIT_NEW_USER_PASSWORD")
@with_appcontext
def users_create(email: str, role: str, name: str, password: str) -> None:
    """Create a user account."""
    from .extensions import db
    from .services.users import UserError, create_user

    try:
        user = create_user(email, name or email.split("@")[0], role, password)
    except UserError as error:
        db.session.rollback()
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    db.session.commit()
    click.echo(f"Created {user.role_name.lower()} {user.email}.")


@cli.command()
@with_appcontext
def demo() -> None:
    """Set up a demo database: migrate, import content, demo accounts and loops (idempotent)."""
    from .extensions import db
    from .services.demo import DEMO_PASSWORD, seed_demo

    _init_content()
    created = seed_demo()
    db.session.commit()
    click.echo(f"Demo accounts ({'created' if created else 'already there'}), "
               f"password {DEMO_PASSWORD!r}:")
    from .services.demo import DEMO_USERS

    for email, _, role in DEMO_USERS:
        click.echo(f"  {email:<28} {role}")

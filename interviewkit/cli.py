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
    from .domain.yaml_source import read_source

    root = Path(_bank_dir(directory))
    files = sorted(root.glob("*.y*ml"))
    if not files:
        click.echo(f"{root}: no question files found", err=True)
        sys.exit(1)
    try:
        sources = {str(p): read_source(p) for p in files}
    except ContentError as error:
        _fail_with_problems(error, "is wrong elsewhere")
    problems = lint_bank(sources)
    if problems:
        _fail_with_problems(ContentError(problems), "is wrong elsewhere")
    count = len(load_bank(root))
    click.echo(f"{count} questions in {len(sources)} files: no problems.")


# An import that would retire more than this share of the active questions is refused unless
# --allow-retire says it is meant (a folder holding one file of five would retire 80%).
MAX_RETIRE_SHARE = 0.10


@bank.command("import")
@click.option("--dir", "directory", help="Folder of question YAML files.")
@click.option("--allow-retire", is_flag=True,
              help=f"Retire questions missing from the folder even when they are more than "
                   f"{MAX_RETIRE_SHARE:.0%} of the active bank.")
@with_appcontext
def bank_import(directory: str | None, allow_retire: bool) -> None:
    """Import the bank: new questions added, changed ones versioned, removed ones retired."""
    from .extensions import db
    from .models import BankQuestion
    from .services.bank import sync_questions

    try:
        questions = load_bank(_bank_dir(directory))
    except ContentError as error:
        db.session.rollback()
        _fail_with_problems(error, "was imported")
    active = set(db.session.execute(
        db.select(BankQuestion.id).where(BankQuestion.active)).scalars())
    missing = active - {q.id for q in questions}
    if active and len(missing) > MAX_RETIRE_SHARE * len(active) and not allow_retire:
        click.echo(f"This import would retire {len(missing)} of {len(active)} active questions "
                   f"({len(missing) / len(active):.0%}; the limit is {MAX_RETIRE_SHARE:.0%}), "
                   f"because they are missing from {_bank_dir(directory)}. Nothing was "
                   "imported. Check the folder, or pass --allow-retire if that is meant.",
                   err=True)
        sys.exit(1)
    report = sync_questions(questions)
    db.session.commit()
    click.echo(f"Question bank: {report.summary()}.")


# --- commands that live beside the code they drive ------------------------------------------

COMMAND_MODULES = {"cli_rubrics": ("rubric", "flags"), "cli_printing": ("loops", "packet", "kit"),
                   "cli_coding": ("coding",),
                   "cli_mail": ("outbox", "remind", "worker")}


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


@cli.group(cls=click.Group, invoke_without_command=True)
@click.option("--lane", help=f"One of: {_choice_list(catalog.LANE_IDS)}.")
@click.option("--level", help=f"One of: {_choice_list(catalog.LEVEL_IDS)}.")
@click.option("--domain", help=f"One of: {_choice_list(catalog.DOMAIN_IDS)}.")
@click.option("--deployment-target", "deployment_target",
              help=f"One of: {_choice_list(catalog.DEPLOYMENT_TARGET_IDS)}.")
@click.option("--work-type", "work_type", help=f"One of: {_choice_list(catalog.WORK_TYPE_IDS)}.")
@click.option("--platform-team", "platform_team", type=click.Choice(["yes", "no"]),
              help="Is there a platform/MLOps team? 'no' means the hire owns infrastructure.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--exclude", default="", help="Question ids the candidate has seen, comma-separated.")
@click.option("--minutes", default="",
              help="Round lengths, e.g. screen=45,system_design=60 (others keep defaults).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--bank", "bank_dir", help="Folder of question YAML files.")
@click.pass_context
def plan(ctx: click.Context, lane: str | None, level: str | None, domain: str | None,
         deployment_target: str | None, work_type: str | None, platform_team: str | None,
         seed: int, exclude: str, minutes: str, fmt: str, bank_dir: str | None) -> None:
    """Plan a four-round loop for a lane and level from the question bank.

    `interviewkit plan audit` checks the planner over every intake instead.
    """
    if ctx.invoked_subcommand is not None:
        return
    missing = [name for name, value in (("--lane", lane), ("--level", level)) if not value]
    if missing:
        click.echo(f"error: missing option {' and '.join(missing)}", err=True)
        sys.exit(2)
    round_minutes = dict(catalog.DEFAULT_ROUND_MINUTES)
    try:
        for part in filter(None, (p.strip() for p in minutes.split(","))):
            name, _, value = part.partition("=")
            round_minutes[name.strip()] = int(value)
    except ValueError:
        click.echo(f"--minutes: expected round=minutes pairs, got {minutes!r}", err=True)
        sys.exit(2)
    intake = Intake(lane=lane, level=level, domain=domain or None, round_minutes=round_minutes,
                    exclude=frozenset(filter(None, (e.strip() for e in exclude.split(",")))),
                    deployment_target=deployment_target or None, work_type=work_type or None,
                    platform_team=None if platform_team is None else platform_team == "yes")
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


@plan.command("audit")
@click.option("--seeds", type=click.IntRange(1, 1000), default=20, show_default=True,
              help="Seeds to plan for every lane x level x domain x deployment target.")
@click.option("--bank", "bank_dir", help="Folder of question YAML files.")
@click.option("--limit", type=int, default=50, show_default=True,
              help="Findings to print in full (all are counted).")
def plan_audit(seeds: int, bank_dir: str | None, limit: int) -> None:
    """Plan every intake over N seeds; report concept repeats, uncovered bars, domain leaks,
    mismatched extensions and time overruns; exit 1 on any."""
    from .domain.plan_audit import audit

    try:
        questions = load_bank(_bank_dir(bank_dir))
    except ContentError as error:
        _fail_with_problems(error, "was audited")
    report = audit(questions, seeds)
    for finding in report.findings[:limit]:
        click.echo(finding.line())
    if len(report.findings) > limit:
        click.echo(f"... and {len(report.findings) - limit} more")
    click.echo(report.summary())
    if report.findings:
        sys.exit(1)


def render_plan_text(result) -> str:
    """Render a plan for a terminal."""
    domain = f", {catalog.name_of(catalog.DOMAINS, result.domain)}" if result.domain else ""
    lines = [f"Loop plan: {catalog.name_of(catalog.LANES, result.lane)}, "
             f"{catalog.name_of(catalog.LEVELS, result.level)}{domain} (seed {result.seed})"]
    facts = []
    if result.deployment_target:
        facts.append(catalog.name_of(catalog.DEPLOYMENT_TARGETS, result.deployment_target))
    if result.work_type:
        facts.append(catalog.name_of(catalog.WORK_TYPES, result.work_type).lower())
    if result.platform_team is not None:
        facts.append("a platform team exists" if result.platform_team else
                     "no platform team: the hire owns infrastructure")
    if facts:
        lines.append("Intake: " + "; ".join(facts))
    lines.append("")
    for number, planned in enumerate(result.rounds, 1):
        lines.append(f"{number}. {catalog.name_of(catalog.ROUNDS, planned.round)} — "
                     f"{planned.minutes} min ({planned.question_minutes} min of questions)")
        if planned.reading_minutes:
            lines.append(f"   - [{planned.reading_minutes:>2} min] reading the code and data "
                         f"handed over")
        for q in planned.questions:
            marks = ("if time, " if q.optional else "") + ("pinned, " if q.pinned else "")
            lines.append(f"   - [{q.minutes:>2} min] {q.title}  ({marks}{q.id})")
            lines.append(f"       {q.reason}")
            if q.note and not q.optional:
                lines.append(f"       Note: {q.note}")
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
    from .services.scorecards import settle_unrecorded

    settled = settle_unrecorded()
    db.session.commit()
    if settled:
        click.echo(f"Recorded the settled flags of {settled} scorecard"
                   f"{'s' if settled != 1 else ''} submitted before records were kept.")
    from .services.insight_summaries import refresh_summaries, summaries_missing

    if summaries_missing(db.session):
        cards = refresh_summaries(db.session)
        db.session.commit()
        click.echo(f"Built the insight summaries of {cards} submitted scorecard"
                   f"{'s' if cards != 1 else ''}.")


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


@users.command("prune-attempts")
@click.option("--days", type=click.IntRange(1, 3650), default=None,
              help="Keep this many days (default: LOGIN_ATTEMPT_RETENTION_DAYS).")
@with_appcontext
def users_prune_attempts(days: int | None) -> None:
    """Delete old sign-in attempts (the worker does this on every run)."""
    from datetime import timedelta

    from flask import current_app

    from .extensions import db
    from .services.signin import prune

    keep = days or int(current_app.config["LOGIN_ATTEMPT_RETENTION_DAYS"])
    removed = prune(keep=timedelta(days=keep))
    db.session.commit()
    click.echo(f"Deleted {removed} sign-in attempts older than {keep} days.")


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


@cli.group()
def insights() -> None:
    """Maintain the summaries the insights pages read."""


@insights.command("refresh")
@with_appcontext
def insights_refresh() -> None:
    """Rebuild every insight summary from the scorecards and decisions (a recovery tool).

    The summaries are written with every submit, amendment, decision and cancellation, so
    this is only needed after editing the database by hand or restoring part of it.
    """
    from .extensions import db
    from .services.insight_summaries import refresh_summaries

    cards = refresh_summaries(db.session)
    db.session.commit()
    click.echo(f"Rebuilt the insight summaries from {cards} submitted scorecard"
               f"{'s' if cards != 1 else ''}.")


@cli.group()
def tokens() -> None:
    """Manage personal access tokens for the JSON API."""


@tokens.command("create")
@click.option("--email", required=True, help="The user the token acts as.")
@click.option("--name", required=True, help="What the token is for.")
@click.option("--scope", type=click.Choice(["read", "read_write"]), default="read",
              show_default=True)
@click.option("--days", type=click.IntRange(1, 3650), default=None,
              help="Expire after this many days (default: never).")
@with_appcontext
def tokens_create(email: str, name: str, scope: str, days: int | None) -> None:
    """Create a token and print it (it is shown this once)."""
    from datetime import timedelta

    from .extensions import db
    from .models import utcnow
    from .services.tokens import TokenError, create_token
    from .services.users import find_by_email

    user = find_by_email(email)
    if user is None or not user.active:
        click.echo(f"error: no active user {email}", err=True)
        sys.exit(2)
    try:
        _, text = create_token(user, name, scope,
                               utcnow() + timedelta(days=days) if days else None)
    except TokenError as error:
        db.session.rollback()
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    db.session.commit()
    click.echo(text)

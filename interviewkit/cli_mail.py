"""Commands that send the outbox and queue reminders, once (cron) or in a loop (worker)."""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext


def _now(value: str | None) -> datetime | None:
    """Parse --now (ISO 8601, UTC): lets an operator or a test run the clock forward."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter("expected an ISO 8601 time such as 2026-12-01T09:00Z",
                                 param_hint="--now") from None
    if moment.tzinfo is not None:
        from datetime import UTC

        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


NOW_OPTION = click.option("--now", "now_text", default=None, metavar="ISO",
                          help="Act as if it were this UTC time (testing, catching up).")


@click.group()
def outbox() -> None:
    """Send queued mail, or show what is queued."""


@outbox.command("send")
@click.option("--batch", default=50, show_default=True, help="Messages claimed at a time.")
@NOW_OPTION
@with_appcontext
def outbox_send(batch: int, now_text: str | None) -> None:
    """Send every message and webhook delivery that is due (safe on several hosts at once)."""
    from .services import outbox as service
    from .services import webhooks

    now = _now(now_text)
    # Webhooks first: a mail set-up problem must not hold back the deliveries.
    hooks = webhooks.deliver_all(now=now, batch=batch)
    click.echo(f"Webhooks: {hooks.summary()}.")
    try:
        report = service.send_all(now=now, batch=batch)
    except RuntimeError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    click.echo(f"Outbox: {report.summary()}.")
    if report.failed or hooks.failed:
        sys.exit(1)


@outbox.command("status")
@with_appcontext
def outbox_status() -> None:
    """Count messages and webhook deliveries by status."""
    from .models import WebhookDelivery
    from .services import outbox as service

    def line(counts: dict[str, int]) -> str:
        return ", ".join(f"{counts.get(s, 0)} {s}" for s in ("pending", "sent", "failed"))

    hooks = service.counts(WebhookDelivery)
    click.echo(line(service.counts()) + (f"; webhooks: {line(hooks)}" if hooks else ""))


@click.command()
@NOW_OPTION
@with_appcontext
def remind(now_text: str | None) -> None:
    """Queue the scorecard reminders and debrief notices that are due (safe to run twice)."""
    from .services.reminders import queue_due_reminders

    queued = queue_due_reminders(_now(now_text))
    click.echo(f"Queued {queued} message{'s' if queued != 1 else ''}.")


@click.command()
@click.option("--interval", default=60, show_default=True, help="Seconds between rounds.")
@click.option("--once", is_flag=True, help="Do one round and stop.")
@with_appcontext
def worker(interval: int, once: bool) -> None:
    """Queue reminders and send the outbox every INTERVAL seconds until stopped."""
    from .extensions import db
    from .services import outbox as service
    from .services import webhooks
    from .services.reminders import queue_due_reminders
    from .services.signin import prune as prune_attempts

    name = service.worker_name()
    click.echo(f"worker {name}: every {interval}s; Ctrl-C to stop.")
    while True:
        try:
            queued = queue_due_reminders()
            prune_attempts(keep=timedelta(
                days=int(current_app.config["LOGIN_ATTEMPT_RETENTION_DAYS"])))
            db.session.commit()
            hooks = webhooks.deliver_all(worker=name)
            if hooks.claimed:
                click.echo(f"webhooks: {hooks.summary()}")
            report = service.send_all(worker=name)
            if queued or report.claimed:
                click.echo(f"queued {queued}; {report.summary()}")
        except RuntimeError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(2)
        except Exception as error:  # noqa: BLE001 - a database blip must not stop the worker
            db.session.rollback()
            click.echo(f"error (will retry): {type(error).__name__}: {error}", err=True)
        finally:
            db.session.remove()
        if once:
            return
        try:
            time.sleep(interval)
        except KeyboardInterrupt:
            return

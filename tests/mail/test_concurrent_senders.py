"""Two `interviewkit outbox send` processes over one full outbox: each message arrives once.

Runs on SQLite (the single-writer claim) and, under `make db-test-postgres`, on PostgreSQL
(SELECT … FOR UPDATE SKIP LOCKED). Delivery is counted at a real SMTP server on loopback.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from interviewkit.extensions import db
from interviewkit.models import OutboxMessage
from interviewkit.services import outbox
from tests.mail.smtp_sink import Sink, SmtpServer

pytestmark = pytest.mark.db

MESSAGES = 240


class SlowSink(Sink):
    """Takes a few milliseconds per message, so the two senders' batches interleave."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(0.004)
        return await super().handle_DATA(server, session, envelope)


def sender(database_url: str, smtp_url: str, instance: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "INTERVIEWKIT_SMTP_URL": smtp_url,
           "INTERVIEWKIT_INSTANCE_PATH": str(instance)}
    script = Path(sys.executable).with_name("interviewkit")
    return subprocess.Popen([str(script), "outbox", "send", "--batch", "7"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_senders_deliver_every_message_exactly_once(app, tmp_path):
    with app.app_context():
        for number in range(MESSAGES):
            outbox.enqueue(kind="test", to=f"person{number}@example.com",
                           subject=f"Message {number}", body=f"Body {number}")
        db.session.commit()
        database_url = db.engine.url.render_as_string(hide_password=False)
    server = SmtpServer()
    server.sink = SlowSink()
    server.controller.handler = server.sink
    with server:
        first = sender(database_url, server.url, tmp_path / "a")
        second = sender(database_url, server.url, tmp_path / "b")
        outputs = [process.communicate(timeout=120) for process in (first, second)]
    for process, (_out, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, err
    sent_by = [int(out.split("Outbox: ")[1].split(" sent")[0]) for out, _ in outputs]
    subjects = Counter(m["Subject"] for m in server.sink.messages)
    assert len(server.sink.messages) == MESSAGES
    assert set(subjects.values()) == {1}
    assert set(subjects) == {f"Message {n}" for n in range(MESSAGES)}
    assert sum(sent_by) == MESSAGES
    assert all(count > 0 for count in sent_by), f"one sender did everything: {sent_by}"
    with app.app_context():
        statuses = Counter(db.session.execute(sa.select(OutboxMessage.status)).scalars())
        assert statuses == {"sent": MESSAGES}

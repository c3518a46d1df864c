"""Turning outbox rows into email and handing them to SMTP, or to a log file in the demo."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from ..models import OutboxMessage

SCHEMES = {"smtp": "plain", "smtp+starttls": "starttls", "smtps": "tls"}


class MailConfigError(ValueError):
    """INTERVIEWKIT_SMTP_URL cannot be used."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # plain | starttls | tls
    username: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpSettings:
    """Read smtp://, smtp+starttls:// or smtps://[user[:password]@]host[:port]."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES:
        raise MailConfigError(
            f"INTERVIEWKIT_SMTP_URL must start with smtp://, smtp+starttls:// or smtps:// "
            f"(got {parts.scheme or 'no scheme'!r}).")
    if not parts.hostname:
        raise MailConfigError("INTERVIEWKIT_SMTP_URL names no host.")
    security = SCHEMES[parts.scheme]
    try:
        port = parts.port or {"plain": 25, "starttls": 587, "tls": 465}[security]
    except ValueError as error:
        raise MailConfigError(f"INTERVIEWKIT_SMTP_URL has a bad port: {error}.") from error
    return SmtpSettings(parts.hostname, port, security,
                        unquote(parts.username) if parts.username else None,
                        unquote(parts.password) if parts.password else None)


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """Return the email for one outbox row: plain text, and the invite when there is one."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at.replace(tzinfo=UTC))
    # Stable per row: a resend after a crash is recognisably the same message.
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain="interviewkit")
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.body)
    if message.calendar:
        email.add_alternative(message.calendar, subtype="calendar",
                              params={"method": message.calendar_method or "REQUEST"})
        email.add_attachment(message.calendar.encode(), maintype="application",
                             subtype="ics", filename="invite.ics")
    return email


class Transport(Protocol):
    def __enter__(self) -> Transport: ...
    def __exit__(self, *exc: object) -> None: ...
    def send(self, email: EmailMessage) -> None: ...


class SmtpTransport:
    """One SMTP connection for a batch of messages, with STARTTLS and login as configured."""

    def __init__(self, settings: SmtpSettings, timeout: float = 30.0) -> None:
        self.settings = settings
        self.timeout = timeout
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        s = self.settings
        context = ssl.create_default_context()
        if s.security == "tls":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout,
                                                        context=context)
        else:
            connection = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
        try:
            connection.ehlo()
            if s.security == "starttls":
                connection.starttls(context=context)
                connection.ehlo()
            if s.username:
                connection.login(s.username, s.password or "")
        except BaseException:
            connection.close()
            raise
        self.connection = connection
        return self

    def __exit__(self, *exc: object) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except smtplib.SMTPException:
                self.connection.close()
            except OSError:
                pass
            self.connection = None

    def send(self, email: EmailMessage) -> None:
        assert self.connection is not None
        self.connection.send_message(email)


class LogTransport:
    """Append each message to a file: the demo's mailbox (`interviewkit outbox send`)."""

    SEPARATOR = "\n" + "=" * 72 + "\n"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def __enter__(self) -> LogTransport:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def send(self, email: EmailMessage) -> None:
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(email.as_string())
            handle.write(self.SEPARATOR)

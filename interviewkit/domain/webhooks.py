"""Webhook rules: the events, URL checks, and the signature receivers verify.

Pure: no Flask, no database. A delivery's body is signed with HMAC-SHA256 over
``"<unix time>.<body>"`` and sent as ``Interviewkit-Signature: t=<unix time>,v1=<hex>``; the
time is part of what is signed, so a receiver can refuse old (replayed) deliveries.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

EVENTS = ("loop.published", "scorecard.submitted", "loop.decided")
EVENT_NAMES = {
    "loop.published": "A loop is published",
    "scorecard.submitted": "A scorecard is submitted",
    "loop.decided": "A hiring decision is recorded",
}
# A ping is sent on request (to check the receiver); nobody subscribes to it.
PING = "ping"

SIGNATURE_HEADER = "Interviewkit-Signature"
SECRET_PREFIX = "whsec_"
MAX_URL = 2000
# A receiver should refuse a signature older than this (README: verifying deliveries).
TOLERANCE_SECONDS = 300


class WebhookUrlError(ValueError):
    """Raised for a URL deliveries cannot go to; the message is for the admin."""


def check_url(url: str) -> str:
    """Return the URL trimmed if deliveries can go to it; raise WebhookUrlError otherwise."""
    url = (url or "").strip()
    if not url:
        raise WebhookUrlError("Enter the URL deliveries are sent to.")
    if len(url) > MAX_URL:
        raise WebhookUrlError(f"Keep the URL under {MAX_URL} characters.")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise WebhookUrlError("The URL may not contain spaces or control characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise WebhookUrlError("This is not a valid URL.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise WebhookUrlError("Use an http:// or https:// URL.")
    if not parts.hostname:
        raise WebhookUrlError("The URL needs a host name, e.g. https://ats.example.com/hooks.")
    if parts.username is not None or parts.password is not None:
        raise WebhookUrlError("Put no user name or password in the URL; deliveries are "
                              "signed with the secret instead.")
    if port == 0:
        raise WebhookUrlError("This is not a valid URL.")
    if parts.fragment:
        raise WebhookUrlError("Leave the #fragment out: it is never sent to the server.")
    return url


def check_events(events: list[str] | tuple[str, ...]) -> list[str]:
    """Return the events in catalogue order; raise ValueError for an unknown or empty list."""
    unknown = [e for e in events if e not in EVENTS]
    if unknown:
        raise ValueError(f"Unknown event {unknown[0]!r}; choose from {', '.join(EVENTS)}.")
    chosen = [e for e in EVENTS if e in set(events)]
    if not chosen:
        raise ValueError("Choose at least one event.")
    return chosen


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """Return the hex HMAC-SHA256 of ``"<timestamp>.<body>"`` under the secret."""
    message = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={int(timestamp)},v1={signature(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, now: float,
           tolerance: int = TOLERANCE_SECONDS) -> bool:
    """Return whether a signature header is valid for the body and recent enough."""
    fields: dict[str, list[str]] = {}
    for part in (header or "").split(","):
        name, _, value = part.strip().partition("=")
        fields.setdefault(name, []).append(value)
    stamps = fields.get("t", [])
    if len(stamps) != 1 or not stamps[0].isdigit():
        return False
    timestamp = int(stamps[0])
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in fields.get("v1", []))

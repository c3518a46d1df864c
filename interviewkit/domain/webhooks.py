"""Webhook rules: the events, URL checks, and the signature receivers verify.

Pure: no Flask, no database. A delivery's body is signed with HMAC-SHA256 over
``"<unix time>.<body>"`` and sent as ``Interviewkit-Signature: t=<unix time>,v1=<hex>``; the
time is part of what is signed, so a receiver can refuse old (replayed) deliveries.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import ipaddress
import re
import secrets
import socket
from urllib.parse import urlsplit

EVENTS = ("loop.published", "scorecard.submitted", "scorecard.amended", "loop.decided",
          "loop.cancelled")
EVENT_NAMES = {
    "loop.published": "A loop is published",
    "scorecard.submitted": "A scorecard is submitted",
    "scorecard.amended": "A submitted scorecard is amended",
    "loop.decided": "A hiring decision is recorded",
    "loop.cancelled": "A loop is cancelled",
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


Address = ipaddress.IPv4Address | ipaddress.IPv6Address

PRIVATE_TARGET_REFUSED = (
    "Deliveries cannot go to {what}: it is a loopback, private, link-local or other "
    "non-public address. Use the receiver's public address (an administrator can allow "
    "private targets with INTERVIEWKIT_WEBHOOK_ALLOW_PRIVATE_TARGETS=1).")
# Names every resolver answers with a loopback address, whatever DNS says.
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
# Digits, hex and dots only: the shorthand IPv4 forms (127.1, 0x7f000001, 2130706433) that
# the C resolver turns into addresses without asking DNS.
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}\.?$", re.I)


def literal_address(host: str) -> Address | None:
    """Return the address a host names without DNS (an IP literal, shorthand IPv4 included)."""
    host = (host or "").strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
        except OSError:
            return None
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in ipaddress.IPv6Network("64:ff9b::/96"):  # NAT64: the IPv4 it reaches
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in ipaddress.IPv6Network("::/96"):  # deprecated IPv4-compatible form
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public_address(address: Address | str) -> bool:
    """Return whether deliveries may go to this address: globally routable unicast only."""
    if isinstance(address, str):
        try:
            address = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return False
        embedded = _embedded_ipv4(address)
        if embedded is not None and not is_public_address(embedded):
            return False
        if address.is_site_local:
            return False
    return not (address.is_private or address.is_loopback or address.is_link_local
                or address.is_multicast or address.is_unspecified or address.is_reserved
                or not address.is_global)


def check_host(host: str, allow_private: bool = False) -> None:
    """Raise WebhookUrlError for a host that names a non-public address without DNS."""
    name = (host or "").rstrip(".").lower()
    if allow_private:
        return
    if name in _LOCAL_NAMES or name.endswith(".localhost"):
        raise WebhookUrlError(PRIVATE_TARGET_REFUSED.format(what=f"'{host}'"))
    address = literal_address(name)
    if address is not None and not is_public_address(address):
        raise WebhookUrlError(PRIVATE_TARGET_REFUSED.format(what=str(address)))


def check_resolved(host: str, addresses: list[str], allow_private: bool = False) -> None:
    """Raise WebhookUrlError if any address the host resolved to is not public."""
    if allow_private:
        return
    for address in addresses:
        if not is_public_address(address):
            raise WebhookUrlError(PRIVATE_TARGET_REFUSED.format(
                what=f"'{host}' (it resolves to {address.split('%', 1)[0]})"))


def check_url(url: str, allow_private: bool = False) -> str:
    """Return the URL trimmed if deliveries can go to it; raise WebhookUrlError otherwise.

    Pure: a host name is not looked up here (the service does that, and again at delivery),
    but an address written in the URL must be public unless private targets are allowed."""
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
    if not valid_host(parts.hostname):
        raise WebhookUrlError("The host name is not valid.")
    check_host(parts.hostname, allow_private)
    return url


_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$", re.I)


def valid_host(host: str) -> bool:
    """Return whether a URL's host is an IP literal or a syntactically valid DNS name."""
    if literal_address(host) is not None:
        return True
    try:
        ascii_host = host.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return 0 < len(ascii_host) <= 253 and all(
        _LABEL.match(label) for label in ascii_host.split("."))


def check_events(events: list[str] | tuple[str, ...]) -> list[str]:
    """Return the events in catalogue order; raise ValueError for an unknown or empty list."""
    unknown = [e for e in events if e not in EVENTS]
    if unknown:
        raise ValueError(f"Unknown event {unknown[0]!r}; choose from {', '.join(EVENTS)}.")
    chosen = [e for e in EVENTS if e in set(events)]
    if not chosen:
        raise ValueError("Choose at least one event.")
    return chosen


def without_notes(event: str, data: dict) -> dict:
    """Return a copy of an event's data with everything written about the candidate removed.

    The one list of what "notes" means in a payload: scorecard notes and evidence, the words
    behind a flag and the reason for settling it, the decision reason, the cancel reason."""
    data = copy.deepcopy(data)
    if event in ("scorecard.submitted", "scorecard.amended"):
        card = data.get("scorecard") or {}
        card.pop("notes", None)
        card.pop("evidence", None)
        for flag in card.get("flags") or []:
            flag.pop("because", None)
            flag.pop("reason", None)
    elif event == "loop.decided":
        (data.get("decision") or {}).pop("reason", None)
    elif event == "loop.cancelled":
        (data.get("cancellation") or {}).pop("reason", None)
    return data


def scoped_envelope(envelope: dict, include_notes: bool) -> dict:
    """Return the envelope as a subscription with this scope may receive it now.

    A delivery queued while the subscription included notes loses them if the scope was
    narrowed since; one queued without notes never gains them."""
    if include_notes or not envelope.get("include_notes"):
        return envelope
    return {**envelope, "include_notes": False,
            "data": without_notes(str(envelope.get("type")), envelope.get("data") or {})}


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

"""Posting one webhook delivery: resolve the host within a time limit, refuse non-public
addresses, connect to the address that was checked, and give up when the attempt's whole
time is spent.

Connecting to the checked address (not the name) is what stops DNS rebinding: a name that
answers with a public address for the check and a private one for the connection never gets
the second look-up. The Host header, TLS SNI and certificate check still use the name.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..domain import webhooks as rules

READ_LIMIT = 65536


@dataclass(frozen=True)
class Answer:
    """What one POST came to: the receiver's status code, or the error that stopped it."""

    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class LookupTimeout(OSError):
    """Raised when the resolver did not answer in time."""


def resolve(host: str, port: int, timeout: float) -> list[tuple[int, str]]:
    """Return (family, address) pairs for a host, or raise within `timeout` seconds.

    getaddrinfo has no timeout of its own: it runs in a daemon thread that is abandoned
    (and finishes on its own) when the time is up."""
    literal = rules.literal_address(host)
    if literal is not None:
        family = socket.AF_INET6 if literal.version == 6 else socket.AF_INET
        return [(family, str(literal))]
    found: list = []
    failure: list[BaseException] = []

    def look_up() -> None:
        try:
            found.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                            proto=socket.IPPROTO_TCP))
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            failure.append(error)

    worker = threading.Thread(target=look_up, name="webhook-dns", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise LookupTimeout(f"no answer from DNS for {host} in {timeout:g} s")
    if failure:
        raise failure[0]
    addresses: list[tuple[int, str]] = []
    for family, _, _, _, sockaddr in found:
        pair = (family, str(sockaddr[0]))
        if pair not in addresses:
            addresses.append(pair)
    if not addresses:
        raise socket.gaierror(f"no address for {host}")
    return addresses


def check_target(url: str, allow_private: bool, dns_timeout: float) -> list[tuple[int, str]]:
    """Return the addresses a URL's host resolves to, all public unless private is allowed.

    Raises WebhookUrlError for a refused target, OSError when the name does not resolve."""
    rules.check_url(url, allow_private)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    addresses = resolve(parts.hostname, port, dns_timeout)
    rules.check_resolved(parts.hostname, [a for _, a in addresses], allow_private)
    return addresses


class _Deadline:
    """Shut a socket when the attempt's time is up, whatever call is blocked on it."""

    def __init__(self, seconds_left: float) -> None:
        self._timer: threading.Timer | None = None
        self._seconds = seconds_left
        self.expired = False

    def watch(self, sock: socket.socket) -> None:
        def expire() -> None:
            self.expired = True
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        self._timer = threading.Timer(max(self._seconds, 0.0), expire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: tuple[int, str], timeout: float,
                 deadline: _Deadline) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address
        self._deadline = deadline

    def _open_socket(self) -> socket.socket:
        family, ip = self._address
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        self._deadline.watch(sock)
        try:
            sock.connect((ip, self.port))
        except BaseException:
            sock.close()
            raise
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def connect(self) -> None:
        self.sock = self._open_socket()


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    def __init__(self, *args, context: ssl.SSLContext, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._context = context

    def connect(self) -> None:
        # SNI and the certificate check use the name in the URL, not the pinned address.
        self.sock = self._context.wrap_socket(self._open_socket(), server_hostname=self.host)


class HttpTransport:
    """POST a delivery: a checked, pinned address, no redirects, one time limit for all of it.

    `timeout` bounds the whole attempt (look-up, connect, TLS, send and reading the answer);
    `dns_timeout` bounds the look-up alone."""

    def __init__(self, timeout: float = 10.0, allow_private: bool = False,
                 dns_timeout: float = 5.0, ssl_context: ssl.SSLContext | None = None) -> None:
        self.timeout = timeout
        self.allow_private = allow_private
        self.dns_timeout = dns_timeout
        self.ssl_context = ssl_context or ssl.create_default_context()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Answer:
        started = time.monotonic()
        try:
            status, error = self._post(url, body, headers, started)
        except rules.WebhookUrlError as refused:
            status, error = None, f"Refused: {refused}"
        except Exception as failure:  # noqa: BLE001 - refused, timed out, garbled: retried
            status, error = None, f"{type(failure).__name__}: {failure}"
        return Answer(status, error, int((time.monotonic() - started) * 1000))

    def _left(self, started: float) -> float:
        left = self.timeout - (time.monotonic() - started)
        if left <= 0:
            raise TimeoutError(f"no answer in {self.timeout:g} s")
        return left

    def _post(self, url: str, body: bytes, headers: dict[str, str],
              started: float) -> tuple[int | None, str | None]:
        addresses = check_target(url, self.allow_private,
                                 min(self.dns_timeout, self._left(started)))
        parts = urlsplit(url)
        https = parts.scheme.lower() == "https"
        port = parts.port or (443 if https else 80)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        last_error: Exception | None = None
        for address in addresses:
            left = self._left(started)
            deadline = _Deadline(left)
            if https:
                connection: _PinnedHTTPConnection = _PinnedHTTPSConnection(
                    parts.hostname, port, address, left, deadline, context=self.ssl_context)
            else:
                connection = _PinnedHTTPConnection(parts.hostname, port, address, left,
                                                   deadline)
            try:
                try:
                    connection.connect()
                except OSError as error:  # this address refused: try the next one checked
                    if deadline.expired:
                        raise TimeoutError(f"no answer in {self.timeout:g} s") from None
                    last_error = error
                    continue
                try:
                    connection.request("POST", target, body=body, headers=headers)
                    response = connection.getresponse()
                    response.read(READ_LIMIT)
                    if deadline.expired:  # the answer was cut short: not an answer
                        raise TimeoutError(f"no answer in {self.timeout:g} s")
                except OSError:
                    if deadline.expired:
                        raise TimeoutError(f"no answer in {self.timeout:g} s") from None
                    raise
                except http.client.HTTPException:
                    if deadline.expired:
                        raise TimeoutError(f"no answer in {self.timeout:g} s") from None
                    raise
                # Never followed: a redirect is the receiver's mistake to fix, and following
                # it would post the signed body to an address nobody registered.
                if 200 <= response.status < 300:
                    return response.status, None
                return response.status, f"HTTP {response.status} {response.reason}".strip()
            finally:
                deadline.cancel()
                connection.close()
        raise last_error or OSError("no address to connect to")

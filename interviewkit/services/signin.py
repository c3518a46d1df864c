"""Sign-in throttling kept in the database, so every app server shares it.

Two counters, each over a sliding window: failed attempts for an account, and failed attempts
from an address. Past a counter's allowance each further try must wait a back-off that doubles
with every failure, up to a cap; attempts refused while waiting are logged but never counted,
so nobody can keep an account locked by trying now and then. A browser that has signed in to
the account before (a signed "known device" cookie) is not held back by either counter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func

from ..extensions import db
from ..models import LoginAttempt, utcnow


@dataclass(frozen=True)
class Limits:
    account_failures: int = 5      # failures for one account before back-off starts
    address_failures: int = 20     # failures from one address before back-off starts
    window_minutes: int = 15
    backoff_seconds: int = 15      # first wait; doubles with each further failure
    backoff_max_seconds: int = 600

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(account_failures=int(config["LOGIN_MAX_FAILURES"]),
                   address_failures=int(config["LOGIN_ADDRESS_MAX_FAILURES"]),
                   window_minutes=int(config["LOGIN_WINDOW_MINUTES"]),
                   backoff_seconds=int(config["LOGIN_BACKOFF_SECONDS"]),
                   backoff_max_seconds=int(config["LOGIN_BACKOFF_MAX_SECONDS"]))


def backoff(failures: int, allowance: int, limits: Limits) -> float:
    """Seconds to wait after the last failure, given how many failures the window holds."""
    if failures < allowance:
        return 0.0
    return float(min(limits.backoff_seconds * 2 ** min(failures - allowance, 20),
                     limits.backoff_max_seconds))


def _failures(column, value: str, since: datetime) -> tuple[int, datetime | None]:
    count, last = db.session.execute(
        db.select(func.count(), func.max(LoginAttempt.at)).where(
            column == value, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False),
            LoginAttempt.throttled.is_(False))).one()
    return int(count), last


def wait_seconds(email: str, address: str, limits: Limits, now: datetime | None = None) -> int:
    """Return how many seconds this sign-in must wait (0: go ahead)."""
    now = now or utcnow()
    since = now - timedelta(minutes=limits.window_minutes)
    longest = 0.0
    for column, value, allowance in ((LoginAttempt.email, email, limits.account_failures),
                                     (LoginAttempt.remote_addr, address,
                                      limits.address_failures)):
        count, last = _failures(column, value, since)
        if last is None:
            continue
        remaining = backoff(count, allowance, limits) - (now - last).total_seconds()
        longest = max(longest, remaining)
    return int(longest + 0.999) if longest > 0 else 0


def record(email: str, address: str, *, succeeded: bool = False,
           throttled: bool = False) -> None:
    db.session.add(LoginAttempt(email=email, remote_addr=address[:64], succeeded=succeeded,
                                throttled=throttled))


def prune(now: datetime | None = None, keep: timedelta = timedelta(days=30)) -> int:
    """Delete sign-in attempts older than `keep` (never younger than the throttle window
    needs); return how many went. The worker runs it, so the table stays small."""
    cutoff = (now or utcnow()) - keep
    result = db.session.execute(db.delete(LoginAttempt).where(LoginAttempt.at < cutoff))
    return int(result.rowcount or 0)

"""One clock for stored timestamps: naive UTC, the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current UTC time without tzinfo, as every column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)

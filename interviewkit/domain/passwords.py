"""Password policy: long enough, not common or breached, not the person's own email.

The list of common and breached passwords ships with the app (interviewkit/data), so the
check needs no network. It is read once per process.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 10
MAX_LENGTH = 200
COMMON_PASSWORDS = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"

_TRAILING = re.compile(r"[\d\W_]+$")
_LEADING = re.compile(r"^[\d\W_]+")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def password_problem(password: str, email: str | None = None) -> str | None:
    """Return why a password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if email:
        address = email.strip().lower()
        local = address.partition("@")[0]
        if address in lowered or (len(local) >= 4 and local in lowered):
            return "Do not use your email address in your password."
    if len(set(lowered)) < 4:
        return "Use more than three different characters."
    common = common_passwords()
    core = _LEADING.sub("", _TRAILING.sub("", lowered))
    if lowered in common or (len(core) >= 6 and core in common):
        return ("That password is on a list of common or breached passwords. "
                "Choose another; a few unrelated words work well.")
    return None

"""Record who changed what, with the values before and after."""

from __future__ import annotations

from typing import Any

from ..extensions import db
from ..models import AuditEntry


def record(actor_id: int | None, action: str, entity_type: str, entity_id: object,
           before: Any = None, after: Any = None) -> AuditEntry:
    """Append one audit entry to the current transaction."""
    entry = AuditEntry(actor_id=actor_id, action=action, entity_type=entity_type,
                       entity_id=str(entity_id), before=before, after=after)
    db.session.add(entry)
    return entry

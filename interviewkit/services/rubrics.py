"""Import rubric YAML into the database and parse the current rubric set back out."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..domain.rubric import RubricSet, parse_rubric_set
from ..extensions import db
from ..models import RubricDocument, utcnow


def read_rubric_sources(directory: str | Path) -> dict[str, str]:
    """Return the rubric files of a directory by file name."""
    root = Path(directory)
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(root.glob("*.yaml"))}


def import_rubrics(directory: str | Path) -> dict[str, list[str]]:
    """Check every rubric file (raising ContentError) and store the texts, versioned."""
    sources = read_rubric_sources(directory)
    parse_rubric_set(sources)
    report: dict[str, list[str]] = {"added": [], "updated": [], "removed": [], "unchanged": []}
    existing = {row.name: row for row in db.session.execute(db.select(RubricDocument)).scalars()}
    for name, text in sources.items():
        digest = hashlib.sha256(text.encode()).hexdigest()
        row = existing.get(name)
        if row is None:
            db.session.add(RubricDocument(name=name, text=text, content_hash=digest))
            report["added"].append(name)
        elif row.content_hash != digest:
            row.text, row.content_hash = text, digest
            row.version += 1
            row.imported_at = utcnow()
            report["updated"].append(name)
        else:
            report["unchanged"].append(name)
    for name, row in existing.items():
        if name not in sources:
            db.session.delete(row)
            report["removed"].append(name)
    db.session.flush()
    return report


def current_rubric_set() -> RubricSet:
    """Return the imported rubric set, parsed once per distinct content.

    Every autosave asks for it, so only the digests are read; the texts only when new.
    """
    key = tuple((name, digest) for name, digest in db.session.execute(
        db.select(RubricDocument.name, RubricDocument.content_hash)
        .order_by(RubricDocument.name)))
    if key not in _PARSED:
        texts = {name: text for name, text in db.session.execute(
            db.select(RubricDocument.name, RubricDocument.text))}
        if len(_PARSED) >= 8:
            _PARSED.clear()
        _PARSED[key] = parse_rubric_set(texts)
    return _PARSED[key]


# Parsed rubric sets by (file name, digest) pairs; content-keyed, so safe across hosts.
_PARSED: dict[tuple, RubricSet] = {}

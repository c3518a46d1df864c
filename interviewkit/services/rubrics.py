"""Import rubric YAML into the database and parse the current rubric set back out."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..domain.rubric import RubricSet, parse_rubric_set
from ..extensions import db
from ..models import RubricDocument, RubricVersion, utcnow


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
    _keep_version(sources)
    db.session.flush()
    return report


def rubric_digest(texts: dict[str, str]) -> str:
    """Return one digest for a whole set of rubric files (names and texts)."""
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    return digest.hexdigest()


def _keep_version(texts: dict[str, str]) -> RubricVersion:
    """Add the set as a new version unless it is the latest one; old versions stay."""
    digest = rubric_digest(texts)
    latest = db.session.execute(
        db.select(RubricVersion).order_by(RubricVersion.version.desc()).limit(1)
    ).scalar_one_or_none()
    if latest is not None and latest.digest == digest:
        return latest
    row = RubricVersion(version=(latest.version + 1) if latest else 1, digest=digest,
                        texts=dict(texts), imported_at=utcnow())
    db.session.add(row)
    return row


def latest_rubric_version() -> int | None:
    """Return the number of the newest rubric version, or None before any import."""
    return db.session.execute(db.select(db.func.max(RubricVersion.version))).scalar()


def rubric_set_of_version(version: int | None) -> RubricSet:
    """Return the rubric set as it was at a version (the current one for None)."""
    if version is None:
        return current_rubric_set()
    # Versions are only ever added, never edited, so a parsed version is good for the life
    # of the process: every autosave reads its loop's rubrics without a query.
    if version not in _BY_VERSION:
        row = db.session.execute(db.select(RubricVersion.digest, RubricVersion.texts).where(
            RubricVersion.version == version)).one()
        _BY_VERSION[version] = _parsed_for(row.digest, row.texts)
    return _BY_VERSION[version]


def forget_parsed_versions() -> None:
    """Drop the parsed versions (for a database whose versions were deleted, as in tests)."""
    _BY_VERSION.clear()


def _parsed_for(digest: str, texts: dict[str, str]) -> RubricSet:
    if digest not in _PARSED_BY_DIGEST:
        if len(_PARSED_BY_DIGEST) >= 8:
            _PARSED_BY_DIGEST.clear()
        _PARSED_BY_DIGEST[digest] = parse_rubric_set(texts)
    return _PARSED_BY_DIGEST[digest]


_PARSED_BY_DIGEST: dict[str, RubricSet] = {}
_BY_VERSION: dict[int, RubricSet] = {}


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

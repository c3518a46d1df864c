"""Draft loops for many candidates at once, from an applicant tracker's CSV export.

All or nothing: every row is read and checked before the first loop is planned, and any
problem (with its line and column) stops the whole import. Each loop is then planned exactly
as the intake form plans one (`loops.create_draft_loop`), owned by the person importing.
Services flush; the caller commits, or rolls back when ImportRejected is raised.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from ..domain import candidate_import
from ..domain.candidate_import import CandidateRow, ImportProblem
from ..extensions import db
from ..models import Loop, User
from . import audit
from . import loops as loop_service

NO_CANDIDATES = ImportProblem(None, None, "the file holds no candidates")


class ImportRejected(Exception):
    """Raised when the file has problems; nothing was created."""

    def __init__(self, problems: tuple[ImportProblem, ...] | list[ImportProblem]):
        super().__init__(f"{len(problems)} problem(s) in the file")
        self.problems = tuple(problems)


@dataclass(frozen=True)
class PreviewRow:
    row: CandidateRow
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ImportPreview:
    rows: tuple[PreviewRow, ...]
    problems: tuple[ImportProblem, ...]
    ignored_columns: tuple[str, ...]
    delimiter: str

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def limits() -> tuple[int, int]:
    """The largest file (bytes) and the most candidates one import takes."""
    return (int(current_app.config.get("IMPORT_MAX_BYTES") or candidate_import.MAX_BYTES),
            int(current_app.config.get("IMPORT_MAX_ROWS") or candidate_import.MAX_ROWS))


def intake_for(row: CandidateRow) -> loop_service.LoopIntake:
    return loop_service.LoopIntake(
        candidate_name=row.name, candidate_email=row.email, role_title=row.role_title,
        lane=row.lane, level=row.level, domain=row.domain,
        deployment_target=row.deployment_target)


def preview(owner: User, data: bytes) -> ImportPreview:
    """Read and check the file as the import would; write nothing."""
    max_bytes, max_rows = limits()
    parsed = candidate_import.read_candidates(data, max_bytes=max_bytes, max_rows=max_rows)
    problems = list(parsed.problems)
    for row in parsed.rows:
        try:
            loop_service.check_intake(intake_for(row))
        except loop_service.LoopError as error:
            problems.append(ImportProblem(row.line, None, str(error)))
    open_loops = _open_loops_by_email(owner, [r.email for r in parsed.rows])
    rows = tuple(PreviewRow(row, tuple(
        f"You already have loop #{loop.id} for {row.email} ({loop.status.replace('_', ' ')})."
        for loop in open_loops.get(row.email, []))) for row in parsed.rows)
    return ImportPreview(rows, tuple(problems), parsed.ignored_columns, parsed.delimiter)


@dataclass(frozen=True)
class ImportResult:
    loops: tuple[Loop, ...]
    preview: ImportPreview  # as checked before the first loop was created


def import_loops(owner: User, data: bytes) -> ImportResult:
    """Plan one draft loop per candidate in the file, owned by `owner`; all or nothing."""
    checked = preview(owner, data)
    if not checked.ok:
        raise ImportRejected(checked.problems or (NO_CANDIDATES,))
    created = []
    for item in checked.rows:
        try:
            created.append(loop_service.create_draft_loop(owner, intake_for(item.row)))
        except loop_service.LoopError as error:  # checked above; kept as a line-named refusal
            raise ImportRejected([ImportProblem(item.row.line, None, str(error))]) from error
    db.session.flush()
    audit.record(owner.id, "loop.import", "loop", created[0].id, None,
                 {"loops": [loop.id for loop in created], "rows": len(created)})
    return ImportResult(tuple(created), checked)


def _open_loops_by_email(owner: User, emails: list[str]) -> dict[str, list[Loop]]:
    if not emails:
        return {}
    found: dict[str, list[Loop]] = {}
    rows = db.session.execute(db.select(Loop).where(
        Loop.owner_id == owner.id, Loop.candidate_email.in_(emails),
        Loop.cancelled_at.is_(None), Loop.decision.is_(None)).order_by(Loop.id)).scalars()
    for loop in rows:
        found.setdefault(loop.candidate_email, []).append(loop)
    return found

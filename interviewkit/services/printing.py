"""What the printouts need from the database: kit data, loops to batch, who may print what."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from ..domain import policy
from ..domain.kit import KitCriterion, KitData, KitProbe, KitQuestion
from ..domain.rubric import RubricSet
from ..extensions import db
from ..models import Loop, LoopRound, User
from .loading import loops_with_graph
from .scorecards import rubrics_for

PACKET_ROLES = policy.PACKET_PRINTERS
BATCH_ROLES = policy.BATCH_PRINTERS
KIT_ROLES = policy.KIT_PRINTERS
MAX_BATCH = 100
POINTS = (1, 2, 3, 4)


class PrintingError(LookupError):
    """Raised when what was asked for does not exist; the message says what."""


# --- access --------------------------------------------------------------------------------

def can_print_packet(loop: Loop, user: User) -> bool:
    """Return whether a user may print a loop's debrief: its manager or a recruiter."""
    return policy.can_print_packet(user, loop)


def can_print_kit(loop_round: LoopRound, user: User) -> bool:
    """Return whether a user may print a round's kit: its interviewers, the owner, recruiters."""
    return policy.can_print_kit(user, loop_round)


# --- finding loops and rounds ----------------------------------------------------------------

def _loaded() -> sa.Select:
    return loops_with_graph()


def get_loop(loop_id: int) -> Loop | None:
    """Return a loop with everything a printout reads loaded, or None."""
    return db.session.execute(_loaded().where(Loop.id == loop_id)).scalar_one_or_none()


def loops_by_ids(loop_ids: Sequence[int]) -> list[Loop]:
    """Return the loops in the order asked; raise PrintingError naming any that do not exist."""
    wanted = list(dict.fromkeys(loop_ids))
    if len(wanted) > MAX_BATCH:
        raise PrintingError(f"at most {MAX_BATCH} loops in one batch")
    found = {loop.id: loop for loop in
             db.session.execute(_loaded().where(Loop.id.in_(wanted))).scalars()}
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise PrintingError(f"no loop {', '.join(missing)}")
    return [found[i] for i in wanted]


def debrief_loops_on(day: date) -> list[Loop]:
    """Return the published loops whose last interview falls on a day, by candidate name.

    The debrief follows the last round of a loop, so "debriefs on D" are the loops that end
    on D. Loops with no scheduled round are left out.
    """
    start = datetime.combine(day, time.min)
    end = start + timedelta(days=1)
    last = (db.select(LoopRound.loop_id, sa.func.max(LoopRound.scheduled_at).label("last"))
            .group_by(LoopRound.loop_id).subquery())
    query = (_loaded().join(last, last.c.loop_id == Loop.id)
             .where(last.c.last >= start, last.c.last < end, Loop.status != "draft")
             .order_by(Loop.candidate_name, Loop.id))
    loops = list(db.session.execute(query).scalars())
    return loops[:MAX_BATCH]


def list_loops(status: str | None = None) -> list[Loop]:
    """Return every loop, oldest first, optionally only those in one status."""
    query = db.select(Loop).order_by(Loop.id)
    if status:
        query = query.where(Loop.status == status)
    return list(db.session.execute(query).scalars())


def find_round(loop: Loop, which: str) -> LoopRound:
    """Return a loop's round by kind ("coding") or position from 1; raise PrintingError."""
    which = which.strip().lower()
    if which.isdigit() and 1 <= int(which) <= len(loop.rounds):
        return loop.rounds[int(which) - 1]
    loop_round = loop.round(which)
    if loop_round is None:
        kinds = ", ".join(r.kind for r in loop.rounds)
        raise PrintingError(f"loop {loop.id} has no round {which!r} (rounds: {kinds})")
    return loop_round


# --- kit data ---------------------------------------------------------------------------------

def kit_data(loop_round: LoopRound, rubrics: RubricSet | None = None) -> KitData:
    """Return what the printed kit of a round shows: questions and the rubric at the level."""
    loop = loop_round.loop
    rubrics = rubrics if rubrics is not None else rubrics_for(loop)
    criteria: tuple[KitCriterion, ...] = ()
    probes: tuple[KitProbe, ...] = ()
    try:
        rubric = rubrics.for_round(loop_round.kind, loop.lane)
    except KeyError:
        rubric = None
    if rubric is not None:
        criteria = tuple(
            KitCriterion(c.name, c.measures,
                         tuple((p, c.anchors.get(loop.level, {}).get(p, "")) for p in POINTS))
            for c in rubric.criteria)
        probes = tuple(KitProbe(p.question, tuple(o.label for o in p.options))
                       for p in rubric.probes)
    questions = tuple(
        KitQuestion(q.question.title, q.question.prompt, q.minutes,
                    tuple(q.question.follow_ups or ()), q.question.strong_answer or "",
                    q.question.weak_answer or "",
                    bar=(q.question.level_bar or {}).get(loop.level, ""),
                    separates=q.question.separates or "",
                    hints=tuple(q.question.hints or ()), pushes=tuple(q.question.pushes or ()),
                    note=q.note or "", if_time=bool(q.question.extends))
        for q in loop_round.questions)
    return KitData(loop.id, loop.candidate_name, loop.role_title, loop.lane, loop.level,
                   loop.domain, loop_round.kind, loop_round.minutes, loop_round.scheduled_at,
                   tuple(person.name for person in loop_round.interviewers), questions,
                   criteria, probes)


# --- file names ---------------------------------------------------------------------------------

def packet_filename(loop: Loop, with_name: bool = False) -> str:
    """Return the download name of a packet; the candidate's name only when asked for."""
    return _filename(f"debrief-packet-loop-{loop.id}", loop.candidate_name if with_name else None)


def kit_filename(loop_round: LoopRound, with_name: bool = False) -> str:
    """Return the download name of a round's kit."""
    base = f"interview-kit-loop-{loop_round.loop_id}-{loop_round.kind.replace('_', '-')}"
    return _filename(base, loop_round.loop.candidate_name if with_name else None)


def batch_filename(day: date | None, count: int) -> str:
    """Return the download name of a batch of packets."""
    return f"debrief-packets-{day.isoformat()}.pdf" if day else f"debrief-packets-{count}-loops.pdf"


def _filename(base: str, name: str | None) -> str:
    if name:
        # Letters and digits of any script survive; quotes, slashes, control characters and
        # the like do not (the header encodes the rest per RFC 5987).
        cleaned = "".join(ch if unicodedata.category(ch)[0] in "LN" else " "
                          for ch in unicodedata.normalize("NFC", name))
        slug = re.sub(r"\s+", "-", cleaned.strip())[:80]
        if slug:
            base = f"{base}-{slug}"
    return f"{base}.pdf"


"""A generated season of past loops, so the insights have something to say on a first run.

Deterministic for a seed and an anchor date. Rows go in with bulk inserts (no flag engine,
no per-card service calls): the demo adds a few hundred loops in well under a second, and
bench/insights.py uses the same generator for ten thousand.

Every candidate has a latent ability; each interviewer rates it through their own bias and
some noise, and a few questions are deliberately poor at telling candidates apart, so the
calibration, separation and review figures all have a story to tell.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from ..domain import catalog
from ..extensions import db
from ..models import Loop, LoopQuestion, LoopRound, Scorecard
from ..models.loop import loop_round_interviewers
from .insight_summaries import refresh_loops

SEASON_EMAIL_DOMAIN = "season.example.net"
FIRST_NAMES = ("Alex", "Bea", "Chidi", "Dana", "Elif", "Farid", "Greta", "Hiro", "Ivana",
               "Jonas", "Kemi", "Luca", "Maya", "Nils", "Oona", "Pavel", "Quinn", "Rania",
               "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zara")
LAST_NAMES = ("Adeyemi", "Berg", "Castro", "Dubois", "Eriksen", "Fischer", "García", "Haddad",
              "Ito", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okoye",
              "Petrov", "Quispe", "Rossi", "Silva", "Takahashi", "Urban", "Vargas", "Weber",
              "Xu", "Yilmaz", "Zhou")
ROLE_TITLES = {"applied": "ML Engineer, Platform", "research": "Research Engineer, Modeling",
               "llm": "ML Engineer, LLM Applications", "domain": "ML Engineer, Fraud"}


@dataclass(frozen=True)
class SeasonSpec:
    loops: int
    interviewers: Sequence[int]              # user ids
    biases: Mapping[int, float]              # user id -> added to every rating (leniency)
    owners: Sequence[int]                    # hiring manager user ids
    questions: Mapping[str, Sequence[str]]   # round -> question ids to draw from
    criteria: Mapping[str, Sequence[str]]    # round -> criterion ids
    anchor: datetime                         # "now": the season ends before it
    days: int = 300
    panel_size: int = 1                      # interviewers per round
    seed: int = 2026
    poor_questions: frozenset[str] = frozenset()  # ratings on these ignore ability
    missing_rate: float = 0.03               # share of owed scorecards never submitted
    decided_rate: float = 0.9                # share of loops with a decision


def season_rows(spec: SeasonSpec, first_ids: Mapping[str, int]) -> dict[str, list[dict]]:
    """Return the rows of a season, table by table, with explicit ids from first_ids."""
    rng = random.Random(spec.seed)
    loop_id, round_id, question_row_id, card_id = (first_ids["loops"], first_ids["rounds"],
                                                   first_ids["questions"], first_ids["cards"])
    rows: dict[str, list[dict]] = {"loops": [], "rounds": [], "questions": [], "panel": [],
                                   "cards": []}
    for n in range(spec.loops):
        lane = rng.choice(catalog.LANE_IDS)
        level = rng.choices(catalog.LEVEL_IDS, weights=(2, 4, 3, 1))[0]
        ability = rng.gauss(2.7, 0.6)
        created = spec.anchor - timedelta(days=rng.uniform(14, spec.days),
                                          hours=rng.randint(0, 8))
        first = created.replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
        name = f"{FIRST_NAMES[n % 26]} {LAST_NAMES[(n // 26 + n * 7) % 26]}"
        owner = spec.owners[n % len(spec.owners)]
        loop = {"id": loop_id, "candidate_name": name,
                "candidate_email": f"candidate{n}@{SEASON_EMAIL_DOMAIN}",
                "role_title": ROLE_TITLES[lane], "lane": lane, "level": level,
                "domain": "fraud" if lane == "domain" else None,
                "deployment_target": "realtime_api",
                "seed": n, "warnings": [], "excluded_question_ids": [], "owner_id": owner,
                "created_at": created, "published_at": created + timedelta(hours=1),
                "decision": None, "decision_level": None, "decision_reason": None,
                "decided_at": None, "decided_by_id": None}
        means: list[float] = []
        for position, kind in enumerate(catalog.ROUND_IDS):
            when = first + timedelta(days=position // 2, hours=2 * position)
            rows["rounds"].append({"id": round_id, "loop_id": loop_id, "kind": kind,
                                   "position": position,
                                   "minutes": catalog.DEFAULT_ROUND_MINUTES[kind],
                                   "scheduled_at": when})
            pool = spec.questions[kind]
            # Skewed draws: the first question of each round is everyone's favourite.
            qid = rng.choices(pool, weights=[6] + [1] * (len(pool) - 1))[0]
            rows["questions"].append({"id": question_row_id, "round_id": round_id,
                                      "question_id": qid, "question_version": 1,
                                      "position": 0, "minutes": 20,
                                      "reason": "Generated season"})
            question_row_id += 1
            panel = rng.sample(list(spec.interviewers), spec.panel_size)
            for person in panel:
                rows["panel"].append({"round_id": round_id, "user_id": person})
                if rng.random() < spec.missing_rate:
                    continue  # never submitted: an overdue scorecard
                signal = rng.gauss(2.6, 0.7) if qid in spec.poor_questions else ability
                ratings = {}
                for criterion in spec.criteria[kind]:
                    if rng.random() < 0.06:
                        ratings[criterion] = None
                        continue
                    value = signal + spec.biases.get(person, 0.0) + rng.gauss(0, 0.45)
                    ratings[criterion] = min(4, max(1, round(value)))
                given = [v for v in ratings.values() if v is not None]
                card_mean = sum(given) / len(given) if given else 2.5
                means.append(card_mean)
                recommendation = ("strong_yes" if card_mean >= 3.5 else "yes"
                                  if card_mean >= 2.75 else "no" if card_mean >= 1.75
                                  else "strong_no")
                delay = timedelta(hours=rng.choice((2, 5, 9, 20, 30, 50)))
                flags = {}
                if card_mean < 2.5 and rng.random() < 0.5:
                    flags["no-tradeoffs"] = {
                        "decision": "confirmed" if rng.random() < 0.7 else "dismissed",
                        "reason": "", "because": "Generated season"}
                rows["cards"].append({
                    "id": card_id, "round_id": round_id, "interviewer_id": person,
                    "status": "submitted", "version": 2, "ratings": ratings,
                    "evidence": {c: "Generated season evidence." for c, v in ratings.items()
                                 if v is not None},
                    "probes": {}, "observed_flags": [], "flag_decisions": flags,
                    "notes": "Generated season scorecard.", "recommendation": recommendation,
                    "created_at": when, "updated_at": when + delay,
                    "submitted_at": when + delay})
                card_id += 1
            round_id += 1
        if means and rng.random() < spec.decided_rate:
            overall = sum(means) / len(means) + rng.gauss(0, 0.15)
            decision = "hire" if overall >= 2.9 else (
                "hire_other_level" if overall >= 2.6 and level != "junior" else "no_hire")
            loop.update(decision=decision, decided_by_id=owner,
                        decided_at=first + timedelta(days=rng.randint(3, 12)),
                        decision_level=(catalog.LEVEL_IDS[catalog.LEVEL_IDS.index(level) - 1]
                                        if decision == "hire_other_level" else None),
                        decision_reason="Decided in the generated season.")
        rows["loops"].append(loop)
        loop_id += 1
    return rows


def insert_season(spec: SeasonSpec) -> int:
    """Insert a generated season with bulk inserts; return how many loops were added."""
    def next_id(column) -> int:
        return (db.session.execute(sa.select(sa.func.max(column))).scalar() or 0) + 1

    first = {"loops": next_id(Loop.id), "rounds": next_id(LoopRound.id),
             "questions": next_id(LoopQuestion.id), "cards": next_id(Scorecard.id)}
    rows = season_rows(spec, first)
    for table, key in ((Loop.__table__, "loops"), (LoopRound.__table__, "rounds"),
                       (LoopQuestion.__table__, "questions"),
                       (loop_round_interviewers, "panel"), (Scorecard.__table__, "cards")):
        for start in range(0, len(rows[key]), 5000):
            db.session.execute(sa.insert(table), rows[key][start:start + 5000])
    _advance_sequences((Loop.__table__, LoopRound.__table__, LoopQuestion.__table__,
                        Scorecard.__table__))
    db.session.flush()
    refresh_loops(db.session, [loop["id"] for loop in rows["loops"]])
    return len(rows["loops"])


def _advance_sequences(tables) -> None:
    """Move PostgreSQL's id sequences past ids this module chose itself.

    SQLite picks max(id)+1 on its own; PostgreSQL's serial sequences do not see explicit
    ids, and the next ordinary insert would collide with a season row.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        db.session.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name}), false)"))


def season_exists() -> bool:
    return db.session.execute(sa.select(Loop.id).where(
        Loop.candidate_email.like(f"%@{SEASON_EMAIL_DOMAIN}")).limit(1)).first() is not None


DEMO_SEASON_LOOPS = 160
# Former panelists who interviewed in the past season; they cannot sign in.
SEASON_COLLEAGUES = (("season.kofi@example.com", "Kofi Mensah", 0.6),
                     ("season.lena@example.com", "Lena Hoffmann", -0.2),
                     ("season.arjun@example.com", "Arjun Mehta", 0.0),
                     ("season.sofia@example.com", "Sofía Ruiz", -0.7))


def seed_demo_season(interviewers: Mapping[int, float], owners: Sequence[int],
                     anchor: datetime, loops: int = DEMO_SEASON_LOOPS) -> int:
    """Add the demo's past season unless it is there already; return the loops added.

    Every season loop is decided and every scorecard in, so the live demo loops stay the
    only ones in anyone's follow-ups.
    """
    import secrets

    from ..models import BankQuestion, User
    from .rubrics import current_rubric_set

    if season_exists():
        return 0
    panel = dict(interviewers)
    for email, name, bias in SEASON_COLLEAGUES:
        user = db.session.execute(sa.select(User).where(User.email == email)).scalar()
        if user is None:
            user = User(email=email, name=name, role="interviewer", active=False,
                        password_hash="!" + secrets.token_hex(16))
            db.session.add(user)
            db.session.flush()
        panel[user.id] = bias
    rubrics = current_rubric_set()
    questions: dict[str, list[str]] = {}
    for kind in catalog.ROUND_IDS:
        questions[kind] = list(db.session.execute(
            sa.select(BankQuestion.id).where(BankQuestion.round == kind, BankQuestion.active)
            .order_by(BankQuestion.id).limit(6)).scalars())
        if not questions[kind]:
            return 0  # no bank imported: nothing to build a season from
    criteria = {kind: [c.id for c in rubrics.for_round(kind).criteria]
                for kind in catalog.ROUND_IDS}
    # The last drawn question of the design round is the one that tells nobody apart.
    poor = frozenset({questions["system_design"][-1]})
    spec = SeasonSpec(loops=loops, interviewers=sorted(panel), biases=panel,
                      owners=list(owners), questions=questions, criteria=criteria,
                      anchor=anchor, poor_questions=poor, panel_size=1, missing_rate=0.0,
                      decided_rate=1.0)
    return insert_season(spec)

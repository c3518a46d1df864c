"""Demo accounts and sample loops for a newcomer's first look. Never run by `init`.

Idempotent: accounts and loops that exist already (by email) are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from ..extensions import db
from ..models import Loop, User, utcnow
from . import debriefs, loops, scorecards
from .insights_season import seed_demo_season as insert_demo_season
from .users import create_user, find_by_email

DEMO_PASSWORD = "interviewkit-demo"
DEMO_USERS = (
    ("admin@example.com", "Ada Admin", "admin"),
    ("manager@example.com", "Morgan Manager", "hiring_manager"),
    ("interviewer@example.com", "Ines Interviewer", "interviewer"),
    ("interviewer2@example.com", "Ravi Reviewer", "interviewer"),
    ("recruiter@example.com", "Rosa Recruiter", "recruiter"),
    ("interviewer3@example.com", "Tomás Álvarez", "interviewer"),
    ("interviewer4@example.com", "Priya Natarajan", "interviewer"),
)

INES, RAVI, TOMAS, PRIYA = ("interviewer@example.com", "interviewer2@example.com",
                            "interviewer3@example.com", "interviewer4@example.com")
MANAGER = "manager@example.com"


@dataclass(frozen=True)
class DemoCard:
    """What one demo interviewer wrote; criteria not named get `default` and generic evidence."""

    interviewer: str
    notes: str
    recommendation: str
    ratings: Mapping[str, int | None] = field(default_factory=dict)
    default: int = 3
    evidence: Mapping[str, str] = field(default_factory=dict)
    observed: tuple[str, ...] = ()
    # Proposed flags the interviewer dismisses, with the reason; every other one is confirmed.
    dismiss: Mapping[str, str] = field(default_factory=dict)
    submit: bool = True


@dataclass(frozen=True)
class DemoLoop:
    candidate_name: str
    candidate_email: str
    role_title: str
    lane: str
    level: str
    domain: str | None
    deployment_target: str
    # Round kind -> (interviewer emails, days from now of the interview).
    panel: Mapping[str, tuple[tuple[str, ...], float]]
    publish: bool = True
    cards: Mapping[str, tuple[DemoCard, ...]] = field(default_factory=dict)
    decision: tuple[str, str, str | None] | None = None  # (decision, reason, level)


ZOE_CARDS = {
    "screen": (DemoCard(
        RAVI, recommendation="no", default=3,
        ratings={"production_experience": 2},
        evidence={"production_experience": "Owned the churn model's features and the "
                  "nightly scoring job, but on-call sat with the platform team; she could "
                  "not describe a failure she handled herself."},
        notes="Strong on fundamentals: explained calibration vs discrimination clearly. Owned "
              "the churn model's feature pipeline. Asked for a production incident she owned: "
              "could not give one, said the platform team handled on-call. No incident story.",
        dismiss={"notebook-handoff": "She built and deployed the scoring service herself; "
                                     "only the on-call rota sat with the platform team."}),),
    "system_design": (
        DemoCard(
            INES, recommendation="yes", default=3, ratings={"architecture": 4},
            evidence={"architecture": "Events to Kafka, nightly batch features plus a "
                      "real-time feature store, two-tower retrieval then a ranker; drew where "
                      "each component could fail."},
            notes="Clear data flow: events to Kafka, nightly batch features plus a real-time "
                  "feature store, two-tower retrieval then a ranker. Latency budget split "
                  "sensibly (p99 80 ms). Monitoring: alert on score drift and feature "
                  "freshness, canary with automatic rollback."),
        DemoCard(
            RAVI, recommendation="no", default=2, ratings={"serving_and_latency": 3},
            evidence={"architecture": "A list of boxes; could not say what happens when the "
                      "feature store is down or how the ranker gets fresh features."},
            notes="Architecture was a list of boxes; could not say what happens when the "
                  "feature store is down. Rollout: 'we'd run an A/B test', no metric, no "
                  "power calc. Cost not discussed."),
    ),
    "coding": (DemoCard(
        PRIYA, recommendation="yes", default=3, ratings={"testing": 4},
        notes="Wrapped the model in a FastAPI endpoint with pydantic validation, returned 422 "
              "on bad input, wrote tests for missing fields and NaNs. Reused the training "
              "preprocessing module instead of copying it."),),
    "deep_dive": (DemoCard(
        TOMAS, recommendation="no", default=2, ratings={"evaluation_discipline": 3},
        evidence={"incident_and_decay": "Only greenfield launches; has not retrained or "
                  "watched a model decay in production."},
        notes="Walked through a fraud model evaluation with a time-based split. Only "
              "greenfield launches; never dealt with model decay or retraining. Weighed the "
              "1.5% AUC gain against +20 ms p99 and said it was not worth it.",
        dismiss={"no-cost-judgment": "She did weigh the gain against latency and GPU cost, "
                                     "with numbers."}),),
}

AISHA_CARDS = {
    "screen": (DemoCard(TOMAS, recommendation="yes", default=3,
                        notes="Kept a demand model alive for two years; label drift after a "
                              "pricing change, set up retraining and PSI alerts."),),
    "system_design": (DemoCard(RAVI, recommendation="strong_yes", default=4,
                               notes="Same transform code shared between training and serving; "
                                     "logs served features for parity checks. Fallback to the "
                                     "last known good model on timeouts."),),
    "coding": (DemoCard(INES, recommendation="yes", default=3,
                        notes="Clean module boundaries, typed interfaces, tests for bad "
                              "input and timeouts."),),
    "deep_dive": (DemoCard(PRIYA, recommendation="yes", default=3,
                           notes="Incident: p99 blew up after a dependency bump, found via "
                                 "latency alert, pinned and added a canary. Owned it."),),
}

DANIEL_CARDS = {
    "screen": (DemoCard(RAVI, recommendation="yes", default=3,
                        notes="Built a RAG assistant on an LLM API; explained chunking and "
                              "re-ranking choices and what they cost."),),
    # Ines held the design round yesterday and has a draft she has not submitted yet.
    "system_design": (DemoCard(INES, recommendation="yes", submit=False,
                               notes="Retrieval design solid; evaluation plan still to "
                                     "write up."),),
}

DEMO_LOOPS = (
    DemoLoop("Zoë Lefèvre", "zoe.lefevre@example.net", "Senior ML Engineer, Recommendations",
             "applied", "senior", None, "realtime_api",
             panel={"screen": ((RAVI,), -6), "system_design": ((INES, RAVI), -4),
                    "coding": ((PRIYA,), -3), "deep_dive": ((TOMAS,), -2)},
             cards=ZOE_CARDS),
    DemoLoop("Daniel Okafor", "daniel.okafor@example.net", "ML Engineer, LLM Platform",
             "llm", "mid", None, "llm_backend",
             panel={"screen": ((RAVI,), -3), "system_design": ((INES,), -1),
                    "coding": ((INES,), 1), "deep_dive": ((PRIYA,), 2)},
             cards=DANIEL_CARDS),
    DemoLoop("Mei Tanaka", "mei.tanaka@example.net", "ML Engineer, Forecasting",
             "research", "junior", None, "batch",
             panel={"screen": ((INES,), 3), "system_design": ((RAVI,), 4),
                    "coding": ((PRIYA,), 5), "deep_dive": ((TOMAS,), 6)}),
    DemoLoop("Łukasz Nowak", "lukasz.nowak@example.net", "Staff ML Engineer, Fraud",
             "domain", "staff", "fraud", "realtime_api",
             panel={"screen": ((RAVI,), 8)}, publish=False),
    DemoLoop("Aisha Rahman", "aisha.rahman@example.net", "ML Engineer, Pricing",
             "applied", "mid", None, "batch",
             panel={"screen": ((TOMAS,), -12), "system_design": ((RAVI,), -11),
                    "coding": ((INES,), -10), "deep_dive": ((PRIYA,), -9)},
             cards=AISHA_CARDS,
             decision=("hire", "Consistent evidence of production ownership: kept a model "
                               "alive through drift and owned an incident end to end.", None)),
)


def seed_demo() -> bool:
    """Create whatever demo accounts and loops are missing; return whether any were created."""
    created = False
    for email, name, role in DEMO_USERS:
        if find_by_email(email) is None:
            create_user(email, name, role, DEMO_PASSWORD)
            created = True
    people = {email: find_by_email(email) for email, _, _ in DEMO_USERS}
    for spec in DEMO_LOOPS:
        exists = db.session.execute(db.select(Loop.id).where(
            Loop.candidate_email == spec.candidate_email)).first()
        if exists is None:
            _create_loop(spec, people)
            created = True
    db.session.flush()
    # A season of past loops so the insights pages have something to show on a first run.
    leniency = {people[INES].id: 0.35, people[RAVI].id: -0.45, people[TOMAS].id: 0.0,
                people[PRIYA].id: 0.1}
    if insert_demo_season(leniency, [people[MANAGER].id], utcnow()):
        created = True
    return created


def _create_loop(spec: DemoLoop, people: Mapping[str, User]) -> Loop:
    manager = people[MANAGER]
    loop = loops.create_draft_loop(manager, loops.LoopIntake(
        candidate_name=spec.candidate_name, candidate_email=spec.candidate_email,
        role_title=spec.role_title, lane=spec.lane, level=spec.level, domain=spec.domain,
        deployment_target=spec.deployment_target))
    today = utcnow().replace(hour=9, minute=0, second=0, microsecond=0)
    for kind, (emails, days) in spec.panel.items():
        when = _at(today, days, kind)
        loops.assign_interviewers(loop, kind, [people[e].id for e in emails], when, manager)
    if not spec.publish:
        return loop
    loops.publish(loop, manager)
    for kind, cards in spec.cards.items():
        for card in cards:
            _write_card(loop, kind, card, people[card.interviewer])
    if spec.decision is not None:
        decision, reason, level = spec.decision
        debriefs.decide(loop, manager, decision, reason, level)
    return loop


def _at(today: datetime, days: float, kind: str) -> datetime:
    hours = {"screen": 0, "system_design": 2, "coding": 4, "deep_dive": 6}[kind]
    return today + timedelta(days=days, hours=hours)


def _write_card(loop: Loop, kind: str, spec: DemoCard, interviewer: User) -> None:
    """Save (and submit) a scorecard through the same service the scorecard page uses."""
    rubrics = scorecards.rubrics_for(loop)
    rubric = rubrics.for_round(kind, loop.lane)
    loop_round = loop.round(kind)
    ratings = {c.id: spec.ratings.get(c.id, spec.default) for c in rubric.criteria}
    evidence = {c.id: spec.evidence.get(c.id) or _evidence(c.name, ratings[c.id])
                for c in rubric.criteria}
    applicable = {f.id for f in rubrics.flags_for(kind, loop.lane, loop.level)}
    draft = scorecards.Draft(ratings=ratings, evidence=evidence,
                             observed=tuple(f for f in spec.observed if f in applicable),
                             notes=spec.notes, recommendation=spec.recommendation)
    decisions = {}
    for flag in scorecards.proposals(rubrics, loop, kind, draft):
        if flag.id in spec.dismiss:
            decisions[flag.id] = {"decision": "dismissed", "reason": spec.dismiss[flag.id],
                                  "because": flag.because}
        else:
            decisions[flag.id] = {"decision": "confirmed", "reason": "",
                                  "because": flag.because}
    draft = replace(draft, flag_decisions=decisions)
    if spec.submit:
        scorecards.submit(loop_round, interviewer, draft, 0, rubrics)
    else:
        scorecards.save_draft(loop_round, interviewer, draft, 0)
    db.session.flush()


def _evidence(criterion: str, rating: int) -> str:
    tone = {1: "Could not get past the basics of", 2: "Partial and prompted answers on",
            3: "Solid, specific answers on", 4: "Led the discussion with depth on"}[rating]
    return f"{tone} {criterion.lower()}; gave a concrete example from their own work."

"""factory-boy factories for the models; they flush, tests commit when they need to."""

from __future__ import annotations

import secrets

import factory
from factory.alchemy import SQLAlchemyModelFactory

from interviewkit.domain import catalog
from interviewkit.extensions import db
from interviewkit.models import Loop, LoopRound, Scorecard, User

PASSWORD = "correct-horse-battery"


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Sequence(lambda n: f"User {n}")
    role = "interviewer"
    active = True
    session_token = factory.LazyFunction(lambda: secrets.token_hex(8))
    password_hash = factory.LazyFunction(lambda: _hashed(PASSWORD))


_HASHES: dict[str, str] = {}


def _hashed(password: str) -> str:
    # Hashing is slow on purpose; tests share one hash per password.
    if password not in _HASHES:
        from werkzeug.security import generate_password_hash

        _HASHES[password] = generate_password_hash(password)
    return _HASHES[password]


class LoopFactory(BaseFactory):
    class Meta:
        model = Loop

    candidate_name = factory.Sequence(lambda n: f"Candidate {n}")
    candidate_email = factory.Sequence(lambda n: f"candidate{n}@example.net")
    role_title = "Machine Learning Engineer"
    lane = "applied"
    level = "mid"
    domain = None
    deployment_target = "realtime_api"
    seed = 0
    warnings = factory.LazyFunction(list)
    excluded_question_ids = factory.LazyFunction(list)
    owner = factory.SubFactory(UserFactory, role="hiring_manager")

    @factory.post_generation
    def with_rounds(self, create, extracted, **kwargs):
        if extracted is False:
            return
        for position, kind in enumerate(catalog.ROUND_IDS):
            self.rounds.append(LoopRound(kind=kind, position=position,
                                         minutes=catalog.DEFAULT_ROUND_MINUTES[kind]))
        if create:
            db.session.flush()


class ScorecardFactory(BaseFactory):
    class Meta:
        model = Scorecard

    status = "draft"
    version = 1
    ratings = factory.LazyFunction(dict)
    evidence = factory.LazyFunction(dict)
    probes = factory.LazyFunction(dict)
    observed_flags = factory.LazyFunction(list)
    flag_decisions = factory.LazyFunction(dict)
    notes = ""

"""Scorecards submitted before records were kept get their settled flags stored once, by
`interviewkit init`, and then read like every other record."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from interviewkit.extensions import db
from interviewkit.models import AuditEntry, Scorecard
from interviewkit.services.scorecards import settle_unrecorded
from tests.factories import UserFactory
from tests.web._scoring import published_loop, submitted_card

pytestmark = pytest.mark.db

NOTES = ("Could not name a production failure they owned; every project ended at the "
         "offline AUC. Said 'we'd A/B test it' and nothing about the metric or sample size.")


def test_init_records_what_a_pre_records_scorecard_settled_and_nothing_twice(app):
    with app.app_context():
        person = UserFactory()
        loop = published_loop(panel={"screen": [person]}, level="senior")
        card = submitted_card(loop.round("screen"), person, notes=NOTES, flag_decisions={})
        expected = card.settled_flags
        draft = submitted_card(loop.round("deep_dive"), UserFactory())
        draft.status, draft.settled_flags = "draft", None
        db.session.commit()
        assert expected, "the notes should settle at least one flag"
        # As the records migration left it: the column there, empty.
        db.session.execute(sa.update(Scorecard).where(Scorecard.id == card.id)
                           .values(settled_flags=None, rubric_version=None))
        db.session.commit()
        card_id, draft_id = card.id, draft.id

    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "Recorded the settled flags of 1 scorecard submitted before" in result.output
    with app.app_context():
        card = db.session.get(Scorecard, card_id)
        assert card.settled_flags == expected and card.rubric_version is not None
        assert db.session.get(Scorecard, draft_id).settled_flags is None  # drafts settle later
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "scorecard.settle_recorded")) == 1
        assert settle_unrecorded() == 0

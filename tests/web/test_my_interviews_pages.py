"""My interviews: submitted scorecards come a page at a time, newest first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interviewkit.extensions import db
from interviewkit.services import scorecards as service
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.web._scoring import published_loop, submitted_card

pytestmark = pytest.mark.db


def test_submitted_scorecards_are_paged_newest_first(app, client, monkeypatch):
    monkeypatch.setattr(service, "SUBMITTED_PER_PAGE", 2)
    with app.app_context():
        me = UserFactory(name="Paula Pager")
        names = []
        for n in range(3):
            loop = published_loop(panel={"screen": [me]}, hours_from_now=-48 - n,
                                  candidate_name=f"Candidate {n}")
            card = submitted_card(loop.round("screen"), me)
            card.submitted_at = card.submitted_at - timedelta(hours=n)
            names.append(f"Candidate {n}")
        owed = published_loop(panel={"coding": [me]}, hours_from_now=-30,
                              candidate_name="Owed Olga")
        assert owed.id
        db.session.commit()
        db.session.refresh(me)
        db.session.expunge(me)
    sign_in(client, me)
    first = client.get("/interviews/").get_data(as_text=True)
    assert "Owed Olga" in first                      # what is owed is never paged away
    assert names[0] in first and names[1] in first and names[2] not in first
    assert "Page 1 of 2" in first and "?page=2" in first
    second = client.get("/interviews/?page=2").get_data(as_text=True)
    assert names[2] in second and names[0] not in second and "Owed Olga" in second
    assert "Page 2 of 2" in second
    assert client.get("/interviews/?page=99").status_code == 200
    assert client.get("/interviews/?page=x").status_code == 200

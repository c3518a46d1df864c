"""The kit shows every interviewer the intake, the question's bar at the loop's level, what
separates a 2 from a 3, the follow-up ladder and the planner's note (issue 9)."""

from __future__ import annotations

import pytest
from markupsafe import escape

from interviewkit.extensions import db
from interviewkit.models import BankQuestion, LoopQuestion, User
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.web._scoring import published_loop

pytestmark = pytest.mark.db

NOTE = "The Technical screen already heard one incident story. Ask for a different incident."


def test_kit_shows_intake_level_bar_ladder_and_note(app, client):
    with app.app_context():
        ines = UserFactory(name="Ines Interviewer")
        loop = published_loop(panel={"screen": [ines]}, level="senior")
        loop.deployment_target, loop.work_type = "on_device", "keeping_alive"
        loop.platform_team, loop.framework = False, "JAX"
        row = db.session.get(BankQuestion, "screen-last-production-incident")
        screen = loop.round("screen")
        screen.questions = [LoopQuestion(question_id=row.id, question_version=row.version,
                                         position=0, minutes=row.minutes, reason="r",
                                         note=NOTE)]
        db.session.commit()
        round_id, bar = screen.id, row.level_bar
        senior_bar, mid_bar, separates = bar["senior"], bar["mid"], row.separates
        hint, push = row.hints[0], row.pushes[0]
        ines_id = ines.id
    with app.app_context():
        person = db.session.get(User, ines_id)
        db.session.expunge(person)
    sign_in(client, person)
    page = client.get(f"/interviews/rounds/{round_id}")
    assert page.status_code == 200
    text = " ".join(page.get_data(as_text=True).split())
    for expected in ("On-device", "Keeping production alive", "No: the hire owns infrastructure",
                     "JAX", "Meets the bar for senior", "What separates a 2 from a 3"):
        assert expected in text, expected
    for expected in (senior_bar, separates, hint, push, NOTE):
        assert str(escape(" ".join(expected.split()))) in text, expected[:40]
    # The lower levels' bars, which the senior one builds on, wait folded under it.
    folded = text[text.index('<details class="lower-bars'):]
    folded = folded[:folded.index("</details>")]
    assert "Builds on the" in folded and "mid-level" in folded
    assert str(escape(" ".join(mid_bar.split()))) in folded
    assert text.count(str(escape(" ".join(mid_bar.split())))) == 1

"""The candidate pack download: who may take it, and what the coding kit shows."""

from __future__ import annotations

import io
import zipfile

import pytest

from interviewkit.extensions import db
from interviewkit.models import BankQuestion, LoopQuestion
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.web._scoring import published_loop

QID = "coding-predict-endpoint-validation"


def _world(app, published: bool = True):
    with app.app_context():
        users = {
            "owner": UserFactory(role="hiring_manager"),
            "other_manager": UserFactory(role="hiring_manager"),
            "panel": UserFactory(role="interviewer"),
            "off_panel": UserFactory(role="interviewer"),
            "recruiter": UserFactory(role="recruiter"),
            "admin": UserFactory(role="admin"),
        }
        loop = published_loop(owner=users["owner"], panel={"coding": [users["panel"]],
                                                          "screen": [users["off_panel"]]})
        coding = next(r for r in loop.rounds if r.kind == "coding")
        question = db.session.get(BankQuestion, QID)
        coding.questions = [LoopQuestion(question_id=QID, question_version=question.version,
                                         position=0, minutes=40, reason="test")]
        if not published:
            loop.published_at = None
        screen = next(r for r in loop.rounds if r.kind == "screen")
        ids = {"coding": coding.id, "screen": screen.id,
               "screen_question": screen.questions[0].question_id}
        db.session.commit()
        for user in users.values():
            db.session.refresh(user)
            db.session.expunge(user)
        return users, ids


def url(round_id: int, question_id: str = QID) -> str:
    return f"/rounds/{round_id}/questions/{question_id}/pack.zip"


@pytest.mark.parametrize("who", ["panel", "owner", "admin"])
def test_panel_owner_and_admin_download_the_pack(app, client, who):
    users, ids = _world(app)
    sign_in(client, users[who])
    response = client.get(url(ids["coding"]))
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert f"filename={QID}.zip" in response.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert f"{QID}/README.md" in names and f"{QID}/churn_model.joblib" in names


@pytest.mark.parametrize("who", ["off_panel", "other_manager", "recruiter"])
def test_everyone_else_gets_404(app, client, who):
    users, ids = _world(app)
    sign_in(client, users[who])
    assert client.get(url(ids["coding"])).status_code == 404


def test_signed_out_is_sent_to_sign_in(app, client):
    _, ids = _world(app)
    response = client.get(url(ids["coding"]))
    assert "/login" in response.headers["Location"]


def test_panel_of_an_unpublished_loop_gets_404_but_its_manager_does_not(app, client):
    users, ids = _world(app, published=False)
    sign_in(client, users["panel"])
    assert client.get(url(ids["coding"])).status_code == 404
    sign_in(client, users["owner"])
    assert client.get(url(ids["coding"])).status_code == 200


def test_only_the_rounds_own_coding_questions_are_served(app, client):
    users, ids = _world(app)
    sign_in(client, users["admin"])
    assert client.get(url(ids["coding"], "coding-rag-eval-harness")).status_code == 404
    assert client.get(url(ids["coding"], "../../etc")).status_code == 404
    assert client.get(url(ids["screen"], ids["screen_question"])).status_code == 404
    assert client.get(url(999999)).status_code == 404


def test_coding_kit_links_the_pack_and_keeps_the_key_collapsed(app, client):
    users, ids = _world(app)
    sign_in(client, users["panel"])
    page = client.get(f"/interviews/rounds/{ids['coding']}").get_data(as_text=True)
    assert f'href="{url(ids["coding"])}"' in page and "Candidate pack (zip)" in page
    assert "AI assistant: Allowed and narrated" in page
    assert "40 min, 5 of them reading the code" in page
    key_at = page.index("<details class=\"answer-key\">")
    assert page.index("Bare <code>except</code> returning a score") > key_at
    assert "<details open" not in page


def test_other_kits_show_no_pack(app, client):
    users, ids = _world(app)
    sign_in(client, users["off_panel"])
    page = client.get(f"/interviews/rounds/{ids['screen']}").get_data(as_text=True)
    assert "Candidate pack" not in page and "answer-key" not in page

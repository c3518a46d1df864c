"""Swap a question, cancel a loop and import candidates over the API: the web pages' rules
through the same services, with problems that name what is wrong."""

from __future__ import annotations

import pytest

from interviewkit.extensions import db
from interviewkit.models import AuditEntry, Loop, utcnow
from tests.api.conftest import bearer

INTAKE = {"candidate_name": "Ana Sousa", "candidate_email": "ana@example.net",
          "role_title": "ML Engineer", "lane": "applied", "level": "mid"}
CSV = ("name,email,role,lane,level,domain\n"
       '"Okafor, Aiyana",aiyana@example.net,Senior ML Engineer,applied,senior,\n'
       "Bo Lindqvist,bo@example.net,ML Engineer (Fraud),domain,mid,fraud\n")


@pytest.fixture
def manager(make_user, make_token):
    user = make_user("hiring_manager")
    return user, make_token(user)


def _draft(client, token) -> dict:
    created = client.post("/api/v1/loops", json=INTAKE, headers=bearer(token))
    assert created.status_code == 201
    return created.get_json()


def _slot(loop: dict, kind: str = "system_design") -> str:
    round_ = next(r for r in loop["rounds"] if r["kind"] == kind)
    return (f"/api/v1/loops/{loop['id']}/rounds/{kind}/questions/"
            f"{round_['questions'][0]['question_id']}")


# --- swap --------------------------------------------------------------------------------

def test_alternatives_say_why_and_what_coverage_they_lose(client, manager):
    _, token = manager
    loop = _draft(client, token)
    answer = client.get(_slot(loop) + "/alternatives?limit=3", headers=bearer(token))
    assert answer.status_code == 200
    options = answer.get_json()["data"]
    assert 1 <= len(options) <= 3
    in_loop = {q["question_id"] for r in loop["rounds"] for q in r["questions"]}
    assert all(o["reason"] and o["question_id"] not in in_loop for o in options)
    assert all(isinstance(o["loses_signals"], list) for o in options)


def test_a_swap_outside_the_planners_choices_is_refused_and_changes_nothing(app, client,
                                                                           manager):
    _, token = manager
    loop = _draft(client, token)
    taken = loop["rounds"][0]["questions"][0]["question_id"]  # already in the loop
    refused = client.post(_slot(loop) + "/swap", json={"replacement_id": taken},
                          headers=bearer(token))
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["field"] == "replacement_id"
    assert client.get(f"/api/v1/loops/{loop['id']}", headers=bearer(token)).get_json()[
        "rounds"] == loop["rounds"]


def test_unknown_round_or_question_is_404(client, manager):
    _, token = manager
    loop = _draft(client, token)
    base = f"/api/v1/loops/{loop['id']}/rounds"
    assert client.get(f"{base}/lunch/questions/x/alternatives",
                      headers=bearer(token)).status_code == 404
    assert client.post(f"{base}/screen/questions/not-in-loop/swap",
                       json={"replacement_id": "x"}, headers=bearer(token)).status_code == 404


def test_a_published_loop_refuses_swaps_with_409(app, client, manager):
    _, token = manager
    loop = _draft(client, token)
    with app.app_context():
        db.session.get(Loop, loop["id"]).published_at = utcnow()
        db.session.commit()
    options = client.get(_slot(loop) + "/alternatives", headers=bearer(token))
    assert options.status_code == 409 and "published" in options.get_json()["detail"]
    swap = client.post(_slot(loop) + "/swap", json={"replacement_id": "anything"},
                       headers=bearer(token))
    assert swap.status_code == 409


# --- cancel ------------------------------------------------------------------------------

def test_cancel_keeps_the_record_says_why_and_is_audited(app, client, manager):
    _, token = manager
    loop = _draft(client, token)
    done = client.post(f"/api/v1/loops/{loop['id']}/cancel",
                       json={"reason": "The candidate accepted another offer."},
                       headers=bearer(token))
    assert done.status_code == 200, done.get_json()
    body = done.get_json()
    assert body["status"] == "cancelled" and body["cancelled_at"].endswith("Z")
    assert body["cancel_reason"] == "The candidate accepted another offer."
    again = client.post(f"/api/v1/loops/{loop['id']}/cancel", json={"reason": "Twice."},
                        headers=bearer(token))
    assert again.status_code == 409 and "already cancelled" in again.get_json()["detail"]
    with app.app_context():
        actions = db.session.execute(db.select(AuditEntry.action).where(
            AuditEntry.entity_id == str(loop["id"]))).scalars().all()
        assert actions.count("loop.cancel") == 1


@pytest.mark.parametrize("reason", ["   ", "x" * 2001])
def test_a_blank_or_long_reason_is_a_422_on_the_reason(client, manager, reason):
    _, token = manager
    loop = _draft(client, token)
    answer = client.post(f"/api/v1/loops/{loop['id']}/cancel", json={"reason": reason},
                         headers=bearer(token))
    assert answer.status_code == 422
    assert [e["field"] for e in answer.get_json()["errors"]] == ["reason"]
    assert client.get(f"/api/v1/loops/{loop['id']}", headers=bearer(token)).get_json()[
        "status"] == "draft"


# --- import ------------------------------------------------------------------------------

def _import(client, token, text: str | bytes, path="/api/v1/loops/import",
            content_type="text/csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(path, data=data,
                       headers={**bearer(token), "Content-Type": content_type})


def _loops(app) -> list[Loop]:
    with app.app_context():
        return list(db.session.execute(db.select(Loop).order_by(Loop.id)).scalars())


def test_preview_creates_nothing_and_import_creates_planned_drafts(app, client, manager):
    user, token = manager
    preview = _import(client, token, CSV, "/api/v1/loops/import/preview")
    assert preview.status_code == 200, preview.get_json()
    assert [(r["line"], r["candidate_name"]) for r in preview.get_json()["rows"]] == [
        (2, "Okafor, Aiyana"), (3, "Bo Lindqvist")]
    assert _loops(app) == []

    created = _import(client, token, "\ufeff" + CSV.replace(",", ";").replace(
        '"Okafor; Aiyana"', '"Okafor, Aiyana"'))
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["created"] == 2
    assert [(loop["candidate_name"], loop["status"], loop["owner"]["id"])
            for loop in body["data"]] == [("Okafor, Aiyana", "draft", user.id),
                                          ("Bo Lindqvist", "draft", user.id)]
    loops = _loops(app)
    assert [(loop.lane, loop.level, loop.domain) for loop in loops] == [
        ("applied", "senior", None), ("domain", "mid", "fraud")]
    with app.app_context():
        for loop in loops:
            full = db.session.get(Loop, loop.id)
            assert all(r.questions for r in full.rounds)  # planned like the intake form
    # Importing the same file again warns about the open loops (and still may create them).
    again = _import(client, token, CSV, "/api/v1/loops/import/preview")
    assert all("already have loop" in r["warnings"][0] for r in again.get_json()["rows"])


def test_a_bad_file_names_every_line_and_column_and_creates_nothing(app, client, manager):
    _, token = manager
    bad = CSV + "Cy,not-an-email,MLE,applied,principal,\nDee,dee@example.net,,quantum,mid,\n"
    answer = _import(client, token, bad)
    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    problem = answer.get_json()
    assert problem["code"] == "invalid_csv" and "Nothing was imported" in problem["detail"]
    assert {(e["line"], e["column"]) for e in problem["errors"]} == {
        (4, "email"), (4, "level"), (5, "role"), (5, "lane")}
    assert all(e["field"] == e["column"] and e["in"] == "body" for e in problem["errors"])
    assert _loops(app) == []


@pytest.mark.parametrize("data, content_type, status", [
    (CSV, "application/json", 415),
    (CSV, "text/plain", 415),
    ("", "text/csv", 422),
    ("x" * (300 * 1024), "text/csv", 413),
    (b"\xff\xfe" + CSV.encode("utf-16-le") + b"\x00", "text/csv", 422),
    (bytes(range(256)) * 4, "text/csv", 422),
    (b"\xff\xfe\x00\x00" + CSV.encode("utf-32-le"), "text/csv", 422),
    (CSV + "=cmd|' /C calc'!A0,x@example.net,MLE,applied,mid,\n", "text/csv", 422),
])
def test_wrong_media_type_empty_and_oversized_bodies(app, client, manager, data, content_type,
                                                     status):
    _, token = manager
    answer = _import(client, token, data, content_type=content_type)
    assert answer.status_code == status
    assert answer.content_type == "application/problem+json"
    assert _loops(app) == []


def test_only_hiring_managers_import(client, make_user, make_token):
    for role in ("recruiter", "admin", "interviewer"):
        token = make_token(make_user(role))
        assert _import(client, token, CSV).status_code == 403

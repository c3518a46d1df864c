"""Bad input gets a problem document naming the field, and loses nothing."""

from __future__ import annotations

import pytest

from interviewkit.extensions import db
from interviewkit.models import Loop
from tests.api.conftest import bearer

GOOD = {"candidate_name": "Ana Sousa", "candidate_email": "ana@example.net",
        "role_title": "ML Engineer", "lane": "applied", "level": "mid"}


@pytest.mark.parametrize("change, field", [
    ({"candidate_name": "broken \udfff text"}, "candidate_name"),
    ({"candidate_name": "a NUL \x00 byte"}, "candidate_name"),
    ({"candidate_name": "   "}, "candidate_name"),
    ({"level": "principal"}, "level"),
    ({"surprise": 1}, "surprise"),
    ({"round_minutes": {"screen": 5}}, "round_minutes.screen"),
    ({"round_minutes": {"screen": 2**40}}, "round_minutes.screen"),
])
def test_a_bad_intake_names_its_field_and_creates_nothing(app, client, make_user, make_token,
                                                          change, field):
    token = make_token(make_user("hiring_manager"))
    answer = client.post("/api/v1/loops", json={**GOOD, **change}, headers=bearer(token))
    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    assert field in [e["field"] for e in answer.get_json()["errors"]]
    with app.app_context():
        assert db.session.execute(db.select(Loop)).first() is None


@pytest.mark.parametrize("body, headers, status", [
    (b"{not json", {"Content-Type": "application/json"}, 400),
    (b"[" * 100_000, {"Content-Type": "application/json"}, 400),
    (b"candidate_name=x", {"Content-Type": "application/x-www-form-urlencoded"}, 415),
    (b"", {"Content-Type": "application/json"}, 400),
])
def test_bodies_that_are_not_json_objects_are_problems(client, make_user, make_token, body,
                                                       headers, status):
    token = make_token(make_user("hiring_manager"))
    answer = client.post("/api/v1/loops", data=body, headers={**bearer(token), **headers})
    assert answer.status_code == status
    assert answer.content_type == "application/problem+json"


@pytest.mark.parametrize("query, field", [
    ("limit=0", "limit"), ("limit=1000000000000", "limit"), ("cursor=%%%", "cursor"),
    ("cursor=bm90LWEtY3Vyc29y", "cursor"), ("status=lost", "status"), ("q=a%00b", "q"),
])
def test_bad_list_parameters_name_the_field(client, make_user, make_token, query, field):
    token = make_token(make_user("recruiter"))
    answer = client.get(f"/api/v1/loops?{query}", headers=bearer(token))
    assert answer.status_code == 422, answer.get_json()
    assert answer.get_json()["errors"][0] == {**answer.get_json()["errors"][0], "field": field,
                                              "in": "query"}


def test_pages_follow_the_cursor_without_gaps_or_repeats(app, client, make_user, make_token):
    token = make_token(make_user("hiring_manager"))
    created = [client.post("/api/v1/loops", json={**GOOD, "candidate_name": f"Person {n}"},
                           headers=bearer(token)).get_json()["id"] for n in range(5)]
    seen, cursor = [], None
    while True:
        url = "/api/v1/loops?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url, headers=bearer(token)).get_json()
        seen += [loop["id"] for loop in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(created, reverse=True)


def test_a_question_reads_at_the_version_a_loop_pinned(client, make_user, make_token):
    token = make_token(make_user("hiring_manager"))
    loop = client.post("/api/v1/loops", json=GOOD, headers=bearer(token)).get_json()
    pinned = loop["rounds"][0]["questions"][0]
    url = f"/api/v1/questions/{pinned['question_id']}/versions/{pinned['question_version']}"
    answer = client.get(url, headers=bearer(token))
    assert answer.status_code == 200
    assert answer.get_json()["title"] == pinned["title"]
    missing = client.get(f"/api/v1/questions/{pinned['question_id']}/versions/999",
                         headers=bearer(token))
    assert missing.status_code == 404

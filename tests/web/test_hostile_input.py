"""Issue 15 items 5 and 6: integers beyond the database's range and deeply nested JSON are
refused with 4xx answers, never a 500."""

from __future__ import annotations

import json
import uuid

import pytest

from interviewkit.extensions import db
from interviewkit.web.hostile import json_depth_ok, safe_int
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.web._scoring import published_loop

pytestmark = pytest.mark.db


@pytest.fixture
def world(app):
    with app.app_context():
        owner = UserFactory(role="hiring_manager")
        ines = UserFactory()
        recruiter = UserFactory(role="recruiter")
        loop = published_loop(owner=owner, panel={"system_design": [ines]})
        db.session.commit()
        for person in (owner, ines, recruiter):
            db.session.refresh(person)
            db.session.expunge(person)
        return {"owner": owner, "ines": ines, "recruiter": recruiter, "loop": loop.id,
                "design": loop.round("system_design").id}


HUGE = ["2147483648", "9223372036854775808", "99999999999999999999"]


@pytest.mark.parametrize("number", HUGE)
def test_ids_beyond_the_database_range_in_paths_are_not_found(client, world, number):
    sign_in(client, world["owner"])
    for path in (f"/loops/{number}", f"/loops/{number}/packet.pdf"):
        assert client.get(path).status_code == 404, path
    sign_in(client, world["ines"])
    response = client.get(f"/interviews/rounds/{number}/scorecard.json")
    assert response.status_code == 404 and response.is_json


@pytest.mark.parametrize("number", ["9223372036854775808", "99999999999999999999"])
def test_a_batch_with_an_out_of_range_loop_id_is_a_client_error(client, world, number):
    sign_in(client, world["recruiter"])
    response = client.post("/loops/packets.pdf", data={"loop_id": [str(world["loop"]), number]})
    assert 400 <= response.status_code < 500


def test_query_integers_are_bounded(app):
    with app.test_request_context("/?page=99999999999999999999&n=7&bad=x"):
        from flask import request

        assert request.args.get("page", 1, type=int) == 1
        assert request.args.get("n", type=int) == 7
        assert request.args.get("bad", 3, type=int) == 3
    assert safe_int("42") == 42
    for bad in ("2147483648", "-1", "1e3", "", "9" * 40):
        with pytest.raises(ValueError):
            safe_int(bad)


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("endpoint", ["draft", "submit", "amend", "flags"])
def test_deeply_nested_json_is_a_400_json_answer(client, world, endpoint):
    sign_in(client, world["ines"])
    response = client.post(f"/interviews/rounds/{world['design']}/scorecard/{endpoint}",
                           data=DEEP, content_type="application/json",
                           headers={"Idempotency-Key": uuid.uuid4().hex})
    assert response.status_code == 400
    assert "nested" in response.get_json()["error"]


def test_json_nested_inside_strings_is_fine_and_depth_is_counted_outside_them():
    assert json_depth_ok(json.dumps({"notes": "[" * 10_000}))
    assert json_depth_ok("[" * 64 + "]" * 64)
    assert not json_depth_ok("[" * 65 + "]" * 65)
    assert not json_depth_ok('{"a":' * 70 + "1" + "}" * 70)


def test_an_oversized_json_body_is_a_400_json_answer(app, client, world):
    app.json.max_bytes = 1000
    sign_in(client, world["ines"])
    response = client.post(f"/interviews/rounds/{world['design']}/scorecard/flags",
                           data=json.dumps({"notes": "x" * 2000}),
                           content_type="application/json")
    assert response.status_code == 400 and "larger" in response.get_json()["error"]


NUL_PROBES = [
    ("GET", "/reset/%00", None, None),
    ("GET", "/loops/?q=a%00b", None, None),
    ("GET", "/insights/%00.csv", None, None),
    ("POST", "/loops/new", "form", {"candidate_name": "Ana\x00", "lane": "applied"}),
    ("POST", "/interviews/rounds/{design}/scorecard/draft", "json",
     '{"notes": "typed\\u0000", "ratings": {}}'),
]


@pytest.mark.parametrize("method, path, kind, body", NUL_PROBES)
def test_a_nul_character_anywhere_is_a_400_on_every_engine(client, world, method, path, kind,
                                                           body):
    """PostgreSQL refuses NUL in text (a 500 there before this fix); SQLite stored it."""
    sign_in(client, world["owner"] if "scorecard" not in path else world["ines"])
    path = path.format(design=world["design"])
    if kind == "json":
        response = client.open(path, method=method, data=body, content_type="application/json",
                               headers={"Idempotency-Key": uuid.uuid4().hex})
        assert response.status_code == 400 and response.get_json()["field"] == "notes"
    else:
        response = client.open(path, method=method, data=body)
        assert response.status_code == 400, (path, response.status_code)
        assert b"NUL character" in response.data


def test_a_nul_in_an_api_path_is_a_problem_answer(client):
    response = client.get("/api/v1/questions/%00")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"

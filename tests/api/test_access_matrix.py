"""Role × route × owner for the API, with live, revoked and expired tokens.

The expectations are the web app's rules (domain/policy.py): a manager sees and changes only
their own loops, recruiters read debriefs, admins run the system but read no scorecard, an
interviewer scores only rounds they sit on. Roles a whole route is not for get 403; objects
a user may not see are 404, as if they did not exist."""

from __future__ import annotations

import pytest

from interviewkit.extensions import db
from interviewkit.services import webhooks as webhook_service
from tests.api.conftest import bearer
from tests.factories import UserFactory
from tests.web._scoring import published_loop

PEOPLE = ("owner", "other_manager", "recruiter", "admin", "panelist", "outsider")

# (method, path template, {person: status}); {loop} and {round} are filled in per world.
MATRIX = [
    ("GET", "/api/v1/loops", {"owner": 200, "other_manager": 200, "recruiter": 200,
                              "admin": 200, "panelist": 403, "outsider": 403}),
    ("GET", "/api/v1/loops/{loop}", {"owner": 200, "other_manager": 404, "recruiter": 200,
                                     "admin": 200, "panelist": 403, "outsider": 403}),
    ("POST", "/api/v1/loops/{loop}/publish", {"owner": 409, "other_manager": 404,
                                              "recruiter": 403, "admin": 403,
                                              "panelist": 403, "outsider": 403}),
    ("POST", "/api/v1/loops/{loop}/regenerate", {"owner": 409, "other_manager": 404,
                                                 "recruiter": 403, "admin": 403,
                                                 "panelist": 403, "outsider": 403}),
    ("GET", "/api/v1/loops/{loop}/debrief", {"owner": 200, "other_manager": 404,
                                             "recruiter": 200, "admin": 403,
                                             "panelist": 403, "outsider": 403}),
    ("POST", "/api/v1/loops/{loop}/decision", {"owner": 409, "other_manager": 404,
                                               "recruiter": 403, "admin": 403,
                                               "panelist": 403, "outsider": 403}),
    ("GET", "/api/v1/loops/{loop}/scorecards", {"owner": 200, "other_manager": 404,
                                                "recruiter": 200, "admin": 404,
                                                "panelist": 200, "outsider": 404}),
    ("GET", "/api/v1/rounds/{round}/scorecard", {"owner": 404, "other_manager": 404,
                                                 "recruiter": 404, "admin": 404,
                                                 "panelist": 200, "outsider": 404}),
    ("PUT", "/api/v1/rounds/{round}/scorecard/draft", {"owner": 404, "other_manager": 404,
                                                       "recruiter": 404, "admin": 404,
                                                       "panelist": 200, "outsider": 404}),
    ("GET", "/api/v1/users", {"owner": 403, "other_manager": 403, "recruiter": 403,
                              "admin": 200, "panelist": 403, "outsider": 403}),
    ("GET", "/api/v1/questions", {"owner": 200, "other_manager": 200, "recruiter": 403,
                                  "admin": 200, "panelist": 403, "outsider": 403}),
    ("GET", "/api/v1/panel-candidates", {"owner": 200, "other_manager": 200,
                                         "recruiter": 403, "admin": 200, "panelist": 403,
                                         "outsider": 403}),
    ("GET", "/api/v1/me/rounds", {p: 200 for p in PEOPLE}),
    ("GET", "/api/v1/loops/{loop}/rounds/screen/questions/{question}/alternatives",
     {"owner": 409, "other_manager": 404, "recruiter": 403, "admin": 403, "panelist": 403,
      "outsider": 403}),
    ("POST", "/api/v1/loops/{loop}/rounds/screen/questions/{question}/swap",
     {"owner": 409, "other_manager": 404, "recruiter": 403, "admin": 403, "panelist": 403,
      "outsider": 403}),
    ("POST", "/api/v1/loops/{loop}/cancel", {"owner": 200, "other_manager": 404,
                                             "recruiter": 403, "admin": 403, "panelist": 403,
                                             "outsider": 403}),
    ("POST", "/api/v1/loops/import/preview", {"owner": 200, "other_manager": 200,
                                              "recruiter": 403, "admin": 403,
                                              "panelist": 403, "outsider": 403}),
    ("POST", "/api/v1/loops/import", {"owner": 201, "other_manager": 201, "recruiter": 403,
                                      "admin": 403, "panelist": 403, "outsider": 403}),
    ("GET", "/api/v1/webhooks", {"owner": 403, "other_manager": 403, "recruiter": 403,
                                 "admin": 200, "panelist": 403, "outsider": 403}),
    ("POST", "/api/v1/webhooks", {"owner": 403, "other_manager": 403, "recruiter": 403,
                                  "admin": 201, "panelist": 403, "outsider": 403}),
    ("GET", "/api/v1/webhooks/{webhook}/deliveries", {"owner": 403, "other_manager": 403,
                                                      "recruiter": 403, "admin": 200,
                                                      "panelist": 403, "outsider": 403}),
    ("POST", "/api/v1/webhooks/{webhook}/ping", {"owner": 403, "other_manager": 403,
                                                 "recruiter": 403, "admin": 202,
                                                 "panelist": 403, "outsider": 403}),
]

BODIES = {
    "/decision": {"decision": "hire", "reason": "Clear strengths on every round."},
    "/draft": {"version": 0, "notes": "First impressions, before the write-up."},
    "/swap": {"replacement_id": "any-question"},
    "/cancel": {"reason": "The candidate withdrew."},
    "/webhooks": {"url": "https://ats.example.com/hooks", "events": ["loop.decided"]},
}
CSV = "name,email,role,lane,level\nAna Sousa,ana@example.net,MLE,applied,mid\n"


@pytest.fixture
def world(app, make_token):
    roles = {"owner": "hiring_manager", "other_manager": "hiring_manager",
             "recruiter": "recruiter", "admin": "admin", "panelist": "interviewer",
             "outsider": "interviewer"}
    with app.app_context():
        people = {name: UserFactory(role=role) for name, role in roles.items()}
        loop = published_loop(owner=people["owner"],
                              panel={"screen": [people["panelist"]]})
        hook, _ = webhook_service.create_subscription(people["admin"],
                                                      "https://ats.example.com/h",
                                                      ["loop.published"])
        ids = {"loop": loop.id, "round": loop.round("screen").id, "webhook": hook.id,
               "question": loop.round("screen").questions[0].question_id,
               **{name: user.id for name, user in people.items()}}
        db.session.commit()
        users = {name: db.session.get(type(user), user.id) for name, user in people.items()}
        for user in users.values():
            db.session.expunge(user)
    tokens = {state: {name: make_token(user, state=state) for name, user in users.items()}
              for state in ("live", "revoked", "expired")}
    return {"ids": ids, "tokens": tokens}


def _call(client, world, method, template, person, state="live"):
    path = template.format(**world["ids"])
    headers = {**bearer(world["tokens"][state][person]),
               "Idempotency-Key": f"matrix-{person}-{method}-0001"}
    if "/import" in path:
        return client.open(path, method=method, data=CSV,
                           headers={**headers, "Content-Type": "text/csv"})
    body = next((b for suffix, b in BODIES.items() if path.endswith(suffix)), None)
    return client.open(path, method=method, json=body, headers=headers)


@pytest.mark.parametrize("method, template, expected", MATRIX,
                         ids=[f"{m} {t}" for m, t, _ in MATRIX])
def test_each_role_gets_what_the_web_app_allows(client, world, method, template, expected):
    got = {person: _call(client, world, method, template, person).status_code
           for person in PEOPLE}
    assert got == expected


@pytest.mark.parametrize("state", ["revoked", "expired"])
def test_revoked_and_expired_tokens_get_401_everywhere(client, world, state):
    for method, template, _ in MATRIX:
        for person in PEOPLE:
            response = _call(client, world, method, template, person, state)
            assert response.status_code == 401, (method, template, person)
            assert response.content_type == "application/problem+json"


def test_a_manager_lists_only_their_own_loops(client, world):
    mine = client.get("/api/v1/loops", headers=bearer(world["tokens"]["live"]["owner"]))
    theirs = client.get("/api/v1/loops",
                        headers=bearer(world["tokens"]["live"]["other_manager"]))
    assert [loop["id"] for loop in mine.get_json()["data"]] == [world["ids"]["loop"]]
    assert theirs.get_json()["data"] == []


def test_admins_and_recruiters_read_no_drafts(client, world):
    _call(client, world, "PUT", "/api/v1/rounds/{round}/scorecard/draft", "panelist")
    for person in ("recruiter", "owner"):
        cards = client.get(f"/api/v1/loops/{world['ids']['loop']}/scorecards",
                           headers=bearer(world["tokens"]["live"][person])).get_json()["data"]
        assert cards == []
    own = client.get(f"/api/v1/loops/{world['ids']['loop']}/scorecards",
                     headers=bearer(world["tokens"]["live"]["panelist"])).get_json()["data"]
    assert [c["status"] for c in own] == ["draft"]

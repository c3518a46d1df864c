"""A whole loop through the API alone: webhooks subscribed, intake, plan (with a swap),
panels, publish, four scorecards from four tokens (requests retried), debrief, decision; then
the outbox senders post the webhooks to a local HTTP server, signed, retried, logged, and
without notes where the subscription does not include them."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from interviewkit.domain import webhooks as rules
from interviewkit.extensions import db
from interviewkit.models import Loop, Scorecard
from tests.api.conftest import bearer
from tests.web._scoring import shipped_rubrics
from tests.webhook_receiver import Receiver

INTAKE = {"candidate_name": "Aiyana Okafor", "candidate_email": "Aiyana.Okafor@example.net",
          "role_title": "Senior ML Engineer, Ranking", "lane": "applied", "level": "senior",
          "domain": "ecommerce", "deployment_target": "realtime_api"}


NOTES = "Reasoned aloud, checked assumptions, and named the trade-offs made."
REASON = "Strong on every round; the design round settled the level."


def complete_content(round_kind: str, lane: str = "applied") -> dict:
    """A scorecard for a round of the intake's lane: every criterion rated with evidence."""
    rubric = shipped_rubrics().for_round(round_kind, lane)
    return {"ratings": {c.id: 3 for c in rubric.criteria},
            "evidence": {c.id: f"Gave a concrete example of {c.name.lower()}."
                         for c in rubric.criteria},
            "notes": NOTES,
            "recommendation": "yes"}


def test_a_loop_runs_end_to_end_through_the_api(app, client, runner, make_user, make_token):
    app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = True  # the receiver is on 127.0.0.1
    with Receiver() as receiver:
        _journey(app, client, runner, make_user, make_token, receiver)


def _subscribe(client, admin_token, receiver, path, events, include_notes):
    created = client.post("/api/v1/webhooks", headers=bearer(admin_token), json={
        "url": receiver.url(path), "events": events, "include_notes": include_notes,
        "description": f"ATS {path}"})
    assert created.status_code == 201, created.get_json()
    hook = created.get_json()
    assert hook["secret"].startswith("whsec_") and hook["secret"].startswith(
        hook["secret_prefix"])
    # Shown once: reading the subscription again gives only the prefix.
    again = client.get(created.headers["Location"], headers=bearer(admin_token)).get_json()
    assert "secret" not in again and again["secret_prefix"] == hook["secret_prefix"]
    return hook


def _journey(app, client, runner, make_user, make_token, receiver):
    admin_token = make_token(make_user("admin"))
    plain = _subscribe(client, admin_token, receiver, "/ats", list(rules.EVENTS), False)
    notes = _subscribe(client, admin_token, receiver, "/notes",
                       ["scorecard.submitted", "loop.decided"], True)
    manager = make_user("hiring_manager", name="Morgan Reyes")
    recruiter = make_user("recruiter")
    panel = [make_user("interviewer", name=f"Panelist {n}") for n in range(4)]
    manager_token = make_token(manager)
    tokens = {p.id: make_token(p) for p in panel}

    created = client.post("/api/v1/loops", json=INTAKE, headers=bearer(manager_token))
    assert created.status_code == 201, created.get_json()
    loop = created.get_json()
    assert created.headers["Location"] == f"/api/v1/loops/{loop['id']}"
    assert loop["status"] == "draft" and loop["candidate_email"] == "aiyana.okafor@example.net"
    assert [r["kind"] for r in loop["rounds"]] == ["screen", "system_design", "coding",
                                                   "deep_dive"]
    assert all(r["questions"] for r in loop["rounds"])
    assert loop["publish_problems"]  # no panels yet

    # Plan: swap the deep dive's first question for the planner's best alternative.
    deep_dive = loop["rounds"][3]
    old_id = deep_dive["questions"][0]["question_id"]
    base = f"/api/v1/loops/{loop['id']}/rounds/deep_dive/questions/{old_id}"
    options = client.get(f"{base}/alternatives", headers=bearer(manager_token))
    assert options.status_code == 200, options.get_json()
    new_id = options.get_json()["data"][0]["question_id"]
    swapped = client.post(f"{base}/swap", json={"replacement_id": new_id},
                          headers=bearer(manager_token))
    assert swapped.status_code == 200, swapped.get_json()
    loop = swapped.get_json()
    placed = {q["question_id"]: q for q in loop["rounds"][3]["questions"]}
    assert old_id not in placed and placed[new_id]["pinned"] is True

    early = client.post(f"/api/v1/loops/{loop['id']}/publish", headers=bearer(manager_token))
    assert early.status_code == 409
    assert early.content_type == "application/problem+json"
    assert "needs at least one interviewer" in early.get_json()["detail"]

    candidates = client.get("/api/v1/panel-candidates", headers=bearer(manager_token))
    assert {p.id for p in panel} <= {c["id"] for c in candidates.get_json()["data"]}
    start = datetime.now(UTC) - timedelta(days=1)
    for index, loop_round in enumerate(loop["rounds"]):
        when = (start + timedelta(hours=index)).isoformat()
        answer = client.put(f"/api/v1/loops/{loop['id']}/rounds/{loop_round['kind']}/panel",
                            json={"interviewer_ids": [panel[index].id], "scheduled_at": when},
                            headers=bearer(manager_token))
        assert answer.status_code == 200, answer.get_json()

    published = client.post(f"/api/v1/loops/{loop['id']}/publish",
                            headers=bearer(manager_token))
    assert published.status_code == 200, published.get_json()
    assert published.get_json()["published_at"].endswith("Z")

    for index, loop_round in enumerate(loop["rounds"]):
        token = tokens[panel[index].id]
        mine = client.get("/api/v1/me/rounds", headers=bearer(token)).get_json()["data"]
        assert [m["round_id"] for m in mine] == [loop_round["id"]]
        body = {"version": 0, **complete_content(loop_round["kind"])}
        headers = {**bearer(token), "Idempotency-Key": f"draft-{loop_round['id']}-0001"}
        draft = client.put(f"/api/v1/rounds/{loop_round['id']}/scorecard/draft", json=body,
                           headers=headers)
        assert draft.status_code == 200, draft.get_json()
        assert draft.get_json()["status"] == "draft"
        # The same request again (a lost response, retried): the first answer, no new version.
        again = client.put(f"/api/v1/rounds/{loop_round['id']}/scorecard/draft", json=body,
                           headers=headers)
        assert again.status_code == 200
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.get_json()["version"] == draft.get_json()["version"] == 1
        submit_headers = {**bearer(token), "Idempotency-Key": f"submit-{loop_round['id']}-01"}
        submitted = client.post(f"/api/v1/rounds/{loop_round['id']}/scorecard/submit",
                                json={**body, "version": 1}, headers=submit_headers)
        if submitted.status_code == 422:
            # A flag the engine proposed from the notes: the problem names it; dismiss it
            # with a reason and submit on top of the kept draft, under a new key.
            problem = submitted.get_json()
            assert problem["code"] == "incomplete"
            flags = [e["field"].split(".", 1)[1] for e in problem["errors"]
                     if e["field"].startswith("flags.")]
            assert flags, problem
            body["flag_decisions"] = {f: {"decision": "dismissed", "because": "proposed",
                                          "reason": "The incident story came up in the "
                                                    "deep dive instead."} for f in flags}
            submit_headers["Idempotency-Key"] += "-dismissed"
            submitted = client.post(f"/api/v1/rounds/{loop_round['id']}/scorecard/submit",
                                    json={**body, "version": problem["current"]["version"]},
                                    headers=submit_headers)
        assert submitted.status_code == 200, submitted.get_json()
        assert submitted.get_json()["status"] == "submitted"
        retried = client.post(f"/api/v1/rounds/{loop_round['id']}/scorecard/submit",
                              json={**body, "version": 1}, headers=submit_headers)
        assert retried.status_code == 200 and retried.get_json() == submitted.get_json()

    with app.app_context():
        assert db.session.query(Scorecard).count() == 4
        assert {c.status for c in db.session.query(Scorecard)} == {"submitted"}

    debrief = client.get(f"/api/v1/loops/{loop['id']}/debrief", headers=bearer(manager_token))
    assert debrief.status_code == 200
    assert debrief.get_json()["ready_for_decision"] is True
    rounds = debrief.get_json()["rounds"]
    assert [len(r["scorecards"]) for r in rounds] == [1, 1, 1, 1]
    assert [r["awaiting"] for r in rounds] == [[], [], [], []]
    assert debrief.get_json()["tally"].get("yes") == 4
    # The recruiter reads the same debrief; only the manager decides.
    recruiter_token = make_token(recruiter)
    assert client.get(f"/api/v1/loops/{loop['id']}/debrief",
                      headers=bearer(recruiter_token)).status_code == 200
    refused = client.post(f"/api/v1/loops/{loop['id']}/decision",
                          json={"decision": "hire", "reason": "Strong across the loop."},
                          headers=bearer(recruiter_token))
    assert refused.status_code == 403

    decided = client.post(f"/api/v1/loops/{loop['id']}/decision",
                          json={"decision": "hire", "reason": REASON},
                          headers=bearer(manager_token))
    assert decided.status_code == 200, decided.get_json()
    assert decided.get_json()["decision"]["decision"] == "hire"
    assert decided.get_json()["status"] == "decided"
    assert decided.get_json()["decision"]["decided_by"]["id"] == manager.id
    with app.app_context():
        stored = db.session.get(Loop, loop["id"])
        assert stored.decision == "hire" and stored.decided_by_id == manager.id

    late = client.put(f"/api/v1/rounds/{loop['rounds'][0]['id']}/scorecard/draft",
                      json={"version": 2, **complete_content("screen")},
                      headers={**bearer(tokens[panel[0].id]), "Idempotency-Key": "late-0001"})
    assert late.status_code == 409 and late.get_json()["code"] == "locked"

    _check_webhooks(client, runner, receiver, admin_token, plain, notes, loop, panel)


def _check_webhooks(client, runner, receiver, admin_token, plain, notes, loop, panel):
    """The senders post what the journey caused: once each, signed, notes only where allowed,
    a failed attempt retried later and both attempts in the delivery log."""
    receiver.answer("/ats", 500)  # the tracker is down for the first delivery
    first = runner.invoke(args=["outbox", "send"])
    assert "Webhooks: 10 sent, 1 to retry, 0 failed." in first.output, first.output
    # Publishing through the API sent each panelist an invite, as the web page does.
    assert "Outbox: 4 sent, 0 to retry, 0 failed." in first.output
    later = (datetime.now(UTC) + timedelta(minutes=2)).isoformat()
    second = runner.invoke(args=["outbox", "send", "--now", later])
    assert "Webhooks: 1 sent, 0 to retry, 0 failed." in second.output, second.output

    for hook, path in ((plain, "/ats"), (notes, "/notes")):
        for got in receiver.at(path):
            signature = got.headers["Interviewkit-Signature"]
            assert rules.verify(hook["secret"], signature, got.body, time.time()), path
            assert got.headers["Interviewkit-Event"] == got.payload["type"]
    ats = [r for r in receiver.at("/ats")]
    # The first POST failed and came again: receivers see the same event id twice.
    assert ats[0].headers["Interviewkit-Event-Id"] == ats[-1].headers["Interviewkit-Event-Id"]
    delivered = {r.headers["Interviewkit-Event-Id"]: r.payload for r in ats}
    events = sorted(p["type"] for p in delivered.values())
    # Every scorecard once, though each submit was retried: replays queue nothing.
    assert events == ["loop.decided", "loop.published"] + ["scorecard.submitted"] * 4
    with_notes = {r.payload["id"]: r.payload for r in receiver.at("/notes")}
    assert sorted(p["type"] for p in with_notes.values()) == (
        ["loop.decided"] + ["scorecard.submitted"] * 4)

    cards = [p["data"]["scorecard"] for p in delivered.values()
             if p["type"] == "scorecard.submitted"]
    assert sorted(c["interviewer"]["id"] for c in cards) == sorted(p.id for p in panel)
    assert all(c["recommendation"] == "yes" and c["ratings"] for c in cards)
    assert all("notes" not in c and "evidence" not in c for c in cards)
    plain_text = b"".join(r.body for r in ats).decode()
    assert NOTES not in plain_text and "Gave a concrete example" not in plain_text
    assert REASON not in plain_text
    scoped = [p["data"] for p in with_notes.values()]
    assert {d["scorecard"]["notes"] for d in scoped if "scorecard" in d} == {NOTES}
    assert [d["decision"]["reason"] for d in scoped if "decision" in d] == [REASON]
    published = next(p for p in delivered.values() if p["type"] == "loop.published")
    assert published["data"]["loop"]["id"] == loop["id"]

    log = client.get(f"/api/v1/webhooks/{plain['id']}/deliveries?limit=100",
                     headers=bearer(admin_token))
    assert log.status_code == 200
    rows = log.get_json()["data"]
    assert len(rows) == 6 and {d["status"] for d in rows} == {"sent"}
    retried = next(d for d in rows if d["attempts"] == 2)
    assert [(a["attempt"], a["status_code"]) for a in retried["log"]] == [(1, 500), (2, 204)]
    assert retried["log"][0]["error"].startswith("HTTP 500")
    assert "body" not in retried  # admins read no scorecard, so no payload in the log

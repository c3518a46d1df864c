"""Schemathesis against the served OpenAPI document: no server errors, and every response
(status, content type, headers, body) as the document says.

`make test` runs API_FUZZ_EXAMPLES (default 20) cases per operation; `make test-api-fuzz`
runs 1,000."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from interviewkit.extensions import db
from interviewkit.services import webhooks as webhook_service
from tests.api.conftest import bearer
from tests.factories import UserFactory
from tests.web._scoring import published_loop

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "20"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]

# Filled by the fixture: the real ids that about half of the generated cases are pointed at,
# so the fuzzing reaches real loops and rounds and not only 404s.
REAL: dict[str, object] = {}


@pytest.fixture
def api_schema(app, make_token):
    app.config["API_RATE_LIMIT"] = 10**9
    with app.app_context():
        manager = UserFactory(role="hiring_manager", name="Fuzz Manager")
        loop = published_loop(owner=manager, panel={"screen": [manager]})
        draft = published_loop(owner=manager)
        draft.published_at = None
        admin = UserFactory(role="admin", name="Fuzz Admin")
        db.session.flush()
        hook, _ = webhook_service.create_subscription(admin, "https://ats.example.com/hooks",
                                                      ["loop.published"])
        delivery = webhook_service.ping(admin, hook)
        REAL.update(loop_id=loop.id, round_id=loop.round("screen").id, user_id=manager.id,
                    question_id=loop.round("screen").questions[0].question_id,
                    draft_id=draft.id, webhook_id=hook.id, delivery_id=delivery.id)
        db.session.commit()
        for person in (manager, admin):
            db.session.refresh(person)
            db.session.expunge(person)
    REAL["token"] = make_token(manager)
    REAL["admin_token"] = make_token(admin)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def _operation_ids() -> list[str]:
    from interviewkit.web.api.views import api

    return [op.view.__name__ for op in api.operations]


def _admin_operation_ids() -> set[str]:
    """Operations only admins may call: fuzzed with an admin's token, or they would only
    ever answer 403."""
    from interviewkit.web.api.views import api

    return {op.view.__name__ for op in api.operations
            if op.tag == "webhooks" or op.view.__name__ in ("list_users", "get_user")}


def _point_at_real_things(case) -> None:
    params = case.path_parameters or {}
    for name in ("loop_id", "round_id", "user_id", "webhook_id", "delivery_id"):
        value = params.get(name)
        if isinstance(value, int) and value % 2 == 0:
            params[name] = REAL["draft_id"] if name == "loop_id" and value % 4 == 0 \
                else REAL[name]
    if isinstance(params.get("question_id"), str) and len(params["question_id"]) % 2 == 0:
        params["question_id"] = REAL["question_id"]
        if "round_kind" in params:
            params["round_kind"] = "screen"  # the round that question is in


# One test per operation, each with its own generated cases (schemathesis' pytest plugin
# does not load under this pytest, so the operations are driven through hypothesis here).
@pytest.mark.parametrize("operation_id", _operation_ids())
def test_the_api_answers_as_its_document_says(api_schema, operation_id):
    operation = api_schema.find_operation_by_id(operation_id)
    token = REAL["admin_token" if operation_id in _admin_operation_ids() else "token"]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def exchange(case) -> None:
        _point_at_real_things(case)
        case.call_and_validate(headers=bearer(token), checks=CHECKS)

    exchange()

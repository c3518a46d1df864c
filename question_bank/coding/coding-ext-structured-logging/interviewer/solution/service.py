"""Checkout recommendations service: always up, always saying what answered, and visible.

Every answer is counted by outcome (primary, fallback_previous, fallback_rule, rejected) in
GET /metrics, with a latency histogram. Each degraded answer logs one JSON line with the request
id, the outcome, the reason code and the source, never the body or the user id.

Alert (see README): the share of fallback_previous + fallback_rule above 5% of answers over
10 minutes, or any pod on fallback_rule for 5 minutes.

Run it:  flask --app service run
"""

import logging
import time
import uuid
from datetime import datetime, timezone

from flask import Flask, jsonify, request

from loader import load_active
from registry import FileRegistry
from telemetry import Metrics, event

MODEL_NAME = "recs"
log = logging.getLogger("recs.service")


def create_app(registry=None, metrics=None):
    loaded = load_active(registry or FileRegistry("registry"), MODEL_NAME)
    metrics = metrics or Metrics()
    since = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if not loaded.failures:
        outcome, reason = "primary", None
    else:
        outcome = "fallback_rule" if loaded.is_fallback else "fallback_previous"
        # Why the current version is not serving: the first failure is the current one's.
        reason = loaded.failures[0].code
        event(log, logging.ERROR if loaded.is_fallback else logging.WARNING, "model_fallback",
              outcome=outcome, reason=reason, source=loaded.source, since=since,
              failures=[f"{f.source}:{f.code}" for f in loaded.failures])
    app = Flask(__name__)

    @app.get("/ready")
    def ready():
        return jsonify({"ready": True, "source": loaded.source, "outcome": outcome,
                        "reason": reason, "since": since, "attempts": loaded.attempts})

    @app.get("/metrics")
    def metrics_view():
        return jsonify({**metrics.snapshot(), "source": loaded.source, "since": since})

    @app.post("/recommend")
    def recommend():
        started = time.perf_counter()
        request_id = request.headers.get("X-Request-Id") or str(uuid.uuid4())
        try:
            body = request.get_json(silent=True) or {}
            if "user_id" not in body:
                metrics.count("rejected", "missing_user_id")
                return jsonify({"error": "user_id is required", "request_id": request_id}), 400
            items = loaded.model.recommend(body["user_id"], body.get("k", 5))
            metrics.count(outcome, reason)
            if outcome != "primary":
                event(log, logging.WARNING, "degraded_response", request_id=request_id,
                      outcome=outcome, reason=reason, source=loaded.source)
            return jsonify({"items": items, "source": loaded.source, "request_id": request_id})
        finally:
            metrics.observe_ms((time.perf_counter() - started) * 1000)

    return app

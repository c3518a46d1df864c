"""Churn scoring service: validate, adapt to the training schema, score, say which model.

Upstream renamed monthly_spend to monthly_spend_eur and added plan values the model never saw:
schema.py accepts both names and refuses unseen values; this module counts both.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import Counter

import joblib
from flask import Flask, jsonify, request

from schema import (RENAMED, InvalidRequest, feature_frame, load_card, parse_request,
                    unseen_categories)

MODEL_PATH = "churn_model.joblib"
log = logging.getLogger("churn")


def create_app(model_path=MODEL_PATH):
    app = Flask(__name__)
    card = load_card()
    model = joblib.load(model_path)  # once, at start-up: a broken artifact fails the deploy
    version = getattr(model, "model_version", card["version"])
    known = {c["name"] for c in card["columns"]} | set(RENAMED)
    # In-process counters; in production these would be Prometheus counters with the same
    # labels. Reset on restart, so dashboards use rates, not totals.
    lock = threading.Lock()
    unseen_counts: Counter = Counter()  # (column, value) -> requests
    name_counts: Counter = Counter()  # which spend name clients send, to know when to drop one

    @app.get("/metrics")
    def metrics():
        with lock:
            unseen: dict = {}
            for (column, value), count in sorted(unseen_counts.items()):
                unseen.setdefault(column, {})[value] = count
            return jsonify({"unseen_categories": unseen, "spend_field_names": dict(name_counts)})

    @app.post("/predict")
    def predict():
        request_id = request.headers.get("X-Request-Id") or str(uuid.uuid4())
        payload = request.get_json(silent=True)
        unseen = unseen_categories(payload, card)
        with lock:
            unseen_counts.update(unseen.items())
            if isinstance(payload, dict):
                name_counts.update(n for n in ("monthly_spend", *RENAMED) if n in payload)
        if unseen:
            log.warning("unseen category values %s (request %s)", sorted(unseen), request_id)
        try:
            row = parse_request(payload, card)
        except InvalidRequest as invalid:
            return jsonify({"error": "invalid_request", "request_id": request_id,
                            "errors": [{"field": e.field, "message": e.message}
                                       for e in invalid.errors]}), 422
        extra = sorted(set(payload) - known)
        if extra:
            log.info("ignored fields %s (request %s)", extra, request_id)
        try:
            score = float(model.predict_proba(feature_frame(row, card))[0, 1])
        except Exception:
            log.exception("model failed (request %s)", request_id)
            return jsonify({"error": "model_error", "request_id": request_id,
                            "model_version": version}), 503
        return jsonify({"score": score, "model_version": version, "request_id": request_id,
                        "ignored_fields": extra})

    return app

"""Churn scoring service: validate, adapt to the training schema, score, say which model."""

from __future__ import annotations

import logging
import uuid

import joblib
from flask import Flask, jsonify, request

from schema import InvalidRequest, feature_frame, load_card, parse_request

MODEL_PATH = "churn_model.joblib"
MAX_BODY_BYTES = 16 * 1024  # a real request is under 1 KB
MAX_DEPTH = 4  # a request is a flat object; anything deeper is refused before parsing


def nesting_depth(raw: bytes) -> int:
    """Return the deepest bracket nesting of a JSON text, without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        char = chr(byte)
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest
log = logging.getLogger("churn")


def create_app(model_path=MODEL_PATH):
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES  # 413 before anything is read
    card = load_card()
    model = joblib.load(model_path)  # once, at start-up: a broken artifact fails the deploy
    version = getattr(model, "model_version", card["version"])

    @app.post("/predict")
    def predict():
        request_id = request.headers.get("X-Request-Id") or str(uuid.uuid4())
        raw = request.get_data(cache=True)
        if nesting_depth(raw) > MAX_DEPTH:
            return jsonify({"error": "invalid_request", "request_id": request_id,
                            "errors": [{"field": "(body)", "message": "nested too deeply"}]}), 422
        payload = request.get_json(silent=True)
        try:
            row = parse_request(payload, card)
        except InvalidRequest as invalid:
            return jsonify({"error": "invalid_request", "request_id": request_id,
                            "errors": [{"field": e.field, "message": e.message}
                                       for e in invalid.errors]}), 422
        extra = sorted(set(payload) - {c["name"] for c in card["columns"]})
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

"""Churn scoring service: validate, adapt to the training schema, score, say which model."""

from __future__ import annotations

import logging
import uuid

import joblib
from flask import Flask, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from schema import InvalidRequest, feature_frame, load_card, parse_request

MODEL_PATH = "churn_model.joblib"
# A real request is under 1 KB. Werkzeug refuses anything larger than this with a 413 as soon
# as the body is read, before any JSON parsing. A proxy in front should have the same limit.
MAX_BODY_BYTES = 64 * 1024
log = logging.getLogger("churn")


def create_app(model_path=MODEL_PATH):
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    card = load_card()
    model = joblib.load(model_path)  # once, at start-up: a broken artifact fails the deploy
    version = getattr(model, "model_version", card["version"])

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        # Log the size, never the content: the body may hold personal data.
        log.warning("refused a body of %s bytes (limit %s)", request.content_length,
                    MAX_BODY_BYTES)
        return jsonify({"error": "body_too_large",
                        "message": f"request bodies are limited to {MAX_BODY_BYTES} bytes"}), 413

    @app.post("/predict")
    def predict():
        request_id = request.headers.get("X-Request-Id") or str(uuid.uuid4())
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

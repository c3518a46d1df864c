"""Churn scoring service: validate, adapt to the training schema, score, say which model.

Two versions can be served side by side for a gradual rollout: see router.py.
"""

from __future__ import annotations

import logging
import uuid

import joblib
from flask import Flask, jsonify, request

from router import Router, UnknownVersion
from schema import InvalidRequest, feature_frame, load_card, parse_request

MODEL_PATH = "churn_model.joblib"
log = logging.getLogger("churn")


def create_app(model_path=MODEL_PATH, versions=None, rollout_percent=0):
    """versions: {name: artifact path}, the stable version first and the new one second.

    Without it the app serves model_path alone, named as before, so nothing changes for
    existing deployments. rollout_percent is the share of customers sent to the new version.
    """
    app = Flask(__name__)
    card = load_card()
    if versions is None:
        model = joblib.load(model_path)
        versions = {getattr(model, "model_version", card["version"]): model}
    # Each artifact is loaded once, at start-up: a broken one fails the deploy.
    models = {name: joblib.load(path) if isinstance(path, str) else path
              for name, path in versions.items()}
    router = Router(list(models), rollout_percent)

    @app.post("/predict")
    def predict():
        request_id = request.headers.get("X-Request-Id") or str(uuid.uuid4())
        try:
            version = router.choose(request.headers.get("X-Customer-Id"),
                                    request.headers.get("X-Model-Version"))
        except UnknownVersion as unknown:
            return jsonify({"error": "unknown_model_version", "request_id": request_id,
                            "errors": [{"field": "X-Model-Version",
                                        "message": f"no model version {unknown.args[0]!r}; "
                                                   f"served: {', '.join(models)}"}]}), 422
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
            score = float(models[version].predict_proba(feature_frame(row, card))[0, 1])
        except Exception:
            log.exception("model %s failed (request %s)", version, request_id)
            return jsonify({"error": "model_error", "request_id": request_id,
                            "model_version": version}), 503
        return jsonify({"score": score, "model_version": version, "request_id": request_id,
                        "ignored_fields": extra})

    return app

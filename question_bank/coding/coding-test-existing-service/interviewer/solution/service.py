"""Churn prediction service.

    flask --app service run            # POST /predict, GET /health

Request:  {"customer_id": "C123", "features": {"tenure_months": 14, "monthly_spend": 49.9, ...}}
Response: {"customer_id": "C123", "label": "churn" | "stay", "probability": 0.31,
           "model_version": "churn_lr", "request_id": "..."}
"""
import json
import logging
import os
import time
import uuid

import joblib
import numpy as np
from flask import Flask, jsonify, request

log = logging.getLogger("churn_service")

MODEL_DIR = os.environ.get("CHURN_MODEL_DIR", os.path.join(os.path.dirname(__file__), "model"))
THRESHOLD = 0.5


class ValidationError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def load_model(model_dir=MODEL_DIR):
    """The model and the column order it was trained with."""
    model = joblib.load(os.path.join(model_dir, "churn_lr.joblib"))
    with open(os.path.join(model_dir, "feature_columns.json")) as f:
        columns = json.load(f)
    return model, columns


def validate(payload, columns):
    if not isinstance(payload, dict):
        raise ValidationError("body must be a JSON object")
    features = payload.get("features")
    if not isinstance(features, dict):
        raise ValidationError("'features' must be an object", field="features")
    missing = [c for c in columns if c not in features]
    if missing:
        raise ValidationError(f"missing features: {', '.join(missing)}", field=missing[0])
    unknown = sorted(set(features) - set(columns))
    if unknown:
        raise ValidationError(f"unknown features: {', '.join(unknown)}", field=unknown[0])
    for name, value in features.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError(f"feature {name} must be a number", field=name)
        if value < 0:
            raise ValidationError(f"feature {name} must not be negative", field=name)
    customer_id = payload.get("customer_id")
    if customer_id is not None and not isinstance(customer_id, str):
        raise ValidationError("'customer_id' must be a string", field="customer_id")
    return customer_id, features


def build_vector(features, columns):
    """One row in the model's training column order (never the client's key order)."""
    row = [float(features[name]) for name in columns]
    return np.array([row])


def predict_one(model, vector):
    probability = float(model.predict_proba(vector)[0, 1])
    return ("churn" if probability >= THRESHOLD else "stay"), probability


def create_app(model=None, columns=None, model_version="churn_lr"):
    app = Flask(__name__)
    if model is None:
        model, columns = load_model()
    app.config["MODEL"] = model
    app.config["COLUMNS"] = columns

    @app.get("/health")
    def health():
        return jsonify(status="ok", model_version=model_version, n_features=len(columns))

    @app.post("/predict")
    def predict():
        request_id = request.headers.get("X-Request-Id") or uuid.uuid4().hex
        started = time.perf_counter()
        payload = request.get_json(silent=True)
        try:
            customer_id, features = validate(payload, app.config["COLUMNS"])
        except ValidationError as exc:
            log.info("rejected request %s: %s", request_id, exc)
            return jsonify(error=str(exc), field=exc.field, request_id=request_id), 400
        vector = build_vector(features, app.config["COLUMNS"])
        label, probability = predict_one(app.config["MODEL"], vector)
        log.info("request %s scored in %.1f ms", request_id, 1000 * (time.perf_counter() - started))
        return jsonify(customer_id=customer_id, label=label, probability=round(probability, 6),
                       model_version=model_version, request_id=request_id)

    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    create_app().run(port=int(os.environ.get("PORT", "8080")))

"""Churn scoring service (first cut, written in a hurry before the mobile release).

Run it:  flask --app app run
"""

import uuid

import joblib
import pandas as pd
from flask import Flask, jsonify, request

MODEL_PATH = "churn_model.joblib"


def create_app(model_path=MODEL_PATH):
    app = Flask(__name__)

    @app.post("/predict")
    def predict():
        try:
            model = joblib.load(model_path)
            payload = request.get_json()
            for key in payload:
                if payload[key] is None:
                    payload[key] = 0
            if "tenure_months" not in payload:
                payload["tenure_months"] = 0
            frame = pd.DataFrame([payload])
            score = model.predict_proba(frame)[0, 1]
            return jsonify({"score": float(score), "request_id": str(uuid.uuid4())})
        except Exception:
            return jsonify({"score": 0.5, "request_id": str(uuid.uuid4())})

    return app


app = create_app()

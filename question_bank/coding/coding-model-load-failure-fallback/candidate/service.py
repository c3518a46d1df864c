"""Checkout recommendations service.

Run it:  flask --app service run
"""

import pickle

from flask import Flask, jsonify, request

from registry import FileRegistry

MODEL_NAME = "recs"


def create_app(registry=None):
    registry = registry or FileRegistry("registry")
    artifact = registry.get_artifact(MODEL_NAME, registry.get_current_version(MODEL_NAME))
    model = pickle.loads(artifact.data)

    app = Flask(__name__)

    @app.get("/ready")
    def ready():
        return jsonify({"ready": True})

    @app.post("/recommend")
    def recommend():
        body = request.get_json()
        return jsonify({"items": model.recommend(body["user_id"], body.get("k", 5))})

    return app


app = create_app()

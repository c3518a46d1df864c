"""Checkout recommendations service: always up, always saying what answered.

Run it:  flask --app service run
"""

from flask import Flask, jsonify, request

from loader import load_active
from registry import FileRegistry

MODEL_NAME = "recs"


def create_app(registry=None):
    loaded = load_active(registry or FileRegistry("registry"), MODEL_NAME)
    app = Flask(__name__)

    @app.get("/ready")
    def ready():
        # Ready either way: the rule is a deliberate, documented answer, and an unready pod
        # would send checkout nothing at all. The body says which one it is.
        return jsonify({"ready": True, "source": loaded.source,
                        "fallback": loaded.is_fallback, "attempts": loaded.attempts})

    @app.post("/recommend")
    def recommend():
        body = request.get_json(silent=True) or {}
        if "user_id" not in body:
            return jsonify({"error": "user_id is required"}), 400
        k = body.get("k", 5)
        return jsonify({"items": loaded.model.recommend(body["user_id"], k),
                        "source": loaded.source})

    return app

"""The handling a weak test cannot tell apart from the real one: a bare except.

Any load failure is swallowed; the service stays up, reports the version it tried, and answers
an empty list. The hidden tests put this file in place of service.py and expect the
candidate's failure test to go red.
"""

import pickle

from flask import Flask, jsonify, request

from registry import FileRegistry

MODEL_NAME = "recs"


def create_app(registry=None):
    registry = registry or FileRegistry("registry")
    model, source = None, None
    try:
        version = registry.get_current_version(MODEL_NAME)
        source = f"{MODEL_NAME}@{version}"
        model = pickle.loads(registry.get_artifact(MODEL_NAME, version).data)
    except:  # noqa: E722
        pass
    app = Flask(__name__)

    @app.get("/ready")
    def ready():
        return jsonify({"ready": True, "source": source})

    @app.post("/recommend")
    def recommend():
        body = request.get_json(silent=True) or {}
        items = model.recommend(body.get("user_id"), body.get("k", 5)) if model else []
        return jsonify({"items": items, "source": source})

    return app

"""Checkout recommendations service: always up, always saying what answered, never late.

Callers give up after 300 ms, so each request gets one Deadline when it arrives. The model
runs in a worker with only the time that is left; an answer that arrives after the deadline is
thrown away and the popular-items rule answers instead, with reason "deadline".

Run it:  flask --app service run
"""

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from flask import Flask, jsonify, request

from deadline import Deadline
from loader import POPULAR_ITEMS, PopularItems, load_active
from registry import FileRegistry

MODEL_NAME = "recs"
DEADLINE_S = 0.3  # the callers' timeout; a reply after this is never read
# Below this, starting the model is pointless: it has never answered that fast.
MIN_MODEL_S = 0.005
log = logging.getLogger("recs.service")
# Counted per process: requests answered by the rule because time ran out, and model calls
# abandoned while still running (threads cannot be killed; they finish and are discarded).
DEADLINE_OUTCOMES = {"skipped": 0, "late": 0, "abandoned": 0}


def create_app(registry=None, clock=time.monotonic, deadline_s=DEADLINE_S):
    loaded = load_active(registry or FileRegistry("registry"), MODEL_NAME)
    rule = PopularItems(json.loads(POPULAR_ITEMS.read_text()))
    workers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="recs-model")
    app = Flask(__name__)

    @app.get("/ready")
    def ready():
        return jsonify({"ready": True, "source": loaded.source,
                        "fallback": loaded.is_fallback, "attempts": loaded.attempts})

    def fallback(user_id, k, why):
        DEADLINE_OUTCOMES[why] += 1
        log.warning("deadline: %s, answering with popular_items", why)
        return jsonify({"items": rule.recommend(user_id, k), "source": "popular_items",
                        "reason": "deadline"})

    @app.post("/recommend")
    def recommend():
        deadline = Deadline(deadline_s, clock)  # once, at the edge
        body = request.get_json(silent=True) or {}
        if "user_id" not in body:
            return jsonify({"error": "user_id is required"}), 400
        user_id, k = body["user_id"], body.get("k", 5)
        if loaded.is_fallback:
            return jsonify({"items": loaded.model.recommend(user_id, k),
                            "source": loaded.source})
        if deadline.remaining() < MIN_MODEL_S:
            return fallback(user_id, k, "skipped")
        future = workers.submit(loaded.model.recommend, user_id, k)
        try:
            items = future.result(timeout=deadline.remaining())
        except FutureTimeout:
            future.cancel()
            return fallback(user_id, k, "abandoned")
        if deadline.expired():
            return fallback(user_id, k, "late")
        return jsonify({"items": items, "source": loaded.source})

    return app

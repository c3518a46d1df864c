"""Nightly job: embed every product description for semantic search.

Usage: python embed_job.py data/products_day1.jsonl cache.json

Today it is run with the real provider client; tests use fake_client.FakeEmbeddingClient.
"""
import json
import logging
import os
import sys
import time

from fake_client import FakeEmbeddingClient, TransientProviderError, InputRejectedError

log = logging.getLogger("embed_job")
BATCH_SIZE = 96


def load_products(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def run_job(products, client, cache_path, batch_size=BATCH_SIZE):
    """Embed products that are not cached yet. Returns a summary dict (see README)."""
    cache = {}
    if os.path.exists(cache_path):
        with open(cache_path) as f:
            cache = json.load(f)

    todo = [p for p in products if p["product_id"] not in cache]
    for start in range(0, len(todo), batch_size):
        batch = todo[start:start + batch_size]
        texts = [p["description"] for p in batch]
        for attempt in range(3):
            try:
                vectors = client.embed(texts)
                break
            except (TransientProviderError, InputRejectedError) as exc:
                log.warning("batch failed (%s), retrying", exc)
                time.sleep(0.2 * (attempt + 1))
        else:
            log.error("giving up on batch starting at %d", start)
            continue
        for p, v in zip(batch, vectors):
            cache[p["product_id"]] = v

    with open(cache_path, "w") as f:
        json.dump(cache, f)
    return {
        "vectors": {p["product_id"]: cache[p["product_id"]] for p in products if p["product_id"] in cache},
        "failed": [],
        "api_calls": len(client.calls),
    }


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    result = run_job(load_products(sys.argv[1]), FakeEmbeddingClient(), sys.argv[2])
    print(f"{len(result['vectors'])} vectors, {result['api_calls']} API calls")

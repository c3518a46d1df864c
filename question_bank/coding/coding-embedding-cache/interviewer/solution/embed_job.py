"""Nightly job: embed new or changed product descriptions (reference solution).

- Cache key = sha256(normalised text) + model + model version: an edited description is a
  new key, an unchanged one is never paid for twice (also across products), and a new model
  version invalidates everything without a migration.
- The cache is a SQLite file committed after every successful batch: a crash loses at most
  the batch in flight, and a rerun only sends what is missing.
- A 500 is retried with backoff; a 400 (some input too long) is bisected down to the single
  offending input, which is recorded in `failed` and never retried in the same run.
- Over-limit inputs are detected up front with the provider's token count and never sent.
- Requests are paced by a token bucket at the provider's rate limit.
- The summary reports calls, tokens and cost for this run.
"""
import hashlib
import json
import logging
import sqlite3
import sys
import time

from fake_client import FakeEmbeddingClient, InputRejectedError, TransientProviderError

log = logging.getLogger("embed_job")
BATCH_SIZE = 96
MAX_RETRIES = 5


def load_products(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def normalise(text):
    return " ".join(text.split())


def cache_key(text, client):
    digest = hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
    return f"{client.model}:{client.version}:{digest}"


class VectorCache:
    def __init__(self, path):
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector TEXT NOT NULL)")
        self.db.commit()

    def get_many(self, keys):
        found = {}
        keys = list(keys)
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self.db.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            found.update((k, json.loads(v)) for k, v in rows)
        return found

    def put_many(self, items):
        with self.db:  # one transaction per batch
            self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                [(k, json.dumps(v)) for k, v in items])

    def close(self):
        self.db.close()


class TokenBucket:
    def __init__(self, per_minute, clock=time.monotonic, sleep=time.sleep):
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, per_minute / 60.0)
        self.tokens = self.capacity
        self.clock, self.sleep = clock, sleep
        self.last = clock()

    def take(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            self.sleep((1 - self.tokens) / self.rate)
            self.tokens = 1
            self.last = self.clock()
        self.tokens -= 1


def run_job(products, client, cache_path, batch_size=BATCH_SIZE, sleep=time.sleep):
    cache = VectorCache(cache_path)
    bucket = TokenBucket(getattr(client, "REQUESTS_PER_MINUTE", 3000), sleep=sleep)
    stats = {"api_calls": 0, "tokens": 0}
    failed = {}  # key -> reason
    try:
        keys = {p["product_id"]: cache_key(p["description"], client) for p in products}
        known = cache.get_many(set(keys.values()))
        todo = {}  # key -> text, each distinct text once
        for p in products:
            k = keys[p["product_id"]]
            if k in known or k in todo:
                continue
            if client.count_tokens(p["description"]) > client.MAX_TOKENS:
                failed[k] = "over token limit"
                continue
            todo[k] = p["description"]
        cache_hits = len(products) - sum(1 for p in products if keys[p["product_id"]] in todo
                                         or keys[p["product_id"]] in failed)
        items = list(todo.items())
        for start in range(0, len(items), batch_size):
            _embed(items[start:start + batch_size], client, cache, bucket, stats, failed, sleep)
        known = cache.get_many(set(keys.values()))
    finally:
        cache.close()
    price = getattr(client, "PRICE_PER_MILLION_TOKENS", 0.0)
    result = {
        "vectors": {pid: known[k] for pid, k in keys.items() if k in known},
        "failed": sorted(pid for pid, k in keys.items() if k in failed),
        "api_calls": stats["api_calls"],
        "tokens": stats["tokens"],
        "cost_usd": stats["tokens"] * price / 1_000_000,
        "cache_hits": cache_hits,
        "model": f"{client.model}:{client.version}",
    }
    log.info("embedded=%d cache_hits=%d failed=%d calls=%d tokens=%d cost_usd=%.6f",
             len(todo), cache_hits, len(result["failed"]), stats["api_calls"], stats["tokens"],
             result["cost_usd"])
    return result


def _embed(items, client, cache, bucket, stats, failed, sleep):
    """Embed one batch; on a 400, split it to isolate the bad input(s)."""
    texts = [t for _, t in items]
    for attempt in range(MAX_RETRIES):
        bucket.take()
        stats["api_calls"] += 1
        try:
            vectors = client.embed(texts)
        except TransientProviderError:
            sleep(min(30.0, 0.5 * 2 ** attempt))
            continue
        except InputRejectedError:
            if len(items) == 1:
                failed[items[0][0]] = "rejected by provider"
                log.warning("input rejected: key=%s", items[0][0])
                return
            mid = len(items) // 2
            _embed(items[:mid], client, cache, bucket, stats, failed, sleep)
            _embed(items[mid:], client, cache, bucket, stats, failed, sleep)
            return
        stats["tokens"] += sum(client.count_tokens(t) for t in texts)
        cache.put_many(zip([k for k, _ in items], vectors))
        return
    for k, _ in items:
        failed[k] = "provider kept failing"


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    summary = run_job(load_products(sys.argv[1]), FakeEmbeddingClient(), sys.argv[2])
    print(json.dumps({k: v for k, v in summary.items() if k != "vectors"}, indent=2))

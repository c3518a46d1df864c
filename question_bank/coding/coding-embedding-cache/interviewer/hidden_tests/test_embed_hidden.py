"""Hidden tests for the embedding job: behaviour through run_job only."""
import inspect

import pytest
from embed_job import load_products, run_job
from fake_client import FakeEmbeddingClient, SimulatedCrash

DAY1 = "data/products_day1.jsonl"
DAY2 = "data/products_day2.jsonl"
POISON = "P00251"


def nosleep(_s):
    pass


def job(products, client, cache):
    if "sleep" in inspect.signature(run_job).parameters:  # a sleep hook is optional
        return run_job(products, client, cache, sleep=nosleep)
    return run_job(products, client, cache)


def sent(client):
    return [t for call in client.calls for t in call]


@pytest.fixture
def cache(tmp_path):
    return str(tmp_path / "embeddings.cache")


def test_rerun_with_same_data_makes_no_api_calls(cache):
    products = load_products(DAY1)
    job(products, FakeEmbeddingClient(), cache)
    again = FakeEmbeddingClient()
    result = job(products, again, cache)
    assert again.calls == []
    assert len(result["vectors"]) == len(products)


def test_identical_text_is_paid_for_once(cache):
    client = FakeEmbeddingClient()
    products = load_products(DAY1)
    job(products, client, cache)
    texts = sent(client)
    assert len(texts) == len(set(texts)) == len({p["description"] for p in products})


def test_next_day_sends_only_new_and_changed_text_and_returns_fresh_vectors(cache):
    day1, day2 = load_products(DAY1), load_products(DAY2)
    job(day1, FakeEmbeddingClient(), cache)
    client = FakeEmbeddingClient()
    result = job(day2, client, cache)
    before = {p["description"] for p in day1}
    expected_new = {p["description"] for p in day2 if p["description"] not in before
                    and p["product_id"] != POISON}
    assert set(sent(client)) - {p["description"] for p in day2 if p["product_id"] == POISON} == expected_new
    reference = FakeEmbeddingClient()
    for p in day2:
        if p["product_id"] != POISON:
            assert result["vectors"][p["product_id"]] == reference.embed([p["description"]])[0], p["product_id"]


def test_new_model_version_reembeds_everything(cache):
    products = load_products(DAY1)
    job(products, FakeEmbeddingClient(version="2025-06"), cache)
    client = FakeEmbeddingClient(version="2026-01")
    result = job(products, client, cache)
    assert set(sent(client)) == {p["description"] for p in products}
    ref = FakeEmbeddingClient(version="2026-01")
    assert result["vectors"]["P00001"] == ref.embed([products[0]["description"]])[0]


def test_over_limit_input_is_isolated_and_reported(cache):
    products = load_products(DAY2)
    client = FakeEmbeddingClient()
    result = job(products, client, cache)
    assert result["failed"] == [POISON]
    assert set(result["vectors"]) == {p["product_id"] for p in products} - {POISON}
    assert len(client.calls) <= 20  # bisection, not one request per product


def test_transient_500_is_retried_without_losing_the_batch(cache):
    products = load_products(DAY1)
    client = FakeEmbeddingClient(fail_calls={1, 2})
    result = job(products, client, cache)
    assert result["failed"] == []
    assert len(result["vectors"]) == len(products)


def test_crash_then_rerun_does_not_redo_finished_batches(cache):
    products = load_products(DAY1)
    dying = FakeEmbeddingClient(crash_after_calls=2)
    with pytest.raises(SimulatedCrash):
        job(products, dying, cache)
    done = set(sent(dying))  # both requests succeeded before the crash
    resumed = FakeEmbeddingClient()
    result = job(products, resumed, cache)
    assert done and not (done & set(sent(resumed)))
    assert len(result["vectors"]) == len(products)


def test_reports_tokens_and_cost(cache):
    client = FakeEmbeddingClient(fail_calls={2})
    result = job(load_products(DAY1), client, cache)
    assert result["api_calls"] == len(client.calls)
    assert result["tokens"] == client.billed_tokens
    assert result["cost_usd"] == pytest.approx(client.billed_tokens * 0.02 / 1_000_000)

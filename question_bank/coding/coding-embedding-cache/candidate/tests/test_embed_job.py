from embed_job import load_products, run_job
from fake_client import FakeEmbeddingClient


def test_embeds_every_product(tmp_path):
    products = load_products("data/products_day1.jsonl")
    client = FakeEmbeddingClient()
    result = run_job(products, client, str(tmp_path / "cache"))
    assert set(result["vectors"]) == {p["product_id"] for p in products}
    assert all(len(v) == 8 for v in result["vectors"].values())


def test_batches_respect_provider_limit(tmp_path):
    client = FakeEmbeddingClient()
    run_job(load_products("data/products_day1.jsonl"), client, str(tmp_path / "cache"))
    assert all(1 <= len(call) <= 96 for call in client.calls)

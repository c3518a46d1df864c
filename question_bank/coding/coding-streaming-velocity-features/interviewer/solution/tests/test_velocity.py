import json
from pathlib import Path

from velocity import VelocityAggregator, batch_features


def ev(i, ts, amount, card="c1"):
    return {"txn_id": f"t{i}", "card_id": card, "ts": ts, "amount_cents": amount, "offset": i}


def test_counts_and_amounts_in_order():
    agg = VelocityAggregator()
    out = [agg.process(ev(i, ts, a)) for i, (ts, a) in enumerate([(1_000, 500), (2_000, 700), (5_000, 100)])]
    assert out[1] == {"count_1h": 2, "amount_1h": 1200, "count_24h": 2, "amount_24h": 1200}
    assert out[2] == {"count_1h": 2, "amount_1h": 800, "count_24h": 3, "amount_24h": 1300}


def test_cards_are_independent():
    agg = VelocityAggregator()
    agg.process(ev(0, 10, 5, "c1"))
    got = agg.process(ev(1, 10, 7, "c2"))
    assert got["count_24h"] == 1 and got["amount_24h"] == 7


def test_batch_matches_online_on_sample_stream():
    events = [json.loads(x) for x in Path("data/card_txns_sample.jsonl").read_text().splitlines()]
    agg = VelocityAggregator()
    online = {e["txn_id"]: f for e in events if (f := agg.process(e)) is not None}
    assert batch_features(events) == online

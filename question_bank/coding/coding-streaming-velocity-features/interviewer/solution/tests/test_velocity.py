import json
from pathlib import Path

from velocity import VelocityAggregator, batch_features

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "card_txns_sample.jsonl"


def ev(offset, ts, amount=100, card="c1", txn=None):
    """One queue event; txn defaults to a new id per offset (pass the same txn for a redelivery)."""
    return {"offset": offset, "txn_id": txn or f"t{offset}", "card_id": card, "ts": ts,
            "amount_cents": amount}


def load_sample():
    """The 189 events of data/card_txns_sample.jsonl, in delivery order."""
    return [json.loads(line) for line in SAMPLE.read_text().splitlines() if line.strip()]


def replay(agg, events):
    """Hand every event to agg in order; return what process() returned for each."""
    return [agg.process(e) for e in events]


def test_counts_and_amounts_by_event_time():
    out = replay(VelocityAggregator(), [ev(0, 1_000, 500), ev(1, 2_000, 700), ev(2, 5_000, 100)])
    assert out[1] == {"count_1h": 2, "amount_1h": 1200, "count_24h": 2, "amount_24h": 1200}
    assert out[2] == {"count_1h": 2, "amount_1h": 800, "count_24h": 3, "amount_24h": 1300}


def test_cards_are_independent():
    agg = VelocityAggregator()
    agg.process(ev(0, 10, 5, card="c1"))
    got = agg.process(ev(1, 10, 7, card="c2"))
    assert got["count_24h"] == 1 and got["amount_24h"] == 7


def test_duplicate_is_ignored():
    out = replay(VelocityAggregator(), [ev(0, 1_000, txn="a"), ev(1, 1_005, txn="a")])
    assert out[1] is None


def test_window_edge_excludes_exactly_one_hour_ago():
    out = replay(VelocityAggregator(), [ev(0, 10_000), ev(1, 10_000 + 3600)])
    assert out[1]["count_1h"] == 1 and out[1]["count_24h"] == 2


def test_too_late_event_is_dropped():
    out = replay(VelocityAggregator(allowed_lateness_s=600), [ev(0, 10_000), ev(1, 9_000)])
    assert out[1] is None


def test_restart_with_redelivery_matches_an_uninterrupted_run():
    events = load_sample()
    straight = replay(VelocityAggregator(), events)
    first = VelocityAggregator()
    replay(first, events[:100])
    second = VelocityAggregator.restore(json.loads(json.dumps(first.snapshot())))
    resumed = replay(second, events[97:])
    assert resumed[:3] == [None, None, None] and resumed[3:] == straight[100:]


def test_the_sample_stream_loads():
    events = load_sample()
    assert len(events) == 189 and [e["offset"] for e in events] == list(range(189))


def test_batch_matches_online_on_sample_stream():
    events = load_sample()
    agg = VelocityAggregator()
    online = {e["txn_id"]: f for e in events if (f := agg.process(e)) is not None}
    assert batch_features(events) == online

import json
from pathlib import Path

from velocity import VelocityAggregator

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "card_txns_sample.jsonl"


# --- Helpers for the tests you write: build events by event time, replay the sample. ----------

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


# --- The demo's tests (they drive a fake wall clock) --------------------------------------------

class FakeClock:
    def __init__(self):
        self.now = 0

    def __call__(self):
        return self.now


def test_counts_and_amounts_in_order():
    clock = FakeClock()
    agg = VelocityAggregator(clock=clock)
    out = []
    for i, (ts, amount) in enumerate([(1_000, 500), (2_000, 700), (5_000, 100)]):
        clock.now = ts
        out.append(agg.process(ev(i, ts, amount)))
    assert out[1] == {"count_1h": 2, "amount_1h": 1200, "count_24h": 2, "amount_24h": 1200}
    # 5_000 - 3_600 = 1_400: the first transaction has left the hour window
    assert out[2] == {"count_1h": 2, "amount_1h": 800, "count_24h": 3, "amount_24h": 1300}


def test_cards_are_independent():
    clock = FakeClock()
    agg = VelocityAggregator(clock=clock)
    clock.now = 10
    agg.process(ev(0, 10, 5, card="c1", txn="a"))
    got = agg.process(ev(1, 10, 7, card="c2", txn="b"))
    assert got["count_24h"] == 1 and got["amount_24h"] == 7


def test_the_sample_stream_loads():
    events = load_sample()
    assert len(events) == 189 and [e["offset"] for e in events] == list(range(189))

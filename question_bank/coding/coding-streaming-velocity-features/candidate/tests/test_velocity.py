from velocity import VelocityAggregator


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
        out.append(agg.process({"txn_id": f"t{i}", "card_id": "c1", "ts": ts,
                                "amount_cents": amount, "offset": i}))
    assert out[1] == {"count_1h": 2, "amount_1h": 1200, "count_24h": 2, "amount_24h": 1200}
    # 5_000 - 3_600 = 1_400: the first transaction has left the hour window
    assert out[2] == {"count_1h": 2, "amount_1h": 800, "count_24h": 3, "amount_24h": 1300}


def test_cards_are_independent():
    clock = FakeClock()
    agg = VelocityAggregator(clock=clock)
    clock.now = 10
    agg.process({"txn_id": "a", "card_id": "c1", "ts": 10, "amount_cents": 5, "offset": 0})
    got = agg.process({"txn_id": "b", "card_id": "c2", "ts": 10, "amount_cents": 7, "offset": 1})
    assert got["count_24h"] == 1 and got["amount_24h"] == 7

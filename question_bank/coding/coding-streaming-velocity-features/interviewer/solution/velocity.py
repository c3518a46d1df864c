"""Online velocity features for the fraud model (reference solution).

Semantics (shared with the batch pipeline, see `batch_features`):
- event time, not arrival time: features for a transaction at `ts` cover this card's
  accepted transactions with event time in (ts - W, ts], the transaction itself included,
  as far as they have arrived when it is processed;
- duplicates (same txn_id) are dropped: process() returns None and nothing changes;
- the watermark is the largest event time seen; an event older than
  watermark - allowed_lateness is outside the delivery contract and is dropped and counted;
- features already served are never corrected when a late event arrives.
Memory: per card we keep only events that can still fall into a 24h window of an event we
would accept (ts > watermark - lateness - 24h), and remember txn ids only while a
redelivery could still be accepted (ts > watermark - lateness).
"""
from bisect import bisect_right, insort

HOUR = 3600
DAY = 24 * HOUR
SWEEP_EVERY_S = 600


class VelocityAggregator:
    def __init__(self, allowed_lateness_s=600):
        self.allowed_lateness_s = allowed_lateness_s
        self.cards = {}        # card_id -> sorted list of (ts, txn_id, amount_cents)
        self.seen = {}         # txn_id -> ts, only inside the lateness horizon
        self.watermark = None  # max event time accepted so far
        self.offset = None     # queue offset of the last event handed to process()
        self.dropped_late = 0
        self.dropped_duplicate = 0
        self._last_sweep = None

    # -- the interface -------------------------------------------------------------------
    def process(self, event):
        self.offset = event["offset"]
        ts, txn = int(event["ts"]), event["txn_id"]
        if self.watermark is not None and ts < self.watermark - self.allowed_lateness_s:
            self.dropped_late += 1
            return None
        if txn in self.seen:
            self.dropped_duplicate += 1
            return None
        entries = self.cards.setdefault(event["card_id"], [])
        insort(entries, (ts, txn, int(event["amount_cents"])))
        self.seen[txn] = ts
        if self.watermark is None or ts > self.watermark:
            self.watermark = ts
        features = _window_features(entries, ts)
        self._evict(event["card_id"])
        return features

    def state_size(self):
        return sum(len(v) for v in self.cards.values()) + len(self.seen)

    def snapshot(self):
        """JSON-serialisable state, consistent with `offset` (take it between two events)."""
        return {
            "version": 1,
            "offset": self.offset,
            "watermark": self.watermark,
            "allowed_lateness_s": self.allowed_lateness_s,
            "cards": {card: [list(e) for e in entries] for card, entries in self.cards.items()},
            "dropped_late": self.dropped_late,
            "dropped_duplicate": self.dropped_duplicate,
        }

    @classmethod
    def restore(cls, snapshot, allowed_lateness_s=600):
        if snapshot.get("version") != 1:
            raise ValueError(f"unknown snapshot version {snapshot.get('version')!r}")
        agg = cls(allowed_lateness_s=snapshot.get("allowed_lateness_s", allowed_lateness_s))
        agg.offset = snapshot["offset"]
        agg.watermark = snapshot["watermark"]
        agg.dropped_late = snapshot.get("dropped_late", 0)
        agg.dropped_duplicate = snapshot.get("dropped_duplicate", 0)
        for card, entries in snapshot["cards"].items():
            agg.cards[card] = sorted((int(t), txn, int(a)) for t, txn, a in entries)
        horizon = agg._id_horizon()
        agg.seen = {txn: t for entries in agg.cards.values() for t, txn, _ in entries
                    if t >= horizon}
        return agg

    # -- internals -----------------------------------------------------------------------
    def _id_horizon(self):
        return (self.watermark or 0) - self.allowed_lateness_s

    def _evict(self, touched_card):
        keep_after = self.watermark - self.allowed_lateness_s - DAY
        self._evict_card(touched_card, keep_after)
        if self._last_sweep is None or self.watermark - self._last_sweep >= SWEEP_EVERY_S:
            self._last_sweep = self.watermark
            for card in list(self.cards):
                self._evict_card(card, keep_after)
            horizon = self._id_horizon()
            self.seen = {txn: t for txn, t in self.seen.items() if t >= horizon}

    def _evict_card(self, card, keep_after):
        entries = self.cards[card]
        cut = bisect_right(entries, (keep_after, "\uffff", 0))
        if cut:
            del entries[:cut]
        if not entries:
            del self.cards[card]


def _window_features(entries, ts):
    hi = bisect_right(entries, (ts, "\uffff", 0))
    lo_h = bisect_right(entries, (ts - HOUR, "\uffff", 0))
    lo_d = bisect_right(entries, (ts - DAY, "\uffff", 0))
    hour = [a for _, _, a in entries[lo_h:hi]]
    day = [a for _, _, a in entries[lo_d:hi]]
    return {"count_1h": len(hour), "amount_1h": sum(hour),
            "count_24h": len(day), "amount_24h": sum(day)}


def batch_features(events, allowed_lateness_s=600):
    """What the training pipeline runs over the logged stream, in delivery order: the same
    code path, so parity is by construction and a test checks it anyway."""
    agg = VelocityAggregator(allowed_lateness_s)
    return {e["txn_id"]: f for e in events if (f := agg.process(e)) is not None}

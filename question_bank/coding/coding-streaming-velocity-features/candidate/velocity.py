"""Online velocity features for the fraud model.

For every incoming card transaction we serve four features to the scorer:

    count_1h, amount_1h    transactions / total amount (cents) on this card, last hour
    count_24h, amount_24h  the same over the last 24 hours

Events come from the `card-txns` queue (at-least-once delivery, so the same txn_id can be
delivered again, and events can arrive up to 10 minutes out of event-time order).

This is the first version, written for the demo. It works on the demo stream.
"""
import time
from collections import defaultdict

HOUR = 3600
DAY = 24 * HOUR


class VelocityAggregator:
    def __init__(self, allowed_lateness_s=600, clock=time.time):
        self.allowed_lateness_s = allowed_lateness_s
        self.clock = clock
        self.history = defaultdict(list)  # card_id -> [(seen_at, amount_cents), ...]
        self.offset = None

    def process(self, event):
        """Features for this transaction, including the transaction itself."""
        now = self.clock()
        card = event["card_id"]
        self.history[card].append((now, event["amount_cents"]))
        self.offset = event["offset"]
        last_hour = [a for t, a in self.history[card] if t > now - HOUR]
        last_day = [a for t, a in self.history[card] if t > now - DAY]
        return {
            "count_1h": len(last_hour),
            "amount_1h": sum(last_hour),
            "count_24h": len(last_day),
            "amount_24h": sum(last_day),
        }

    def state_size(self):
        """Number of entries held in memory, across all cards."""
        return sum(len(v) for v in self.history.values())

    def snapshot(self):
        # TODO: the process restarts on every deploy and we lose everything.
        raise NotImplementedError

    @classmethod
    def restore(cls, snapshot, allowed_lateness_s=600):
        raise NotImplementedError

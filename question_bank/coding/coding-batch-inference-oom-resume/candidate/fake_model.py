"""Stand-in for the transformer classifier on the GPU (deterministic, no GPU needed).

Memory model: a batch costs len(batch) * (longest text in the batch) "padded characters",
like a padded tensor. Above `max_padded_chars` it raises CudaOutOfMemoryError, as torch does.
`crash_after_calls=N` kills the process (SimulatedCrash) when call N+1 starts.
"""
import hashlib

LABELS = ("negative", "neutral", "positive")


class CudaOutOfMemoryError(RuntimeError):
    """Same shape as torch.cuda.OutOfMemoryError: a RuntimeError subclass."""


class SimulatedCrash(BaseException):
    """The node died. Not an Exception: nothing should catch it."""


class FakeClassifier:
    def __init__(self, max_padded_chars=32_000, crash_after_calls=None):
        self.max_padded_chars = max_padded_chars
        self.crash_after_calls = crash_after_calls
        self.calls = 0
        self.oom_errors = 0
        self.padded_chars = 0       # total padded cost of successful calls
        self.predicted = []         # every text predicted successfully, in order

    def predict(self, texts):
        """texts: list of str -> list of (label, score)."""
        if self.crash_after_calls is not None and self.calls >= self.crash_after_calls:
            raise SimulatedCrash(f"node lost before call {self.calls + 1}")
        self.calls += 1
        cost = len(texts) * max(len(t) for t in texts)
        if cost > self.max_padded_chars:
            self.oom_errors += 1
            raise CudaOutOfMemoryError(
                f"CUDA out of memory. Tried to allocate {cost} padded chars (limit {self.max_padded_chars})")
        self.padded_chars += cost
        self.predicted.extend(texts)
        return [self.label_for(t) for t in texts]

    def empty_cache(self):
        """Like torch.cuda.empty_cache(): call it after an OOM."""

    @staticmethod
    def label_for(text):
        h = hashlib.sha256(text.encode("utf-8")).digest()
        return LABELS[h[0] % 3], round(h[1] / 255, 4)

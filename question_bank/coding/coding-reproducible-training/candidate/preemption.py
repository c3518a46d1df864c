"""Fake spot-instance preemption notice.

In production the training loop polls the cloud metadata endpoint; here `check(step)` returns
True once the global step reaches `at_step` (0-based count of optimizer steps taken so far),
and stays True. You then have a short grace period: save what you need and return.
"""


class FakePreemption:
    def __init__(self, at_step):
        self.at_step = at_step

    def check(self, step):
        return step >= self.at_step

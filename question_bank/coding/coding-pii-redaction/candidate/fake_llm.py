"""Deterministic stand-in for the external summarisation API. Records what was sent."""


class FakeSummarizer:
    def __init__(self):
        self.sent = []  # every text that left "our network"

    def summarize(self, text):
        self.sent.append(text)
        return "Customer summary: " + text

from router import route


class StubLLM:
    def __init__(self, answer):
        self.answer = answer

    def complete(self, system, user, timeout=10.0):
        return self.answer


def test_exact_queue_id_is_used():
    assert route("I was charged twice", StubLLM("billing"))["queue"] == "billing"


def test_decision_records_the_path():
    assert route("I was charged twice", StubLLM("billing"))["path"] == "llm"

"""Hidden tests for the 40-minute scope: label parsing, timeouts and unparseable labels as
unknown, caching, answer verdicts, daily rates and Cohen's kappa. The claim splitter is given
in this version (its behaviour is pinned by the visible tests), so it is not graded here."""
import agreement
import groundedness
import pytest
from groundedness import daily_rates, judge_claims, parse_label
from judge import JudgeTimeout


def answer_verdict(labels):
    return groundedness.answer_verdict(labels)


def cohens_kappa(a, b):
    return agreement.cohens_kappa(a, b)


@pytest.mark.parametrize("raw,label", [
    ("supported", "supported"), ("Supported.", "supported"), ("CONTRADICTED", "contradicted"),
    ("NOT ENOUGH INFO", "not-enough-info"), ("not-enough-info", "not-enough-info"),
])
def test_label_variants_parse(raw, label):
    assert parse_label(raw) == label


@pytest.mark.parametrize("raw", ["As an AI model I cannot verify this.", "", "yes", "supported?? maybe contradicted"])
def test_unparseable_label_is_unknown(raw):
    assert parse_label(raw) == "unknown"


class ScriptedJudge:
    def __init__(self, answers):
        self.answers, self.calls = answers, 0

    def __call__(self, claim, passages):
        self.calls += 1
        out = self.answers[claim]
        if isinstance(out, Exception):
            raise out
        return out


def test_timeouts_and_garbage_become_unknown_not_supported():
    judge = ScriptedJudge({"A.": JudgeTimeout("slow"), "B.": "I cannot tell", "C.": "supported"})
    assert judge_claims(["A.", "B.", "C."], ["p"], judge) == ["unknown", "unknown", "supported"]


def test_repeated_claim_and_passages_are_judged_once():
    judge = ScriptedJudge({"A.": "supported", "B.": "contradicted"})
    cache = {}
    judge_claims(["A.", "B."], ["p1"], judge, cache)
    judge_claims(["A.", "B."], ["p1"], judge, cache)
    assert judge.calls == 2
    judge_claims(["A."], ["p2"], judge, cache)  # other passages: a new question
    assert judge.calls == 3


@pytest.mark.parametrize("labels,verdict", [
    (["supported", "supported"], "grounded"),
    (["supported", "contradicted"], "ungrounded"),
    (["supported", "not-enough-info"], "ungrounded"),
    (["supported", "unknown"], "unknown"),
    (["unknown", "contradicted"], "ungrounded"),
    ([], "no_claims"),
])
def test_answer_verdict(labels, verdict):
    assert answer_verdict(labels) == verdict


def test_daily_rate_excludes_unknown_and_counts_it():
    judge = ScriptedJudge({"Good one.": "supported", "Bad one.": "contradicted", "Slow one.": JudgeTimeout("x")})
    answers = [
        {"date": "2026-11-23", "answer": "Good one.", "passages": ["p"]},
        {"date": "2026-11-23", "answer": "Good one. Bad one.", "passages": ["q"]},
        {"date": "2026-11-23", "answer": "Slow one.", "passages": ["p"]},
        {"date": "2026-11-23", "answer": "Good one.", "passages": ["r"]},
        {"date": "2026-11-24", "answer": "Bad one.", "passages": ["p"]},
    ]
    rates = daily_rates(answers, judge)
    day = rates["2026-11-23"]
    assert (day["grounded"], day["ungrounded"], day["unknown"]) == (2, 1, 1)
    assert day["rate"] == pytest.approx(2 / 3)
    assert rates["2026-11-24"]["rate"] == 0


def test_cohens_kappa_hand_computed():
    a = ["s", "s", "c", "n"]
    b = ["s", "c", "c", "n"]
    assert cohens_kappa(a, b) == pytest.approx(0.4375 / 0.6875)
    assert cohens_kappa(a, a) == pytest.approx(1.0)


def test_cohens_kappa_is_zero_at_chance():
    a = ["x", "x", "y", "y"] * 25
    b = ["x", "y", "x", "y"] * 25
    assert cohens_kappa(a, b) == pytest.approx(0.0)

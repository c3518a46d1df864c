import pytest

from claims import split_claims
from groundedness import parse_label


def test_split_on_sentences():
    assert split_claims("The Basic plan costs 5 euros per month. It includes 10 GB.") == [
        "The Basic plan costs 5 euros per month.", "It includes 10 GB."]


@pytest.mark.parametrize("filler", ["Hi there!", "Happy to help.", "I hope this helps.",
                                    "Let me know if you have any other questions.",
                                    "Great question!", "Thanks for reaching out."])
def test_greetings_and_hedges_are_not_claims(filler):
    fact = "The Basic plan costs 5 euros per month."
    assert split_claims(f"{filler} {fact} {filler}") == [fact]


def test_clean_labels_parse():
    assert parse_label("contradicted") == "contradicted"
    assert parse_label("not-enough-info") == "not-enough-info"

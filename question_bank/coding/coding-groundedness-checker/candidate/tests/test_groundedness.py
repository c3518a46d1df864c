from claims import split_claims
from groundedness import parse_label


def test_split_on_sentences():
    assert split_claims("The Basic plan costs 5 euros per month. It includes 10 GB.") == [
        "The Basic plan costs 5 euros per month.", "It includes 10 GB."]


def test_clean_labels_parse():
    assert parse_label("contradicted") == "contradicted"
    assert parse_label("not-enough-info") == "not-enough-info"

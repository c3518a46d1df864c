from dedupe import find_contamination


def test_exact_copy_is_found():
    train = ["completely unrelated text about cables", "the battery died after two days"]
    matches = find_contamination(train, ["the battery died after two days"])
    assert [(m["train_index"], m["eval_index"]) for m in matches] == [(1, 0)]

"""Hidden tests: each normalization, exact and near duplicates, a threshold case, no false
positives on same-topic text, and the CLI's cleaned file and report."""
import json
import subprocess
import sys

import pytest
from dedupe import find_contamination, normalize

BASE = ("The battery died after two days and the seller doesn't answer. I would not buy "
        "this phone again, the \"fast\" charger is slow and support never replies to my emails.")


@pytest.mark.parametrize("a,b", [
    ("Battery DIED after Two days", "battery died after two days"),
    ("battery   died\tafter\n two\u00a0days", "battery died after two days"),
    ("the seller doesn\u2019t answer", "the seller doesn't answer"),
    ("the \u201cfast\u201d charger", 'the "fast" charger'),
    ("\uff54\uff48\uff45 \uff42\uff41\uff54\uff54\uff45\uff52\uff59 \uff15/\uff15", "the battery 5/5"),
    ("R&amp;D says &quot;fast&quot; &lt;3 it&#39;s fine", "R&D says \"fast\" <3 it's fine"),
])
def test_each_normalization(a, b):
    assert normalize(a) == normalize(b)


def test_normalization_keeps_different_texts_different():
    assert normalize("battery died after two days") != normalize("battery died after three days")


def pairs(matches):
    return {(m["train_index"], m["eval_index"]) for m in matches}


def test_exact_after_normalization_has_similarity_one():
    variant = "  " + BASE.upper().replace("'", "\u2019") + "\n"
    matches = find_contamination(["something else entirely about cables", variant], [BASE])
    assert pairs(matches) == {(1, 0)}
    assert matches[0]["similarity"] == pytest.approx(1.0)


def test_small_edit_is_a_near_duplicate_with_a_score_below_one():
    edited = BASE.replace("two days", "three days").replace("slow", "useless")
    matches = find_contamination([edited], [BASE])
    assert pairs(matches) == {(0, 0)}
    assert 0 < matches[0]["similarity"] < 1


def test_same_topic_different_text_is_not_a_duplicate():
    other = ("My new phone has a great camera and the battery lasts two days. Delivery was fast, "
             "the seller answered every email and I would buy from them again.")
    assert find_contamination([other], [BASE]) == []


def test_each_eval_item_is_matched_to_its_own_copies():
    evals = [BASE, "Keyboard keys stop working after the update, the laptop is useless for work now."]
    train = ["unrelated " * 5, evals[1].lower(), BASE.replace("seller", "shop"), "Keyboard and mouse arrived fast."]
    assert pairs(find_contamination(train, evals)) == {(1, 1), (2, 0)}


def test_cli_writes_cleaned_training_file_and_report(tmp_path):
    train = [{"id": f"t{i}", "text": t} for i, t in enumerate(
        ["fine text one about cables and sound", BASE.upper(), "another fine text about music videos"])]
    evals = [{"id": "e0", "text": BASE}]
    (tmp_path / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in train))
    (tmp_path / "eval.jsonl").write_text("".join(json.dumps(r) + "\n" for r in evals))
    out, report = tmp_path / "clean.jsonl", tmp_path / "report.jsonl"
    p = subprocess.run([sys.executable, "dedupe.py", "--train", str(tmp_path / "train.jsonl"), "--eval",
                        str(tmp_path / "eval.jsonl"), "--out", str(out), "--report", str(report)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["t0", "t2"]
    rows = [json.loads(x) for x in report.read_text().splitlines()]
    assert [(r["train_id"], r["eval_id"]) for r in rows] == [("t1", "e0")]
    assert rows[0]["similarity"] == pytest.approx(1.0)

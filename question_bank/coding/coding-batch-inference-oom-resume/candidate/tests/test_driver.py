import json

from driver import run
from fake_model import FakeClassifier


def test_small_clean_input_is_classified(tmp_path):
    src = tmp_path / "in.tsv"
    src.write_text("".join(f"r{i}\tshort text number {i}\n" for i in range(30)), encoding="utf-8")
    out = tmp_path / "out"
    run(str(src), str(out), FakeClassifier(), shard_size=10, batch_size=4)
    rows = [json.loads(x) for p in sorted(out.glob("shard-*.jsonl")) for x in p.read_text().splitlines()]
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(30)]
    assert rows[3]["label"] == FakeClassifier.label_for("short text number 3")[0]

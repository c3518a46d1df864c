"""Hidden tests: exactly-once output, OOM splitting, quarantine, no partial shard visible after
a crash, resume without recomputation, and length bucketing."""
import json
from pathlib import Path

import pytest
from driver import run
from fake_model import FakeClassifier, SimulatedCrash

DATA = "data/records.tsv"
SHARD = 500


def all_ids():
    return [line.split(b"\t", 1)[0].decode() for line in Path(DATA).read_bytes().splitlines() if line]


def read_rows(out, pattern):
    rows = []
    for p in sorted(Path(out).glob(pattern)):
        rows += [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    return rows


def outcome(out):
    done = read_rows(out, "shard-*.jsonl")
    quarantined = read_rows(out, "quarantine*.jsonl")
    return done, quarantined


def texts():
    out = {}
    for line in Path(DATA).read_bytes().splitlines():
        rid, _, raw = line.partition(b"\t")
        try:
            out[rid.decode()] = raw.decode("utf-8")
        except UnicodeDecodeError:
            out[rid.decode()] = None
    return out


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    model = FakeClassifier()
    run(DATA, str(out), model)
    return out, model


def test_every_record_exactly_once_in_output_or_quarantine(full_run):
    out, _ = full_run
    done, quarantined = outcome(out)
    ids = [r["id"] for r in done] + [q["id"] for q in quarantined]
    assert sorted(ids) == sorted(all_ids())


def test_quarantine_holds_exactly_the_invalid_utf8_and_the_giant_record(full_run):
    out, _ = full_run
    _, quarantined = outcome(out)
    src = texts()
    expected = {rid for rid, t in src.items() if t is None or len(t) > 32_000}
    assert {q["id"] for q in quarantined} == expected
    assert len(expected) == 6
    assert all(q.get("reason") for q in quarantined)


def test_results_are_joined_to_the_right_records(full_run):
    out, _ = full_run
    done, _ = outcome(out)
    src = texts()
    wrong = [r["id"] for r in done if r["label"] != FakeClassifier.label_for(src[r["id"]])[0]]
    assert wrong == []


def test_length_bucketing_cuts_padding(full_run):
    _, model = full_run
    src = texts()
    ids = all_ids()
    naive = 0
    for s in range(0, len(ids), SHARD):  # the old driver: input order, batches of 64
        shard = [src[i] for i in ids[s:s + SHARD] if src[i] is not None and len(src[i]) <= 32_000]
        naive += sum(len(shard[b:b + 64]) * max(map(len, shard[b:b + 64])) for b in range(0, len(shard), 64))
    assert model.padded_chars < 0.6 * naive


def test_crash_leaves_no_partial_shard_and_resume_skips_finished_work(tmp_path):
    out = tmp_path / "out"
    dying = FakeClassifier(crash_after_calls=25)
    with pytest.raises(SimulatedCrash):
        run(DATA, str(out), dying)
    ids = all_ids()
    visible = sorted(out.glob("shard-*.jsonl"))
    _, quarantined = outcome(out)
    q_ids = {q["id"] for q in quarantined}
    finished_texts = set()
    src = texts()
    for p in visible:
        k = int(p.stem.split("-")[1])
        rows = [json.loads(x) for x in p.read_text().splitlines()]
        expected = set(ids[k * SHARD:(k + 1) * SHARD])
        assert {r["id"] for r in rows} | (q_ids & expected) == expected, f"{p.name} is partial"
        finished_texts |= {src[r["id"]] for r in rows}
    resumed = FakeClassifier()
    run(DATA, str(out), resumed)
    done, quarantined = outcome(out)
    assert sorted([r["id"] for r in done] + [q["id"] for q in quarantined]) == sorted(ids)
    assert visible and not (finished_texts & set(resumed.predicted))

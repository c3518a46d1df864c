"""Hidden tests: run classification, metric aliases, rerun dedupe, mean/std per config, the
minimum-seed rule, ranking by mean, and the shipped sweep."""
import json
import statistics

import pytest
from aggregate import config_hash, load_runs, summarize


def write(root, run_id, config, acc, *, metric="val/accuracy", finished=True, step=100, started="2026-11-20T10:00:00",
          raw=None):
    d = root / run_id
    d.mkdir()
    if raw is not None:
        (d / "metrics.json").write_text(raw)
        return
    (d / "metrics.json").write_text(json.dumps({
        "run_id": run_id, "started_at": started, "config": config, "max_steps": 100, "step": step,
        "finished": finished, "metrics": {metric: acc}}))


def by_id(runs):
    return {r["run_id"]: r for r in runs}


def test_truncated_json_is_invalid_not_skipped(tmp_path):
    write(tmp_path, "r1", {"lr": 1, "seed": 0}, 0.8)
    write(tmp_path, "r2", None, None, raw='{"run_id": "r2", "config": {"lr": 1, "se')
    runs = by_id(load_runs(str(tmp_path)))
    assert runs["r1"]["status"] == "complete"
    assert runs["r2"]["status"] == "invalid"


def test_unfinished_run_is_crashed_and_not_summarized(tmp_path):
    write(tmp_path, "r1", {"lr": 1, "seed": 0}, 0.80)
    write(tmp_path, "r2", {"lr": 1, "seed": 1}, 0.99, finished=False, step=40)
    runs = load_runs(str(tmp_path))
    assert by_id(runs)["r2"]["status"] == "crashed"
    [row] = summarize(runs, min_seeds=1)
    assert row["n_seeds"] == 1 and row["mean"] == pytest.approx(0.80)


def test_old_and_new_metric_names_are_the_same_metric(tmp_path):
    write(tmp_path, "r1", {"lr": 1, "seed": 0}, 0.80, metric="val_acc")
    write(tmp_path, "r2", {"lr": 1, "seed": 1}, 0.90, metric="val/accuracy")
    [row] = summarize(load_runs(str(tmp_path)), min_seeds=1)
    assert row["n_seeds"] == 2 and row["mean"] == pytest.approx(0.85)


def test_rerun_of_the_same_config_and_seed_counts_once(tmp_path):
    write(tmp_path, "r1", {"lr": 1, "seed": 0}, 0.70, started="2026-11-20T10:00:00")
    write(tmp_path, "r2", {"lr": 1, "seed": 0}, 0.74, started="2026-11-21T10:00:00")
    write(tmp_path, "r3", {"lr": 1, "seed": 1}, 0.80)
    [row] = summarize(load_runs(str(tmp_path)), min_seeds=1)
    assert row["n_seeds"] == 2
    assert row["mean"] == pytest.approx((0.74 + 0.80) / 2)


def test_config_hash_ignores_seed_and_key_order():
    assert config_hash({"lr": 1, "bs": 2, "seed": 0}) == config_hash({"bs": 2, "seed": 5, "lr": 1})
    assert config_hash({"lr": 1, "seed": 0}) != config_hash({"lr": 2, "seed": 0})


def test_mean_and_sample_std_per_config(tmp_path):
    values = [0.80, 0.82, 0.87]
    for s, v in enumerate(values):
        write(tmp_path, f"r{s}", {"lr": 1, "seed": s}, v)
    [row] = summarize(load_runs(str(tmp_path)), min_seeds=3)
    assert row["mean"] == pytest.approx(statistics.mean(values))
    assert row["std"] == pytest.approx(statistics.stdev(values))


def test_ranking_uses_the_mean_not_the_best_seed_and_needs_min_seeds(tmp_path):
    for s, v in enumerate([0.90, 0.70, 0.71]):   # lucky seed
        write(tmp_path, f"a{s}", {"lr": 1, "seed": s}, v)
    for s, v in enumerate([0.80, 0.80, 0.81]):   # consistently better
        write(tmp_path, f"b{s}", {"lr": 2, "seed": s}, v)
    for s, v in enumerate([0.95, 0.96]):          # great but only two seeds
        write(tmp_path, f"c{s}", {"lr": 3, "seed": s}, v)
    rows = summarize(load_runs(str(tmp_path)), min_seeds=3)
    ranked = sorted((r for r in rows if r.get("rank")), key=lambda r: r["rank"])
    assert [r["config_hash"] for r in ranked] == [config_hash({"lr": 2}), config_hash({"lr": 1})]
    unranked = [r for r in rows if not r.get("rank")]
    assert [r["config_hash"] for r in unranked] == [config_hash({"lr": 3})]


def test_shipped_sweep():
    runs = load_runs("data/sweep")
    statuses = [r["status"] for r in runs]
    assert (statuses.count("complete"), statuses.count("crashed"), statuses.count("invalid")) == (38, 3, 2)
    rows = summarize(runs, min_seeds=3)
    assert sorted(r["n_seeds"] for r in rows) == [2, 4, 4, 4, 4, 4, 4, 4]
    assert sum(1 for r in rows if r.get("rank")) == 7

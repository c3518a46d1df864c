import json

from aggregate import load_runs, summarize


def write_run(root, run_id, config, acc):
    d = root / run_id
    d.mkdir()
    (d / "metrics.json").write_text(json.dumps({
        "run_id": run_id, "started_at": "2026-11-20T10:00:00", "config": config, "max_steps": 100,
        "step": 100, "finished": True, "metrics": {"val/accuracy": acc}}))


def test_two_configs_are_ranked(tmp_path):
    write_run(tmp_path, "r1", {"lr": 0.1, "seed": 0}, 0.7)
    write_run(tmp_path, "r2", {"lr": 0.01, "seed": 0}, 0.8)
    rows = summarize(load_runs(str(tmp_path)), min_seeds=1)
    assert [r["config"]["lr"] for r in rows] == [0.01, 0.1]

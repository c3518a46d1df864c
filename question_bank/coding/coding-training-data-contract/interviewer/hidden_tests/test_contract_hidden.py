"""Hidden tests: the three fixture weeks, severity from config, each check kind, history-relative
thresholds and the CLI exit code."""
import copy
import json
import subprocess
import sys

import numpy as np
import pytest
from contract import load_table, run_contract

GOOD = "data/week_2026-48_good.csv"
JOIN = "data/week_2026-46_join_dropped.csv"
ZERO = "data/week_2026-47_labels_zero.csv"


@pytest.fixture
def config():
    with open("contract.json") as f:
        return json.load(f)


@pytest.fixture
def history():
    with open("data/run_history.json") as f:
        return json.load(f)


def failed(report):
    return {r["check"] for r in report["results"] if not r["passed"]}


def test_good_week_passes_with_no_failures(config, history):
    report = run_contract(load_table(GOOD), config, history)
    assert report["ok"] is True
    assert failed(report) == set()


def test_join_dropped_week_is_blocked_by_row_count_only(config, history):
    report = run_contract(load_table(JOIN), config, history)
    assert report["ok"] is False
    assert failed(report) == {"row_count"}


def test_zero_label_week_is_blocked_by_label_rate_only(config, history):
    report = run_contract(load_table(ZERO), config, history)
    assert report["ok"] is False
    assert failed(report) == {"label_rate"}


def test_severity_comes_from_config(config, history):
    config["severity"]["row_count"] = "warning"
    report = run_contract(load_table(JOIN), config, history)
    assert report["ok"] is True
    assert [r["severity"] for r in report["results"] if r["check"] == "row_count" and not r["passed"]] == ["warning"]


def test_wrong_type_fails_schema(config, history):
    df = load_table(GOOD)
    df["tenure_months"] = df["tenure_months"].astype(str) + " months"
    assert "schema" in failed(run_contract(df, config, history))


def test_missing_column_fails_schema_without_crashing(config, history):
    df = load_table(GOOD).drop(columns=["plan"])
    report = run_contract(df, config, history)
    assert "schema" in failed(report) and report["ok"] is False


def test_high_null_rate_fails(config, history):
    df = load_table(GOOD)
    df.loc[df.index[: len(df) * 2 // 5], "monthly_spend"] = np.nan
    assert "null_rate" in failed(run_contract(df, config, history))


def test_out_of_range_values_fail_value_range(config, history):
    df = load_table(GOOD)
    df.loc[df.index[:3], "tenure_months"] = -4
    report = run_contract(df, config, history)
    assert "value_range" in failed(report)
    assert report["ok"] is True  # value_range is a warning in the shipped config


def test_row_count_is_relative_to_the_previous_run(config, history):
    bigger = copy.deepcopy(history)
    bigger[-1]["rows"] = 2600
    assert "row_count" in failed(run_contract(load_table(GOOD), config, bigger))


def test_label_rate_is_relative_to_the_trailing_window(config, history):
    high = [dict(h, label_rate=0.2) for h in history]
    assert "label_rate" in failed(run_contract(load_table(GOOD), config, high))


@pytest.mark.parametrize("table,code", [(GOOD, 0), (JOIN, 1), (ZERO, 1)])
def test_cli_exit_code_and_report(table, code):
    p = subprocess.run([sys.executable, "contract.py", table], capture_output=True, text=True, timeout=60)
    assert p.returncode == code, p.stdout + p.stderr
    if code:
        assert ("row_count" if table == JOIN else "label_rate") in p.stdout

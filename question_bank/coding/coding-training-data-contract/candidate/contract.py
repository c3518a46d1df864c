"""Data contract check that runs before every training job.

Usage: python contract.py data/week_2026-48_good.csv [--config contract.json] [--history data/run_history.json]
Prints a readable report; exits 1 if a blocking check failed, 0 otherwise.
"""
import json
import sys

import pandas as pd


def load_table(path):
    return pd.read_csv(path)


def run_contract(df, config, history):
    """Run every check on `df`.

    config:  the parsed contract.json
    history: list of previous runs, oldest first: [{"week", "rows", "label_rate"}, ...]
    Returns {"ok": bool, "results": [{"check", "severity", "passed", "detail"}, ...]}
    """
    raise NotImplementedError("TODO")


def format_report(report):
    raise NotImplementedError("TODO")


def main(argv=None):
    raise NotImplementedError("TODO")


if __name__ == "__main__":
    sys.exit(main())

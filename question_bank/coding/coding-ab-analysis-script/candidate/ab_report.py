"""Ranking experiment report: revenue per user, control vs treatment.

Written in a hurry for the weekly review. Run:
    python ab_report.py data/assignments.csv data/events.csv
"""
import math
import sys

import pandas as pd


def load(assignments_path, events_path):
    assignments = pd.read_csv(assignments_path, parse_dates=["assigned_at"])
    events = pd.read_csv(events_path, parse_dates=["ts"])
    return assignments, events


def revenue_by_arm(assignments, events):
    """Revenue per assigned user, by arm (users without purchases count as 0)."""
    purchases = events[(events["event"] == "purchase") & (events["value"] > 0)]
    per_user = purchases.groupby("user")["value"].sum()
    users = assignments[["user", "arm"]].copy()
    users["revenue"] = users["user"].map(per_user).fillna(0.0)
    return {arm: group["revenue"].to_numpy() for arm, group in users.groupby("arm")}


def t_test(a, b):
    """Welch's t statistic with a normal-approximation p-value and 95% interval."""
    diff = b.mean() - a.mean()
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    z = diff / se
    p = math.erfc(abs(z) / math.sqrt(2))
    return diff, (diff - 1.96 * se, diff + 1.96 * se), p


def analyse(assignments, events):
    values = revenue_by_arm(assignments, events)
    control, treatment = values["control"], values["treatment"]
    diff, ci, p = t_test(control, treatment)
    return {
        "n": {"control": len(control), "treatment": len(treatment)},
        "diff": diff,
        "ci": ci,
        "p_value": p,
    }


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    assignments, events = load(argv[0], argv[1])
    result = analyse(assignments, events)
    print(f"users: {result['n']}")
    print(f"revenue per user, treatment - control: {result['diff']:.2f}")
    print(f"95% CI: [{result['ci'][0]:.2f}, {result['ci'][1]:.2f}]  p = {result['p_value']:.4f}")
    print("SIGNIFICANT" if result["p_value"] < 0.05 else "not significant")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ranking experiment report: net revenue per user, treatment vs control.

    python ab_report.py data/assignments.csv data/events.csv

Order of work, fixed before looking at any outcome:
  1. Sample ratio check on the raw assignment counts (a mismatch means the randomisation or the
     logging is broken, and no effect estimate should be trusted until it is explained).
  2. Exclusion rules, none of which look at revenue:
       - both_arms: a user assigned to more than one arm (app reinstall) is dropped;
       - bot: a user with more than BOT_SESSIONS_PER_DAY sessions on any single day is dropped.
     Every rule reports how many users it removed from each arm.
  3. Net revenue per analysed user over the whole experiment window: all purchase values,
     refunds (negative values) included, 0 for users who bought nothing. Events before the
     logged assigned_at are kept: client 4.2 logs exposure late, so its users were exposed at
     their first session, not at the logged time.
  4. Difference in means with a percentile bootstrap interval (revenue is heavy-tailed, so no
     normal assumption), and the sample ratio check again on the analysed users.
"""
import math
import sys

import numpy as np
import pandas as pd

ARMS = ("control", "treatment")
BOT_SESSIONS_PER_DAY = 10
SRM_ALPHA = 0.001


def load(assignments_path, events_path):
    assignments = pd.read_csv(assignments_path, dtype={"user": str, "arm": str})
    assignments["assigned_at"] = pd.to_datetime(assignments["assigned_at"], utc=True)
    events = pd.read_csv(events_path, dtype={"user": str, "event": str})
    events["value"] = pd.to_numeric(events["value"], errors="coerce")
    events["ts"] = pd.to_datetime(events["ts"], utc=True)
    return assignments, events


def srm_p_value(n_control, n_treatment, expected_treatment_share=0.5):
    """Chi-square goodness-of-fit p-value (1 degree of freedom) for the observed split."""
    total = n_control + n_treatment
    if total == 0:
        raise ValueError("no users to check")
    expected = (total * (1 - expected_treatment_share), total * expected_treatment_share)
    chi2 = sum((obs - exp) ** 2 / exp for obs, exp in zip((n_control, n_treatment), expected))
    return math.erfc(math.sqrt(chi2 / 2))


def bootstrap_diff_ci(control, treatment, n_boot=2000, seed=0, alpha=0.05):
    """mean(treatment) - mean(control) with a percentile bootstrap interval.

    Each arm is resampled with replacement inside itself (the arms are independent samples).
    """
    control = np.asarray(control, dtype=float)
    treatment = np.asarray(treatment, dtype=float)
    if len(control) == 0 or len(treatment) == 0:
        raise ValueError("both arms need at least one user")
    rng = np.random.default_rng(seed)
    diff = float(treatment.mean() - control.mean())
    c = control[rng.integers(0, len(control), size=(n_boot, len(control)))].mean(axis=1)
    t = treatment[rng.integers(0, len(treatment), size=(n_boot, len(treatment)))].mean(axis=1)
    lo, hi = np.quantile(t - c, [alpha / 2, 1 - alpha / 2])
    return diff, float(lo), float(hi)


def _count(users, assignments):
    arms = assignments[assignments["user"].isin(users)].drop_duplicates(["user", "arm"])
    counts = arms["arm"].value_counts()
    return {arm: int(counts.get(arm, 0)) for arm in ARMS}


def exclusions(assignments, events):
    """Outcome-blind exclusion rules: {rule: set of users}."""
    arms_per_user = assignments.drop_duplicates(["user", "arm"]).groupby("user")["arm"].nunique()
    both = set(arms_per_user[arms_per_user > 1].index)
    sessions = events[events["event"] == "session"]
    per_day = sessions.groupby([sessions["user"], sessions["ts"].dt.date]).size()
    bots = set(per_day[per_day > BOT_SESSIONS_PER_DAY].index.get_level_values("user"))
    return {"both_arms": both, "bot": bots - both}


def revenue_per_user(assignments, events, excluded):
    users = assignments.drop_duplicates("user")[["user", "arm"]]
    users = users[~users["user"].isin(excluded)].copy()
    purchases = events[events["event"] == "purchase"]
    net = purchases.groupby("user")["value"].sum()
    users["revenue"] = users["user"].map(net).fillna(0.0)
    return users


def analyse(assignments, events, n_boot=2000, seed=0):
    raw = assignments.drop_duplicates(["user", "arm"])["arm"].value_counts()
    srm_p = srm_p_value(int(raw.get("control", 0)), int(raw.get("treatment", 0)))
    rules = exclusions(assignments, events)
    excluded_users = set().union(*rules.values())
    users = revenue_per_user(assignments, events, excluded_users)
    by_arm = {arm: users.loc[users["arm"] == arm, "revenue"].to_numpy() for arm in ARMS}
    n = {arm: len(by_arm[arm]) for arm in ARMS}
    diff, lo, hi = bootstrap_diff_ci(by_arm["control"], by_arm["treatment"], n_boot, seed)
    return {
        "n": n,
        "diff": diff,
        "ci": (lo, hi),
        "srm_p": srm_p,
        "srm_p_after": srm_p_value(n["control"], n["treatment"]),
        "excluded": {rule: _count(u, assignments) for rule, u in rules.items()},
        "mean": {arm: float(by_arm[arm].mean()) for arm in ARMS},
    }


RULE_TEXT = {
    "both_arms": "assigned to both arms (app reinstall); contaminated, dropped",
    "bot": f"more than {BOT_SESSIONS_PER_DAY} sessions on one day (crawler rule, fixed up front)",
}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python ab_report.py ASSIGNMENTS_CSV EVENTS_CSV", file=sys.stderr)
        return 2
    assignments, events = load(argv[0], argv[1])
    r = analyse(assignments, events)
    print(f"sample ratio check on raw assignments: p = {r['srm_p']:.2g}")
    if r["srm_p"] < SRM_ALPHA:
        print("  WARNING: sample ratio mismatch before exclusions; explain it before trusting any effect")
    print("exclusions (users removed per arm):")
    for rule, counts in r["excluded"].items():
        print(f"  {rule:10s} control {counts['control']:5d}  treatment {counts['treatment']:5d}   {RULE_TEXT[rule]}")
    print(f"analysed users: {r['n']}   sample ratio after exclusions: p = {r['srm_p_after']:.2g}")
    print(f"net revenue per user: control {r['mean']['control']:.2f}, treatment {r['mean']['treatment']:.2f}")
    lo, hi = r["ci"]
    print(f"difference (treatment - control): {r['diff']:.2f}  95% bootstrap CI [{lo:.2f}, {hi:.2f}]")
    if r["srm_p_after"] < SRM_ALPHA:
        print("VERDICT: not reportable, the arms are still unbalanced after exclusions")
    elif lo > 0 or hi < 0:
        print("VERDICT: the interval excludes zero")
    else:
        print("VERDICT: inconclusive, the interval includes zero")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Data contract check that runs before every training job (reference solution).

Usage: python contract.py TABLE.csv [--config contract.json] [--history data/run_history.json]
Prints a readable report; exits 1 if a blocking check failed, 0 otherwise.

Each check is a function (df, config, history) -> list of CheckResult. Severity comes from
config["severity"]; the runner never stops early, so the report always shows every problem.
Thresholds:
- row_count: compared with the PREVIOUS run; more than 20% fewer rows or 50% more is a failure
  (a normal week moves by under 3% in our history).
- label_rate: compared with the trailing window (last 8 runs). The allowed deviation is
  4 x the combined spread: week-to-week variation in the window plus binomial noise at this
  week's size. For 1,500 rows at 6% that is about +-3 points; an all-zero label column is
  ~8 spreads away. A window of 8 keeps one seasonal month in view.
"""
import argparse
import json
import math
import statistics
import sys
from dataclasses import asdict, dataclass

import pandas as pd

ROW_COUNT_MAX_DROP = 0.20
ROW_COUNT_MAX_GROWTH = 0.50
LABEL_WINDOW = 8
LABEL_MAX_SPREADS = 4.0


@dataclass
class CheckResult:
    check: str
    passed: bool
    detail: str
    severity: str = ""


def load_table(path):
    return pd.read_csv(path)


def _type_ok(series, expected):
    s = series.dropna()
    if expected == "int":
        return pd.api.types.is_integer_dtype(series) or (
            pd.api.types.is_float_dtype(series) and bool((s == s.round()).all()))
    if expected == "float":
        return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if expected == "date":
        return pd.to_datetime(s, errors="coerce", format="%Y-%m-%d").notna().all()
    if expected == "string":
        return pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)
    raise ValueError(f"unknown type {expected!r} in contract")


def check_schema(df, config, history):
    out = []
    expected = config["columns"]
    missing = [c for c in expected if c not in df.columns]
    extra = [c for c in df.columns if c not in expected]
    out.append(CheckResult("schema", not missing,
                           f"missing columns: {missing}" if missing else "all contract columns present"))
    if extra:
        out.append(CheckResult("schema", True, f"extra columns ignored: {extra}"))
    for col, spec in expected.items():
        if col in df.columns and not _type_ok(df[col], spec["type"]):
            out.append(CheckResult("schema", False, f"{col}: expected {spec['type']}, got {df[col].dtype}"
                                   f" (e.g. {df[col].dropna().astype(str).head(3).tolist()})"))
    return out


def check_null_rate(df, config, history):
    out = []
    for col, spec in config["columns"].items():
        if col not in df.columns:
            continue
        rate = float(df[col].isna().mean()) if len(df) else 1.0
        limit = spec.get("max_null_rate", 0.0)
        if rate > limit:
            out.append(CheckResult("null_rate", False, f"{col}: {rate:.1%} null, allowed {limit:.1%}"))
    return out or [CheckResult("null_rate", True, "all columns within their null-rate limits")]


def check_value_range(df, config, history):
    out = []
    for col, spec in config["columns"].items():
        if col not in df.columns:
            continue
        s = df[col].dropna()
        if "allowed" in spec:
            bad = s[~s.isin(spec["allowed"])]
            if len(bad):
                out.append(CheckResult("value_range", False, f"{col}: {len(bad)} values outside "
                                       f"{spec['allowed']} (e.g. {bad.astype(str).unique()[:3].tolist()})"))
        if ("min" in spec or "max" in spec):
            num = pd.to_numeric(s, errors="coerce").dropna()
            low = num[num < spec.get("min", -math.inf)]
            high = num[num > spec.get("max", math.inf)]
            if len(low) or len(high):
                out.append(CheckResult("value_range", False, f"{col}: {len(low)} below {spec.get('min')}, "
                                       f"{len(high)} above {spec.get('max')} (min {num.min()}, max {num.max()})"))
    return out or [CheckResult("value_range", True, "all values within their ranges")]


def check_row_count(df, config, history):
    if not history:
        return [CheckResult("row_count", True, f"{len(df)} rows; no previous run to compare with")]
    prev = history[-1]["rows"]
    change = (len(df) - prev) / prev
    ok = -ROW_COUNT_MAX_DROP <= change <= ROW_COUNT_MAX_GROWTH
    return [CheckResult("row_count", ok, f"{len(df)} rows vs {prev} in the previous run ({change:+.1%}; "
                        f"allowed -{ROW_COUNT_MAX_DROP:.0%} to +{ROW_COUNT_MAX_GROWTH:.0%})")]


def check_label_rate(df, config, history):
    label = config["label_column"]
    y = pd.to_numeric(df[label], errors="coerce").dropna() if label in df.columns else pd.Series(dtype=float)
    if y.empty:
        return [CheckResult("label_rate", False, f"no usable values in label column {label!r}")]
    rate = float(y.mean())
    window = [h["label_rate"] for h in history[-LABEL_WINDOW:]]
    if len(window) < 3:
        return [CheckResult("label_rate", True, f"label rate {rate:.2%}; fewer than 3 past runs, not compared")]
    mean = statistics.fmean(window)
    spread = math.sqrt(statistics.pvariance(window) + mean * (1 - mean) / len(y))
    z = (rate - mean) / spread if spread else math.inf
    ok = abs(z) <= LABEL_MAX_SPREADS
    return [CheckResult("label_rate", ok, f"label rate {rate:.2%} vs {mean:.2%} over the last {len(window)} "
                        f"runs ({z:+.1f} spreads; allowed +-{LABEL_MAX_SPREADS:g})")]


CHECKS = {
    "schema": check_schema,
    "null_rate": check_null_rate,
    "value_range": check_value_range,
    "row_count": check_row_count,
    "label_rate": check_label_rate,
}


def run_contract(df, config, history):
    results = []
    for name, fn in CHECKS.items():
        severity = config.get("severity", {}).get(name, "blocking")
        if severity not in ("blocking", "warning"):
            raise ValueError(f"severity for {name} must be 'blocking' or 'warning', got {severity!r}")
        try:
            found = fn(df, config, history)
        except Exception as exc:  # a crashing check is a failed check, with the reason
            found = [CheckResult(name, False, f"check crashed: {type(exc).__name__}: {exc}")]
        for r in found:
            r.severity = severity
            results.append(asdict(r))
    ok = not any(not r["passed"] and r["severity"] == "blocking" for r in results)
    return {"ok": ok, "results": results}


def format_report(report, title="training data contract"):
    lines = [f"{title}: {'PASS' if report['ok'] else 'BLOCKED'}"]
    for r in sorted(report["results"], key=lambda r: (r["passed"], r["severity"] != "blocking")):
        mark = "ok  " if r["passed"] else ("FAIL" if r["severity"] == "blocking" else "WARN")
        lines.append(f"  [{mark}] {r['check']:<12} {r['detail']}")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("table")
    p.add_argument("--config", default="contract.json")
    p.add_argument("--history", default="data/run_history.json")
    args = p.parse_args(argv)
    with open(args.config) as f:
        config = json.load(f)
    with open(args.history) as f:
        history = json.load(f)
    report = run_contract(load_table(args.table), config, history)
    print(format_report(report, title=args.table))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

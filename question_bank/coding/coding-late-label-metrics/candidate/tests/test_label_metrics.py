from pathlib import Path

from label_metrics import load, weekly_report

DATA = Path(__file__).resolve().parent.parent / "data"


def test_report_has_one_row_per_week_or_more():
    predictions, outcomes = load(DATA / "predictions.csv", DATA / "outcomes.csv")
    report = weekly_report(predictions, outcomes, as_of="2026-05-04")
    assert len(report) >= 17
    assert {"week", "precision", "recall"} <= set(report.columns)

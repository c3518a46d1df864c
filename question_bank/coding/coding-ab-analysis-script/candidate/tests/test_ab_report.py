from pathlib import Path

import ab_report

DATA = Path(__file__).resolve().parent.parent / "data"


def test_report_runs_on_the_export(capsys):
    assert ab_report.main([str(DATA / "assignments.csv"), str(DATA / "events.csv")]) == 0
    out = capsys.readouterr().out
    assert "95%" in out

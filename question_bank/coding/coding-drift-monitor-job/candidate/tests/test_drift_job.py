from pathlib import Path

import numpy as np
import pytest

from drift_job import psi, run

DATA = Path(__file__).resolve().parent.parent / "data"
DAYS = [f"2026-03-{d:02d}" for d in range(1, 15)]


def test_identical_distributions_have_zero_psi():
    x = np.arange(1000)
    assert psi(x, x) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("day", DAYS)
def test_the_job_runs_every_day(day):
    report = run(DATA / "reference.csv", DATA / "serving", day)
    assert report["date"] == day

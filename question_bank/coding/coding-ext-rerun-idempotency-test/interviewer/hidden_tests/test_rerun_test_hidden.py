"""Grade the candidate's rerun test by running their whole tests/ folder against broken jobs.

Each broken job behaves exactly like the real one on a first run; only a rerun of a date that
is already published goes wrong. A suite that runs the job once, or compares row counts, stays
green on some of them. The breakage is a wrapper around `score_job.run`, installed by a small
pytest plugin, so it works whatever the job looks like inside.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = '''
import sqlite3

import score_job

MUTANT = {mutant!r}
_real_run = score_job.run


def _rows(db_path, score_date):
    connection = sqlite3.connect(db_path)
    rows = connection.execute(
        "SELECT score_date, customer_id, score, model_version, run_id FROM scores "
        "WHERE score_date = ? ORDER BY customer_id", (score_date,)).fetchall()
    connection.close()
    return rows


def _replace(db_path, score_date, rows):
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("DELETE FROM scores WHERE score_date = ?", (score_date,))
        connection.executemany(
            "INSERT INTO scores (score_date, customer_id, score, model_version, run_id) "
            "VALUES (?, ?, ?, ?, ?)", rows)
    connection.close()


def run(db_path, score_date, *args, **kwargs):
    before = _rows(db_path, score_date)
    written = _real_run(db_path, score_date, *args, **kwargs)
    if not before or MUTANT == "none":
        return written
    after = _rows(db_path, score_date)
    if MUTANT == "append":  # the rerun appends instead of replacing
        after = before + after
    elif MUTANT == "duplicate_and_drop":  # same count: some rows twice, others missing
        after = after[:-20] + after[:20]
    elif MUTANT == "scores_shifted":  # same ids, same scores, wrong customer for each score
        scores = [r[2] for r in after]
        after = [r[:2] + (s,) + r[3:] for r, s in zip(after, scores[1:] + scores[:1])]
    _replace(db_path, score_date, after)
    return written


score_job.run = run
'''


def run_suite(tmp_path, mutant):
    """Copy the working folder, install the mutant, run tests/; return (exit code, output)."""
    work = tmp_path / f"work-{mutant}"
    shutil.copytree(Path.cwd(), work, ignore=shutil.ignore_patterns(
        "hidden_tests", "__pycache__", ".pytest_cache"))
    (work / "mutant_plugin.py").write_text(PLUGIN.format(mutant=mutant))
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
         "-p", "mutant_plugin", "tests"],
        cwd=work, env=env, capture_output=True, text=True, timeout=100)
    return done.returncode, done.stdout[-3000:] + done.stderr[-2000:]


def test_the_suite_passes_on_the_real_job(tmp_path):
    code, output = run_suite(tmp_path, "none")
    assert code == 0, output


@pytest.mark.parametrize("mutant", ["append", "duplicate_and_drop", "scores_shifted"])
def test_the_suite_fails_when_a_rerun_changes_the_output(tmp_path, mutant):
    code, output = run_suite(tmp_path, mutant)
    assert code == 1, f"the suite stayed green with the {mutant} bug:\n{output}"

"""Grade the candidate's failure test by running it, twice, in copies of the project.

1. On the candidate's code, tests/test_failure_path.py passes and holds more than the one test
   it was shipped with.
2. With service.py replaced by a bare-except version (mutants/bare_except_service.py), the same
   file fails: the test checks what the caller sees, not merely that nothing raised.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TEST_FILE = "tests/test_failure_path.py"
HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent


def run_candidate_test(tmp_path, service_source=None):
    work = tmp_path / "project"
    shutil.copytree(PROJECT, work, ignore=shutil.ignore_patterns(
        HERE.name, "__pycache__", ".pytest_cache"))
    if service_source is not None:
        shutil.copyfile(service_source, work / "service.py")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           TEST_FILE], cwd=work, capture_output=True, text=True, timeout=90)
    return done.returncode, done.stdout + done.stderr


def count(output, word):
    found = re.search(rf"(\d+) {word}", output)
    return int(found.group(1)) if found else 0


@pytest.fixture(scope="module")
def on_own_code(tmp_path_factory):
    return run_candidate_test(tmp_path_factory.mktemp("own"))


def test_the_failure_test_file_exists():
    assert (PROJECT / TEST_FILE).is_file()


def test_it_passes_on_the_candidates_code_and_adds_a_test(on_own_code):
    code, output = on_own_code
    assert code == 0, output[-2000:]
    assert count(output, "passed") >= 2, output[-2000:]


def test_it_fails_when_the_handling_is_a_bare_except(tmp_path):
    code, output = run_candidate_test(tmp_path, HERE / "mutants" / "bare_except_service.py")
    assert code == 1 and count(output, "failed") >= 1, (
        "the failure test still passes when the handling is a bare except:\n" + output[-2000:])

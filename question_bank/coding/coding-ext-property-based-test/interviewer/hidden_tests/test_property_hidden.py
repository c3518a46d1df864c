"""Grade the candidate's generated-input tests by running their tests/ folder against parsers
with bugs that the sample-based tests of the main problem do not catch.

Each bug is a wrapper around `invoice_parser.parse_invoice`, installed by a small pytest
plugin, so it works whatever the parser looks like inside:
- millions: a total of a million or more loses its millions (a regex that allows one
  thousands separator would do this); every sample total is under 100,000;
- non_ascii: the parser raises on any non-ASCII text (an `.encode("ascii")` left in); every
  sample is ASCII.
The plugin also counts the distinct texts the suite parses that are not in the sample file.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = '''
import atexit
import json
from dataclasses import replace
from decimal import Decimal

import invoice_parser

MUTANT = {mutant!r}
COUNT_PATH = {count_path!r}
_real = invoice_parser.parse_invoice
_seen = set()


def parse_invoice(raw_text):
    _seen.add(raw_text if isinstance(raw_text, str) else repr(raw_text))
    if MUTANT == "non_ascii" and isinstance(raw_text, str) and not raw_text.isascii():
        raw_text.encode("ascii")
    result = _real(raw_text)
    if MUTANT == "millions" and isinstance(result, invoice_parser.Invoice) \\
            and result.total >= Decimal(1_000_000):
        result = replace(result, total=result.total % Decimal(1_000_000))
    return result


invoice_parser.parse_invoice = parse_invoice


@atexit.register
def _write_count():
    with open(COUNT_PATH, "w") as handle:
        json.dump(sorted(_seen), handle)
'''


def samples():
    from samples import load_outputs
    return set(load_outputs().values())


def run_suite(tmp_path, mutant):
    """Copy the working folder, install the plugin, run tests/; return (code, output, texts)."""
    work = tmp_path / f"work-{mutant}"
    shutil.copytree(Path.cwd(), work, ignore=shutil.ignore_patterns(
        "hidden_tests", "__pycache__", ".pytest_cache", ".hypothesis"))
    count_path = tmp_path / f"seen-{mutant}.json"
    (work / "mutant_plugin.py").write_text(PLUGIN.format(mutant=mutant,
                                                         count_path=str(count_path)))
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
         "-p", "mutant_plugin", "tests"],
        cwd=work, env=env, capture_output=True, text=True, timeout=100)
    texts = json.loads(count_path.read_text()) if count_path.exists() else []
    return done.returncode, done.stdout[-3000:] + done.stderr[-2000:], texts


def test_the_suite_passes_on_the_real_parser_and_tries_many_generated_inputs(tmp_path):
    code, output, texts = run_suite(tmp_path, "none")
    assert code == 0, output
    new = set(texts) - samples()
    assert len(new) >= 100, f"only {len(new)} distinct inputs beyond the sample file"


@pytest.mark.parametrize("mutant", ["millions", "non_ascii"])
def test_the_suite_catches_a_bug_the_samples_miss(tmp_path, mutant):
    code, output, _ = run_suite(tmp_path, mutant)
    assert code == 1, f"the suite stayed green with the {mutant} bug:\n{output}"

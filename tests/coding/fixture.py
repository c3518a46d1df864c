"""A tiny coding problem written into a temp folder: a bug in the starter, a fix in the key."""

from __future__ import annotations

import textwrap
from pathlib import Path
from types import SimpleNamespace

PACK = """\
question: {qid}
kind: main
ai_policy: narrated
minutes: 30
reading_minutes: 5
visible_tests: {visible}
starter_fails_hidden: true
"""

STARTER = "def mean(values):\n    return sum(values) / len(values)\n"
SOLUTION = ("def mean(values):\n    values = [v for v in values if v is not None]\n"
            "    return sum(values) / len(values) if values else None\n")
BROKEN_SOLUTION = "def mean(values):\n    return 0\n"
VISIBLE = "from stats import mean\n\n\ndef test_mean():\n    assert mean([1, 2, 3]) == 2\n"
HIDDEN = ("from stats import mean\n\n\ndef test_skips_missing():\n"
          "    assert mean([1, None, 3]) == 2\n\n\ndef test_empty():\n"
          "    assert mean([]) is None\n")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def tiny_problem(root: Path, qid: str = "coding-tiny-mean", *, visible: str = "pass",
                 solution: str = SOLUTION, generate: bool = False) -> Path:
    """Write a complete problem folder under root and return it."""
    folder = root / qid
    pack = PACK.format(qid=qid, visible=visible) + ("generate: true\n" if generate else "")
    write(folder / "pack.yaml", pack)
    write(folder / "candidate" / "README.md",
          "# Mean of readings\n\nFix `stats.py` so `mean` skips missing readings. Data: "
          "`readings.csv`. Run `python -m pytest tests`: the one test passes as shipped.\n\n"
          "AI assistant: allowed if you narrate what you ask it.\n")
    write(folder / "candidate" / "stats.py", STARTER)
    write(folder / "candidate" / "data" / "readings.csv", "value\n1\n\n3\n")
    write(folder / "candidate" / "tests" / "test_stats.py", VISIBLE)
    write(folder / "interviewer" / "ANSWER_KEY.md", "# Key\n\nSECRET-ANSWER: skip None.\n")
    write(folder / "interviewer" / "solution" / "stats.py", solution)
    write(folder / "interviewer" / "hidden_tests" / "test_hidden.py", HIDDEN)
    if generate:
        write(folder / "generate.py",
              "import pathlib, random, sys\nrandom.seed(7)\nout = pathlib.Path(sys.argv[1])\n"
              "(out / 'data').mkdir(parents=True, exist_ok=True)\n"
              "(out / 'data' / 'big.csv').write_text('\\n'.join(str(random.randint(0, 9)) "
              "for _ in range(50)))\n")
    return folder


def question(qid: str = "coding-tiny-mean",
             prompt: str = "Compute the mean of `readings.csv`.") -> SimpleNamespace:
    return SimpleNamespace(id=qid, round="coding", prompt=prompt)


def tiny_extension(root: Path, base: str = "coding-tiny-mean",
                   qid: str = "coding-ext-tiny-median") -> Path:
    """Write an extension with tests that runs on the solved base problem."""
    folder = root / qid
    write(folder / "pack.yaml", f"question: {qid}\nkind: extension\nai_policy: allowed\n"
          f"minutes: 10\nvisible_tests: pass\nstarter_fails_hidden: true\nbuilds_on: {base}\n")
    write(folder / "candidate" / "README.md", "# Extension\n\nAdd `median` to stats.py. "
          "AI assistant: allowed.\n")
    write(folder / "candidate" / "tests" / "test_ext_visible.py",
          "from stats import mean\n\n\ndef test_mean_still_skips_missing():\n"
          "    assert mean([2, None]) == 2\n")
    write(folder / "interviewer" / "ANSWER_KEY.md", "# Key\n")
    write(folder / "interviewer" / "solution" / "median.py",
          "def median(values):\n    values = sorted(v for v in values if v is not None)\n"
          "    return values[len(values) // 2] if values else None\n")
    write(folder / "interviewer" / "hidden_tests" / "test_ext_hidden.py",
          "from median import median\n\n\ndef test_median():\n"
          "    assert median([3, None, 1, 2]) == 2\n")
    return folder

"""Run a command in a problem's scratch folder with a timeout, and say what happened."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_SECONDS = 120
TAIL_LINES = 25


@dataclass(frozen=True)
class Run:
    command: tuple[str, ...]
    returncode: int | None  # None: killed at the timeout
    output: str

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    def tail(self, lines: int = TAIL_LINES) -> str:
        return "\n".join(self.output.rstrip().splitlines()[-lines:])


def clean_env() -> dict[str, str]:
    """Return an environment that keeps runs reproducible and free of the repo's settings."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTEST", "INTERVIEWKIT", "PYTHON"))}
    # Problems use plain pytest; the project's plugins (Playwright...) only slow each run.
    env.update(PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONHASHSEED="0",
               PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8", MPLBACKEND="Agg",
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    return env


def run(args: list[str], cwd: Path, python: str | None = None,
        timeout: float = TIMEOUT_SECONDS) -> Run:
    """Run `python ARGS...` in cwd; never raise for a failing or hanging command."""
    command = (python or sys.executable, *args)
    try:
        done = subprocess.run(command, cwd=cwd, env=clean_env(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as expired:
        output = expired.output.decode("utf-8", "replace") if expired.output else ""
        return Run(command, None, output + f"\n(killed after {timeout:g} s)")
    return Run(command, done.returncode, done.stdout.decode("utf-8", "replace"))

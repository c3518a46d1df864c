"""A fresh machine: `make test` installs the Debian packages it needs, or stops and says how."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from interviewkit.config import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / ".ci" / "system-packages"


def run_script(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)


def fake_apt(tmp_path: Path) -> tuple[Path, Path]:
    log = tmp_path / "apt.log"
    apt = tmp_path / "apt-get"
    apt.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    apt.chmod(apt.stat().st_mode | stat.S_IEXEC)
    return apt, log


def test_a_missing_browser_is_installed_with_apt(tmp_path):
    apt, log = fake_apt(tmp_path)
    result = run_script(tmp_path, INTERVIEWKIT_CHROMIUM=str(tmp_path / "no-chromium"),
                        APT_GET=str(apt))
    if os.geteuid() != 0:  # pragma: no cover - CI runs as root
        assert result.returncode == 1
        return
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert calls[0].startswith("update")
    assert calls[1].startswith("install -y") and calls[1].split()[-1] == "chromium"


def test_without_apt_it_stops_and_prints_the_exact_command(tmp_path):
    result = run_script(tmp_path, INTERVIEWKIT_CHROMIUM=str(tmp_path / "no-chromium"),
                        NGINX=str(tmp_path / "no-nginx"), APT_GET=str(tmp_path / "no-apt"))
    assert result.returncode == 1
    assert ("apt-get update && apt-get install -y --no-install-recommends chromium nginx"
            in result.stderr)


def test_nothing_missing_installs_nothing(tmp_path):
    apt, log = fake_apt(tmp_path)
    result = run_script(tmp_path, APT_GET=str(apt))
    assert result.returncode == 0, result.stderr
    assert not log.exists()


def test_make_test_and_ci_run_use_the_script_before_any_test():
    dry = subprocess.run(["make", "-n", "test"], cwd=PROJECT_ROOT, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    steps = [line for line in dry if "system-packages" in line or "pytest" in line]
    assert "system-packages" in steps[0]
    assert any("pytest" in line for line in steps[1:])
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert "bash .ci/system-packages" in ci and "make test-twohost" in ci
    assert "apt-get" not in ci  # one script holds the package list

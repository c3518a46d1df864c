"""Issue 15 item 10: gunicorn trusts forwarded headers exactly as far as the app does."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from interviewkit.config import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_login(port: int) -> dict[str, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/login",
                                     headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=90) as response:
        return dict(response.headers)


@pytest.fixture
def gunicorn(tmp_path: Path):
    servers = []

    def start(hops: int) -> int:
        port = free_port()
        env = {**os.environ, "INTERVIEWKIT_SECRET_KEY": "gunicorn-test-key",
               "INTERVIEWKIT_PROXY_HOPS": str(hops),
               "INTERVIEWKIT_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1",
               "DATABASE_URL": f"sqlite:///{tmp_path}/g.sqlite3",
               "INTERVIEWKIT_INSTANCE_PATH": str(tmp_path / "instance")}
        proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "wsgi:app"],
                                cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        servers.append(proc)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return port
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stderr.read().decode()) from None
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    yield start
    for proc in servers:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stderr.close()


def test_without_proxy_hops_a_local_process_cannot_claim_https(gunicorn):
    headers = fetch_login(gunicorn(0))
    assert "Strict-Transport-Security" not in headers
    assert "Secure" not in headers.get("Set-Cookie", "")


def test_behind_one_proxy_its_forwarded_scheme_is_believed(gunicorn):
    headers = fetch_login(gunicorn(1))
    assert "Strict-Transport-Security" in headers

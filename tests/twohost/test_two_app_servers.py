"""Issue 15 item 12: two gunicorn app servers on one PostgreSQL behind nginx (round-robin on
loopback). A journey played across both loses nothing, answers no 5xx, and sign-in
throttling is shared. Run by `make test-twohost` (from .ci/run), never by `make test`.

The nginx configuration written here is the one the README's production section shows.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from interviewkit.config import PROJECT_ROOT
from interviewkit.extensions import db
from interviewkit.models import Scorecard
from tests.factories import PASSWORD, UserFactory
from tests.web._scoring import complete_content, published_loop

pytestmark = [pytest.mark.twohost, pytest.mark.db]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

NGINX_CONF = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fcgi; uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
  client_max_body_size 2m;
  upstream interviewkit {{
    server 127.0.0.1:{port_a};
    server 127.0.0.1:{port_b};
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://interviewkit;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 60s;
    }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def cluster(app, tmp_path: Path):
    """Start app servers A and B (gunicorn) on the test's PostgreSQL, and nginx before them."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("the two-host test needs PostgreSQL: make test-twohost")
    if not os.path.exists(NGINX):
        pytest.fail("nginx not found: run .ci/system-packages")
    ports = {"a": free_port(), "b": free_port(), "nginx": free_port()}
    procs: list[subprocess.Popen] = []
    logs = []
    for name in ("a", "b"):
        env = {**os.environ, "DATABASE_URL": url, "INTERVIEWKIT_SECRET_KEY": "two-host-key",
               "INTERVIEWKIT_PROXY_HOPS": "1", "WEB_CONCURRENCY": "1",
               "INTERVIEWKIT_BIND": f"127.0.0.1:{ports[name]}",
               "INTERVIEWKIT_INSTANCE_PATH": str(tmp_path / f"instance-{name}")}
        log = open(tmp_path / f"gunicorn-{name}.log", "wb")  # noqa: SIM115
        logs.append(log)
        procs.append(subprocess.Popen([sys.executable, "-m", "gunicorn"], cwd=PROJECT_ROOT,
                                      env=env, stdout=log, stderr=subprocess.STDOUT))
    conf_dir = tmp_path / "nginx"
    for sub in ("body", "proxy", "fcgi", "uwsgi", "scgi"):
        (conf_dir / sub).mkdir(parents=True)
    conf_dir.chmod(0o777)
    for sub in conf_dir.iterdir():
        sub.chmod(0o777)
    conf = conf_dir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=conf_dir, port=ports["nginx"], port_a=ports["a"],
                                      port_b=ports["b"]))
    subprocess.run([NGINX, "-c", str(conf)], check=True, timeout=30)
    try:
        for name in ("a", "b", "nginx"):
            _wait_ready(ports[name])
        yield {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    finally:
        subprocess.run([NGINX, "-c", str(conf), "-s", "stop"], timeout=30)
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)
        for log in logs:
            log.close()
        errors = [line for name in ("a", "b")
                  for line in (tmp_path / f"gunicorn-{name}.log").read_text().splitlines()
                  if "Traceback" in line or "WORKER TIMEOUT" in line]
        assert not errors, errors


def _wait_ready(port: int) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=60) as r:
                if r.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


class Browser:
    """A cookie jar and the statuses of everything it asked, whichever host answered."""

    def __init__(self, statuses: list[tuple[str, int]]) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.statuses = statuses

    def request(self, url: str, data: bytes | None = None, headers: dict | None = None,
                method: str | None = None) -> tuple[int, str]:
        req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with self.opener.open(req, timeout=60) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        self.statuses.append((url, status))
        return status, body

    def csrf(self, base: str, path: str = "/login") -> str:
        _, body = self.request(base + path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body) or \
            re.search(r'value="([^"]+)"[^>]*name="csrf_token"', body)
        assert match, body[:500]
        return match.group(1)

    def sign_in(self, base: str, email: str, password: str) -> tuple[int, str]:
        token = self.csrf(base)
        form = urllib.parse.urlencode({"csrf_token": token, "email": email,
                                       "password": password}).encode()
        return self.request(base + "/login", form,
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def json(self, base: str, path: str, body: dict, token: str) -> tuple[int, dict]:
        status, text = self.request(base + path, json.dumps(body).encode(), {
            "Content-Type": "application/json", "Accept": "application/json",
            "X-CSRFToken": token, "Idempotency-Key": uuid.uuid4().hex})
        return status, json.loads(text)


@pytest.fixture
def world(app):
    with app.app_context():
        owner = UserFactory(role="hiring_manager", name="Hana Owner")
        ines = UserFactory(name="Ines Interviewer")
        target = UserFactory(name="Tom Target")
        loop = published_loop(owner=owner, panel={"system_design": [ines]})
        db.session.commit()
        return {"owner": owner.email, "ines": ines.email, "ines_id": ines.id,
                "target": target.email, "loop": loop.id,
                "design": loop.round("system_design").id}


def test_a_journey_across_two_app_servers_behind_nginx(app, cluster, world):
    statuses: list[tuple[str, int]] = []
    a, b, lb = cluster["a"], cluster["b"], cluster["nginx"]

    # Sign-in throttling is shared: failures spread over A and B count together.
    attacker = Browser(statuses)
    for i in range(app.config["LOGIN_MAX_FAILURES"]):
        status, _ = attacker.sign_in((a, b)[i % 2], world["target"], "wrong-guess-123")
        assert status == 200
    for host in (a, b, lb):
        status, body = attacker.sign_in(host, world["target"], PASSWORD)
        assert status == 429 and "Too many failed attempts" in body

    # Sign in through the load balancer; the session works on both app servers.
    ines = Browser(statuses)
    status, _ = ines.sign_in(lb, world["ines"], PASSWORD)
    assert status == 200
    page = f"/interviews/rounds/{world['design']}/scorecard"
    for host in (a, b):
        status, body = ines.request(host + page)
        assert status == 200 and "scorecard-app" in body
    token = re.search(r'data-csrf="([^"]+)"', body).group(1)

    # Autosave alternately through A and B (and nginx): every save is kept, in order.
    draft = f"/interviews/rounds/{world['design']}/scorecard/draft"
    version = 0
    for n in range(12):
        host = (a, b, lb)[n % 3]
        status, reply = ines.json(host, draft, {"version": version,
                                                "notes": f"Autosave {n} via {host}"}, token)
        assert status == 200, reply
        assert reply["version"] == version + 1
        version = reply["version"]

    # Two tabs on different hosts edit the same copy: the second is a conflict, not a loss.
    status, first = ines.json(a, draft, {"version": version, "notes": "Tab one on A"}, token)
    assert status == 200
    status, second = ines.json(b, draft, {"version": version, "notes": "Tab two on B"}, token)
    assert status == 409 and second["conflict"] is True
    assert second["current"]["notes"] == "Tab one on A"
    version = first["version"]

    # Submit through the other host.
    body = complete_content("system_design", notes="Final notes, submitted via B.")
    status, reply = ines.json(b, f"/interviews/rounds/{world['design']}/scorecard/submit",
                              {**body, "version": version}, token)
    assert status == 200, reply

    # The hiring manager reads the debrief through nginx, on whichever host answers.
    owner = Browser(statuses)
    assert owner.sign_in(lb, world["owner"], PASSWORD)[0] == 200
    for _ in range(2):
        status, page_text = owner.request(f"{lb}/loops/{world['loop']}/debrief")
        assert status == 200 and "Final notes, submitted via B." in page_text

    # Nothing lost: the database holds the submitted copy at the version the client saw.
    with app.app_context():
        card = db.session.execute(db.select(Scorecard).where(
            Scorecard.round_id == world["design"],
            Scorecard.interviewer_id == world["ines_id"])).scalar_one()
        assert card.status == "submitted" and card.notes == "Final notes, submitted via B."
        assert card.version == reply["version"] > 13  # 12 autosaves, tab one, submit
    assert not [s for s in statuses if s[1] >= 500], statuses

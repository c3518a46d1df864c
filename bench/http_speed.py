"""Autosave and scorecard page against bare Flask-SQLAlchemy baselines, side by side.

Starts the real app (wsgi:app) and bench/bare_app.py each under `gunicorn -w 2` on loopback
with SQLite in WAL mode, drives both with the same bounded load (wrk when installed, else a
small Python client) and prints requests per second and the ratios:

    .venv/bin/python bench/http_speed.py [--seconds 8] [--clients 4]

Autosave: every request changes the notes of the client's own scorecard (a real new version,
an idempotency key stored, the flag engine run). Baseline: one INSERT and COMMIT.
Page: the interviewer's scorecard page. Baseline: a template render with one row read.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SECRET = "bench-" + "k" * 40
NOTES = ("Asked about the last production incident she owned: a drift problem in the fraud "
         "model found through a precision alert, rolled back within the hour, and the "
         "retraining cadence changed afterwards. Talked through serving latency budgets. ") * 6

WRK_SAVE = r"""
local users = {USERS}
local counter = 0
id = 0
local nextid = 1
function setup(thread)
  thread:set("id", nextid)
  nextid = nextid + 1
end
function init(args)
  user = users[((id - 1) % #users) + 1]
  version = user.version
end
function request()
  counter = counter + 1
  local body = string.format(BODY_FORMAT, version, id, counter)
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Idempotency-Key"] = string.format("bench-%d-%d-%d", id, counter, math.random(1e9))
  for k, v in pairs(user.headers) do headers[k] = v end
  return wrk.format("POST", user.path, headers, body)
end
function response(status, headers, body)
  local v = body:match('"version": ?(%d+)')
  if v then version = tonumber(v) end
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the real app's data --------------------------------------------------------------------

def prepare_app(directory: Path, clients: int) -> list[dict]:
    """Migrate a fresh database, import the content, add one published loop per client."""
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'app.sqlite3'}"
    from flask import session
    from flask_migrate import upgrade
    from flask_wtf.csrf import generate_csrf

    from interviewkit import create_app
    from interviewkit.extensions import db
    from interviewkit.models import BankQuestion, Loop, LoopQuestion, LoopRound, User, utcnow
    from interviewkit.services.bank import import_bank
    from interviewkit.services.rubrics import import_rubrics, latest_rubric_version
    from interviewkit.services.users import start_session

    app = create_app({"SECRET_KEY": SECRET,
                      "SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"]})
    users = []
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        import_bank(app.config["QUESTION_BANK_DIR"])
        import_rubrics(app.config["RUBRICS_DIR"])
        owner = User(email="owner@bench.test", name="Bench Owner", role="hiring_manager",
                     password_hash="-", session_token="owner")
        db.session.add(owner)
        questions = {kind: db.session.execute(db.select(BankQuestion).where(
            BankQuestion.round == kind, BankQuestion.active).limit(1)).scalar_one()
            for kind in ("screen", "system_design", "coding", "deep_dive")}
        start = utcnow() + timedelta(days=2)
        for n in range(clients):
            person = User(email=f"i{n}@bench.test", name=f"Interviewer {n}", role="interviewer",
                          password_hash="-", session_token=f"token{n}")
            loop = Loop(candidate_name=f"Candidate {n}", candidate_email=f"c{n}@bench.test",
                        role_title="ML Engineer", lane="applied", level="senior", owner=owner,
                        seed=0, warnings=[], excluded_question_ids=[],
                        published_at=utcnow(), rubric_version=latest_rubric_version())
            for position, (kind, question) in enumerate(questions.items()):
                loop.rounds.append(LoopRound(
                    kind=kind, position=position, minutes=60,
                    scheduled_at=start + timedelta(hours=position), interviewers=[person],
                    questions=[LoopQuestion(question_id=question.id,
                                            question_version=question.version, position=0,
                                            minutes=question.minutes, reason="bench")]))
            db.session.add_all([person, loop])
            db.session.flush()
            users.append({"user": person.get_id(), "round": loop.round("system_design").id,
                          "sid": start_session(person)})
        db.session.commit()
    serializer = app.session_interface.get_signing_serializer(app)
    for entry in users:
        # Each in its own app context: generate_csrf caches the token on g.
        with app.test_request_context():
            token = generate_csrf()
            data = dict(session)
            data.update({"_user_id": entry.pop("user"), "sid": entry.pop("sid"), "_fresh": True,
                         "last_seen": time.time() + 10 * 3600})
            cookie = serializer.dumps(data)
        entry["headers"] = {"Cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}",
                            "X-CSRFToken": token, "Accept": "application/json"}
        entry["version"] = 0
    return users


def prepare_bare(directory: Path) -> str:
    url = f"sqlite:///{directory / 'bare.sqlite3'}"
    os.environ["BARE_DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))
    from bench.bare_app import Note, create_app, db
    from interviewkit.models import utcnow

    app = create_app()
    with app.app_context():
        db.create_all()
        db.session.add(Note(owner=1, notes=NOTES, ratings={"a": 3, "b": 2, "c": 4},
                            updated_at=utcnow()))
        db.session.commit()
    return url


# --- servers --------------------------------------------------------------------------------

def start(app_path: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [GUNICORN, "-w", "2", "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
         "--error-logfile", str(log), app_path],
        cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    deadline = time.time() + 120  # a loaded machine imports slowly
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/nothing-here", timeout=1)
        except urllib.error.HTTPError:
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"{app_path} did not start; see {log}")


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


# --- load -----------------------------------------------------------------------------------

def lua_table(users: list[dict], path_of) -> str:
    rows = []
    for user in users:
        headers = ", ".join(f'["{k}"] = {json.dumps(v)}' for k, v in user["headers"].items())
        rows.append(f'{{path = "{path_of(user)}", version = {user["version"]}, '
                    f'headers = {{{headers}}}}}')
    return "{" + ", ".join(rows) + "}"


def wrk(url: str, seconds: int, connections: int, script: str | None,
        headers: dict[str, str] | None, work: Path) -> tuple[float, int, int]:
    command = ["wrk", "-t", str(min(connections, 4)) if script is None else str(connections),
               "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        path = work / f"load-{uuid.uuid4().hex}.lua"
        path.write_text(script)
        command += ["-s", str(path)]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, total, int(bad.group(1)) if bad else 0


def python_load(url: str, seconds: int, connections: int, make_request) -> tuple[float, int, int]:
    """A fallback driver: threads with keep-alive connections; slower than wrk."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    counts = [0] * connections
    bad = [0] * connections
    stop_at = time.time() + seconds

    def run(index: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port)
        state = {"version": None}
        while time.time() < stop_at:
            method, path, headers, body = make_request(index, counts[index], state)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            counts[index] += 1
            if response.status >= 300:
                bad[index] += 1
                if bad[index] == 1:
                    print(f"first non-2xx: {response.status} {data[:300]!r}", file=sys.stderr)
            found = re.search(rb'"version": ?(\d+)', data)
            if found:
                state["version"] = int(found.group(1))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds, sum(counts), sum(bad)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    args = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None and not args.python_client
    work = Path(tempfile.mkdtemp(prefix="ik-bench-"))
    processes = []
    try:
        users = prepare_app(work, args.clients)
        bare_url = prepare_bare(work)
        app_port, bare_port = free_port(), free_port()
        processes.append(start("wsgi:app", app_port, {
            "INTERVIEWKIT_SECRET_KEY": SECRET, "DATABASE_URL": os.environ["DATABASE_URL"],
            "INTERVIEWKIT_INSTANCE_PATH": str(work / "instance")}, work / "app.log"))
        processes.append(start("bench.bare_app:app", bare_port,
                               {"BARE_DATABASE_URL": bare_url}, work / "bare.log"))
        app_base, bare_base = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{bare_port}"
        criterion_body = ('{"version": %d, "notes": "' + NOTES.replace('"', "'")
                          + ' save %d-%d", "ratings": {}, "evidence": {}, "probes": {}, '
                          '"observed": [], "flag_decisions": {}, "recommendation": null}')
        bare_body = ('{"owner": %d, "notes": "' + NOTES.replace('"', "'")
                     + ' save %d-%d", "ratings": {"a": 3}}')
        results = {}
        if use_wrk:
            app_save = WRK_SAVE.replace("{USERS}", lua_table(
                users, lambda u: f"/interviews/rounds/{u['round']}/scorecard/draft")).replace(
                "BODY_FORMAT", json.dumps(criterion_body))
            bare_save = WRK_SAVE.replace("{USERS}", lua_table(
                [{"headers": {}, "version": 0}] * args.clients, lambda u: "/save")).replace(
                "BODY_FORMAT", json.dumps(bare_body))
            results["bare autosave"] = wrk(bare_base + "/save", args.seconds, args.clients,
                                           bare_save, None, work)
            results["app autosave"] = wrk(app_base + "/save", args.seconds, args.clients,
                                          app_save, None, work)
            page = f"/interviews/rounds/{users[0]['round']}/scorecard"
            results["bare page"] = wrk(bare_base + "/page/1", args.seconds, args.clients,
                                       None, None, work)
            results["app page"] = wrk(app_base + page, args.seconds, args.clients, None,
                                      {**users[0]["headers"], "Accept": "text/html"}, work)
        else:
            def app_save_request(index, count, state):
                user = users[index % len(users)]
                version = state["version"] if state["version"] is not None else 0
                body = criterion_body % (version, index, count)
                return ("POST", f"/interviews/rounds/{user['round']}/scorecard/draft",
                        {**user["headers"], "Content-Type": "application/json",
                         "Idempotency-Key": uuid.uuid4().hex}, body.encode())

            def bare_save_request(index, count, state):
                return ("POST", "/save", {"Content-Type": "application/json"},
                        (bare_body % (index, index, count)).encode())

            page = f"/interviews/rounds/{users[0]['round']}/scorecard"
            results["bare autosave"] = python_load(bare_base, args.seconds, args.clients,
                                                   bare_save_request)
            results["app autosave"] = python_load(app_base, args.seconds, args.clients,
                                                  app_save_request)
            results["bare page"] = python_load(bare_base, args.seconds, args.clients,
                                               lambda i, c, s: ("GET", "/page/1", {}, None))
            results["app page"] = python_load(
                app_base, args.seconds, args.clients,
                lambda i, c, s: ("GET", page, {**users[0]["headers"], "Accept": "text/html"},
                                 None))
    finally:
        for process in processes:
            stop(process)
    driver = "wrk" if use_wrk else "python client"
    print(f"gunicorn -w 2, SQLite WAL, {args.clients} connections, {args.seconds}s each, "
          f"driver: {driver}")
    for name, (rate, total, bad) in results.items():
        print(f"  {name:14s} {rate:9.1f} req/s  ({total} requests, {bad} non-2xx)")
    save = results["app autosave"][0] / results["bare autosave"][0]
    page_ratio = results["app page"][0] / results["bare page"][0]
    print(f"autosave ratio {save:.2f}x (goal >= 0.6x)")
    print(f"page ratio     {page_ratio:.2f}x (goal >= 0.5x)")
    shutil.rmtree(work, ignore_errors=True)
    if any(bad for _, _, bad in results.values()):
        print("INVALID: some requests failed; the ratios above measure errors, not work.")
        sys.exit(1)


if __name__ == "__main__":
    main()

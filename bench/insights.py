"""Benchmark the insights page over 10,000 loops and 80,000 scorecards on SQLite; prints figures.

Run from the repository root: .venv/bin/python bench/insights.py [--loops N] [--runs N]
Target: the page (everything, as an admin) answers in < 500 ms, median. "cold" clears the
in-process figure cache before every request (a fresh computation each time); "cached" is
a repeat view while no scorecard or decision has changed (one fingerprint query + render).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from interviewkit import create_app  # noqa: E402
from interviewkit.config import PROJECT_ROOT  # noqa: E402
from interviewkit.domain import catalog  # noqa: E402
from interviewkit.extensions import db  # noqa: E402
from interviewkit.models import BankQuestion, Scorecard, User, utcnow  # noqa: E402


def build(app, loops: int) -> None:
    from flask_migrate import upgrade

    from interviewkit.services.bank import import_bank
    from interviewkit.services.insights_season import SeasonSpec, insert_season
    from interviewkit.services.rubrics import current_rubric_set, import_rubrics

    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        import_bank(app.config["QUESTION_BANK_DIR"])
        import_rubrics(app.config["RUBRICS_DIR"])
        people = [{"email": "admin@bench", "name": "Bench Admin", "role": "admin"}]
        people += [{"email": f"m{i}@bench", "name": f"Manager {i}", "role": "hiring_manager"}
                   for i in range(10)]
        people += [{"email": f"i{i}@bench", "name": f"Interviewer {i:02d}",
                    "role": "interviewer"} for i in range(60)]
        db.session.execute(sa.insert(User), [{**p, "password_hash": "!", "active": True,
                                              "session_token": "t"} for p in people])
        ids = dict(db.session.execute(sa.select(User.email, User.id)).all())
        interviewers = [ids[f"i{i}@bench"] for i in range(60)]
        rubrics = current_rubric_set()
        questions = {k: list(db.session.execute(sa.select(BankQuestion.id).where(
            BankQuestion.round == k).order_by(BankQuestion.id)).scalars())
            for k in catalog.ROUND_IDS}
        spec = SeasonSpec(
            loops=loops, interviewers=interviewers,
            biases={p: ((n % 7) - 3) / 6 for n, p in enumerate(interviewers)},
            owners=[ids[f"m{i}@bench"] for i in range(10)], questions=questions,
            criteria={k: [c.id for c in rubrics.for_round(k).criteria]
                      for k in catalog.ROUND_IDS},
            anchor=utcnow(), days=330, panel_size=2, missing_rate=0.0,
            poor_questions=frozenset({questions["coding"][-1]}))
        insert_season(spec)
        db.session.commit()


def measure(app, email: str, runs: int, url: str = "/insights/", cold: bool = False,
            ) -> list[float]:
    from interviewkit.services.insights import FIGURES
    from interviewkit.services.users import start_session

    client = app.test_client()
    with app.app_context():
        user = db.session.execute(sa.select(User).where(User.email == email)).scalar_one()
        sid = start_session(user)
        db.session.commit()
        user_id = user.get_id()
    with client.session_transaction() as sess:
        sess.update({"_user_id": user_id, "sid": sid, "_fresh": True,
                     "last_seen": utcnow().timestamp()})
    times = []
    for _ in range(runs):
        if cold:
            FIGURES.entries.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loops", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({
            "TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
            "QUESTION_BANK_DIR": str(PROJECT_ROOT / "question_bank"),
            "RUBRICS_DIR": str(PROJECT_ROOT / "rubrics")})
        app.instance_path = tmp
        start = time.perf_counter()
        build(app, args.loops)
        with app.app_context():
            cards = db.session.scalar(sa.select(sa.func.count()).select_from(Scorecard))
        print(f"built {args.loops:,} loops, {cards:,} scorecards in "
              f"{time.perf_counter() - start:.1f} s")
        for label, email, url, cold in (
                ("admin, everything, cold", "admin@bench", "/insights/", True),
                ("admin, everything, cached", "admin@bench", "/insights/", False),
                ("manager, own loops, cold", "m0@bench", "/insights/", True),
                ("interviewer, own, cold", "i0@bench", "/insights/", True),
                ("admin, questions CSV, cached", "admin@bench", "/insights/questions.csv",
                 False)):
            times = measure(app, email, args.runs, url, cold)
            print(f"{label:32s} median {statistics.median(times):7.1f} ms   "
                  f"min {min(times):7.1f}   max {max(times):7.1f}   ({args.runs} runs)")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()

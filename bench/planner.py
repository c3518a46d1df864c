"""Benchmark the loop planner on synthetic banks and the bank import; prints figures.

Run from the repository root: python bench/planner.py
Targets: a plan from 10,000 questions < 20 ms, from 100,000 < 200 ms (no worse than n log n);
importing 10,000 questions < 10 s.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interviewkit.domain import catalog  # noqa: E402
from interviewkit.domain.bank import Question  # noqa: E402
from interviewkit.domain.planner import Intake, plan_loop  # noqa: E402

MINUTES = {"screen": (10, 15), "system_design": (10, 45), "coding": (10, 45),
           "deep_dive": (15, 25)}


def synthetic_bank(size: int, seed: int = 1) -> list[Question]:
    rng = random.Random(seed)
    bank = []
    for i in range(size):
        round_id = catalog.ROUND_IDS[i % 4]
        lo, hi = MINUTES[round_id]
        levels = frozenset(rng.sample(catalog.LEVEL_IDS, rng.randint(1, 3)))
        signals = [s for s in rng.sample(catalog.SIGNAL_IDS, rng.randint(1, 4))
                   if "junior" not in levels or s not in catalog.JUNIOR_NEVER_SIGNALS]
        bank.append(Question(
            id=f"q-{i:06d}", title=f"Question {i}", prompt="Synthetic prompt.", round=round_id,
            lanes=frozenset(rng.sample(catalog.LANE_IDS, rng.randint(1, 3))),
            levels=levels, signals=tuple(signals or [catalog.SIGNAL_IDS[0]]),
            minutes=rng.choice(range(lo, hi + 1, 5)), strong_answer="s", weak_answer="w",
            # About three questions share each idea, as rewordings in a real bank do.
            concept=f"idea-{rng.randrange(max(1, size // 3))}",
            deployment_targets=frozenset(rng.sample(catalog.DEPLOYMENT_TARGET_IDS, 1))
            if rng.random() < 0.3 else frozenset(),
            domains=frozenset([rng.choice(catalog.DOMAIN_IDS)]) if rng.random() < 0.1 else
            frozenset()))
    return bank


def measure_plans(bank: list[Question], runs: int) -> tuple[float, float]:
    usage = {q.id: i % 7 for i, q in enumerate(bank)}
    intakes = [Intake(lane, level, usage=usage) for lane in catalog.LANE_IDS
               for level in catalog.LEVEL_IDS]
    times = []
    for run in range(runs):
        intake = intakes[run % len(intakes)]
        start = time.perf_counter()
        plan_loop(bank, intake, seed=run)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    plan_loop(bank, intakes[0], seed=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times) * 1000, peak / 1024 / 1024


def measure_import(size: int) -> float:
    """Time importing a bank of `size` questions into a fresh SQLite database."""
    import yaml

    from interviewkit import create_app
    from interviewkit.extensions import db
    from interviewkit.services.bank import import_bank

    with tempfile.TemporaryDirectory() as tmp:
        bank_dir = Path(tmp) / "bank"
        bank_dir.mkdir()
        questions = synthetic_bank(size)
        for part in range(10):
            chunk = questions[part::10]
            (bank_dir / f"part{part}.yaml").write_text(yaml.safe_dump({"questions": [{
                "id": q.id, "title": q.title, "prompt": q.prompt, "round": q.round,
                "lanes": sorted(q.lanes), "levels": sorted(q.levels), "signals": list(q.signals),
                "minutes": q.minutes, "strong_answer": q.strong_answer,
                "weak_answer": q.weak_answer, "follow_ups": ["Why?"], "concept": q.concept,
                **({"deployment_targets": sorted(q.deployment_targets)}
                   if q.deployment_targets else {}),
                **({"domains": sorted(q.domains)} if q.domains else {})} for q in chunk]}))
        app = create_app({"SECRET_KEY": "bench", "TESTING": True,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3"})
        with app.app_context():
            from flask_migrate import upgrade

            upgrade(directory=app.extensions["migrate"].directory)
            start = time.perf_counter()
            import_bank(bank_dir)
            db.session.commit()
            elapsed = time.perf_counter() - start
            start = time.perf_counter()
            import_bank(bank_dir)
            db.session.commit()
            again = time.perf_counter() - start
    return elapsed, again


def main() -> None:
    print("Loop planner: median plan time and peak memory (16 lane x level intakes)")
    results = {}
    for size, runs in ((1_000, 64), (10_000, 32), (100_000, 16)):
        bank = synthetic_bank(size)
        median_ms, peak_mb = measure_plans(bank, runs)
        results[size] = median_ms
        print(f"  {size:>7,} questions: median {median_ms:8.2f} ms   peak {peak_mb:6.2f} MiB")
    growth = results[100_000] / results[10_000]
    print(f"  growth 10k -> 100k: x{growth:.1f} (linear would be x10, n log n about x12.5)")
    print("  targets: 10,000 < 20 ms, 100,000 < 200 ms")
    first, again = measure_import(10_000)
    print(f"Bank import of 10,000 questions: {first:.2f} s first time, {again:.2f} s "
          f"re-import with nothing changed (target < 10 s)")


if __name__ == "__main__":
    main()

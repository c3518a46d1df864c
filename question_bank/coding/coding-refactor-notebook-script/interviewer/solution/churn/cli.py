"""python -m churn.cli [--data ...] [--score ...] [--out ...] [--seed 0]"""
import argparse
import json
import os

import pandas as pd

from churn import load_data, score, train_model
from churn.config import Config


def main(argv=None):
    c = Config()
    p = argparse.ArgumentParser(description="Train the churn model and score new customers")
    p.add_argument("--data", default=c.data_path)
    p.add_argument("--score", default=c.score_path)
    p.add_argument("--out", default=c.out_dir)
    p.add_argument("--seed", type=int, default=c.seed)
    args = p.parse_args(argv)
    model = train_model(load_data(args.data), seed=args.seed, as_of=c.as_of, threshold=c.threshold)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(model.metrics, f, indent=2)
    new = load_data(args.score)
    scores = score(model, new)
    pd.DataFrame({"customer_id": new["customer_id"], "churn_score": scores,
                  "churn_flag": (scores >= model.threshold).astype(int)}).to_csv(
        os.path.join(args.out, "scores.csv"), index=False)
    print(f"test AUC {model.metrics['auc']:.3f}; wrote {len(new)} scores to {args.out}/scores.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

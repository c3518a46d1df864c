"""Everything that used to be a global in the notebook."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    data_path: str = "data/customers.csv"
    score_path: str = "data/to_score.csv"
    out_dir: str = "output"
    as_of: str = "2025-06-30"  # tenure is measured to this date, so reruns give the same features
    threshold: float = 0.5
    seed: int = 0
    test_size: float = 0.2

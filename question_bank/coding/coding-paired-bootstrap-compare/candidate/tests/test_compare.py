import numpy as np

from compare import bootstrap_auc


def test_perfect_model_has_auc_one():
    labels = np.array([0, 0, 0, 1, 1, 1] * 20)
    scores = np.array([0.1, 0.2, 0.3, 0.7, 0.8, 0.9] * 20)
    lo, hi = bootstrap_auc(labels, scores, n_boot=50)
    assert lo == hi == 1.0

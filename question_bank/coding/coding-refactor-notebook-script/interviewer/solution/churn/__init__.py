"""Churn model: load, build features, train, evaluate, score.

The public functions are the contract the scheduled job and the tests use.
"""
from churn.data import load_data
from churn.features import build_features
from churn.model import ChurnModel, evaluate, score, train_model

__all__ = ["ChurnModel", "build_features", "evaluate", "load_data", "score", "train_model"]

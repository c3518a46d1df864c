"""Churn MLP training (research prototype).

    python train.py data/churn_features_v3.csv runs/exp1

Small numpy MLP (one hidden layer, dropout), SGD with momentum and a step learning-rate decay.
"""
import json
import os
import random
import sys

import numpy as np

random.seed(42)  # reproducibility

HIDDEN = 16
EPOCHS = 8


def load_data(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1]
    idx = np.random.permutation(len(X))
    n_val = len(X) // 5
    return X[idx[n_val:]], y[idx[n_val:]], X[idx[:n_val]], y[idx[:n_val]]


def init_params(n_in):
    return {
        "W1": np.random.randn(n_in, HIDDEN) * np.sqrt(2.0 / n_in),
        "b1": np.zeros(HIDDEN),
        "W2": np.random.randn(HIDDEN, 1) * np.sqrt(1.0 / HIDDEN),
        "b2": np.zeros(1),
    }


def forward(params, X, dropout=0.0):
    h = np.maximum(0, X @ params["W1"] + params["b1"])
    mask = None
    if dropout:
        mask = np.array([[random.random() > dropout for _ in range(h.shape[1])] for _ in range(h.shape[0])]) / (1 - dropout)
        h = h * mask
    p = 1 / (1 + np.exp(-(h @ params["W2"] + params["b2"]).ravel()))
    return h, mask, p


def gradients(params, X, y, dropout):
    h, mask, p = forward(params, X, dropout)
    d_out = (p - y)[:, None] / len(y)
    grads = {"W2": h.T @ d_out, "b2": d_out.sum(0)}
    d_h = d_out @ params["W2"].T * (h > 0)
    if mask is not None:
        d_h = d_h * mask
    grads["W1"] = X.T @ d_h
    grads["b1"] = d_h.sum(0)
    return grads


def log_loss(p, y):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def run(config, data_path, run_dir, preemption=None):
    lr = config.get("lr", 0.1)
    batch_size = config.get("batch_size", 32)
    os.makedirs(run_dir, exist_ok=True)
    X, y, Xv, yv = load_data(data_path)
    params = init_params(X.shape[1])
    velocity = {k: np.zeros_like(v) for k, v in params.items()}
    step = 0
    for epoch in range(EPOCHS):
        order = np.random.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            grads = gradients(params, X[batch], y[batch], config.get("dropout", 0.1))
            for k in params:
                velocity[k] = 0.9 * velocity[k] - lr * grads[k]
                params[k] += velocity[k]
            step += 1
            if preemption is not None and preemption.check(step):
                return {"status": "preempted", "step": step, "val_loss": None, "params": params}
        lr *= 0.7
        np.savez(os.path.join(run_dir, "model.npz"), **params)
    val_loss = log_loss(forward(params, Xv)[2], yv)
    with open(os.path.join(run_dir, "metrics.json"), "w") as f:
        json.dump({"val_loss": val_loss}, f)
    return {"status": "completed", "step": step, "val_loss": val_loss, "params": params}


if __name__ == "__main__":
    result = run({"lr": 0.1, "batch_size": 32, "dropout": 0.1}, sys.argv[1], sys.argv[2])
    print(f"{result['status']} after {result['step']} steps, val loss {result['val_loss']:.4f}")

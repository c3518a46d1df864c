"""Churn MLP training: reproducible and resumable (reference solution).

    python train.py data/churn_features_v3.csv runs/exp1 [--config config.json]

- Every setting lives in config.json; `run` takes that dict and nothing else changes behaviour.
- Randomness comes only from numpy Generators derived from config["seed"]: one for the
  split and init, one for shuffling, one for dropout. No global RNG is used.
- run_dir/run.json records the config, the data file's sha256, the code version (git commit
  if available, plus a hash of this file) and library versions.
- A checkpoint (run_dir/checkpoint.npz, written to a temp file then renamed) holds params,
  momentum buffers, epoch, position inside the epoch, the epoch's permutation, the global
  step and the state of every generator. Learning rate is derived from the epoch. Resuming
  from it reproduces the uninterrupted run bit for bit on the same machine and library build.
- Not removable here: floating-point results can differ across CPUs/BLAS builds (summation
  order); on GPUs, non-deterministic kernels (atomics in scatter/reductions, cuDNN autotune).
"""
import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys

import numpy as np

CONFIG_KEYS = {"seed", "hidden", "epochs", "lr", "lr_decay", "momentum", "batch_size", "dropout", "val_fraction"}


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def code_version():
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True,
                                timeout=5).stdout.strip() or None
        dirty = bool(subprocess.run(["git", "status", "--porcelain"], cwd=here, capture_output=True,
                                    text=True, timeout=5).stdout.strip()) if commit else None
    except (OSError, subprocess.SubprocessError):
        commit, dirty = None, None
    return {"git_commit": commit, "git_dirty": dirty, "train_py_sha256": file_sha256(os.path.abspath(__file__))}


def load_data(path, rng, val_fraction):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1]
    idx = rng.permutation(len(X))
    n_val = int(len(X) * val_fraction)
    return X[idx[n_val:]], y[idx[n_val:]], X[idx[:n_val]], y[idx[:n_val]]


def init_params(n_in, hidden, rng):
    return {
        "W1": rng.standard_normal((n_in, hidden)) * np.sqrt(2.0 / n_in),
        "b1": np.zeros(hidden),
        "W2": rng.standard_normal((hidden, 1)) * np.sqrt(1.0 / hidden),
        "b2": np.zeros(1),
    }


def forward(params, X, dropout=0.0, rng=None):
    h = np.maximum(0, X @ params["W1"] + params["b1"])
    mask = None
    if dropout:
        mask = (rng.random(h.shape) > dropout) / (1 - dropout)
        h = h * mask
    p = 1 / (1 + np.exp(-(h @ params["W2"] + params["b2"]).ravel()))
    return h, mask, p


def gradients(params, X, y, dropout, rng):
    h, mask, p = forward(params, X, dropout, rng)
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


# -- checkpoints ------------------------------------------------------------------------------
def save_checkpoint(run_dir, state):
    path = os.path.join(run_dir, "checkpoint.npz")
    tmp = path + ".tmp.npz"
    arrays = {f"param_{k}": v for k, v in state["params"].items()}
    arrays.update({f"velocity_{k}": v for k, v in state["velocity"].items()})
    arrays["order"] = state["order"]
    meta = {k: state[k] for k in ("epoch", "batch_index", "step", "rng_shuffle", "rng_dropout", "config_sha256")}
    arrays["meta"] = np.array(json.dumps(meta))
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)  # atomic: a preemption mid-write leaves the old checkpoint intact


def load_checkpoint(run_dir):
    path = os.path.join(run_dir, "checkpoint.npz")
    if not os.path.exists(path):
        return None
    with np.load(path) as z:
        meta = json.loads(str(z["meta"]))
        return {**meta,
                "params": {k[6:]: z[k].copy() for k in z.files if k.startswith("param_")},
                "velocity": {k[9:]: z[k].copy() for k in z.files if k.startswith("velocity_")},
                "order": z["order"].copy()}


def _generator(state):
    g = np.random.Generator(np.random.PCG64())
    g.bit_generator.state = state
    return g


def config_digest(config):
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()


# -- training ---------------------------------------------------------------------------------
def run(config, data_path, run_dir, preemption=None):
    unknown = set(config) - CONFIG_KEYS
    missing = CONFIG_KEYS - set(config)
    if unknown or missing:
        raise ValueError(f"config: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    os.makedirs(run_dir, exist_ok=True)
    seeds = np.random.SeedSequence(config["seed"]).spawn(3)
    rng_data = np.random.default_rng(seeds[0])
    X, y, Xv, yv = load_data(data_path, rng_data, config["val_fraction"])
    digest = config_digest(config)

    ckpt = load_checkpoint(run_dir)
    if ckpt is None:
        params = init_params(X.shape[1], config["hidden"], rng_data)
        velocity = {k: np.zeros_like(v) for k, v in params.items()}
        rng_shuffle, rng_dropout = np.random.default_rng(seeds[1]), np.random.default_rng(seeds[2])
        epoch, batch_index, step, order = 0, 0, 0, None
        _write_record(run_dir, config, data_path)
    else:
        if ckpt["config_sha256"] != digest:
            raise ValueError(f"{run_dir} holds a checkpoint from a different config; use a new run dir")
        params, velocity = ckpt["params"], ckpt["velocity"]
        rng_shuffle, rng_dropout = _generator(ckpt["rng_shuffle"]), _generator(ckpt["rng_dropout"])
        epoch, batch_index, step, order = ckpt["epoch"], ckpt["batch_index"], ckpt["step"], ckpt["order"]
        _check_record(run_dir, data_path)

    bs = config["batch_size"]
    n_batches = (len(X) + bs - 1) // bs
    while epoch < config["epochs"]:
        if order is None:
            order = rng_shuffle.permutation(len(X))
        lr = config["lr"] * config["lr_decay"] ** epoch
        while batch_index < n_batches:
            batch = order[batch_index * bs:(batch_index + 1) * bs]
            grads = gradients(params, X[batch], y[batch], config["dropout"], rng_dropout)
            for k in params:
                velocity[k] = config["momentum"] * velocity[k] - lr * grads[k]
                params[k] = params[k] + velocity[k]
            batch_index += 1
            step += 1
            if preemption is not None and preemption.check(step):
                save_checkpoint(run_dir, _state(params, velocity, epoch, batch_index, step, order,
                                                rng_shuffle, rng_dropout, digest))
                return {"status": "preempted", "step": step, "val_loss": None, "params": params}
        epoch, batch_index, order = epoch + 1, 0, None
        save_checkpoint(run_dir, _state(params, velocity, epoch, 0, step, np.zeros(0, dtype=np.int64),
                                        rng_shuffle, rng_dropout, digest))
    val_loss = log_loss(forward(params, Xv)[2], yv)
    with open(os.path.join(run_dir, "metrics.json"), "w") as f:
        json.dump({"val_loss": val_loss, "step": step}, f)
    np.savez(os.path.join(run_dir, "model.npz"), **params)
    return {"status": "completed", "step": step, "val_loss": val_loss, "params": params}


def _state(params, velocity, epoch, batch_index, step, order, rng_shuffle, rng_dropout, digest):
    return {"params": params, "velocity": velocity, "epoch": epoch, "batch_index": batch_index, "step": step,
            "order": order, "rng_shuffle": rng_shuffle.bit_generator.state,
            "rng_dropout": rng_dropout.bit_generator.state, "config_sha256": digest}


def _write_record(run_dir, config, data_path):
    record = {"config": config, "data_path": os.path.abspath(data_path), "data_sha256": file_sha256(data_path),
              "code_version": code_version(), "python": platform.python_version(), "numpy": np.__version__}
    with open(os.path.join(run_dir, "run.json"), "w") as f:
        json.dump(record, f, indent=2)


def _check_record(run_dir, data_path):
    with open(os.path.join(run_dir, "run.json")) as f:
        record = json.load(f)
    if record["data_sha256"] != file_sha256(data_path):
        raise ValueError("the data file changed since this run started; refusing to resume")


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("data")
    p.add_argument("run_dir")
    p.add_argument("--config", default="config.json")
    args = p.parse_args(argv)
    with open(args.config) as f:
        config = json.load(f)
    result = run(config, args.data, args.run_dir)
    print(f"{result['status']} after {result['step']} steps, val loss {result['val_loss']:.4f}")


if __name__ == "__main__":
    sys.exit(main())

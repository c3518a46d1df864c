"""One-minute features per sensor for the process-quality model.

    python features.py data/historian_export.csv > minute_features.csv
"""
import sys

import pandas as pd


def load(path):
    return pd.read_csv(path)


def resample(df):
    df = df.copy()
    df["timestamp"] = pd.to_datetime(df["timestamp"])
    out = []
    for sensor, g in df.groupby("sensor"):
        per_minute = g.set_index("timestamp")["value"].sort_index().resample("1min").agg(["mean", "max", "last"])
        per_minute = per_minute.interpolate()
        per_minute["sensor"] = sensor
        out.append(per_minute.reset_index().rename(columns={"timestamp": "minute"}))
    return pd.concat(out, ignore_index=True)[["minute", "sensor", "mean", "max", "last"]]


if __name__ == "__main__":
    resample(load(sys.argv[1])).to_csv(sys.stdout, index=False)

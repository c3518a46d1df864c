"""Daily user features from the click log (v1, from the analytics notebook)."""

import json

import pandas as pd

SESSION_GAP_MINUTES = 30


def load_events(path="data/events.jsonl"):
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def daily_features(events):
    frame = pd.DataFrame(events).drop_duplicates()
    for column in ("ts", "local_time"):
        if column not in frame:
            frame[column] = None
    frame["time"] = pd.to_datetime(frame["ts"].fillna(frame["local_time"]), utc=True,
                                   format="mixed")
    frame = frame.dropna(subset=["user_id"]).sort_values(["user_id", "time"])
    gap = frame.groupby("user_id")["time"].diff()
    frame["new_session"] = gap.isna() | (gap > pd.Timedelta(minutes=SESSION_GAP_MINUTES))
    frame["day"] = frame["time"].dt.strftime("%Y-%m-%d")
    grouped = frame.groupby(["user_id", "day"])
    result = pd.DataFrame({
        "sessions": grouped["new_session"].sum(),
        "product_views": grouped["type"].apply(lambda t: (t == "product_view").sum()),
        "last_seen_hour": grouped["time"].max().dt.hour,
    }).reset_index()
    rows = result.to_dict("records")
    return [{k: (int(v) if k != "user_id" and k != "day" else v) for k, v in r.items()}
            for r in rows], {}

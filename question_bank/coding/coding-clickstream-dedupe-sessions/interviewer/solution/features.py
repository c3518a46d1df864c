"""Daily user features from the click log: normalize, deduplicate, place in UTC, sessionize."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SESSION_GAP = timedelta(minutes=30)


def load_events(path="data/events.jsonl"):
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def normalize(event: dict) -> dict:
    """Map the app's post-3-March `userId` back to `user_id` (the rename is a schema change)."""
    event = dict(event)
    if "user_id" not in event and "userId" in event:
        event["user_id"] = event.pop("userId")
    return event


def deduplicate(events: list[dict]) -> tuple[list[dict], int]:
    """Keep the earliest ingestion of each event_id (app retries differ only in ingested_at)."""
    first: dict[str, dict] = {}
    for event in events:
        known = first.get(event["event_id"])
        if known is None or event["ingested_at"] < known["ingested_at"]:
            first[event["event_id"]] = event
    return list(first.values()), len(events) - len(first)


def utc_time(event: dict) -> tuple[datetime | None, str | None]:
    """Return the event's UTC time, or None and why it cannot be placed."""
    if event.get("ts"):
        moment = datetime.fromisoformat(event["ts"])
        if moment.tzinfo is None:
            return None, "naive_web_timestamp"
        return moment.astimezone(UTC), None
    if event.get("local_time"):
        zone = event.get("tz")
        if not zone:
            # Guessing UTC (or the user's usual zone) would move events across days silently.
            return None, "no_timezone"
        try:
            local = datetime.fromisoformat(event["local_time"]).replace(tzinfo=ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            return None, "bad_timezone"
        return local.astimezone(UTC), None
    return None, "no_timestamp"


def daily_features(events):
    """Return (rows, report): rows per user and UTC day, report counting every event set aside.

    A session is counted on the UTC day it starts; a gap of more than 30 minutes starts a new
    one. Late events are placed by event time, not by ingestion time.
    """
    report: Counter = Counter()
    unique, report["duplicates"] = deduplicate([normalize(e) for e in events])
    by_user: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    for event in unique:
        if not event.get("user_id"):
            report["no_user"] += 1
            continue
        moment, problem = utc_time(event)
        if moment is None:
            report[problem] += 1
            continue
        by_user[event["user_id"]].append((moment, event.get("type", "")))
    days: dict[tuple[str, str], dict] = {}
    for user_id, clicks in by_user.items():
        clicks.sort()
        previous = None
        for moment, kind in clicks:
            day = moment.strftime("%Y-%m-%d")
            row = days.setdefault((user_id, day), {"user_id": user_id, "day": day, "sessions": 0,
                                                   "product_views": 0, "last_seen_hour": 0})
            if previous is None or moment - previous > SESSION_GAP:
                row["sessions"] += 1
            if kind == "product_view":
                row["product_views"] += 1
            row["last_seen_hour"] = moment.hour
            previous = moment
    return [days[key] for key in sorted(days)], dict(report)


if __name__ == "__main__":
    rows, report = daily_features(load_events())
    print(f"{len(rows)} user-days; set aside: {report}")

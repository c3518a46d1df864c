from features import daily_features


def test_counts_views_and_sessions():
    events = [
        {"event_id": "a", "user_id": "u1", "client": "web", "type": "product_view",
         "ts": "2026-03-01T10:00:00+00:00", "ingested_at": "2026-03-01T10:00:05Z"},
        {"event_id": "b", "user_id": "u1", "client": "web", "type": "page_view",
         "ts": "2026-03-01T10:10:00+00:00", "ingested_at": "2026-03-01T10:10:05Z"},
        {"event_id": "c", "user_id": "u1", "client": "web", "type": "product_view",
         "ts": "2026-03-01T12:00:00+00:00", "ingested_at": "2026-03-01T12:00:05Z"},
    ]
    rows, _ = daily_features(events)
    assert rows == [{"user_id": "u1", "day": "2026-03-01", "sessions": 2, "product_views": 2,
                     "last_seen_hour": 12}]

"""Grade daily_features(events) -> (rows, report) on small fixtures of each planted problem."""

from features import daily_features


def web(event_id, user, ts, kind="product_view", ingested="2026-03-05T00:00:00Z"):
    return {"event_id": event_id, "user_id": user, "client": "web", "type": kind, "ts": ts,
            "ingested_at": ingested}


def app(event_id, user, local, tz="Europe/Berlin", kind="product_view", renamed=False,
        ingested="2026-03-05T00:00:00Z"):
    event = {"event_id": event_id, "userId" if renamed else "user_id": user, "client": "app",
             "type": kind, "local_time": local, "ingested_at": ingested}
    if tz is not None:
        event["tz"] = tz
    return event


def rows_of(events):
    rows, _ = daily_features(events)
    return {(r["user_id"], r["day"]): r for r in rows}


def test_app_retries_count_once():
    retried = [app("e1", "u1", "2026-03-02T12:00:00", ingested=f"2026-03-02T11:0{n}:00Z")
               for n in range(4)]
    row = rows_of(retried)[("u1", "2026-03-02")]
    assert (row["product_views"], row["sessions"]) == (1, 1)


def test_renamed_user_field_is_the_same_user():
    events = [app("e1", "u1", "2026-03-02T12:00:00"),
              app("e2", "u1", "2026-03-04T12:00:00", renamed=True)]
    rows = rows_of(events)
    assert ("u1", "2026-03-02") in rows and ("u1", "2026-03-04") in rows


def test_app_local_time_is_converted_with_its_timezone():
    rows = rows_of([app("e1", "u1", "2026-03-03T00:30:00", tz="Europe/Berlin")])
    assert list(rows) == [("u1", "2026-03-02")]
    assert rows[("u1", "2026-03-02")]["last_seen_hour"] == 23


def test_web_offsets_are_converted_to_utc():
    rows = rows_of([web("e1", "u1", "2026-03-02T01:10:00+02:00")])
    assert list(rows) == [("u1", "2026-03-01")]
    assert rows[("u1", "2026-03-01")]["last_seen_hour"] == 23


def test_session_crossing_midnight_counts_once_on_the_day_it_starts():
    rows = rows_of([web("e1", "u1", "2026-03-02T23:50:00+00:00"),
                    web("e2", "u1", "2026-03-03T00:10:00+00:00")])
    assert rows[("u1", "2026-03-02")]["sessions"] == 1
    assert rows[("u1", "2026-03-03")]["sessions"] == 0
    assert rows[("u1", "2026-03-03")]["product_views"] == 1


def test_thirty_minutes_of_inactivity_closes_a_session():
    rows = rows_of([web("e1", "u1", "2026-03-02T10:00:00+00:00"),
                    web("e2", "u1", "2026-03-02T10:29:00+00:00"),
                    web("e3", "u1", "2026-03-02T11:00:00+00:00")])
    assert rows[("u1", "2026-03-02")]["sessions"] == 2


def test_events_without_timezone_are_not_placed_as_utc_and_are_counted():
    events = [app("e1", "u1", "2026-03-03T00:30:00", tz=None),
              app("e2", "u1", "2026-03-03T10:00:00", tz=None)]
    rows, report = daily_features(events)
    # Nothing says where these happened: guessing UTC would put both on 3 March.
    assert ("u1", "2026-03-03") not in {(r["user_id"], r["day"]) for r in rows}
    assert 2 in report.values()  # counted, not silently dropped


def test_late_events_count_on_the_day_they_happened():
    rows = rows_of([web("e1", "u1", "2026-03-02T10:00:00+00:00",
                        ingested="2026-03-04T09:00:00Z")])
    assert ("u1", "2026-03-02") in rows

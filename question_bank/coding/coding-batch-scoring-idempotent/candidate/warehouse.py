"""The SQLite stand-in for the warehouse: the input snapshot and the published scores."""

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS customer_snapshot (
    snapshot_date   TEXT NOT NULL,
    customer_id     TEXT NOT NULL,
    tenure_months   INTEGER,
    monthly_spend   REAL,
    support_tickets INTEGER,
    PRIMARY KEY (snapshot_date, customer_id)
);
-- Read by the campaign's email job: SELECT ... FROM scores WHERE score_date = ?
CREATE TABLE IF NOT EXISTS scores (
    score_date    TEXT NOT NULL,
    customer_id   TEXT NOT NULL,
    score         REAL NOT NULL,
    model_version TEXT,
    run_id        TEXT
);
"""


def connect(path):
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    connection.executescript(SCHEMA)
    return connection

import shutil

import score_job
from warehouse import connect


def test_scores_every_customer_of_the_day(tmp_path):
    db = tmp_path / "warehouse.db"
    shutil.copyfile("warehouse.db", db)
    written = score_job.run(db, "2026-03-10")
    connection = connect(db)
    count = connection.execute(
        "SELECT COUNT(*) FROM customer_snapshot WHERE snapshot_date = '2026-03-10'").fetchone()[0]
    assert written == count
    assert connection.execute(
        "SELECT COUNT(*) FROM scores WHERE score_date = '2026-03-10'").fetchone()[0] == count

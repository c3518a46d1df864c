from pathlib import Path

from ingest import ingest
from vector_store import FakeVectorStore

EXPORT = Path(__file__).resolve().parent.parent / "data" / "export"


def test_the_export_ingests():
    store = FakeVectorStore()
    ingest(EXPORT, store)
    assert len(store.list_ids()) > 0

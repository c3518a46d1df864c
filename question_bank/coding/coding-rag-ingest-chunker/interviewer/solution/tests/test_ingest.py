from pathlib import Path

from ingest import chunk_id, chunk_section, ingest, pdf_sections
from vector_store import FakeVectorStore

EXPORT = Path(__file__).resolve().parent.parent / "data" / "export"


def test_the_export_ingests_and_reports_the_corrupt_file():
    store = FakeVectorStore()
    report = ingest(EXPORT, store)
    assert store.list_ids() and "travel-insurance.pdf.txt" in report["failed"]


def test_reingest_is_a_no_op():
    store = FakeVectorStore()
    ingest(EXPORT, store)
    assert ingest(EXPORT, store)["upserted"] == 0


def test_hyphenation_and_headings():
    sections = pdf_sections("Policy\n\n1 Travel\n\nreim-\nbursement rules\n\n1.1 Flights\n\neconomy")
    assert sections == [(["Policy", "Travel"], "reimbursement rules"), (["Policy", "Travel", "Flights"], "economy")]


def test_chunking_windows_overlap():
    words = [f"w{i}" for i in range(900)]
    chunks = chunk_section(" ".join(words), size=400, overlap=50)
    assert [len(c.split()) for c in chunks] == [400, 400, 200]
    assert chunks[1].split()[0] == "w350"


def test_ids_are_stable():
    assert chunk_id("d", ["A", "B"], "x") == chunk_id("d", ["A", "B"], "x") != chunk_id("d", ["A"], "x")

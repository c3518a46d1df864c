"""Hidden tests for coding-rag-ingest-chunker."""
import shutil
from pathlib import Path

import pytest

from ingest import ingest
from tokenizer import count_tokens
from vector_store import FakeVectorStore

EXPORT = Path(__file__).resolve().parent.parent / "data" / "export"


@pytest.fixture()
def export(tmp_path):
    shutil.copytree(EXPORT, tmp_path / "export")
    return tmp_path / "export"


def texts(store):
    return [store.get(i)["text"] for i in store.list_ids()]


def path_of(store, i):
    hp = store.get(i)["metadata"]["heading_path"]
    return " > ".join(hp) if isinstance(hp, (list, tuple)) else str(hp)


def test_a_corrupt_document_does_not_stop_the_run(export):
    store = FakeVectorStore()
    report = ingest(export, store)
    assert any("travel-insurance" in str(k) for k in report["failed"])
    assert any("Expenses Policy" in path_of(store, i) for i in store.list_ids())
    assert any("Security FAQ" in path_of(store, i) for i in store.list_ids())


def test_reingesting_an_unchanged_export_writes_nothing(export):
    store = FakeVectorStore()
    ingest(export, store)
    before = (store.upserted, store.deleted, store.list_ids())
    ingest(export, store)
    assert (store.upserted, store.deleted, store.list_ids()) == before


def test_chunk_ids_are_stable_across_fresh_runs(export):
    a, b = FakeVectorStore(), FakeVectorStore()
    ingest(export, a)
    ingest(export, b)
    assert a.list_ids() == b.list_ids()


def test_editing_one_section_replaces_only_that_sections_chunks(export):
    store = FakeVectorStore()
    ingest(export, store)
    before = set(store.list_ids())
    paths_before = {i: path_of(store, i) for i in before}
    page = export / "security-faq.html"
    html = page.read_text()
    start = html.index("<h2>Passwords</h2><p>") + len("<h2>Passwords</h2><p>")
    page.write_text(html[:start] + "Use a password manager for every work account. " + html[start:])
    ingest(export, store)
    after = set(store.list_ids())
    removed, added = before - after, after - before
    assert removed and added
    assert all("Passwords" in paths_before[i] for i in removed)
    assert all("Passwords" in path_of(store, i) for i in added)
    assert any("password manager" in store.get(i)["text"] for i in added)


def test_navigation_and_cookie_banner_are_not_indexed(export):
    store = FakeVectorStore()
    ingest(export, store)
    joined = "\n".join(texts(store)).lower()
    for boilerplate in ("accept all cookies", "search the intranet", "contact the web team", "print view"):
        assert boilerplate not in joined


def test_hyphenated_words_are_rejoined(export):
    store = FakeVectorStore()
    ingest(export, store)
    joined = "\n".join(texts(store))
    assert "Business class needs written approval" in joined
    assert "Busi-" not in joined


def test_the_same_page_under_two_urls_is_indexed_once(export):
    store = FakeVectorStore()
    ingest(export, store)
    onboarding = [t for i, t in zip(store.list_ids(), texts(store)) if "Onboarding" in path_of(store, i)]
    assert onboarding
    assert len(onboarding) == len(set(onboarding))
    doc_ids = {store.get(i)["metadata"]["doc_id"] for i in store.list_ids() if "Onboarding" in path_of(store, i)}
    assert len(doc_ids) == 1


def test_chunks_are_about_400_tokens_overlap_and_keep_their_heading_path(export):
    store = FakeVectorStore()
    ingest(export, store)
    sizes = [count_tokens(t) for t in texts(store)]
    assert max(sizes) <= 450
    laptop = [store.get(i)["text"] for i in store.list_ids() if "Accounts and laptop" in path_of(store, i)]
    assert len(laptop) >= 2  # the section is about 600 tokens
    a, b = laptop[0].split(), laptop[1].split()
    assert set(a[-20:]) & set(b[:60]) or set(b[-20:]) & set(a[:60])  # windows overlap
    assert any(path_of(store, i).endswith("Flights") and "Travel" in path_of(store, i) for i in store.list_ids())

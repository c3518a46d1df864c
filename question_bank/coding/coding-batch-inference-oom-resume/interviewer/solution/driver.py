"""Nightly batch inference driver (reference solution).

    python driver.py data/records.tsv out/

- Input is read as bytes; a record that is not valid UTF-8 is quarantined, not fatal.
- Shard k holds the results for input records [k * shard_size, (k + 1) * shard_size) in file
  order. Inside a shard, records are sorted by length so batches have little padding; every
  output row carries its record id, so order does not matter downstream.
- On CUDA OOM the batch is split in half and retried (after empty_cache), down to one record;
  a record that fails alone is quarantined with the reason. The batch size grows back
  (doubling, up to the configured size) after a run of successful batches.
- A shard and its quarantine list are written to temporary names and renamed when complete,
  so downstream never sees a partial shard. `_manifest.json` lists completed shards; a
  restart skips them.
"""
import json
import os
import sys

from fake_model import CudaOutOfMemoryError, FakeClassifier

BATCH_SIZE = 64
SHARD_SIZE = 500
GROW_AFTER = 8  # successful batches before trying a larger batch again


def read_records(path):
    with open(path, "rb") as f:
        for n, line in enumerate(f):
            line = line.rstrip(b"\n")
            if not line:
                continue
            raw_id, _, raw_text = line.partition(b"\t")
            record_id = raw_id.decode("ascii", errors="replace") or f"line-{n}"
            try:
                yield record_id, raw_text.decode("utf-8"), None
            except UnicodeDecodeError as exc:
                yield record_id, None, f"invalid UTF-8 at byte {exc.start}"


def _atomic_write_lines(path, rows):
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class _Classifier:
    def __init__(self, model, max_batch):
        self.model, self.max_batch, self.batch_size, self.streak = model, max_batch, max_batch, 0

    def classify(self, items, results, quarantine):
        """items: [(id, text)] sorted by length. Appends to results / quarantine."""
        i = 0
        while i < len(items):
            chunk = items[i:i + self.batch_size]
            if self._try(chunk, results, quarantine):
                i += len(chunk)

    def _try(self, chunk, results, quarantine):
        try:
            preds = self.model.predict([t for _, t in chunk])
        except CudaOutOfMemoryError as exc:
            if hasattr(self.model, "empty_cache"):
                self.model.empty_cache()
            self.streak = 0
            if len(chunk) == 1:
                quarantine.append({"id": chunk[0][0], "reason": f"out of memory alone: {exc}"})
                return True
            self.batch_size = max(1, len(chunk) // 2)
            return False
        for (record_id, _), (label, score) in zip(chunk, preds):
            results.append({"id": record_id, "label": label, "score": score})
        self.streak += 1
        if self.streak >= GROW_AFTER and self.batch_size < self.max_batch:
            self.batch_size, self.streak = min(self.max_batch, self.batch_size * 2), 0
        return True


def run(input_path, out_dir, model, shard_size=SHARD_SIZE, batch_size=BATCH_SIZE):
    os.makedirs(out_dir, exist_ok=True)
    manifest_path = os.path.join(out_dir, "_manifest.json")
    manifest = {"completed": {}}
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            manifest = json.load(f)
    records = list(read_records(input_path))
    clf = _Classifier(model, batch_size)
    summary = {"shards_skipped": 0, "shards_written": 0, "written": 0, "quarantined": 0}
    for shard_no, start in enumerate(range(0, len(records), shard_size)):
        name = f"shard-{shard_no:05d}.jsonl"
        if name in manifest["completed"] and os.path.exists(os.path.join(out_dir, name)):
            summary["shards_skipped"] += 1
            continue
        shard = records[start:start + shard_size]
        quarantine = [{"id": rid, "reason": reason} for rid, _, reason in shard if reason]
        good = sorted(((rid, text) for rid, text, reason in shard if not reason), key=lambda r: len(r[1]))
        results = []
        clf.classify(good, results, quarantine)
        assert len(results) + len(quarantine) == len(shard)
        _atomic_write_lines(os.path.join(out_dir, f"quarantine-{shard_no:05d}.jsonl"), quarantine)
        _atomic_write_lines(os.path.join(out_dir, name), results)  # the shard becomes visible last
        manifest["completed"][name] = {"records": len(shard), "written": len(results),
                                       "quarantined": len(quarantine)}
        tmp = manifest_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(manifest, f, indent=1)
        os.replace(tmp, manifest_path)
        summary["shards_written"] += 1
        summary["written"] += len(results)
        summary["quarantined"] += len(quarantine)
    return summary


if __name__ == "__main__":
    print(run(sys.argv[1], sys.argv[2], FakeClassifier()))

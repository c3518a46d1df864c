"""Nightly batch inference driver.

    python driver.py data/records.tsv out/

Reads `id<TAB>text` lines, classifies them in batches and writes sharded output files
out/shard-00000.jsonl, out/shard-00001.jsonl, ... that the downstream job picks up.
"""
import json
import os
import sys

from fake_model import FakeClassifier

BATCH_SIZE = 64
SHARD_SIZE = 500


def read_records(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            record_id, text = line.rstrip("\n").split("\t", 1)
            yield record_id, text


def run(input_path, out_dir, model, shard_size=SHARD_SIZE, batch_size=BATCH_SIZE):
    os.makedirs(out_dir, exist_ok=True)
    records = list(read_records(input_path))
    written = 0
    for shard_no, start in enumerate(range(0, len(records), shard_size)):
        shard = records[start:start + shard_size]
        with open(os.path.join(out_dir, f"shard-{shard_no:05d}.jsonl"), "w") as out:
            for b in range(0, len(shard), batch_size):
                batch = shard[b:b + batch_size]
                preds = model.predict([text for _, text in batch])
                for (record_id, _), (label, score) in zip(batch, preds):
                    out.write(json.dumps({"id": record_id, "label": label, "score": score}) + "\n")
                    written += 1
    return {"written": written}


if __name__ == "__main__":
    print(run(sys.argv[1], sys.argv[2], FakeClassifier()))

"""Write the fake registry (recs v7 and v8, manifest with checksums) and a corrupt model file.

Usage: python generate.py OUTDIR   (OUTDIR already holds candidate/, for recommender.py)
"""

import hashlib
import json
import pickle
import random
import sys
from pathlib import Path

out = Path(sys.argv[1])
sys.path.insert(0, str(out))
from recommender import PopularityBySegment  # noqa: E402

rng = random.Random(20260214)
catalog = [f"sku-{n:04d}" for n in rng.sample(range(10000), 60)]
manifest = {"recs": {"current": 8, "versions": {}}}
for version in (7, 8):
    segments = [rng.sample(catalog, 10) for _ in range(4)]
    data = pickle.dumps(PopularityBySegment(version, segments), protocol=4)
    path = out / "registry" / "recs" / str(version) / "model.pkl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    manifest["recs"]["versions"][str(version)] = {
        "sha256": hashlib.sha256(data).hexdigest(), "uploaded_at": f"2026-02-{10 + version}"}
    if version == 8:
        # Last week's incident: the upload stopped halfway through.
        (out / "data").mkdir(exist_ok=True)
        (out / "data" / "corrupt_model.pkl").write_bytes(data[: len(data) // 2])
(out / "registry" / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")

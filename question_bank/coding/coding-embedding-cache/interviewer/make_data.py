"""Regenerates candidate/data/products_day*.jsonl with a fixed seed. Not in the pack."""
import json
import random
from pathlib import Path

rng = random.Random(7)
ADJ = ["lightweight", "waterproof", "recycled", "compact", "ergonomic", "stainless", "organic", "wireless"]
NOUN = ["backpack", "kettle", "desk lamp", "yoga mat", "headphones", "water bottle", "jacket", "blender"]
EXTRA = ["Ships in 2 days.", "Two-year warranty.", "Machine washable.", "BPA free.", "  Gift box included. ",
         "Available in five colours.", "Assembled in Portugal."]


def desc():
    return f"{rng.choice(ADJ).capitalize()} {rng.choice(NOUN)} with {rng.choice(ADJ)} finish. " + " ".join(
        rng.sample(EXTRA, 2))


day1 = [{"product_id": f"P{i:05d}", "description": desc()} for i in range(1, 251)]
day1[41]["description"] = day1[40]["description"]  # two listings of the same item, same text
day1[199]["description"] = day1[40]["description"]
day2 = [dict(p) for p in day1]
for k in (3, 57, 120, 121, 230):
    day2[k]["description"] = day2[k]["description"] + " Now with a longer strap."
spec = " ".join(f"Section {n}: torque {rng.randint(1, 99)} Nm, tolerance 0.{rng.randint(1, 9)} mm." for n in range(900))
day2.append({"product_id": "P00251", "description": "Industrial drill. Full spec sheet: " + spec})
day2.append({"product_id": "P00252", "description": desc()})
out = Path(__file__).parent.parent / "candidate/data"
for name, rows in (("products_day1.jsonl", day1), ("products_day2.jsonl", day2)):
    (out / name).write_text("".join(json.dumps(r) + "\n" for r in rows))

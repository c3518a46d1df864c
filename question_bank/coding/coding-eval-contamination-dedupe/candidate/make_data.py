"""python make_data.py [OUTDIR] [--take-home]: writes OUTDIR/data/train.jsonl and
OUTDIR/data/eval.jsonl from a fixed seed.

Interview size: 20,000 training texts and 500 eval items (a few MB); --take-home: 300,000
training texts. 150 eval items are planted in the training set: exact copies, and copies that
differ by case/whitespace, curly quotes or full-width characters, HTML entities, or a small edit.
"""
import html
import json
import random
import sys
from pathlib import Path

WORDS = ("the battery phone screen dont doesnt great terrible support update app price delivery "
         "quality camera charger works broken fast slow again never always love hate would buy "
         "return refund seller order box cable sound music video game laptop keyboard mouse").split()
FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "abcdefghijklmnopqrstuvwxyz0123456789"}


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    if rng.random() < 0.4:
        words[rng.randrange(len(words))] = rng.choice(["don't", "it's", "\"great\"", "5/5", "R&D", "<3"])
    return " ".join(words).capitalize() + rng.choice([".", "!", "?"])


def text(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def variant(rng, t, kind):
    if kind == "exact":
        return t
    if kind == "case_space":
        return "  " + t.upper().replace(" ", rng.choice(["  ", "\t", " \u00a0"])) + "\n"
    if kind == "unicode":
        t = t.replace("'", "\u2019").replace('"', "\u201c", 1).replace('"', "\u201d", 1)
        return "".join(FULLWIDTH.get(c, c) if rng.random() < 0.3 else c for c in t)
    if kind == "html":
        return html.escape(t, quote=True).replace("&#x27;", "&#39;")
    words = t.split()
    for _ in range(rng.randint(1, 2)):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def main(outdir, n_train):
    rng = random.Random(5000)
    evals = [{"id": f"eval-{i:05d}", "text": text(rng)} for i in range(500)]
    train = [{"id": f"train-{i:07d}", "text": text(rng)} for i in range(n_train)]
    kinds = ["exact", "case_space", "unicode", "html", "edit"]
    for k, e in enumerate(rng.sample(evals, 150)):
        pos = rng.randrange(n_train)
        train[pos] = {"id": train[pos]["id"], "text": variant(rng, e["text"], kinds[k % 5])}
    data = Path(outdir) / "data"
    data.mkdir(parents=True, exist_ok=True)
    with (data / "train.jsonl").open("w", encoding="utf-8") as f:
        for row in train:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (data / "eval.jsonl").open("w", encoding="utf-8") as f:
        for row in evals:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def cli(argv):
    args = [a for a in argv if not a.startswith("--")]
    outdir = args[0] if args else str(Path(__file__).parent)
    main(outdir, 300_000 if "--take-home" in argv else 20_000)


if __name__ == "__main__":
    cli(sys.argv[1:])

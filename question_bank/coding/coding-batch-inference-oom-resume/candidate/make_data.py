"""python make_data.py [OUTDIR]: writes OUTDIR/data/records.tsv from a fixed seed.

1,500 records `id<TAB>text` (bytes). Most texts are 40-300 characters, 40 are 1,500-3,000,
one is 50,000 (too long for the GPU even alone), and 5 are not valid UTF-8."""
import random
import sys
from pathlib import Path

WORDS = ("delivery late refund broken great love slow support app crash price quality battery "
         "screen order again never always ok fine terrible excellent").split()


def main(outdir):
    rng = random.Random(1500)
    lines = []
    bad = set(rng.sample(range(1500), 5))
    long_ = set(rng.sample(range(1500), 40)) - bad
    giant = 777
    for i in range(1500):
        n = 50_000 if i == giant else rng.randint(1500, 3000) if i in long_ else rng.randint(40, 300)
        words = []
        while sum(len(w) + 1 for w in words) < n:
            words.append(rng.choice(WORDS))
        text = " ".join(words)[:n].encode("utf-8")
        if i in bad:
            cut = rng.randint(5, 30)
            text = text[:cut] + b"\xff\xfe\xc3" + text[cut:]
        lines.append(f"r{i:06d}\t".encode() + text + b"\n")
    path = Path(outdir) / "data" / "records.tsv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(lines))


def cli(argv):
    args = [a for a in argv if not a.startswith("--")]
    outdir = args[0] if args else str(Path(__file__).parent)
    main(outdir)


if __name__ == "__main__":
    cli(sys.argv[1:])

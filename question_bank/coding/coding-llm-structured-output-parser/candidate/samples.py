"""Read data/outputs.txt: the model's raw responses, one block per `=== response NN ===`."""

import re
from pathlib import Path

HEADER = re.compile(r"^=== response (\d+) ===$", re.MULTILINE)


def load_outputs(path="data/outputs.txt"):
    """Return {response number: raw text} in file order."""
    text = Path(path).read_text(encoding="utf-8")
    parts = HEADER.split(text)
    return {int(number): body.strip("\n") for number, body in zip(parts[1::2], parts[2::2],
                                                                     strict=True)}

"""python generate.py OUTDIR [flags]: writes this problem's generated files into OUTDIR.

The generator itself ships in the candidate pack as `make_data.py` (fixed seed), so a candidate can
regenerate the files; this wrapper is what `interviewkit coding check` and the pack builder run."""
import importlib.util
import sys
from pathlib import Path

spec = importlib.util.spec_from_file_location("generator", Path(__file__).parent / "candidate" / "make_data.py")
generator = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generator)
generator.cli(sys.argv[1:])

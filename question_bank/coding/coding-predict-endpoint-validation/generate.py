"""python generate.py OUTDIR: writes churn_model.joblib into OUTDIR.

The builder itself ships in the candidate pack as `tests/make_model.py` (fixed seed), so a
candidate whose library versions cannot load the pickle can rebuild it; this wrapper is what
`interviewkit coding check` and the pack builder run. The artifact is generated, never
committed, so it always matches the installed scikit-learn.
"""
import importlib.util
import sys
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "make_model", Path(__file__).parent / "candidate" / "tests" / "make_model.py")
builder = importlib.util.module_from_spec(spec)
spec.loader.exec_module(builder)
builder.main(Path(sys.argv[1]))

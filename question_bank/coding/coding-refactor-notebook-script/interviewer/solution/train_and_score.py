"""Kept so the scheduled job's command line still works: the code lives in the churn package."""
from churn.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

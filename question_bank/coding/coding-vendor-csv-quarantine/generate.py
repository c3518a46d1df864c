"""Write data/vendor_2026-03-14.csv for coding-vendor-csv-quarantine.

Usage: python generate.py OUTDIR   (writes OUTDIR/data/vendor_2026-03-14.csv)

A 12,000-row sample of one day from the payments vendor, from a fixed seed (standard library
only). Planted mess, all counted so the answer key can state exact numbers:
  - EUR amounts use a decimal comma ("1.299,00"), USD amounts a decimal point ("1,299.00") and
    sometimes a dollar sign ("$12");
  - dates as "2026-03-14", "14.03.2026" or "03/14/2026";
  - 400 descriptions contain a quoted newline, and 150 blank lines are scattered in the file;
  - 300 rows have an unquoted comma in the description, so they have too many columns;
  - 12 rows have the amount "n/a" and 5 rows the date "2026-02-30" (not a date).
"""
import random
import sys
from pathlib import Path

SEED = 314
N = 12000
WORDS = ["coffee", "grocery", "fuel", "pharmacy", "books", "taxi", "hotel", "rail", "cinema",
         "bakery", "hardware", "garden", "pet supplies", "electronics", "restaurant"]


def amount_text(rng, value, currency):
    whole, cents = divmod(round(value * 100), 100)
    if currency == "EUR":
        grouped = f"{whole:,}".replace(",", ".")
        return f"{grouped},{cents:02d}"
    if rng.random() < 0.15 and cents == 0:
        return f"${whole}"
    return f"{whole:,}.{cents:02d}"


def quote(text):
    return '"' + text.replace('"', '""') + '"'


def main(outdir):
    rng = random.Random(SEED)
    lines = ["txn_id,date,amount,currency,description"]
    kinds = ["ok"] * N
    idx = rng.sample(range(N), 300 + 12 + 5 + 400)
    for i in idx[:300]:
        kinds[i] = "extra_columns"
    for i in idx[300:312]:
        kinds[i] = "bad_amount"
    for i in idx[312:317]:
        kinds[i] = "bad_date"
    for i in idx[317:]:
        kinds[i] = "newline"
    for i in range(N):
        currency = "EUR" if rng.random() < 0.55 else "USD"
        value = rng.lognormvariate(3.2, 1.3)
        if rng.random() < 0.08:
            value = rng.uniform(1000, 9000)
        if currency == "USD" and rng.random() < 0.1:
            value = float(rng.randint(1, 60))
        day = rng.choice([13, 14])
        fmt = rng.random()
        if fmt < 0.6:
            date = f"2026-03-{day:02d}"
        elif fmt < 0.85:
            date = f"{day:02d}.03.2026"
        else:
            date = f"03/{day:02d}/2026"
        amount = amount_text(rng, value, currency)
        desc = f"{rng.choice(WORDS)} store {rng.randint(1, 999)}"
        kind = kinds[i]
        if kind == "bad_amount":
            amount = "n/a"
        if kind == "bad_date":
            date = "2026-02-30"
        if kind == "newline":
            desc = f"{desc}\nref {rng.randint(10000, 99999)}"
        if kind == "extra_columns":
            desc = f"{desc}, {rng.choice(['Berlin', 'Austin', 'Lyon', 'Porto'])}"
            field = desc
        else:
            field = quote(desc) if ("\n" in desc or rng.random() < 0.3) else desc
        if "," in amount:
            amount = quote(amount)
        lines.append(f"T{700000 + i},{date},{amount},{currency},{field}")
    for _ in range(150):
        lines.insert(rng.randint(1, len(lines)), "")
    data = Path(outdir) / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "vendor_2026-03-14.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")

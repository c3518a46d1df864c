"""Regenerates candidate/data/tickets.jsonl (80 tickets, fixed seed). Not in the pack.
Every ticket lists the personal data it contains (`pii`) and strings that must survive (`keep`)."""
import json
import random
from pathlib import Path

rng = random.Random(80)


def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def card():
    body = rng.choice(["4", "51", "52", "37"]) + "".join(rng.choice("0123456789") for _ in range(13))
    number = body + luhn_digit(body)
    if number.startswith("37"):
        number = number[:15]
        number = number[:14] + luhn_digit(number[:14])
        return f"{number[:4]} {number[4:10]} {number[10:]}"
    return rng.choice([" ", "-", " "]).join(number[i:i + 4] for i in range(0, 16, 4))


def order_number():
    while True:
        body = "2026" + "".join(rng.choice("0123456789") for _ in range(12))
        if luhn_digit(body[:-1]) != body[-1]:
            return body


def phone():
    kind = rng.choice(["us", "us2", "uk", "uk2", "de", "de2", "fr", "fr2"])
    n = lambda k: "".join(rng.choice("0123456789") for _ in range(k))
    return {
        "us": f"({rng.randint(201, 989)}) 555-{n(4)}", "us2": f"+1 {rng.randint(201, 989)}-555-{n(4)}",
        "uk": f"+44 20 {n(4)} {n(4)}", "uk2": f"07{n(3)} {n(6)}",
        "de": f"+49 30 {n(8)}", "de2": f"0{rng.randint(30, 89)} {n(7)}",
        "fr": f"+33 1 {n(2)} {n(2)} {n(2)} {n(2)}", "fr2": f"06 {n(2)} {n(2)} {n(2)} {n(2)}",
    }[kind]


def national_id():
    if rng.random() < 0.5:
        return f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
    letters = "ABCEGHJKLMNPRSTWXYZ"
    return f"{rng.choice(letters)}{rng.choice(letters)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.choice('ABCD')}"


def email():
    first = rng.choice(["anna", "j.smith", "mario_rossi", "lee", "kofi.mensah", "priya"])
    return f"{first}{rng.randint(1, 99)}@{rng.choice(['example.com', 'mail.example.org', 'corp.example.net'])}"


TEMPLATES = [
    ("I was charged twice for order {order}. My card is {card}, please refund. Call me on {phone}.",
     ["card", "phone"], ["order"]),
    ("Please update my email to {email}. The old one stopped working on {date}.", ["email"], ["date"]),
    ("Hi, my SSN or NI number is {nid}, the tax form needs it. Reach me at {email} or {phone}.",
     ["nid", "email", "phone"], []),
    ("Order {order} arrived broken. Total was {amount}. You can text {phone}.", ["phone"], ["order", "amount"]),
    ("Card {card} was declined although I have funds. Order {order}, {date}.", ["card"], ["order", "date"]),
    ("Two numbers for you: home {phone} and office {phone2}. Best time is 14:30.", ["phone", "phone2"], ["14:30"]),
    ("Thanks for the quick help with order {order}! No further action needed.", [], ["order"]),
    ("I paid {amount} with {card} and {card2}; only one should have been charged.", ["card", "card2"], ["amount"]),
]
GERMAN = ("Guten Tag, meine Bestellung {order} ist nicht angekommen. Bitte rufen Sie mich unter {phone} an "
          "oder schreiben Sie an {email}. Die Karte {card} wurde am {date} belastet.",
          ["phone", "email", "card"], ["order", "date"])

tickets = []
for i in range(80):
    template, pii_keys, keep_keys = GERMAN if i == 37 else TEMPLATES[i % len(TEMPLATES)]
    values = {"card": card(), "card2": card(), "phone": phone(), "phone2": phone(), "email": email(),
              "nid": national_id(), "order": order_number(),
              "date": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
              "amount": rng.choice([f"€{rng.randint(10, 999)},{rng.randint(10, 99)}", f"${rng.randint(10, 999)}.{rng.randint(10, 99)}"])}
    if i == 37:
        values["phone"] = f"+49 30 {rng.randint(10000000, 99999999)}"
    kinds = {"card": "CARD", "card2": "CARD", "phone": "PHONE", "phone2": "PHONE", "email": "EMAIL", "nid": "NATIONAL_ID"}
    tickets.append({
        "ticket_id": f"T{1000 + i}", "lang": "de" if i == 37 else "en",
        "text": template.format(**values),
        "pii": [{"type": kinds[k], "value": values[k]} for k in pii_keys],
        "keep": [values.get(k, k) for k in keep_keys],
    })
out = Path(__file__).parent.parent / "candidate/data/tickets.jsonl"
out.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tickets))

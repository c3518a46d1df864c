"""Regenerates the 200 labelled tickets and the recorded LLM answers (fixed seed). Not in the pack."""
import hashlib
import json
import random
from pathlib import Path

rng = random.Random(9)
T = {
    "billing": ["I was charged twice this month for my subscription", "Why is my invoice higher than last month?",
                "Please change my payment card for the monthly plan", "The bill shows a fee I do not understand"],
    "refunds": ["I want my money back for order {o}", "Please refund the charge for the cancelled order {o}",
                "Still waiting for the refund you promised for {o}", "Can I get a refund? The order {o} was wrong"],
    "account_access": ["I cannot log in, the password reset email never arrives", "My account is locked after too many attempts",
                       "The two-factor code is not accepted", "Login keeps saying my password is wrong"],
    "shipping": ["Where is my package? Order {o} has not arrived", "Tracking for {o} has not moved for a week",
                 "The delivery went to my old address", "My parcel is late, it was due Monday"],
    "returns": ["How do I return the shoes from order {o}? They are too small", "I need a return label for {o}",
                "Can I exchange the jacket for a bigger size?", "I sent the item back, did you receive my return?"],
    "product_defect": ["The blender arrived broken and I want a refund", "The kettle stopped working after two days",
                       "Parts are missing from the desk I ordered", "The charger gets very hot, is it safe?"],
    "technical_support": ["The app crashes when I open my orders", "The website shows an error at checkout",
                          "I cannot log in on the app, it just shows a blank page", "The page does not load on my phone"],
    "fraud_report": ["There is a charge I did not make on my card", "I got an email asking for my password, is it you?",
                     "Someone changed my account email, I did not do that", "My card was stolen and used on your site"],
    "general": ["What are your opening hours on Sunday?", "Do you sell gift cards?", "Just wanted to say thanks for the great service",
                "Is the blue backpack waterproof?"],
}
NAMES = {q["id"]: q["name"] for q in json.loads((Path(__file__).parent.parent / "candidate/data/queues.json").read_text())}
tickets = []
for i in range(200):
    label = list(T)[i % 9]
    text = rng.choice(T[label]).format(o=f"#{rng.randint(100000, 999999)}")
    text = rng.choice(["", "Hi, ", "Hello! ", "Urgent: "]) + text + rng.choice(["", ".", " Thanks.", " Please help!!"])
    tickets.append({"ticket_id": f"TK{i:04d}", "text": text, "queue": label})
tickets = [t for t in tickets]
rng.shuffle(tickets)
recorded = []
for t in tickets:
    r = rng.random()
    wrong = rng.random() < 0.09
    q = rng.choice([x for x in NAMES if x != t["queue"]]) if wrong else t["queue"]
    if r < 0.04:
        entry = {"error": "timeout"}
    elif r < 0.06:
        entry = {"error": "server_error"}
    elif r < 0.11:
        entry = {"response": "UNSURE"}
    elif r < 0.14:
        entry = {"response": rng.choice(["Sales", "Escalations", "Customer Success"])}
    elif r < 0.17:
        entry = {"response": f"This ticket should go to the {NAMES[q]} queue."}
    elif r < 0.30:
        entry = {"response": NAMES[q]}
    elif r < 0.36:
        entry = {"response": rng.choice([q.upper(), q + ".", f" {q}\n", f"'{q}'"])}
    else:
        entry = {"response": q}
    recorded.append({"text_sha256": hashlib.sha256(t["text"].encode()).hexdigest(), **entry})
out = Path(__file__).parent.parent / "candidate/data"
(out / "labelled_tickets.jsonl").write_text("".join(json.dumps(t) + "\n" for t in tickets))
(out / "llm_recorded.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recorded))

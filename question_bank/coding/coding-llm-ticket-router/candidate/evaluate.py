"""Accuracy of the router on the labelled tickets.  python evaluate.py"""
import json

from fake_llm import FakeLLM
from router import route


def load_tickets(path="data/labelled_tickets.jsonl"):
    with open(path) as f:
        return [json.loads(line) for line in f]


def evaluate(tickets, client):
    sample = tickets[:20]  # quick look
    correct = sum(route(t["text"], client)["queue"] == t["queue"] for t in sample)
    return {"overall": correct / len(sample)}


if __name__ == "__main__":
    print(evaluate(load_tickets(), FakeLLM()))

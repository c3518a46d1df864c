"""How well does the judge agree with the human labels?  python agreement.py"""
import json

from groundedness import judge_claims
from judge import FakeJudge


def percent_agreement(a, b):
    return sum(x == y for x, y in zip(a, b)) / len(a)


def main():
    answers = {}
    with open("data/logged_answers.jsonl") as f:
        for line in f:
            a = json.loads(line)
            answers[a["answer_id"]] = a
    judge = FakeJudge()
    judged, human = [], []
    with open("data/human_labels.jsonl") as f:
        for line in f:
            item = json.loads(line)
            sentences = [s["sentence"] for s in item["sentences"]]
            judged += judge_claims(sentences, answers[item["answer_id"]]["passages"], judge)
            human += [s["human_a"] for s in item["sentences"]]
    print(f"judge vs human: {percent_agreement(judged, human):.1%} agreement")


if __name__ == "__main__":
    main()

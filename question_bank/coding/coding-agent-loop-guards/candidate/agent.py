"""The account-questions agent loop."""
import json

from tools import REGISTRY

SYSTEM = ("You answer questions about customer accounts. Use the tools. "
          "Never refund more than 100 EUR.")


def run_agent(question, model, registry=REGISTRY):
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}]
    while True:
        action = model.next_action(messages)
        if "final" in action:
            return {"status": "answered", "text": action["final"]}
        tool = registry[action["tool"]]
        try:
            result = tool(**action["arguments"])
        except Exception:
            continue
        messages.append({"role": "tool", "name": action["tool"], "content": json.dumps(result)})

"""A scripted stand-in for the LLM: returns the actions you give it, in order.

An action is {"tool": name, "arguments": {...}} or {"final": "text for the user"}.
Every call costs `cost_per_call` (EUR). `seen` records the messages the model received on each
call, so tests can check what the loop told it.
"""


class ScriptedModel:
    def __init__(self, actions, cost_per_call=0.01, repeat_last=False):
        self.actions = list(actions)
        self.cost_per_call = cost_per_call
        self.repeat_last = repeat_last
        self.calls = 0
        self.seen = []

    def next_action(self, messages):
        self.calls += 1
        self.seen.append([dict(m) for m in messages])
        if not self.actions:
            raise RuntimeError("script exhausted")
        if self.repeat_last and len(self.actions) == 1:
            return dict(self.actions[0])
        return dict(self.actions.pop(0))

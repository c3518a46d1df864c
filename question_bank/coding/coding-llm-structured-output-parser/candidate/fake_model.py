"""The model call you are given, as a test double: it answers from a script, records prompts."""


class FakeModel:
    def __init__(self, answers):
        self.answers = list(answers)
        self.prompts = []

    def __call__(self, prompt):
        self.prompts.append(prompt)
        if not self.answers:
            raise AssertionError("the model was called more often than the test expected")
        return self.answers.pop(0)

"""Hidden tests for coding-prompt-regression-suite."""
import json
import re
from pathlib import Path

import pytest

import email_prompt
from email_prompt import check_output, render_prompt
from tokenizer import count_tokens

DATA = Path(__file__).resolve().parent.parent / "data"
CASES = {c["id"]: c for c in (json.loads(x) for x in (DATA / "logged_cases.jsonl").read_text().splitlines())}
CANNED = json.loads((DATA / "canned_replies.json").read_text())
TEMPLATE_VARS = re.compile(r"\{(agent_name|company|customer_name|tone|thread)\}")


def case(cid="case-01"):
    return CASES[cid]


@pytest.mark.parametrize("name", ["agent_name", "company", "customer_name", "tone"])
def test_a_missing_variable_fails_loudly(name):
    c = case()
    variables = {k: v for k, v in c["variables"].items() if k != name}
    with pytest.raises((KeyError, ValueError)):
        render_prompt(variables, c["thread"])


def test_an_empty_variable_fails_loudly():
    c = case()
    with pytest.raises((KeyError, ValueError)):
        render_prompt({**c["variables"], "customer_name": "  "}, c["thread"])


@pytest.mark.parametrize("cid", sorted(CASES))
def test_every_logged_case_renders_completely_within_budget(cid):
    c = case(cid)
    prompt = render_prompt(c["variables"], c["thread"])
    assert not TEMPLATE_VARS.search(prompt)
    assert c["variables"]["customer_name"] in prompt
    assert count_tokens(prompt) <= 6000
    assert c["thread"][-1]["body"].strip() in prompt


def test_long_thread_drops_the_oldest_messages_first():
    c = case("case-17")
    prompt = render_prompt(c["variables"], c["thread"])
    kept = [m for m in c["thread"] if m["sent_at"] in prompt]
    assert c["thread"][-1] in kept
    assert c["thread"][0] not in kept
    # what is kept is the newest run of messages, with no holes
    assert kept == c["thread"][len(c["thread"]) - len(kept):]


def test_truncation_at_a_small_budget_keeps_the_newest_message_whole():
    c = case("case-02")
    full = render_prompt(c["variables"], c["thread"])
    budget = count_tokens(full) - 5
    prompt = render_prompt(c["variables"], c["thread"], max_tokens=budget)
    assert count_tokens(prompt) <= budget
    assert c["thread"][-1]["body"].strip() in prompt
    assert c["thread"][0]["sent_at"] not in prompt


def test_a_newest_message_that_cannot_fit_is_an_error_not_a_cut():
    c = case()
    thread = c["thread"] + [{"from": c["variables"]["customer_name"], "sent_at": "2026-05-01T00:00:00Z",
                             "body": "please read this " * 3000}]
    with pytest.raises(ValueError):
        render_prompt(c["variables"], thread)


@pytest.mark.parametrize("cid", sorted(CASES))
def test_output_checks_flag_exactly_the_bad_canned_replies(cid):
    problems = check_output(CANNED[cid], case(cid))
    if cid in {"case-07", "case-13", "case-19", "case-22"}:
        assert problems, f"{cid} should be flagged"
    else:
        assert not problems, f"{cid} is fine (maybe reworded) but was flagged: {problems}"


def test_output_checks_catch_an_unrendered_variable_and_survive_rewording():
    c = case("case-05")
    good = CANNED["case-05"]
    assert not check_output(good, c)
    assert check_output(good.replace(good.split(",")[0], "Hi {customer_name}"), c)
    first = c["variables"]["customer_name"].split()[0]
    facts = " and ".join(c["required_facts"])
    reworded = f"Hello {first},\nQuick update: {facts}. Reply any time.\n{c['variables']['agent_name']}"
    assert not check_output(reworded, c)

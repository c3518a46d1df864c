"""The password policy refuses short, common, breached and email-based passwords."""

from __future__ import annotations

import pytest

from interviewkit.domain.passwords import common_passwords, password_problem


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "password12", "password123", "qwertyuiop",
                                      "1234567890", "iloveyou!!", "Password2024!",
                                      "abababababab"])
def test_common_and_trivial_passwords_are_refused(password):
    assert password_problem(password, "someone@example.org") is not None


@pytest.mark.parametrize("password", ["ada.lovelace@example.org", "ADA.LOVELACE99x",
                                      "xx-ada.lovelace-xx"])
def test_the_users_own_email_is_refused(password):
    problem = password_problem(password, "Ada.Lovelace@example.org")
    assert problem is not None and "email" in problem


def test_a_long_unusual_password_is_accepted():
    assert password_problem("copper kettle orbit 42", "ada@example.org") is None


def test_too_short_says_how_long():
    assert password_problem("Zq9!x", None) == "Use at least 10 characters."


def test_the_list_ships_with_the_package_and_is_large():
    words = common_passwords()
    assert len(words) > 15000 and "password" in words

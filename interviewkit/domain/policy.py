"""Who may do what: every role and ownership rule of the app, in one place.

Pure: the functions read `role`, `id`, `owner_id`, `published_at` and panels from whatever
objects they are given. Views check them before any work (web/access.py turns a refusal into a
404), services check them again, and templates ask the same functions (a Jinja global), so a
button is shown exactly when its route would allow it.

Admins run the system (users, the question bank, rubrics); they are not part of hiring
decisions, so they read no scorecard anywhere: not on the debrief, not through the print view,
the packet PDF or the batch PDF.
"""

from __future__ import annotations

from typing import Any

# Who may be put on a panel and score a round (a hiring manager can interview too).
INTERVIEWING = ("interviewer", "hiring_manager")
# Who may open the loops list and a loop's plan page.
LOOP_VIEWERS = ("hiring_manager", "recruiter", "admin")
# Who may read debriefs (hiring managers only their own loops').
DEBRIEF_READERS = ("hiring_manager", "recruiter")
# Who may print packets: exactly the debrief readers.
PACKET_PRINTERS = DEBRIEF_READERS
# Who may print many loops' packets at once.
BATCH_PRINTERS = ("recruiter",)
# Who may print a round's kit (interviewers only for rounds they sit on).
KIT_PRINTERS = ("interviewer", "hiring_manager", "recruiter")


def _owns(user: Any, loop: Any) -> bool:
    return user.role == "hiring_manager" and loop.owner_id == user.id


def _sits_on(user: Any, loop_round: Any) -> bool:
    return any(person.id == user.id for person in loop_round.interviewers)


def can_view_loop(user: Any, loop: Any) -> bool:
    """Return whether the user may open a loop's plan page."""
    if user.role == "hiring_manager":
        return loop.owner_id == user.id
    return user.role in LOOP_VIEWERS


def can_edit_loop(user: Any, loop: Any) -> bool:
    """Return whether the user may change a loop's plan, panels and times: its manager."""
    return _owns(user, loop)


def can_read_debrief(user: Any, loop: Any) -> bool:
    """Return whether the user may read a loop's debrief: its manager or a recruiter."""
    return user.role == "recruiter" or _owns(user, loop)


def can_decide(user: Any, loop: Any) -> bool:
    """Return whether the user records the loop's hiring decision: its manager."""
    return _owns(user, loop)


def can_print_packet(user: Any, loop: Any) -> bool:
    """Return whether the user may print a loop's packet or print view (the debrief's readers)."""
    return can_read_debrief(user, loop)


def can_print_batch(user: Any) -> bool:
    """Return whether the user may print many loops' packets at once."""
    return user.role in BATCH_PRINTERS


def can_score(user: Any, loop_round: Any) -> bool:
    """Return whether the user may open the kit and scorecard of a round."""
    return (user.role in INTERVIEWING and loop_round.loop.published_at is not None
            and _sits_on(user, loop_round))


def can_print_kit(user: Any, loop_round: Any) -> bool:
    """Return whether the user may print a round's kit: its panel, the manager, recruiters."""
    loop = loop_round.loop
    if user.role == "recruiter" or _owns(user, loop):
        return True
    return user.role in KIT_PRINTERS and loop.published_at is not None and _sits_on(
        user, loop_round)


def sees_all_submitted(user: Any, loop: Any) -> bool:
    """Return whether the user reads every submitted scorecard of a loop regardless of their own."""
    return can_read_debrief(user, loop)

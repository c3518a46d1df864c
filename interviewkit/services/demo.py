"""Demo accounts and sample loops for a newcomer's first look. Never run by `init`."""

from __future__ import annotations

from .users import create_user, find_by_email

DEMO_PASSWORD = "interviewkit-demo"
DEMO_USERS = (
    ("admin@example.com", "Ada Admin", "admin"),
    ("manager@example.com", "Morgan Manager", "hiring_manager"),
    ("interviewer@example.com", "Ines Interviewer", "interviewer"),
    ("interviewer2@example.com", "Ravi Reviewer", "interviewer"),
    ("recruiter@example.com", "Rosa Recruiter", "recruiter"),
)


def seed_demo() -> bool:
    """Create whatever demo accounts are missing; return whether any were created."""
    created = False
    for email, name, role in DEMO_USERS:
        if find_by_email(email) is None:
            create_user(email, name, role, DEMO_PASSWORD)
            created = True
    return created

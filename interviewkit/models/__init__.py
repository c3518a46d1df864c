"""SQLAlchemy models, one module per aggregate; imported here so Alembic sees them all."""

from .audit import AuditEntry
from .clock import utcnow
from .loop import Loop, LoopQuestion, LoopRound, loop_round_interviewers
from .question import BankQuestion, RubricDocument
from .scorecard import IdempotencyKey, Scorecard
from .user import LoginAttempt, User

__all__ = ["AuditEntry", "BankQuestion", "IdempotencyKey", "LoginAttempt", "Loop",
           "LoopQuestion", "LoopRound", "RubricDocument", "Scorecard", "User",
           "loop_round_interviewers", "utcnow"]

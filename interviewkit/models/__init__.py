"""SQLAlchemy models, one module per aggregate; imported here so Alembic sees them all."""

from .audit import AuditEntry
from .clock import utcnow
from .insights import (
    CalibrationMonth,
    QuestionUseSummary,
    RoundSummary,
    ScorecardSummary,
    SeatMonth,
    SeatSummary,
)
from .loop import Loop, LoopQuestion, LoopRound, loop_round_interviewers
from .outbox import CalendarEvent, OutboxMessage
from .question import BankQuestion, QuestionVersion, RubricDocument, RubricVersion
from .scorecard import IdempotencyKey, Scorecard
from .token import ApiToken
from .user import LoginAttempt, PasswordReset, User, UserSession
from .webhook import WebhookAttempt, WebhookDelivery, WebhookSubscription

__all__ = ["ApiToken", "AuditEntry", "BankQuestion", "CalendarEvent", "CalibrationMonth",
           "IdempotencyKey", "LoginAttempt", "Loop", "LoopQuestion", "LoopRound", "OutboxMessage",
           "PasswordReset", "QuestionUseSummary", "QuestionVersion", "RoundSummary",
           "RubricDocument", "RubricVersion", "Scorecard", "ScorecardSummary", "SeatMonth",
           "SeatSummary", "User", "UserSession", "WebhookAttempt", "WebhookDelivery",
           "WebhookSubscription", "loop_round_interviewers", "utcnow"]

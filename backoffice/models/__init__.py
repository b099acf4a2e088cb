from backoffice.models.case import (
    Case,
    CaseAttachment,
    CaseEvent,
    FollowUpAttempt,
    StaffAppeal,
)
from backoffice.models.configuration import (
    AuthorityLimit,
    CalendarOverride,
    CalendarYear,
    CannedReply,
    Category,
    NotificationRecipient,
    ReferringBody,
    SlaRule,
)
from backoffice.models.organisation import StaffMember, Unit
from backoffice.models.outbox import Notification
from backoffice.models.sweep import SweepMark
from backoffice.models.worker import WorkerHeartbeat

__all__ = [
    "AuthorityLimit",
    "CalendarOverride",
    "CalendarYear",
    "CannedReply",
    "Case",
    "CaseAttachment",
    "CaseEvent",
    "Category",
    "FollowUpAttempt",
    "Notification",
    "NotificationRecipient",
    "ReferringBody",
    "SlaRule",
    "StaffAppeal",
    "StaffMember",
    "SweepMark",
    "Unit",
    "WorkerHeartbeat",
]

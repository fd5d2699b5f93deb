"""The vocabulary of Lotse: one module per area, all imported here so metadata is complete."""

from . import hooks  # noqa: F401  (registers the flush hooks)
from .admin import AuditEntry, CalendarToken, LoginFailure, User
from .consents import Consent, ConsentMethod, ConsentPurpose
from .courses import Course, CourseModule, Training, TrainingModule, TrainingParticipation
from .duplicates import DismissedPair
from .imports import ImportChange, ImportMapping, ImportRun
from .lifecycle import ClearanceArea, ExitReason, StatusChange
from .mailing import SavedSelection
from .networks import (
    FollowUpTask,
    MeetingParticipant,
    Network,
    NetworkDelegate,
    NetworkMeeting,
)
from .organisations import Organisation
from .outbox import MailStatus, OutgoingMail
from .people import Contact, ContactRole
from .reference import Language, Municipality, Tag
from .reminders import ReminderSent
from .retention import ArchiveAnswer, ArchiveOffer
from .settings import OfficeSettings
from .structures import EducationStage, FieldOfAction, Offer, TargetGroup
from .volunteering import (
    Assignment,
    AssignmentLog,
    Newcomer,
    Volunteer,
    VolunteerArea,
    VolunteerLanguage,
)

__all__ = [
    "ArchiveAnswer",
    "ArchiveOffer",
    "Assignment",
    "AssignmentLog",
    "AuditEntry",
    "CalendarToken",
    "ClearanceArea",
    "LoginFailure",
    "MailStatus",
    "Contact",
    "ContactRole",
    "Consent",
    "ConsentMethod",
    "ConsentPurpose",
    "DismissedPair",
    "EducationStage",
    "ExitReason",
    "FieldOfAction",
    "Course",
    "CourseModule",
    "FollowUpTask",
    "ImportChange",
    "ImportMapping",
    "ImportRun",
    "Language",
    "MeetingParticipant",
    "Municipality",
    "Network",
    "NetworkDelegate",
    "NetworkMeeting",
    "Newcomer",
    "Offer",
    "OfficeSettings",
    "ReminderSent",
    "Organisation",
    "OutgoingMail",
    "SavedSelection",
    "StatusChange",
    "Tag",
    "TargetGroup",
    "Training",
    "TrainingModule",
    "TrainingParticipation",
    "User",
    "Volunteer",
    "VolunteerArea",
    "VolunteerLanguage",
]

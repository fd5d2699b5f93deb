"""The vocabulary of Lotse: one module per area, all imported here so metadata is complete."""

from . import hooks  # noqa: F401  (registers the flush hooks)
from .admin import AuditEntry, CalendarToken, User
from .courses import Course, CourseModule, Training, TrainingModule, TrainingParticipation
from .mailing import SavedSelection
from .networks import FollowUpTask, MeetingParticipant, Network, NetworkMeeting
from .organisations import Organisation
from .people import Contact, ContactRole
from .reference import Language, Municipality, Tag
from .structures import Offer
from .volunteering import (
    Assignment,
    AssignmentLog,
    Newcomer,
    Volunteer,
    VolunteerArea,
    VolunteerLanguage,
)

__all__ = [
    "Assignment",
    "AssignmentLog",
    "AuditEntry",
    "CalendarToken",
    "Contact",
    "ContactRole",
    "Course",
    "CourseModule",
    "FollowUpTask",
    "Language",
    "MeetingParticipant",
    "Municipality",
    "Network",
    "NetworkMeeting",
    "Newcomer",
    "Offer",
    "Organisation",
    "SavedSelection",
    "Tag",
    "Training",
    "TrainingModule",
    "TrainingParticipation",
    "User",
    "Volunteer",
    "VolunteerArea",
    "VolunteerLanguage",
]

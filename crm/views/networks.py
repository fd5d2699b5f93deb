"""Screens of network work: networks, meetings with participants and tasks, the task list."""

from flask_admin.model.form import InlineFormAdmin
from flask_babel import lazy_gettext as _l

from ..models import FollowUpTask, MeetingParticipant, Network, NetworkMeeting
from ..networking import task_open
from .base import LotseModelView, lookup
from .filters import attention_filter


class NetworkView(LotseModelView):
    column_list = ("name", "topic", "coordinator", "meets")
    column_default_sort = ("name", False)
    search_hint = _l("Name, Thema")
    form_columns = ("name", "topic", "coordinator", "meets", "members")
    form_ajax_refs = {"coordinator": lookup("last_name", "first_name"), "members": lookup("name")}


class ParticipantInline(InlineFormAdmin):
    form_columns = ("id", "contact", "organisation", "attendance")
    form_ajax_refs = {"contact": lookup("last_name", "first_name"), "organisation": lookup("name")}


class TaskInline(InlineFormAdmin):
    form_columns = ("id", "description", "owner", "due_on", "done_on")
    form_ajax_refs = {"owner": lookup("last_name", "first_name")}


class MeetingView(LotseModelView):
    column_list = ("starts_at", "title", "network", "location")
    column_default_sort = ("starts_at", True)
    column_filters = (
        attention_filter(NetworkMeeting.starts_at),
        "network",
        "starts_at",
    )
    search_hint = _l("Titel, Ort, Tagesordnung, Protokoll")
    form_columns = (
        "network",
        "title",
        "starts_at",
        "ends_at",
        "location",
        "agenda",
        "participants",
        "minutes",
        "decisions",
        "tasks",
    )
    form_ajax_refs = {"network": lookup("name")}
    inline_models = (ParticipantInline(MeetingParticipant), TaskInline(FollowUpTask))


class TaskView(LotseModelView):
    column_list = ("description", "owner", "meeting", "due_on", "done_on")
    column_default_sort = ("due_on", False)
    column_filters = (
        attention_filter(FollowUpTask.done_on, offen=(_l("offen"), lambda today: task_open())),
        "due_on",
        "done_on",
    )
    search_hint = _l("Beschreibung")
    form_columns = ("description", "owner", "meeting", "due_on", "done_on")
    form_ajax_refs = {"owner": lookup("last_name", "first_name"), "meeting": lookup("title")}


def register(admin, category):
    admin.add_view(
        NetworkView(Network, name=_l("Netzwerke"), category=category, endpoint="network")
    )
    admin.add_view(
        MeetingView(
            NetworkMeeting, name=_l("Netzwerktreffen"), category=category, endpoint="meeting"
        )
    )
    admin.add_view(TaskView(FollowUpTask, name=_l("Aufgaben"), category=category, endpoint="task"))

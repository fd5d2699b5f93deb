"""Screens of network work: networks, meetings with participants and tasks, the task list; a
meeting's page shows who took part for which organisation and the tasks that came of it."""

from flask import render_template, request
from flask_admin import expose
from flask_admin.model.form import InlineFormAdmin
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, joinedload

from ..calendars import meeting_entry
from ..extensions import db
from ..formatted_text import render_markdown
from ..inputs import as_id
from ..models import Contact, FollowUpTask, MeetingParticipant, Network, NetworkMeeting
from ..models.networks import network_members
from ..networking import task_open
from ..protocol import load_protocol
from ..protocol_pdf import protocol_pdf
from .base import SYSTEM_COLUMNS, LotseModelView, lookup
from .exporting import pdf_download
from .filters import attention_filter
from .related import BelongsTo, Column, RelatedList, filtered
from .subscriptions import download


def represented_by(contact_id):
    """Networks a person coordinates, or took part in the meetings of for an organisation."""
    attended = (
        select(NetworkMeeting.network_id)
        .join(MeetingParticipant)
        .where(
            MeetingParticipant.contact_id == contact_id,
            MeetingParticipant.organisation_id.is_not(None),
        )
    )
    return or_(Network.coordinator_id == contact_id, Network.id.in_(attended))


def networks_of(organisation_id):
    return select(network_members.c.network_id).where(
        network_members.c.organisation_id == organisation_id
    )


def attended_by(contact_id):
    return select(MeetingParticipant.meeting_id).where(MeetingParticipant.contact_id == contact_id)


class NetworkView(LotseModelView):
    column_list = ("name", "topic", "coordinator", "meets")
    column_default_sort = ("name", False)
    search_hint = _l("Name, Thema")
    form_columns = ("name", "topic", "coordinator", "meets", "members")
    form_ajax_refs = {"coordinator": lookup("last_name", "first_name"), "members": lookup("name")}
    column_filters = (
        BelongsTo(Network.id, _l("Mitglied"), lambda org: Network.id.in_(networks_of(org))),
        BelongsTo(Network.id, _l("Person"), represented_by),
    )
    details_related = (
        RelatedList(
            _l("Treffen"),
            lambda network: (
                select(NetworkMeeting)
                .where(NetworkMeeting.network_id == network.id)
                .order_by(NetworkMeeting.starts_at.desc(), NetworkMeeting.id.desc())
            ),
            (Column("title"), Column("starts_at"), Column("location")),
            full_list=filtered("meeting", netzwerk_ist=lambda network: network.id),
        ),
    )


class ParticipantInline(InlineFormAdmin):
    form_columns = ("id", "contact", "organisation", "attendance")
    form_ajax_refs = {"contact": lookup("last_name", "first_name"), "organisation": lookup("name")}


class TaskInline(InlineFormAdmin):
    form_columns = ("id", "description", "owner", "due_on", "done_on")
    form_ajax_refs = {"owner": lookup("last_name", "first_name")}


def formatted(view, context, model, name):
    return render_markdown(getattr(model, name))


class MeetingView(LotseModelView):
    column_list = ("starts_at", "title", "network", "location")
    column_default_sort = ("starts_at", True)
    column_filters = (
        attention_filter(NetworkMeeting.starts_at),
        "network",
        "starts_at",
        BelongsTo(
            NetworkMeeting.id,
            _l("Teilnehmende"),
            lambda contact: NetworkMeeting.id.in_(attended_by(contact)),
        ),
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
    column_details_exclude_list = (*SYSTEM_COLUMNS, "participants", "tasks")
    column_formatters_detail = dict.fromkeys(("agenda", "minutes", "decisions"), formatted)
    details_template = "admin/meeting/details.html"
    details_downloads = ((_l("Kalendereintrag (.ics)"), ".ics"),)
    details_related = (
        RelatedList(
            _l("Teilnehmende"),
            lambda meeting: (
                select(MeetingParticipant)
                .join(MeetingParticipant.contact)
                .options(contains_eager(MeetingParticipant.contact))
                .where(MeetingParticipant.meeting_id == meeting.id)
                .order_by(*Contact.name_order(), MeetingParticipant.id)
            ),
            (
                Column("contact", _l("Name")),
                Column("organisation", _l("Für")),
                Column("attendance"),
            ),
            full_list=filtered("contact", treffen_nr=lambda meeting: meeting.id),
        ),
        RelatedList(
            _l("Aufgaben"),
            lambda meeting: (
                select(FollowUpTask)
                .options(joinedload(FollowUpTask.owner))
                .where(FollowUpTask.meeting_id == meeting.id)
                .order_by(FollowUpTask.due_on.desc().nulls_last(), FollowUpTask.id.desc())
            ),
            (Column("description"), Column("owner"), Column("due_on"), Column("done_on")),
            full_list=filtered("task", treffen_nr=lambda meeting: meeting.id),
        ),
    )

    @expose("/protocol/<int:id>/")
    def protocol(self, id):
        """The meeting's protocol to print, with the participants' e-mail addresses to copy."""
        found = load_protocol(db.session, id)
        if found is None:
            return _no_meeting()
        return self.render(
            "admin/meeting/protocol.html", protocol=found, render_markdown=render_markdown
        )

    @expose("/protocol/<int:id>/pdf")
    def protocol_pdf(self, id):
        found = load_protocol(db.session, id)
        if found is None:
            return _no_meeting()
        return pdf_download(protocol_pdf(found), found.file_name, "network_meetings", id)

    @expose("/ics/")
    def ics(self):
        """The meeting as a calendar entry: titles, place and network, no participants."""
        meeting_id = as_id(request.args.get("id"))
        entry = meeting_entry(db.session, meeting_id) if meeting_id else None
        return download(entry, f"treffen-{meeting_id}.ics")


def _no_meeting():
    text = _("Dieses Treffen gibt es nicht (mehr).")
    return render_template("error.html", title=_("Kein Treffen"), text=text), 404


class TaskView(LotseModelView):
    column_list = ("description", "owner", "meeting", "due_on", "done_on")
    column_default_sort = ("due_on", False)
    column_filters = (
        attention_filter(FollowUpTask.done_on, offen=(_l("offen"), lambda today: task_open())),
        "due_on",
        "done_on",
        BelongsTo(FollowUpTask.owner_id, _l("Zuständig")),
        BelongsTo(FollowUpTask.meeting_id, _l("Treffen")),
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

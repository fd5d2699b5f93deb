"""Screens of network work: networks with their members' delegates and attendance, meetings
with participants and tasks, the task list with "my tasks" and tasks closed with one click; a
meeting's page shows who took part for which organisation and the tasks that came of it."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_admin import BaseView, expose
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_admin.helpers import get_redirect_target
from flask_admin.model.form import InlineFormAdmin
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, joinedload

from .. import networking
from ..calendars import meeting_entry
from ..extensions import db
from ..formatted_text import render_markdown
from ..inputs import as_id
from ..models import (
    Contact,
    FollowUpTask,
    MeetingParticipant,
    Network,
    NetworkDelegate,
    NetworkMeeting,
    User,
)
from ..models.networks import network_members
from ..network_analysis import attendance_over_time, memberships
from ..networking import task_open
from ..protocol import load_protocol
from ..protocol_pdf import protocol_pdf
from .attendance import AttendanceScreen
from .base import SYSTEM_COLUMNS, LotseModelView, RoleAccess, lookup
from .exporting import pdf_download
from .filters import ReferenceFilter, attention_filter
from .formatters import row_button
from .meeting_mail import MAIL_LISTS, MeetingMail
from .network_overview import away_badge, last_attended, now, percent
from .network_overview import register as register_overview
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


def task_owner(result):
    """The contact or the user a task of a related list is with."""
    task = result[0]
    return task.owner_user.name if task.owner_user else (task.owner or "—")


class DelegateInline(InlineFormAdmin):
    form_columns = ("id", "organisation", "contact")
    form_ajax_refs = {"organisation": lookup("name"), "contact": lookup("last_name", "first_name")}


class NetworkView(LotseModelView):
    """A network: its page shows its members with their delegates and attendance, its open
    tasks, how many came to each meeting, and its meetings."""

    column_list = ("name", "topic", "coordinator", "meets")
    column_default_sort = ("name", False)
    search_hint = _l("Name, Thema")
    form_columns = (
        "name",
        "topic",
        "coordinator",
        "meets",
        "remind_partners",
        "members",
        "delegates",
    )
    form_ajax_refs = {"coordinator": lookup("last_name", "first_name"), "members": lookup("name")}
    inline_models = (DelegateInline(NetworkDelegate),)
    column_details_exclude_list = (*SYSTEM_COLUMNS, "members", "delegates")
    column_filters = (
        BelongsTo(Network.id, _l("Mitglied"), lambda org: Network.id.in_(networks_of(org))),
        BelongsTo(Network.id, _l("Person"), represented_by),
    )
    details_related = (
        RelatedList(
            _l("Mitglieder und Delegierte"),
            lambda network: memberships(now(), network.id),
            (
                Column(None, _l("Organisation")),
                Column(lambda row: row.delegates or "—", _l("Delegierte")),
                Column(percent, _l("Teilnahme")),
                Column(last_attended, _l("Zuletzt dabei")),
                Column(away_badge, ""),
            ),
            shown=100,
        ),
        RelatedList(
            _l("Offene Aufgaben"),
            lambda network: (
                select(FollowUpTask)
                .join(FollowUpTask.meeting)
                .options(joinedload(FollowUpTask.owner), joinedload(FollowUpTask.owner_user))
                .where(NetworkMeeting.network_id == network.id, task_open())
                .order_by(FollowUpTask.due_on.asc().nulls_last(), FollowUpTask.id)
            ),
            (
                Column("description"),
                Column(task_owner, _l("Zuständig")),
                Column(lambda result: due(None, None, result[0], "due_on"), _l("Fällig am")),
            ),
            full_list=filtered(
                "task", netzwerk_ist=lambda network: network.id, stand_ist=lambda n: "offen"
            ),
        ),
        RelatedList(
            _l("Teilnahme im Verlauf"),
            lambda network: attendance_over_time(network.id, now()),
            (
                Column("starts_at", _l("Treffen")),
                Column(lambda row: row.present, _l("anwesend")),
                Column(lambda row: row.excused, _l("entschuldigt")),
                Column(lambda row: row.absent, _l("abwesend")),
                Column(
                    lambda row: _("%(n)d von %(of)d", n=row.present_members, of=row.members),
                    _l("Mitglieder vertreten"),
                ),
            ),
        ),
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
    form_columns = ("id", "description", "owner", "owner_user", "due_on", "done_on")
    form_ajax_refs = {"owner": lookup("last_name", "first_name"), "owner_user": lookup("name")}


def formatted(view, context, model, name):
    return render_markdown(getattr(model, name))


class MeetingView(MeetingMail, AttendanceScreen, LotseModelView):
    """A meeting: created for a network, it starts with the network's delegates and opens on
    the attendance screen (crm.views.attendance); deleting it first shows what goes with it;
    invitations and the protocol go out by e-mail from its page (crm.views.meeting_mail)."""

    write_endpoints = MeetingMail.write_endpoints | AttendanceScreen.write_endpoints

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
                .options(joinedload(FollowUpTask.owner), joinedload(FollowUpTask.owner_user))
                .where(FollowUpTask.meeting_id == meeting.id)
                .order_by(FollowUpTask.due_on.desc().nulls_last(), FollowUpTask.id.desc())
            ),
            (
                Column("description"),
                Column(task_owner, _l("Zuständig")),
                Column("due_on"),
                Column("done_on"),
            ),
            full_list=filtered("task", treffen_nr=lambda meeting: meeting.id),
        ),
        *MAIL_LISTS,
    )

    delete_asks_first = True

    def refuse_bulk_delete(self, meeting):
        """A meeting with tasks goes from its own page, after the question what goes with it."""
        if not meeting.tasks:
            return None
        return _(
            "„%(meeting)s“ hat %(n)d Aufgaben und wird nur auf seiner Seite gelöscht, nach der "
            "Rückfrage, was mit ihm geht.",
            meeting=str(meeting),
            n=len(meeting.tasks),
        )

    def on_model_change(self, form, model, is_created):
        if is_created:
            networking.fill_participants(model)

    def get_save_return_url(self, model, is_created=False):
        if is_created:
            return url_for(".attendance", id=model.id)
        return super().get_save_return_url(model, is_created)

    @expose("/delete/", methods=("POST",))
    def delete_view(self):
        """Deletes a meeting once the user has seen its participants and tasks go with it."""
        meeting = db.session.get(NetworkMeeting, as_id(request.form.get("id")) or 0)
        if meeting is not None and request.form.get("confirmed") != "1":
            return self.render(
                "admin/meeting/delete.html",
                meeting=meeting,
                return_url=get_redirect_target() or url_for(".index_view"),
            )
        return super().delete_view()

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


class NetworkFilter(ReferenceFilter):
    """Tasks from the meetings of the network chosen."""

    def apply(self, query, value, alias=None):
        meetings = select(NetworkMeeting.id).where(NetworkMeeting.network_id == value)
        return query.filter(FollowUpTask.meeting_id.in_(meetings))


MINE = (("ja", _l("ja")),)


class MineFilter(BaseSQLAFilter):
    """The tasks of the user logged in („Meine Aufgaben“)."""

    def __init__(self):
        super().__init__(FollowUpTask.owner_user_id, _l("Meine Aufgaben"), options=MINE)

    def validate(self, value):
        return value == MINE[0][0]

    def apply(self, query, value, alias=None):
        return query.filter(FollowUpTask.owner_user_id == current_user.id)

    def operation(self):
        return _l("nur")


def due(view, context, task, name):
    """The due date, marked when the task is open and overdue."""
    if task.due_on is None:
        return ""
    shown = format_date(task.due_on, "medium")
    if task.done_on is None and task.due_on < date.today():
        return Markup('{} <span class="badge badge-danger">{}</span>').format(
            shown, _("überfällig")
        )
    return shown


def done_or_close(view, context, task, name):
    """The done date, or for those who may write the button that closes the task today."""
    if task.done_on is not None:
        return format_date(task.done_on, "medium")
    if not view.can_edit:
        return ""
    return row_button(url_for(".close"), task.id, _("Erledigt"), "fa-check", "btn-outline-success")


class TaskView(LotseModelView):
    """Tasks across all networks: open, overdue, by owner, by network, mine; closed with one
    click (the done date is today)."""

    column_list = ("description", "owner", "owner_user", "meeting", "due_on", "done_on")
    column_default_sort = ("due_on", False)
    column_formatters = {"due_on": due, "done_on": done_or_close}
    column_filters = (
        attention_filter(FollowUpTask.done_on, offen=(_l("offen"), lambda today: task_open())),
        "due_on",
        "done_on",
        MineFilter(),
        NetworkFilter(FollowUpTask.meeting_id, _l("Netzwerk"), Network),
        ReferenceFilter(FollowUpTask.owner_user_id, _l("Zuständig (Benutzer/in)"), User),
        BelongsTo(FollowUpTask.owner_id, _l("Zuständig")),
        BelongsTo(FollowUpTask.meeting_id, _l("Treffen")),
    )
    search_hint = _l("Beschreibung")
    form_columns = ("description", "owner", "owner_user", "meeting", "due_on", "done_on")
    form_ajax_refs = {
        "owner": lookup("last_name", "first_name"),
        "owner_user": lookup("name"),
        "meeting": lookup("title"),
    }
    write_endpoints = frozenset({"close"})

    @expose("/close/", methods=("POST",))
    def close(self):
        """Closes a task with one click, done today, and goes back where the click came from."""
        task = db.session.get(FollowUpTask, as_id(request.form.get("id")) or 0)
        if task is None:
            flash(_("Diese Aufgabe gibt es nicht (mehr)."), "error")
        else:
            closed = []
            if self._written(
                None, lambda: closed.append(networking.close_task(task, date.today()))
            ):
                message = (
                    _("Erledigt: „%(task)s“.", task=str(task))
                    if closed[0]
                    else _("War schon erledigt: „%(task)s“.", task=str(task))
                )
                flash(message, "success")
        return redirect(get_redirect_target() or url_for(".index_view"))


class MyTasksView(RoleAccess, BaseView):
    """„Meine Aufgaben“ in the menu: the open tasks of the user logged in."""

    @expose("/")
    def index(self):
        return redirect(
            url_for("task.index_view", flt0_meine_aufgaben_nur="ja", flt1_stand_ist="offen")
        )


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
    admin.add_view(
        MyTasksView(
            name=_l("Meine Aufgaben"),
            category=category,
            endpoint="my_tasks",
            url="/admin/meine-aufgaben",
        )
    )
    register_overview(admin, category)

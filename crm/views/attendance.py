"""Logging a meeting on one screen: every participant marked present, excused or absent with
one save, the network's delegates taken over, guests found by name through the search index
or created with their organisation. Mixed into the meeting screen; the rules and the writing
are crm.networking's and crm.operations'."""

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from sqlalchemy import select

from .. import networking, operations
from ..extensions import db
from ..inputs import as_id, clean_input
from ..models import Contact, NetworkMeeting, Organisation
from ..models.choices import Attendance
from ..search import search_condition
from ..sorting import sort_key
from .lookups import LABELS

FOUND = 10  # contacts or organisations offered for a name typed


def found(model, term: str) -> list:
    """Rows the search index finds for ``term``, those named by it first, with the labels
    of a look-up (crm.views.lookups)."""
    label = LABELS[model]
    rows = db.session.scalars(
        select(model)
        .options(*label.loads)
        .where(search_condition(model, term))
        .order_by(*model.name_order() if model is Contact else (model.sort_name,), model.id)
        .limit(FOUND)
    ).all()
    return [(row, label.text(row)) for row in rows]


def named(term: str) -> dict[str, str]:
    """First and last name from a name typed: the last word is the last name."""
    words = term.split()
    return {"first_name": " ".join(words[:-1]), "last_name": words[-1] if words else ""}


class AttendanceScreen:
    """The endpoints of the attendance screen, for MeetingView."""

    write_endpoints = frozenset({"attendance", "save_attendance", "take_delegates", "add_guest"})

    def _meeting(self) -> NetworkMeeting:
        meeting = db.session.get(NetworkMeeting, as_id(request.args.get("id")) or 0)
        if meeting is None:
            abort(404)
        return meeting

    def _back(self, meeting: NetworkMeeting, **args):
        return redirect(url_for(".attendance", id=meeting.id, **args))

    def _page(self, meeting: NetworkMeeting, term: str = "", new_guest=None, organisations=()):
        return self.render(
            "admin/meeting/attendance.html",
            meeting=meeting,
            participants=sorted(
                meeting.participants, key=lambda p: (p.contact.sort_last_name, p.contact.id)
            ),
            choices=list(Attendance),
            term=term,
            guests=found(Contact, term) if term else [],
            listed={p.contact_id for p in meeting.participants},
            new_guest=new_guest or named(term),
            organisations=organisations,
        )

    @expose("/attendance/")
    def attendance(self):
        term = clean_input(request.args.get("gast", "")).strip()[:200]
        return self._page(self._meeting(), term)

    @expose("/attendance/", methods=("POST",))
    def save_attendance(self):
        """Every participant's mark in one save; only those the user changed are written."""
        meeting = self._meeting()
        marks = {}
        for participant in meeting.participants:
            chosen = _attendance(request.form.get(f"p-{participant.id}"))
            if chosen is not None:
                marks[participant.id] = (
                    _attendance(request.form.get(f"was-{participant.id}")),
                    chosen,
                )
        if self._written(
            None, lambda: operations.update(meeting, lambda m: networking.mark_attendance(m, marks))
        ):
            flash(_("Anwesenheit gespeichert."), "success")
        return self._back(meeting)

    @expose("/attendance/delegates/", methods=("POST",))
    def take_delegates(self):
        meeting = self._meeting()
        added = []
        if self._written(
            None,
            lambda: operations.update(
                meeting, lambda m: added.append(networking.fill_participants(m))
            ),
        ):
            flash(_("%(n)d Delegierte übernommen.", n=added[0]), "success")
        return self._back(meeting)

    @expose("/attendance/guest/", methods=("POST",))
    def add_guest(self):
        """A guest found by name (``contact``), or a new contact with its organisation."""
        meeting = self._meeting()
        if "contact" not in request.form:
            return self._new_guest(meeting)
        guest = db.session.get(Contact, as_id(request.form["contact"]) or 0)
        if guest is None:
            flash(_("Diesen Kontakt gibt es nicht (mehr)."), "error")
        elif self._written(
            None, lambda: operations.update(meeting, lambda m: networking.add_guest(m, guest))
        ):
            flash(_("„%(name)s“ ist als Gast eingetragen.", name=guest.full_name), "success")
        return self._back(meeting)

    def _new_guest(self, meeting: NetworkMeeting):
        """A new contact as guest; the organisation typed is found through the search index,
        and chosen from a short list where several fit."""
        typed = {
            key: clean_input(request.form.get(key, "")).strip()[:100]
            for key in ("first_name", "last_name", "organisation")
        }
        organisation, choices = _organisation(
            typed["organisation"], request.form.get("organisation_id")
        )
        if not typed["last_name"]:
            flash(_("Bitte einen Nachnamen eingeben."), "error")
        elif choices:
            flash(_("Mehrere Organisationen passen; bitte eine wählen."), "error")
        elif typed["organisation"] and organisation is None:
            flash(
                _(
                    "Keine Organisation „%(name)s“ gefunden; bitte den Namen prüfen oder die "
                    "Organisation zuerst anlegen.",
                    name=typed["organisation"],
                ),
                "error",
            )
        else:
            guest = networking.new_contact(typed["first_name"], typed["last_name"], organisation)

            def write():
                operations.create(guest)
                operations.update(meeting, lambda m: networking.add_guest(m, guest, organisation))

            if self._written(None, write):
                flash(
                    _("„%(name)s“ ist angelegt und als Gast eingetragen.", name=guest.full_name),
                    "success",
                )
                return self._back(meeting)
        return self._page(meeting, new_guest=typed, organisations=choices), 400


def _organisation(typed: str, chosen: str | None):
    """The organisation chosen from the short list, or the one the name typed finds (the one
    so named, or the only one found); else None and the candidates where several fit."""
    if as_id(chosen) is not None:
        return db.session.get(Organisation, as_id(chosen)), []
    if not typed:
        return None, []
    candidates = found(Organisation, typed)
    exact = [o for o, _ in candidates if o.sort_name == sort_key(typed)]
    if len(exact) == 1 or len(candidates) == 1:
        return (exact or [candidates[0][0]])[0], []
    return None, candidates


def _attendance(code):
    try:
        return Attendance(code)
    except ValueError:
        return None

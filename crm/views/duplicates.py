"""„Mögliche Dubletten“: the likely pairs of contacts (crm.duplicates), each to be merged
(crm.merging) or marked „keine Dublette“; and the warning before a new contact is saved that
someone with the same e-mail, or name and organisation, is already there. Coordinators only."""

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from wtforms import BooleanField

from .. import duplicates, merging, operations
from ..extensions import db
from ..inputs import as_id
from ..labels import FIELD_LABELS
from ..models import Contact
from ..models.choices import Role
from .access import RoleAccess
from .details import YES_NO
from .writing import committed


def shown(contact: Contact, field: str) -> str:
    """A field's value as the office reads it."""
    value = getattr(contact, field)
    if field == "municipality_id":
        value = contact.municipality
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(YES_NO[value])
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def label(field: str) -> str:
    return str(FIELD_LABELS.get(field.removesuffix("_id"), field))


def contact_or_404(value) -> Contact:
    contact = db.session.get(Contact, as_id(value)) if as_id(value) else None
    if contact is None:
        abort(404)
    return contact


class DuplicatesView(RoleAccess, BaseView):
    read_role = Role.COORDINATOR

    @expose("/")
    def index(self):
        return self.render("admin/duplicates/index.html", pairs=duplicates.likely_pairs(db.session))

    @expose("/keine-dublette", methods=("POST",))
    def dismiss(self):
        first, second = contact_or_404(request.form.get("a")), contact_or_404(request.form.get("b"))
        if first.id == second.id:
            abort(404)
        if duplicates.is_dismissed(db.session, first.id, second.id) or committed(
            lambda: operations.create(duplicates.dismissed(first.id, second.id, current_user.id))
        ):
            flash(_("%(a)s und %(b)s gelten nicht als Dublette.", a=first, b=second), "success")
        return redirect(url_for(".index"))

    @expose("/zusammenfuehren", methods=("GET", "POST"))
    def merge(self):
        values = request.form if request.method == "POST" else request.args
        survivor, other = contact_or_404(values.get("bleibt")), contact_or_404(values.get("weg"))
        if survivor.id == other.id:
            abort(404)
        fields = merging.differing_fields(survivor, other)
        if request.method == "POST":

            def merge():
                # Both as the user saw them: a change made since is refused, not merged away.
                operations.check_version(survivor, request.form.get("version_bleibt", ""))
                operations.check_version(other, request.form.get("version_weg", ""))
                take = merging.taken_from_other(fields, request.form)
                merging.merge(db.session, survivor, other, take)

            if committed(merge):
                flash(_("Die Kontakte wurden zusammengeführt."), "success")
                return redirect(url_for("contact.details_view", id=survivor.id))
        return self.render(
            "admin/duplicates/merge.html",
            survivor=survivor,
            other=other,
            fields=[(f, label(f), shown(survivor, f), shown(other, f)) for f in fields],
        )


class WarnsOfDuplicates:
    """Mixed into the contact screen: a new contact matching an existing one is not saved at
    the first submit; a warning links the match, and ticking „Trotzdem speichern“ saves."""

    def get_create_form(self):
        class CreateForm(super().get_create_form()):
            save_anyway = BooleanField(_l("Trotz möglicher Dublette speichern"))

        return CreateForm

    def create_model(self, form):
        save_anyway = bool(form.save_anyway.data)
        del form.save_anyway
        if not save_anyway:
            matches = duplicates.existing_matches(
                db.session,
                form.email.data,
                form.first_name.data,
                form.last_name.data,
                [getattr(e.form.organisation.data, "id", None) for e in form.roles.entries],
            )
            if matches:
                flash(self._warning(matches), "warning")
                return False
        return super().create_model(form)

    @staticmethod
    def _warning(matches) -> Markup:
        links = Markup(", ").join(
            Markup('<a href="{}">{}</a>').format(
                url_for("contact.details_view", id=contact.id),
                f"{contact} ({organisation})" if organisation else str(contact),
            )
            for contact, organisation in matches
        )
        return Markup("{} {} {}").format(
            _("Dieser Kontakt ist möglicherweise schon erfasst:"),
            links,
            _(
                "– Nichts gespeichert. Ist es doch eine andere Person: „Trotz möglicher "
                "Dublette speichern“ ankreuzen und noch einmal speichern."
            ),
        )


def register(admin, category):
    admin.add_view(
        DuplicatesView(
            name=_l("Mögliche Dubletten"), category=category, endpoint="duplicates", url="dubletten"
        )
    )

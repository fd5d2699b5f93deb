"""„Mögliche Dubletten“: the likely pairs of contacts or organisations (crm.duplicates), one tab
per kind, each pair to be merged (crm.merging) or marked „keine Dublette“; and the warning
before a new contact or organisation is saved that it may be there already. Coordinators
only."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from wtforms import BooleanField

from .. import contact_duplicates, duplicates, merging, operations, organisation_duplicates
from ..duplicates import Kind
from ..extensions import db
from ..inputs import as_id
from ..labels import FIELD_LABELS
from ..models.base import Choice
from ..models.choices import Role
from .access import RoleAccess
from .details import YES_NO
from .writing import committed


@dataclass(frozen=True)
class Tab:
    """A kind of record on the screen: its tab, its record page and its words."""

    slug: str  # the ``art`` of the URLs
    kind: Kind
    title: Any
    endpoint: str
    intro: Any
    columns: tuple[Any, Any]
    merge_title: Any
    merge_intro: Any
    sides: tuple[Any, Any]
    merged: Any
    subline: Any  # record -> the small line under its name


TABS = {
    tab.slug: tab
    for tab in (
        Tab(
            "kontakte",
            contact_duplicates.CONTACTS,
            _l("Kontakte"),
            "contact.details_view",
            _l(
                "Kontakte mit derselben E-Mail-Adresse oder demselben Namen (Müller = Mueller) "
                "und derselben Organisation oder PLZ. Die Punkte zählen, was übereinstimmt."
            ),
            (_l("Kontakt"), _l("Möglicherweise dieselbe Person")),
            _l("Kontakte zusammenführen"),
            _l(
                "Funktionen, Schlagworte, Ehrenamtsprofil, Einsätze, Treffen, Aufgaben und "
                "alles andere gehen auf den bleibenden Kontakt über."
            ),
            (_l("Bleibender Kontakt"), _l("Gelöschter Kontakt")),
            _l("Die Kontakte wurden zusammengeführt."),
            lambda c: " ".join(filter(None, (c.email, c.postcode))),
        ),
        Tab(
            "organisationen",
            organisation_duplicates.ORGANISATIONS,
            _l("Organisationen"),
            "organisation.details_view",
            _l(
                "Organisationen mit demselben Namen (ohne Rechtsform wie „e.V.“ oder „gGmbH“, "
                "ohne Satzzeichen), derselben E-Mail-Adresse oder derselben Website. Die Punkte "
                "zählen, was übereinstimmt."
            ),
            (_l("Organisation"), _l("Möglicherweise dieselbe Organisation")),
            _l("Organisationen zusammenführen"),
            _l(
                "Personen mit ihren Funktionen, Angebote, Netzwerke, Delegierte, Treffen, "
                "Schulungen, Einsätze, untergeordnete Organisationen, Schlagworte und alles "
                "andere gehen auf die bleibende Organisation über; eine Funktion, die dieselbe "
                "Person bei beiden hatte, wird zu einer."
            ),
            (_l("Bleibende Organisation"), _l("Gelöschte Organisation")),
            _l("Die Organisationen wurden zusammengeführt."),
            lambda o: " ".join(filter(None, (o.email, o.website, o.postcode, o.city))),
        ),
    )
}


def shown(record, field: str) -> str:
    """A field's value as the office reads it (a reference by the name of what it names)."""
    value = getattr(record, field)
    if field.endswith("_id") and value is not None:
        value = getattr(record, field.removesuffix("_id"), value)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(YES_NO[value])
    if isinstance(value, Choice):
        return str(value.label)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def label(field: str) -> str:
    return str(FIELD_LABELS.get(field.removesuffix("_id"), field))


def tab_or_404(value) -> Tab:
    tab = TABS.get(value or "kontakte")
    if tab is None:
        abort(404)
    return tab


def record_or_404(tab: Tab, value):
    record = db.session.get(tab.kind.model, as_id(value)) if as_id(value) else None
    if record is None:
        abort(404)
    return record


def pair_or_404(tab: Tab, first, second) -> tuple:
    """Two different records of the tab's kind, or 404."""
    first, second = record_or_404(tab, first), record_or_404(tab, second)
    if first.id == second.id:
        abort(404)
    return first, second


class DuplicatesView(RoleAccess, BaseView):
    read_role = Role.COORDINATOR

    @expose("/")
    def index(self):
        tab = tab_or_404(request.args.get("art"))
        return self.render(
            "admin/duplicates/index.html",
            tab=tab,
            tabs=TABS.values(),
            pairs=duplicates.likely_pairs(db.session, tab.kind),
        )

    @expose("/keine-dublette", methods=("POST",))
    def dismiss(self):
        tab = tab_or_404(request.form.get("art"))
        first, second = pair_or_404(tab, request.form.get("a"), request.form.get("b"))
        kind = tab.kind
        if duplicates.is_dismissed(db.session, kind, first.id, second.id) or committed(
            lambda: operations.create(
                duplicates.dismissed(kind, first.id, second.id, current_user.id)
            )
        ):
            flash(_("%(a)s und %(b)s gelten nicht als Dublette.", a=first, b=second), "success")
        return redirect(url_for(".index", art=tab.slug))

    @expose("/zusammenfuehren", methods=("GET", "POST"))
    def merge(self):
        values = request.form if request.method == "POST" else request.args
        tab = tab_or_404(values.get("art"))
        survivor, other = pair_or_404(tab, values.get("bleibt"), values.get("weg"))
        fields = merging.differing_fields(survivor, other)
        if request.method == "POST":

            def merge():
                # Both as the user saw them: a change made since is refused, not merged away.
                operations.check_version(survivor, request.form.get("version_bleibt", ""))
                operations.check_version(other, request.form.get("version_weg", ""))
                take = merging.taken_from_other(fields, request.form)
                merging.merge(db.session, survivor, other, take)

            if committed(merge):
                flash(str(tab.merged), "success")
                return redirect(url_for(tab.endpoint, id=survivor.id))
        return self.render(
            "admin/duplicates/merge.html",
            tab=tab,
            survivor=survivor,
            other=other,
            fields=[(f, label(f), shown(survivor, f), shown(other, f)) for f in fields],
        )


class WarnsOfDuplicates:
    """Mixed into a record's screen: a new record matching an existing one is not saved at the
    first submit; a warning links the match, and ticking „Trotz möglicher Dublette
    speichern“ saves. A screen says how it finds matches (:meth:`duplicate_matches`, as
    (record, how it is shown)) and which words the warning uses."""

    duplicate_found: Any  # „Dieser Kontakt ist möglicherweise schon erfasst:“
    duplicate_hint: Any  # what to do if it is another one

    def duplicate_matches(self, form) -> list[tuple[Any, str]]:
        raise NotImplementedError

    def get_create_form(self):
        class CreateForm(super().get_create_form()):
            save_anyway = BooleanField(_l("Trotz möglicher Dublette speichern"))

        return CreateForm

    def create_model(self, form):
        save_anyway = bool(form.save_anyway.data)
        del form.save_anyway
        if not save_anyway:
            matches = self.duplicate_matches(form)
            if matches:
                flash(self._warning(matches), "warning")
                return False
        return super().create_model(form)

    def _warning(self, matches) -> Markup:
        links = Markup(", ").join(
            Markup('<a href="{}">{}</a>').format(
                url_for(f"{self.endpoint}.details_view", id=record.id), text
            )
            for record, text in matches
        )
        return Markup("{} {} {}").format(self.duplicate_found, links, self.duplicate_hint)


class WarnsOfDuplicateContacts(WarnsOfDuplicates):
    """The same e-mail, or the same folded name and organisation."""

    duplicate_found = _l("Dieser Kontakt ist möglicherweise schon erfasst:")
    duplicate_hint = _l(
        "– Nichts gespeichert. Ist es doch eine andere Person: „Trotz möglicher "
        "Dublette speichern“ ankreuzen und noch einmal speichern."
    )

    def duplicate_matches(self, form):
        matches = contact_duplicates.existing_matches(
            db.session,
            form.email.data,
            form.first_name.data,
            form.last_name.data,
            [getattr(e.form.organisation.data, "id", None) for e in form.roles.entries],
        )
        return [(c, f"{c} ({org})" if org else str(c)) for c, org in matches]


class WarnsOfDuplicateOrganisations(WarnsOfDuplicates):
    """The same folded name and postcode, or the same e-mail."""

    duplicate_found = _l("Diese Organisation ist möglicherweise schon erfasst:")
    duplicate_hint = _l(
        "– Nichts gespeichert. Ist es doch eine andere Organisation: „Trotz möglicher "
        "Dublette speichern“ ankreuzen und noch einmal speichern."
    )

    def duplicate_matches(self, form):
        matches = organisation_duplicates.existing_matches(
            db.session, form.name.data, form.postcode.data, form.email.data
        )
        return [(o, " ".join(filter(None, (o.name, o.postcode, o.city)))) for o in matches]


def register(admin, category):
    admin.add_view(
        DuplicatesView(
            name=_l("Mögliche Dubletten"), category=category, endpoint="duplicates", url="dubletten"
        )
    )

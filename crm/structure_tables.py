"""The overview's results as tables for files (crm.tabular): the matrix, the education
chain, the language coverage and a municipality's profile, each as columns and rows."""

from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _

from .language_coverage import PlaceCoverage
from .municipality_profile import Chain, Profile
from .structures import Matrix
from .tabular import CODE, Column


@dataclass
class Table:
    """A sheet: its title (file and sheet name), columns and rows."""

    title: str
    columns: list[Column]
    rows: list[list]


def _gap(cell) -> str:
    return _("Lücke") if cell.offers == 0 else (_("dünn") if cell.offers == 1 else "")


def matrix_table(matrix: Matrix, title: str | None = None) -> Table:
    """One row per municipality and field: offers (county-wide ones included, and how many),
    organisations, and whether it is a gap or thin."""
    columns = [
        Column(_("Kommune"), 24),
        Column(_("Gemeindeschlüssel"), 12, CODE),
        Column(str(title or _("Handlungsfeld")), 26),
        Column(_("Angebote"), 10),
        Column(_("davon kreisweit"), 10),
        Column(_("Organisationen"), 10),
        Column(_("Lücke"), 8),
    ]
    rows = [
        [
            row.municipality.name,
            row.official_key,
            entry.name,
            cell.offers,
            cell.county_wide,
            cell.organisations,
            _gap(cell),
        ]
        for row in matrix.rows
        for entry, cell in zip(matrix.fields, row.cells, strict=True)
    ]
    return Table(str(title or _("Strukturmatrix")), columns, rows)


def chain_rows(chain: Chain) -> Iterator[list]:
    for link in chain.links:
        yield [
            chain.municipality.name,
            link.stage.name,
            _("formal") if link.formal else _("non-formal"),
            link.offers,
            "; ".join(title for _, title in link.titles),
            _("fehlt") if link.missing else "",
        ]


def chain_table(chains: list[Chain]) -> Table:
    columns = [
        Column(_("Kommune"), 24),
        Column(_("Stufe der Bildungskette"), 30),
        Column(_("Art"), 12),
        Column(_("Angebote"), 10),
        Column(_("Angebote (Auswahl)"), 60),
        Column(_("Fehlendes Glied"), 12),
    ]
    return Table(
        _("Bildungskette"), columns, [row for chain in chains for row in chain_rows(chain)]
    )


def coverage_table(places: list[PlaceCoverage]) -> Table:
    columns = [
        Column(_("Kommune"), 24),
        Column(_("Sprache"), 20),
        Column(_("Begleitete Personen"), 12),
        Column(_("Offene Einsätze"), 12),
        Column(_("Aktive Ehrenamtliche"), 12),
        Column(_("Angebote"), 10),
        Column(_("Abgedeckt"), 10),
    ]
    rows = [
        [
            place.municipality.name,
            need.language,
            need.newcomers,
            need.open_assignments,
            need.volunteers,
            need.offers,
            _("ja") if need.covered else _("nein"),
        ]
        for place in places
        for need in place.needs
    ]
    return Table(_("Sprachabdeckung"), columns, rows)


def profile_table(profile: Profile) -> Table:
    """The profile as (section, item, value, detail) rows: one sheet for everything."""
    columns = [
        Column(_("Bereich"), 22),
        Column(_("Eintrag"), 36),
        Column(_("Anzahl"), 10),
        Column(_("Einzelheiten"), 50),
    ]
    rows: list[list] = []
    for organisation in profile.organisations:
        people = "; ".join(
            f"{p.name} ({p.function})" if p.function else p.name for p in organisation.people
        )
        rows.append([_("Organisation"), organisation.name, len(organisation.people), people])
    for entry, cell in zip(profile.fields, profile.offers_by_field, strict=True):
        detail = _("davon kreisweit: %(n)s", n=cell.county_wide)
        rows.append([_("Angebote je Handlungsfeld"), entry.name, cell.offers, detail])
    rows.append([_("Ehrenamt"), _("Aktive Ehrenamtliche"), profile.active_volunteers, ""])
    for language, n in profile.volunteer_languages:
        rows.append([_("Sprachen der Ehrenamtlichen"), language, n, ""])
    rows.append([_("Begleitung"), _("Begleitete Personen"), profile.newcomers, ""])
    rows.append([_("Begleitung"), _("Offene Einsätze"), profile.open_assignments, ""])
    for network in profile.networks:
        rows.append([_("Netzwerk"), network.name, None, ""])
    for gap in profile.gaps:
        rows.append([_("Lücke"), gap.name, 0, ""])
    return Table(_("Profil %(name)s", name=profile.municipality.name), columns, rows)

"""„Wer ist im Netzwerk?“: every member organisation with its networks, attendance and last
meeting attended, those who stayed away from the last three marked; what each network's
members cover, and where two networks cover the same field of action in the same place. A
fixed number of statements (crm.network_analysis), whatever the number of meetings."""

from datetime import UTC, date, datetime

from flask import request
from flask_admin import BaseView, expose
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from ..inputs import as_id
from ..models import Network
from ..network_analysis import attendance_rate, coverage, memberships, overlaps, stays_away
from .base import RoleAccess
from .fields import LOCAL_TIME


def unbroken(text: str) -> str:
    """Kept on one line: spaces that do not break."""
    return text.replace(" ", "\u00a0")


def percent(row) -> str:
    """``75 % (6 von 8)`` on one line, or a dash before the first meeting."""
    rate = attendance_rate(row)
    if rate is None:
        return "—"
    return unbroken(
        _(
            "%(rate)d %% (%(attended)d von %(held)d)",
            rate=round(rate * 100),
            attended=row.attended,
            held=row.held,
        )
    )


def away_badge(row):
    """The mark of a member absent from its network's last three meetings."""
    if not stays_away(row):
        return ""
    return Markup('<span class="badge badge-warning">{}</span>').format(
        _("bei den letzten 3 Treffen nicht dabei")
    )


def now() -> datetime:
    return datetime.now(UTC)


def last_attended(row) -> str:
    """The day of the last meeting the organisation was present at, as the office reads it."""
    if row.last_attended is None:
        return "—"
    return format_date(row.last_attended.astimezone(LOCAL_TIME).date(), "medium")


class NetworkOverviewView(RoleAccess, BaseView):
    @expose("/")
    def index(self):
        today, county_wide = date.today(), _("kreisweit")
        network_id = as_id(request.args.get("netzwerk"))
        return self.render(
            "admin/network/overview.html",
            networks=db.session.execute(
                select(Network.id, Network.name).order_by(Network.sort_name)
            ).all(),
            network_id=network_id,
            members=db.session.execute(memberships(now(), network_id)).all(),
            coverage=db.session.execute(coverage(today, county_wide)).all(),
            overlaps=db.session.execute(overlaps(today, county_wide)).all(),
            percent=percent,
            last_attended=last_attended,
            away_badge=away_badge,
        )


def register(admin, category) -> None:
    admin.add_view(
        NetworkOverviewView(
            name=_l("Wer ist im Netzwerk?"),
            category=category,
            endpoint="network_overview",
            url="/admin/netzwerk-uebersicht",
        )
    )

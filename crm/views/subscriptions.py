"""Calendars: a meeting's or a module's .ics, the page where users make (and renew) the secret
address of their calendar feed, and the feed itself, the one route served without a login."""

from flask import Blueprint, Response, abort, request, url_for
from flask_admin import BaseView, expose
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..calendars import feed_entries, ics, renew_token, token_created, user_of_token
from ..extensions import db
from ..inputs import as_id
from ..models import Network
from .base import RoleAccess

ICS = "text/calendar; charset=utf-8"
MAX_TOKEN = 100  # characters; what token_urlsafe(32) makes is 43

feed = Blueprint("calendar", __name__)


def calendar_response(entries, filename: str, attachment: bool = True) -> Response:
    response = Response(ics(entries), mimetype=ICS)
    if attachment:
        response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


def download(entry, filename: str) -> Response:
    """One event as a file, or a 404 where the row does not exist."""
    if entry is None:
        abort(404)
    return calendar_response([entry], filename)


@feed.route("/calendar/<token>.ics")
def subscribed(token: str):
    """The feed: a wrong, renewed-away or deactivated user's token answers 404, nothing else."""
    network = request.args.get("network")
    network_id = as_id(network) if network is not None else None
    if len(token) > MAX_TOKEN or (network is not None and network_id is None):
        abort(404)
    if user_of_token(db.session, token) is None:
        abort(404)
    response = calendar_response(feed_entries(db.session, network_id), "", attachment=False)
    response.headers["Cache-Control"] = "private, no-store"
    return response


class SubscriptionView(RoleAccess, BaseView):
    """„Kalender abonnieren“ in the user menu: any logged-in role, its own token only."""

    def is_visible(self) -> bool:
        return False  # reached from the user menu, not the main menu

    @expose("/")
    def index(self):
        return self._page(token=None)

    @expose("/", methods=("POST",))
    def renew(self):
        token = renew_token(db.session, current_user)
        db.session.commit()
        return self._page(token=token)

    def _page(self, token: str | None):
        networks = db.session.execute(select(Network.id, Network.name).order_by(Network.sort_name))
        return self.render(
            "admin/calendar.html",
            created=token_created(db.session, current_user),
            token=token,
            address=url_for("calendar.subscribed", token=token, _external=True) if token else None,
            networks=networks.all(),
        )


def register(admin) -> None:
    admin.add_view(
        SubscriptionView(
            name=_l("Kalender abonnieren"), endpoint="calendar_subscription", url="/admin/kalender"
        )
    )

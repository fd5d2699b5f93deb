"""A volunteer's life cycle: interested → in training → active ⇄ paused → left. Every change of
status goes through :func:`change_status`, which checks the step and what it needs and records
it with its date, so the volunteer's page shows the history and the figures can count it.

Who left is re-admitted as "interested" and goes through the steps again (a new training, a
new pledge if it lapsed): their earlier period stays in the history. A pause may be extended
by pausing again with a later "until" date.
"""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from . import operations
from .errors import RuleError
from .models import ExitReason, StatusChange, Volunteer
from .models.choices import VolunteerStatus

INTERESTED = VolunteerStatus.INTERESTED
IN_TRAINING = VolunteerStatus.IN_TRAINING
ACTIVE = VolunteerStatus.ACTIVE
PAUSED = VolunteerStatus.PAUSED
LEFT = VolunteerStatus.LEFT

# The steps a volunteer may take from each status; anyone may leave, nobody leaves twice.
NEXT = {
    INTERESTED: (IN_TRAINING, LEFT),
    IN_TRAINING: (ACTIVE, LEFT),
    ACTIVE: (PAUSED, LEFT),
    PAUSED: (ACTIVE, PAUSED, LEFT),
    LEFT: (INTERESTED,),
}


def change_status(
    volunteer: Volunteer,
    new_status: VolunteerStatus,
    on: date | None,
    *,
    until: date | None = None,
    reason: ExitReason | None = None,
    note: str | None = None,
    today: date | None = None,
    seen_version=None,
) -> StatusChange:
    """Move the volunteer to ``new_status`` on the day ``on``: checks the step, records it
    and sets the volunteer's own columns, through the write path (``seen_version``: the
    version a form showed). The caller commits."""
    today = today or date.today()
    new_status = VolunteerStatus(new_status)
    _check_step(volunteer, new_status, on, today)
    _check_needs(volunteer, new_status, on, until, reason)
    change = StatusChange(
        status=new_status,
        previous_status=volunteer.status,
        changed_on=on,
        until=until,
        exit_reason=reason,
        note=(note or "").strip() or None,
    )
    volunteer.status_changes.append(change)
    columns = _columns(volunteer, new_status, on, until, reason)
    operations.update(volunteer, columns, seen_version=seen_version)
    return change


def _check_step(volunteer: Volunteer, new_status, on: date | None, today: date) -> None:
    if new_status not in NEXT[volunteer.status]:
        allowed = ", ".join(f"„{s.label}“" for s in NEXT[volunteer.status])
        raise RuleError(
            _(
                "Von „%(old)s“ geht es nur weiter zu %(allowed)s, nicht zu „%(new)s“.",
                old=volunteer.status.label,
                allowed=allowed,
                new=new_status.label,
            ),
            field="status",
        )
    if on is None:
        raise RuleError(_("Bitte das Datum der Statusänderung angeben."), field="on")
    if on > today:
        raise RuleError(_("Eine Statusänderung kann nicht in der Zukunft liegen."), field="on")
    last = volunteer.status_changes[-1].changed_on if volunteer.status_changes else None
    if last is not None and on < last:
        raise RuleError(
            _(
                "Das Datum liegt vor der letzten Statusänderung am %(day)s.",
                day=last.strftime("%d.%m.%Y"),
            ),
            field="on",
        )


def _check_needs(volunteer: Volunteer, new_status, on: date, until, reason) -> None:
    """What a status needs: consent and pledge to be active, a reason to leave, a pause that
    ends after it starts; an "until" or a reason anywhere else is a mistake of the form."""
    if new_status is ACTIVE:
        _check_commitments(
            str(volunteer), volunteer.data_consent_on, volunteer.confidentiality_signed_on
        )
    if new_status is LEFT and reason is None:
        raise RuleError(_("Bitte einen Grund für das Ausscheiden wählen."), field="reason")
    if new_status is not LEFT and reason is not None:
        raise RuleError(_("Einen Grund gibt es nur beim Ausscheiden."), field="reason")
    if new_status is not PAUSED and until is not None:
        raise RuleError(_("Ein „bis“-Datum gibt es nur beim Pausieren."), field="until")
    if until is not None and until <= on:
        raise RuleError(_("Die Pause muss nach ihrem Beginn enden."), field="until")


def _check_commitments(name: str, data_consent_on, confidentiality_signed_on) -> None:
    """Active only with the data consent and the signed pledge."""
    missing = [
        label
        for label, value in (
            (_("Einwilligung Datenschutz"), data_consent_on),
            (_("Verschwiegenheitserklärung"), confidentiality_signed_on),
        )
        if value is None
    ]
    if missing:
        raise RuleError(
            _(
                "„%(volunteer)s“ kann erst aktiv werden, wenn vorliegt: %(missing)s.",
                volunteer=name,
                missing=", ".join(missing),
            ),
            field="status",
        )


# Where a volunteer recorded with the status they have already (an import) may start: a pause
# needs its end and a departure its reason, which only „Status ändern“ asks for.
FIRST = (INTERESTED, IN_TRAINING, ACTIVE)


def check_first_status(
    status: VolunteerStatus,
    *,
    name: str,
    since: date | None,
    data_consent_on: date | None,
    confidentiality_signed_on: date | None,
    today: date | None = None,
) -> None:
    """A new volunteer's first status (the flush hook below records it): one of FIRST, and
    "active" by the same needs as the step to it, since a day not in the future."""
    if status not in FIRST:
        raise RuleError(
            _(
                "Neue Ehrenamtliche beginnen als %(allowed)s, nicht als „%(status)s“; "
                "das ändert danach „Status ändern“.",
                allowed=", ".join(f"„{s.label}“" for s in FIRST),
                status=status.label,
            ),
            field="status",
        )
    if status is ACTIVE:
        _check_commitments(name, data_consent_on, confidentiality_signed_on)
        if since is not None and since > (today or date.today()):
            raise RuleError(_("Eine Statusänderung kann nicht in der Zukunft liegen."), field="on")


def _columns(volunteer: Volunteer, new_status, on: date, until, reason) -> dict:
    """The volunteer's columns after the step: since when active, until when paused, when and
    why left. A re-admission clears the last period's dates (the history keeps them)."""
    columns = {"status": new_status, "paused_until": until if new_status is PAUSED else None}
    if new_status is ACTIVE and volunteer.status is not PAUSED:
        columns["active_since"] = on
    if new_status is LEFT:
        columns.update(left_on=on, exit_reason=reason)
    if new_status is INTERESTED:
        columns.update(active_since=None, left_on=None, exit_reason=None)
    return columns


@event.listens_for(Session, "before_flush")
def _record_first_status(session: Session, flush_context, instances) -> None:
    """A new volunteer starts its history with its first status, whichever door made it (a
    form, the demo, an import): dated since when active, else the day it was recorded."""
    for volunteer in [o for o in session.new if isinstance(o, Volunteer)]:
        if volunteer.status_changes:
            continue
        status = volunteer.status or INTERESTED
        began = volunteer.active_since if status is ACTIVE else None
        if status is LEFT:
            began = volunteer.left_on
        volunteer.status_changes.append(
            StatusChange(
                status=status,
                changed_on=began or date.today(),
                until=volunteer.paused_until,
                exit_reason=volunteer.exit_reason,
            )
        )


@operations.rule(Volunteer)
def check_status_recorded(volunteer: Volunteer, change: operations.Change) -> None:
    """A status changes only through change_status, which records each step: a write of the
    status without its step in the history is refused."""
    if change.created or not change.touches("status"):
        return
    latest = volunteer.status_changes[-1] if volunteer.status_changes else None
    if latest is None or not inspect(latest).pending or latest.status != volunteer.status:
        raise RuleError(
            _("Der Status wird auf der Seite der/des Ehrenamtlichen geändert („Status ändern“)."),
            field="status",
        )

"""The reminder mails as people read them: subject, plain text and HTML from the templates in
templates/mail/, links to Lotse's pages as absolute URLs under the office's ``BASE_URL``."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from .letters import greeting


@dataclass(frozen=True)
class Links:
    """Absolute URLs of Lotse's pages for mails, where no request says the address."""

    base_url: str

    def _build(self, endpoint: str, values: dict) -> str:
        parts = urlsplit(self.base_url)
        adapter = current_app.url_map.bind(
            parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
        )
        return adapter.build(endpoint, values, force_external=True)

    def page(self, endpoint: str, id: int) -> str:
        return self._build(f"{endpoint}.details_view", {"id": id})

    def list(self, endpoint: str) -> str:
        return self._build(endpoint, {})

    @property
    def choice(self) -> str:
        """The page where a user chooses or stops the digest."""
        return self._build("reminder_choice.index", {})


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def digest_mail(digest, links: Links, today: date) -> Rendered:
    """The digest in the user's language: „Lotse: 5 Punkte fällig (2. Dezember 2026)“."""
    with force_locale(digest.locale):
        day = format_date(today, "long")
        points = _("1 Punkt") if digest.total == 1 else _("%(num)s Punkte", num=digest.total)
        subject = _("Lotse: %(points)s fällig (%(day)s)", points=points, day=day)
        values = {"digest": digest, "links": links, "day": day}
        return Rendered(
            subject,
            render_template("mail/digest.txt", **values),
            render_template("mail/digest.html", **values),
        )


def outside_mail(reminder, today: date) -> Rendered:
    """A reminder to a partner (a task) or a volunteer (their clearance), in German."""
    with force_locale("de"):
        values = {
            "reminder": reminder,
            "greeting": greeting(reminder.person),
            "due": format_date(reminder.due, "d. MMMM yyyy"),
        }
        name = f"mail/reminder_{reminder.kind}"
        subject = render_template(f"{name}_subject.txt", **values).strip()
        return Rendered(
            subject,
            render_template(f"{name}.txt", **values),
            render_template(f"{name}.html", **values),
        )


def planned_mails(session, today: date, links: Links, config, unsubscribe_to: str | None):
    """Every mail of today's run, rendered: the digests, then the reminders to contacts."""
    from .outside_reminders import outside_reminders
    from .reminders import CLEARANCE, DIGEST, TASK, Planned, digests
    from .settings import office_settings

    planned = []
    for digest in digests(session, today, config.get("SENSITIVE_FIELDS_ROLE")):
        mail = digest_mail(digest, links, today)
        lines = [f"{item.name}: {item.note}" for item in digest.new]
        planned.append(
            Planned(
                DIGEST,
                digest.email,
                mail.subject,
                mail.text,
                mail.html,
                f"digest:{digest.user_id}:{today.isoformat()}",
                lines,
                user_id=digest.user_id,
                digest=digest,
                unsubscribe=links.choice,
            )
        )
    settings = office_settings(session)
    reminders = outside_reminders(
        session, today, settings.remind_partners, settings.remind_volunteers
    )
    stop = f"mailto:{unsubscribe_to}?subject=Keine%20Erinnerungen" if unsubscribe_to else None
    for reminder in reminders:
        mail = outside_mail(reminder, today)
        planned.append(
            Planned(
                {"task": TASK, "clearance": CLEARANCE}[reminder.kind],
                reminder.person.email,
                mail.subject,
                mail.text,
                mail.html,
                reminder.once_key,
                [reminder.about or mail.subject],
                contact_id=reminder.person.contact_id,
                unsubscribe=stop,
            )
        )
    return planned

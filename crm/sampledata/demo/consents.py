"""Consents of the demo county: when and how people gave the post and e-mail permission they
have, a few who withdrew their e-mail consent, and the volunteers' consents to storing their
data (its first row made from their consent day, crm.consents), to their own migration
experience and to photos. Drawn from a random stream of its own, so
the rest of the county stays as it was."""

from datetime import timedelta
from random import Random

from sqlalchemy import select

from ...extensions import db
from ...models import Consent, ConsentMethod, ConsentPurpose
from ..texts import CONSENT_SOURCES as SOURCES
from .county import County

WAYS = (ConsentMethod.FORM, ConsentMethod.EMAIL, ConsentMethod.IN_PERSON, ConsentMethod.LETTER)


def consents(county: County) -> None:
    db.session.flush()  # the post and e-mail permissions become their first rows (crm.consents)
    rng = Random(county.today.toordinal())
    purposes = {p.code: p for p in db.session.scalars(select(ConsentPurpose))}
    for contact in county.contacts:
        day, source = county.today - timedelta(days=rng.randint(10, 900)), rng.choice(SOURCES)
        for row in contact.consents:
            row.how = rng.choice(WAYS)
            if row.purpose.code in ("post", "email"):
                row.on, row.note = day, source
        email = [r for r in contact.consents if r.purpose.code == "email"]
        if email and rng.random() < 0.08:
            withdrawn = min(county.today, email[-1].on + timedelta(days=rng.randint(30, 400)))
            contact.consents.append(_row(purposes["email"], False, withdrawn, rng))
            contact.may_mail_email = False
    for volunteer in county.volunteers:
        signed, person = volunteer.data_consent_on, volunteer.contact
        if signed is None:
            continue
        if volunteer.own_migration_experience is not None:
            person.consents.append(_row(purposes["migration"], True, signed, rng))
        if rng.random() < 0.4:
            person.consents.append(_row(purposes["photos"], True, signed, rng))


def _row(purpose: ConsentPurpose, given: bool, on, rng: Random) -> Consent:
    return Consent(purpose=purpose, given=given, on=on, how=rng.choice(WAYS))

"""Benchmark data: a fictitious German county of any size, written with Core bulk inserts.

``flask --app app crm bench-data --contacts N`` calls :func:`fill`; it also creates the account
:data:`BENCH_EMAIL` / :data:`BENCH_PASSWORD` (coordinator) that ``bench/run.py`` and
``bench/load.py`` log in with.
"""

import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, date, datetime

import click
from sqlalchemy import func, select, text

from ...audit import record
from ...extensions import db
from ...models import (
    Assignment,
    AssignmentLog,
    Consent,
    ConsentPurpose,
    Contact,
    ContactRole,
    Language,
    Municipality,
    Network,
    NetworkMeeting,
    Newcomer,
    Offer,
    Organisation,
    StatusChange,
    Tag,
    Training,
    User,
    Volunteer,
    VolunteerArea,
    VolunteerLanguage,
)
from ...models.choices import Role
from ...models.organisations import organisation_tags
from ...models.people import contact_languages, contact_tags
from ...models.structures import (
    EducationStage,
    FieldOfAction,
    TargetGroup,
    offer_fields,
    offer_languages,
    offer_stages,
    offer_target_groups,
)
from ...models.volunteering import (
    newcomer_languages,
    volunteer_municipalities,
)
from ...search import rebuild_index, searchable_models
from ..names import ORIGIN_WEIGHTS
from .county import BENCH_EMAIL, BENCH_PASSWORD, MIN_CONTACTS, County, insert_rows
from .people import (
    consent_rows,
    contact_language_rows,
    contact_rows,
    contact_tag_rows,
    municipality_rows,
    organisation_rows,
    organisation_tag_rows,
    plan_roles,
    role_rows,
    tag_rows,
)
from .structures import (
    fill_networks,
    fill_trainings,
    offer_language_rows,
    offer_link_rows,
    offer_rows,
)
from .volunteer_pool import (
    assignment_rows,
    log_rows,
    newcomer_language_rows,
    newcomer_rows,
    status_change_rows,
    volunteer_link_rows,
    volunteer_rows,
)

FILLED = (
    Contact,
    Organisation,
    Municipality,
    Tag,
    Volunteer,
    Newcomer,
    Assignment,
    Training,
    Network,
    NetworkMeeting,
    Offer,
)


def _refuse_if_filled() -> None:
    found = {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in FILLED
    }
    found = {name: n for name, n in found.items() if n}
    if found:
        listed = ", ".join(f"{name}: {n}" for name, n in found.items())
        raise click.ClickException(
            f"Die Datenbank enthält bereits Daten ({listed}). bench-data füllt nur eine leere "
            "Datenbank; bitte eine neue Datenbank oder ein neues Schema verwenden."
        )


def bench_user() -> User:
    """The coordinator account the benchmark logs in with; created once."""
    from ...accounts import create_user

    user = db.session.scalar(select(User).where(User.email == BENCH_EMAIL))
    if user is None:
        user = create_user(BENCH_EMAIL, "Messung", Role.COORDINATOR, BENCH_PASSWORD)
        db.session.commit()
    return user


def _step(echo: Callable[[str], None], label: str, work: Callable[[], int | None]) -> None:
    started = time.perf_counter()
    count = work()
    number = f"{count:,}".replace(",", ".") if count is not None else "fertig"
    echo(f"  {label}: {number} ({time.perf_counter() - started:.1f} s)")


def _dialect() -> str:
    return db.session.get_bind().dialect.name


@contextmanager
def _sqlite_bulk_mode(echo):
    """SQLite: the FTS5 insert triggers cost about 50 µs a row, more than the row itself, and
    the default 2 MB page cache makes index inserts seek. The load runs without the triggers
    and with a larger cache; the index is then built once from the stored documents
    (``rebuild_index`` re-creates the triggers, after a failure too: SQLite's driver commits
    DDL on its own, so this cannot rely on the rollback)."""
    tables = [model.__tablename__ for model in searchable_models()]
    db.session.execute(text("PRAGMA cache_size=-512000"))
    for table in tables:
        db.session.execute(text(f"DROP TRIGGER IF EXISTS {table}_fts_ai"))
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _step(echo, "Suchindex", lambda: rebuild_index(db.session.connection(), tables))
        db.session.execute(text("PRAGMA cache_size=-2000"))


BULK_TABLES = (
    "organisations",
    "organisation_tags",
    "contacts",
    "consents",
    "contact_roles",
    "contact_tags",
    "contact_languages",
    "newcomers",
    "newcomer_languages",
    "assignments",
    "assignment_logs",
)
_IN_SCHEMA = (
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relname = ANY(:tables)"
)


@contextmanager
def _postgresql_bulk_mode(echo):
    """PostgreSQL: per-row foreign-key checks and index updates cost more than the rows. As the
    manual advises for bulk loads ("Populating a Database"), the large tables lose their
    foreign keys and secondary indexes for the load and get them back verbatim
    (``pg_get_constraintdef``/``pg_get_indexdef``) at the end; it is all one transaction, so
    a failure leaves the schema as it was."""
    tables = {"tables": list(BULK_TABLES)}
    keys = db.session.execute(
        text(
            "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
            f"JOIN pg_class c ON c.oid = k.conrelid {_IN_SCHEMA} AND k.contype = 'f'"
        ),
        tables,
    ).all()
    indexes = db.session.execute(
        text(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid "
            f"{_IN_SCHEMA} AND NOT x.indisprimary AND NOT x.indisunique"
        ),
        tables,
    ).all()
    for table, name, _ in keys:
        db.session.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    for name, _ in indexes:
        db.session.execute(text(f'DROP INDEX "{name}"'))
    yield

    def restore() -> int:
        for _, definition in indexes:
            db.session.execute(text(definition))
        for table, name, definition in keys:
            db.session.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
        return len(indexes) + len(keys)

    _step(echo, "Indizes und Fremdschlüssel", restore)


def _bulk_mode(echo):
    return _postgresql_bulk_mode(echo) if _dialect() == "postgresql" else _sqlite_bulk_mode(echo)


def _advance_sequences() -> None:
    """PostgreSQL: explicit ids leave the id sequences behind; move them past the data."""
    if _dialect() != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def _analyze() -> None:
    """Statistics and, on PostgreSQL, the visibility map: the state autovacuum reaches shortly
    after a bulk load (VACUUM cannot run in a transaction, hence its own connection)."""
    db.session.commit()
    if _dialect() == "postgresql":
        names = ", ".join(t.name for t in db.metadata.sorted_tables)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f"VACUUM ANALYZE {names}")
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def fill(
    contacts: int, seed: int = 1, echo: Callable[[str], None] = print, offers: int | None = None
) -> None:
    """Fill an empty database with a county of ``contacts`` people and everything around them,
    in one transaction.

    Sizes scale with ``contacts``: organisations /10, volunteers /50, assignments ×2, newcomers
    /2, offers /100 unless ``offers`` says; 200 municipalities and 40 tags. The same seed gives
    the same data (dates relative to today).
    """
    if contacts < MIN_CONTACTS:
        raise click.ClickException(f"Bitte mindestens {MIN_CONTACTS} Kontakte angeben.")
    _refuse_if_filled()
    started = time.perf_counter()
    user = bench_user()
    county = County(
        rng=random.Random(seed), now=datetime.now(UTC).replace(microsecond=0), user_id=user.id
    )
    county.languages = dict(db.session.execute(select(Language.code, Language.id)).all())
    county.origins = county.rng.choices(
        list(ORIGIN_WEIGHTS), weights=list(ORIGIN_WEIGHTS.values()), k=contacts
    )
    echo(f"Messdaten für {contacts:,} Kontakte (Startwert {seed}):".replace(",", "."))
    try:
        with _bulk_mode(echo):
            _fill_core(county, contacts, echo)
            _fill_volunteering(county, contacts, echo)
            _step(
                echo,
                "Schulungen, Netzwerke, Angebote",
                lambda: _fill_small(county, contacts, offers),
            )
            _advance_sequences()
        # Written in bulk past the write path, so named as what it was.
        record("bench-data", contacts=contacts, seed=seed)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    _step(echo, "Statistik", _analyze)
    echo(
        f"Fertig in {time.perf_counter() - started:.1f} s. Anmeldung: {BENCH_EMAIL} / "
        f"{BENCH_PASSWORD}"
    )


def _fill_core(county: County, contacts: int, echo) -> None:
    _step(echo, "Kommunen", lambda: insert_rows(Municipality.__table__, municipality_rows(county)))
    _step(echo, "Schlagworte", lambda: insert_rows(Tag.__table__, tag_rows(county)))
    _step(
        echo,
        "Organisationen",
        lambda: insert_rows(
            Organisation.__table__, organisation_rows(county, max(contacts // 10, 1))
        ),
    )
    _step(
        echo,
        "Schlagworte an Organisationen",
        lambda: insert_rows(organisation_tags, organisation_tag_rows(county)),
    )
    roles = plan_roles(county, contacts)
    _step(
        echo,
        "Kontakte",
        lambda: insert_rows(Contact.__table__, contact_rows(county, contacts, roles)),
    )
    _step(echo, "Funktionen", lambda: insert_rows(ContactRole.__table__, role_rows(county, roles)))
    _step(
        echo,
        "Schlagworte an Kontakten",
        lambda: insert_rows(contact_tags, contact_tag_rows(county, contacts)),
    )
    _step(
        echo,
        "Sprachen von Kontakten",
        lambda: insert_rows(contact_languages, contact_language_rows(county, contacts)),
    )


def _fill_volunteering(county: County, contacts: int, echo) -> None:
    people = sorted(county.rng.sample(range(1, contacts + 1), k=max(contacts // 50, 1)))
    _step(
        echo,
        "Ehrenamtliche",
        lambda: insert_rows(Volunteer.__table__, volunteer_rows(county, people)),
    )
    purposes = dict(db.session.execute(select(ConsentPurpose.code, ConsentPurpose.id)).all())
    _step(
        echo,
        "Einwilligungen",
        lambda: insert_rows(Consent.__table__, consent_rows(county, purposes)),
    )
    _step(
        echo,
        "Statusverlauf",
        lambda: insert_rows(StatusChange.__table__, status_change_rows(county)),
    )
    skills, areas, places = volunteer_link_rows(county, people)
    _step(
        echo,
        "Sprachkenntnisse, Bereiche, Kommunen",
        lambda: (
            insert_rows(VolunteerLanguage.__table__, skills)
            + insert_rows(VolunteerArea.__table__, areas)
            + insert_rows(volunteer_municipalities, places)
        ),
    )
    _step(
        echo,
        "Begleitete Personen",
        lambda: insert_rows(Newcomer.__table__, newcomer_rows(county, max(contacts // 2, 1))),
    )
    _step(
        echo,
        "Sprachen begleiteter Personen",
        lambda: insert_rows(newcomer_languages, newcomer_language_rows(county)),
    )
    done: list[tuple[int, date, date]] = []
    _step(
        echo,
        "Einsätze",
        lambda: insert_rows(
            Assignment.__table__, assignment_rows(county, 2 * contacts, contacts, done)
        ),
    )
    _step(
        echo,
        "Einsatzprotokolle",
        lambda: insert_rows(AssignmentLog.__table__, log_rows(county, done, contacts // 4)),
    )


def _fill_small(county: County, contacts: int, offers: int | None) -> int:
    fill_trainings(county, max(contacts // 5_000, 2))
    fill_networks(county, max(contacts // 10_000, 3), contacts)
    offers = offers or max(contacts // 100, 10)
    insert_rows(Offer.__table__, offer_rows(county, offers, contacts))
    insert_rows(offer_languages, offer_language_rows(county, offers))
    for link, column, model, most in (
        (offer_fields, "field_id", FieldOfAction, 2),
        (offer_stages, "stage_id", EducationStage, 1),
        (offer_target_groups, "target_group_id", TargetGroup, 2),
    ):
        ids = list(db.session.scalars(select(model.id)))
        insert_rows(link, offer_link_rows(county, offers, column, ids, most))
    return offers

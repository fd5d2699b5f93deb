"""The migrations build the schema the models describe, on both databases, with the indexes
that lists, filters and foreign keys need."""

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import Boolean, inspect

from crm import MIGRATIONS
from crm.extensions import db
from crm.search import is_index_object
from crm.views.base import LotseModelView


def fresh_app(app, tmp_path):
    """The same backend as ``app``, on an empty database of its own."""
    from tests.conftest import make_app

    backend = (
        "postgresql" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else "sqlite"
    )
    return make_app(
        backend, tmp_path, schema=f"lotse_mig_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    )


def test_upgrade_from_empty_matches_the_models_and_downgrades_cleanly(app, tmp_path):
    fresh = fresh_app(app, tmp_path)  # make_app runs `upgrade` on the empty database
    with fresh.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "include_name": lambda name, type_, parents: not is_index_object(name, type_),
                    "compare_type": True,
                },
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == [], "a model change has no migration: flask --app app db migrate"
        tables = set(inspect(db.engine).get_table_names())
        assert {"contacts", "organisations", "assignments", "users"} <= tables
        downgrade(directory=str(MIGRATIONS), revision="base")
        left = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert left == set()
        upgrade(directory=str(MIGRATIONS))
        db.session.remove()
        db.engine.dispose()


def _indexed_first_columns(inspector, table: str) -> set[str]:
    first = {ix["column_names"][0] for ix in inspector.get_indexes(table) if ix["column_names"]}
    first |= {uq["column_names"][0] for uq in inspector.get_unique_constraints(table)}
    pk = inspector.get_pk_constraint(table)["constrained_columns"]
    if pk:
        first.add(pk[0])
    return first


def test_every_foreign_key_is_indexed(ctx):
    inspector = inspect(db.engine)
    missing = []
    for table in db.metadata.sorted_tables:
        indexed = _indexed_first_columns(inspector, table.name)
        for fk in table.foreign_keys:
            if fk.parent.name not in indexed:
                missing.append(f"{table.name}.{fk.parent.name}")
    assert missing == []


def test_columns_people_filter_and_sort_by_are_indexed(ctx):
    inspector = inspect(db.engine)
    admin = ctx.extensions["admin"][0]
    missing = set()
    for view in admin._views:
        if not isinstance(view, LotseModelView):
            continue
        table = view.model.__table__
        columns = []
        for flt in view._filters or ():
            column = getattr(flt, "column", None)
            if column is not None and getattr(column, "table", None) is table:
                columns.append(column)
        # The column the list orders by first (a name's sort key, crm.sorting); later ones
        # ride on a composite index.
        (first, _), *_ = view.list_spec.default_order
        columns.append(table.c[first.column.key])
        indexed = _indexed_first_columns(inspector, table.name)
        for column in columns:
            if not isinstance(column.type, Boolean) and column.name not in indexed:
                missing.add(f"{table.name}.{column.name}")
    assert sorted(missing) == [], sorted(missing)

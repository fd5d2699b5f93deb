"""„Import“: contacts or organisations from a CSV or XLSX file, in steps: the upload; the
mapping of the file's columns to fields (suggested by their names or by a saved mapping of the
same header, and savable); the preview of every row, with a choice per row that matches an
existing record; the confirmation, which writes all rows or none. crm.imports decides each
step; the file waits in the instance folder between them. Coordinators and administrators
only; viewers import nothing."""

import json
from datetime import date
from pathlib import Path

from flask import Response, current_app, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import inspect, select
from sqlalchemy.orm import joinedload
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField

from ..errors import RuleError
from ..extensions import db
from ..imports import KINDS, ImportFileError, plan_import, read_table
from ..imports.mappings import (
    check_header,
    columns_from_mapping,
    mapping_of,
    matching_mappings,
    save_mapping,
    saved_mapping,
    suggested_columns,
)
from ..imports.planning import ON_DUPLICATE
from ..imports.undo import apply_undoable
from ..imports.uploads import discard, keep, load
from ..inputs import as_id
from ..models import Contact, ImportMapping
from ..models.choices import Role
from .base import RoleAccess

KIND_CHOICES = [(kind.name, kind.label) for kind in KINDS.values()]
ROW_CHOICE = "row-"  # the per-row choice's field: row-<line>
PER_ROW_LIMIT = 500  # rows with a choice of their own; beyond, the choice for all holds


class UploadForm(FlaskForm):
    kind = SelectField(_l("Was wird importiert?"), choices=KIND_CHOICES)
    file = FileField(_l("Datei (CSV oder XLSX)"))


class StepForm(FlaskForm):
    """What every step after the upload carries: the kept file and what it is imported as;
    the columns' fields come as the list ``column``, per-row choices as ``row-<line>``."""

    kind = SelectField(choices=KIND_CHOICES)
    token = HiddenField()  # checked by crm.imports.uploads
    file_name = HiddenField()
    on_duplicate = RadioField(
        _l("Zeilen, die einem vorhandenen Eintrag gleichen (für alle)"),
        choices=list(ON_DUPLICATE.items()),
        default="skip",
    )
    create_missing = BooleanField(_l("Unbekannte Organisationen, Kommunen und Schlagworte anlegen"))
    save_as = StringField(_l("Zuordnung speichern als"))


class ImportView(RoleAccess, BaseView):
    read_role = Role.COORDINATOR

    @property
    def folder(self) -> Path:
        return Path(current_app.instance_path) / "imports"

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = UploadForm(kind=request.args.get("kind"))
        if not form.validate_on_submit():
            return self._start(form)
        upload = form.file.data
        name = Path(getattr(upload, "filename", "") or "").name[:255]
        if not name:
            form.file.errors = [_l("Bitte eine Datei wählen.")]
            return self._start(form)
        data = upload.read()
        try:
            check_header(read_table(name, data).header)
        except ImportFileError as error:
            form.file.errors = [str(error)]
            return self._start(form)
        token = keep(self.folder, current_user.id, data)
        return redirect(url_for(".columns", kind=form.kind.data, token=token, file_name=name))

    @expose("/spalten")
    def columns(self):
        """The mapping step: each column of the file with the field it goes to."""
        form = StepForm(request.args, meta={"csrf": False})
        kind = KINDS.get(form.kind.data)
        if kind is None:
            return self._gone(_l("Die Angaben zum Import waren unvollständig."))
        try:
            table = self._table(form)
            offered = matching_mappings(db.session, kind, table.header)
            chosen_id = as_id(request.args.get("mapping"))
            if chosen_id is None and "mapping" not in request.args and offered:
                chosen_id = offered[0].id
            chosen = saved_mapping(db.session, kind, chosen_id)
            if chosen is not None:
                columns = columns_from_mapping(kind, table.header, chosen.columns)
            else:
                columns = suggested_columns(kind, table.header)
        except ImportFileError as error:
            return self._gone(str(error))
        notice = (
            None
            if any(columns)
            else _l("Keine Spalte der Kopfzeile ist bekannt; bitte unten die Felder zuordnen.")
        )
        fresh = StepForm(
            formdata=None, data={k: form[k].data for k in ("kind", "token", "file_name")}
        )
        return self._mapping_step(fresh, table, columns, offered, chosen, notice)

    def _mapping_step(self, form, table, columns, offered=(), chosen=None, error=None):
        kind = KINDS[form.kind.data]
        samples = [cells for _line, cells in table.rows[:3]]
        return self.render(
            "admin/imports/columns.html",
            form=form,
            kind=kind,
            header=table.header,
            columns=columns,
            samples=samples,
            offered=offered,
            chosen=chosen,
            error=error,
        )

    @expose("/vorschau", methods=("POST",))
    def preview(self):
        """What would happen to every row; a mapping to save is saved here."""
        form = StepForm()
        if not form.validate_on_submit():
            return self._gone(_l("Die Angaben zum Import waren unvollständig."))
        kind = KINDS[form.kind.data]
        try:
            table = self._table(form)
            columns = self._posted_columns(kind, table.header)
        except ImportFileError as error:
            return self._gone(str(error))
        except MappingError as error:
            return self._mapping_step(form, table, error.columns, error=error.message)
        save_as = (form.save_as.data or "").replace("\x00", "").strip()
        if save_as:
            try:
                save_mapping(
                    db.session,
                    kind,
                    save_as,
                    mapping_of(table.header, columns),
                    current_user.id,
                )
                db.session.commit()
            except RuleError as error:
                db.session.rollback()
                return self._mapping_step(form, table, columns, error=str(error))
            flash(_l("Die Zuordnung „%(name)s“ ist gespeichert.", name=save_as))
        plan = self._plan(form, table, columns)
        return self.render(
            "admin/imports/preview.html",
            plan=plan,
            form=form,
            file_name=form.file_name.data,
            on_duplicate=ON_DUPLICATE,
            existing_url=self._record_url,
            existing_value=existing_value,
            row_choices=self._row_choices(),
            per_row=sum(row.existing is not None for row in plan.rows) <= PER_ROW_LIMIT,
            per_row_limit=PER_ROW_LIMIT,
        )

    @expose("/bestaetigen", methods=("POST",))
    def confirm(self):
        form = StepForm()
        if not form.validate_on_submit():
            flash(
                _l("Die Angaben zum Import waren unvollständig; es wurde nichts importiert."),
                "error",
            )
            return redirect(url_for(".index"))
        kind = KINDS[form.kind.data]
        name = form.file_name.data.replace("\x00", "")[:255] or "import"
        try:
            table = self._table(form)
            columns = self._posted_columns(kind, table.header)
            plan = self._plan(form, table, columns)
            run = apply_undoable(db.session, plan, name)
            db.session.commit()
        except (ImportFileError, RuleError) as error:
            db.session.rollback()
            flash(_l("Es wurde nichts importiert: %(reason)s", reason=str(error)), "error")
            return redirect(url_for(".index", kind=kind.name))
        except MappingError as error:
            flash(_l("Es wurde nichts importiert: %(reason)s", reason=error.message), "error")
            return redirect(url_for(".index", kind=kind.name))
        discard(self.folder, current_user.id, form.token.data)
        flash(
            _l(
                "Import aus %(file)s: %(created)s neu, %(updated)s aktualisiert, "
                "%(skipped)s übersprungen.",
                file=name,
                created=run.created,
                updated=run.updated,
                skipped=run.skipped,
            ),
            "success",
        )
        return redirect(url_for(f"{kind.screen}.index_view"))

    @expose("/zuordnung/<int:id>.json")
    def mapping_file(self, id: int):
        """A saved mapping as the JSON file the CLI's ``--mapping`` reads."""
        mapping = db.session.get(ImportMapping, id)
        if mapping is None:
            return self._gone(_l("Diese gespeicherte Zuordnung gibt es nicht mehr."))
        body = json.dumps(mapping.columns, ensure_ascii=False, indent=2) + "\n"
        return Response(
            body,
            mimetype="application/json",
            headers={"Content-Disposition": f'attachment; filename="zuordnung-{mapping.id}.json"'},
        )

    def _table(self, form):
        return read_table(
            form.file_name.data or "", load(self.folder, current_user.id, form.token.data)
        )

    @staticmethod
    def _posted_columns(kind, header: list[str]):
        """The fields chosen in the mapping step, checked (crm.imports.mappings)."""
        keys = request.form.getlist("column")
        if len(keys) != len(header):
            raise ImportFileError(_l("Die Zuordnung passt nicht zur Datei. Bitte neu hochladen."))
        try:
            return columns_from_mapping(
                kind, header, dict(zip(header, [k or None for k in keys], strict=True))
            )
        except ImportFileError as error:
            fields = {f.key: f for f in kind.fields}
            raise MappingError(str(error), [fields.get(k) for k in keys]) from None

    def _plan(self, form, table, columns):
        """The plan of the posted step: preview and confirmation decide alike."""
        return plan_import(
            db.session,
            form.kind.data,
            table,
            form.on_duplicate.data,
            columns,
            self._row_choices(),
            create_missing=form.create_missing.data,
        )

    @staticmethod
    def _row_choices() -> dict[int, str]:
        """{line: choice} of the rows chosen otherwise than the choice for all the preview
        showed (``previous_all``): the others follow the choice for all, even a new one."""
        previous = request.form.get("previous_all")
        choices = {}
        for key, value in request.form.items():
            line = as_id(key[len(ROW_CHOICE) :]) if key.startswith(ROW_CHOICE) else None
            if line is not None and value in ON_DUPLICATE and value != previous:
                choices[line] = value
        return choices

    @staticmethod
    def _record_url(record) -> str:
        screens = {kind.model: kind.screen for kind in KINDS.values()}
        return url_for(f"{screens[type(record)]}.details_view", id=record.id)

    def _gone(self, message):
        flash(message, "error")
        return redirect(url_for(".index"))

    def _start(self, form):
        mappings = db.session.scalars(
            select(ImportMapping)
            .options(joinedload(ImportMapping.user))
            .order_by(ImportMapping.kind, ImportMapping.name)
        ).all()
        return self.render("admin/imports/index.html", form=form, mappings=mappings, kinds=KINDS)


def existing_value(record, field) -> str:
    """What the matched record holds in a column's field, shown beside the row: its own
    columns, and a contact's organisations (loaded with it by the planning)."""
    if field is None:
        return ""
    if field.key == "organisation" and isinstance(record, Contact):
        return ", ".join(role.organisation.name for role in record.roles)
    if field.key not in inspect(type(record)).column_attrs:
        return ""
    value = getattr(record, field.key)
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value, "dd.MM.yyyy")
    return str(getattr(value, "label", value))


class MappingError(Exception):
    """A mapping step the user must correct: the message, and the fields as they chose."""

    def __init__(self, message: str, columns: list):
        super().__init__(message)
        self.message, self.columns = message, columns


def register(admin, category):
    admin.add_view(
        ImportView(name=_l("Import"), category=category, endpoint="imports", url="/admin/import")
    )

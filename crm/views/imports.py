"""„Import“: contacts or organisations from a CSV or XLSX file. The upload shows a preview of
every row (crm.imports decides); nothing is written until the user confirms, then all rows or
none. Coordinators and administrators only; viewers import nothing."""

import functools
from datetime import datetime
from pathlib import Path

from flask import current_app, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import BooleanField, HiddenField, RadioField, SelectField

from ..errors import RuleError
from ..extensions import db
from ..imports import KINDS, ImportFileError, apply_plan, plan_import, read_table
from ..imports.planning import ON_DUPLICATE
from ..imports.uploads import discard, keep, load
from ..models import ImportRun
from ..models.choices import Role
from .base import RoleAccess
from .formatters import TYPE_FORMATTERS

KIND_CHOICES = [(kind.name, kind.label) for kind in KINDS.values()]


class ImportChoices(FlaskForm):
    kind = SelectField(_l("Was wird importiert?"), choices=KIND_CHOICES)
    on_duplicate = RadioField(
        _l("Zeilen, die einem vorhandenen Eintrag gleichen"),
        choices=list(ON_DUPLICATE.items()),
        default="skip",
    )
    create_missing = BooleanField(_l("Unbekannte Organisationen, Kommunen und Schlagworte anlegen"))


class UploadForm(ImportChoices):
    file = FileField(_l("Datei (CSV oder XLSX)"))


class ConfirmForm(ImportChoices):
    token = HiddenField()  # checked by crm.imports.uploads
    file_name = HiddenField()


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
            table = read_table(name, data)
            plan = plan_import(
                db.session,
                form.kind.data,
                table,
                form.on_duplicate.data,
                form.create_missing.data,
            )
        except ImportFileError as error:
            form.file.errors = [str(error)]
            return self._start(form)
        token = None if plan.failed else keep(self.folder, current_user.id, data)
        confirm = ConfirmForm(
            kind=form.kind.data,
            on_duplicate=form.on_duplicate.data,
            create_missing=form.create_missing.data,
            token=token,
            file_name=name,
        )
        return self.render(
            "admin/imports/preview.html",
            plan=plan,
            form=confirm,
            file_name=name,
            on_duplicate=ON_DUPLICATE,
            existing_url=self._record_url,
        )

    @staticmethod
    def _record_url(record) -> str:
        screens = {kind.model: kind.screen for kind in KINDS.values()}
        return url_for(f"{screens[type(record)]}.details_view", id=record.id)

    @expose("/bestaetigen", methods=("POST",))
    def confirm(self):
        form = ConfirmForm()
        if not form.validate_on_submit():
            flash(
                _l("Die Angaben zum Import waren unvollständig; es wurde nichts importiert."),
                "error",
            )
            return redirect(url_for(".index"))
        name = form.file_name.data[:255] or "import"
        try:
            data = load(self.folder, current_user.id, form.token.data)
            plan = plan_import(
                db.session,
                form.kind.data,
                read_table(name, data),
                form.on_duplicate.data,
                form.create_missing.data,
            )
            run = apply_plan(db.session, plan, name)
            db.session.commit()
        except (ImportFileError, RuleError) as error:
            db.session.rollback()
            flash(_l("Es wurde nichts importiert: %(reason)s", reason=str(error)), "error")
            return redirect(url_for(".index", kind=form.kind.data))
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
        return redirect(url_for(f"{KINDS[form.kind.data].screen}.index_view"))

    def _start(self, form):
        runs = db.session.scalars(
            select(ImportRun)
            .options(joinedload(ImportRun.user))
            .order_by(ImportRun.imported_at.desc(), ImportRun.id.desc())
            .limit(20)
        ).all()
        when = functools.partial(TYPE_FORMATTERS[datetime], self)
        return self.render("admin/imports/index.html", form=form, runs=runs, kinds=KINDS, when=when)


def register(admin, category):
    admin.add_view(
        ImportView(name=_l("Import"), category=category, endpoint="imports", url="/admin/import")
    )

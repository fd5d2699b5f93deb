"""„Importe“: every import with its file, kind, user, time, counts and state, newest first, and
the button that undoes one as a whole (crm.imports.undo). Everyone signed in may read the
list; only coordinators and administrators see the button and may send it."""

import functools
from datetime import datetime

from flask import abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..errors import RuleError
from ..extensions import db
from ..imports import KINDS
from ..imports.undo import undo_import
from ..inputs import as_id, clamped_page
from ..models import ImportRun
from ..models.choices import Role
from .base import RoleAccess
from .formatters import TYPE_FORMATTERS

PAGE_SIZE = 50


class ImportHistoryView(RoleAccess, BaseView):
    read_role = Role.VIEWER

    @expose("/")
    def index(self):
        page = clamped_page(as_id(request.args.get("page")))  # from 0
        runs = db.session.scalars(
            select(ImportRun)
            .options(joinedload(ImportRun.user), joinedload(ImportRun.undoer))
            .order_by(ImportRun.imported_at.desc(), ImportRun.id.desc())
            .offset(page * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        ).all()
        return self.render(
            "admin/imports/history.html",
            runs=runs[:PAGE_SIZE],
            page=page,
            more=len(runs) > PAGE_SIZE,
            kinds=KINDS,
            when=functools.partial(TYPE_FORMATTERS[datetime], self),
            may_undo=self._may(Role.COORDINATOR),
        )

    @expose("/<int:id>/rueckgaengig", methods=("POST",))
    def undo(self, id: int):
        if not self._may(Role.COORDINATOR):
            abort(403)
        run = db.session.get(ImportRun, id) if as_id(id) is not None else None
        if run is None:
            abort(404)
        try:
            undo_import(db.session, run)
            db.session.commit()
        except RuleError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(
                _l("Der Import aus %(file)s ist rückgängig gemacht.", file=run.file_name), "success"
            )
        return redirect(url_for(".index"))


def register(admin, category):
    admin.add_view(
        ImportHistoryView(
            name=_l("Importe"), category=category, endpoint="import_history", url="/admin/importe"
        )
    )

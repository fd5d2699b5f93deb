"""Every list as a file: the rows a list shows across all its pages (its search, filters and
sort), read in batches through the one list query and written as they come (crm.tabular) as
CSV for German Excel, CSV for programs or XLSX; each export is recorded in the history."""

import unicodedata
from collections.abc import Callable, Iterable, Iterator, MutableSequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import Any
from urllib.parse import quote

from flask import Response, flash, redirect, request, stream_with_context, url_for
from flask_admin import expose
from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Integer, Numeric, String, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.associationproxy import AssociationProxyInstance
from sqlalchemy.orm import ColumnProperty

from .. import audit
from ..extensions import db
from ..inputs import clean_input
from ..lists import ListArgs, ListQuery, ListSpec, list_loads, list_query
from ..models.base import Choice
from ..relatedtexts import RelatedTexts
from ..tabular import CODE, EXCEL, EXCEL_ROWS, PHONE, TEXT, UTF8, Column, stream_csv, stream_xlsx
from .details import YES_NO
from .formatters import format_choice

# Column types whose values go into a file as they are (crm.tabular writes them).
AS_IS = (String, Date, Integer, Numeric)
BATCH = 1000  # rows read, and named (crm.relatedtexts), per statement
KINDS = {"postcode": CODE, "official_key": CODE, "phone": PHONE, "mobile": PHONE}
SPELT_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
WIDTHS = {"email": 30, "street": 26, "name": 30, "contact": 26, "website": 30, "tags": 30}


@dataclass(frozen=True)
class ExportFormat:
    """A file type of the export menu: its label, extension, media type and writer."""

    label: Any
    extension: str
    mimetype: str
    write: Callable[[list[Column], Iterable, str], Iterator[bytes]]


FORMATS = {
    "csv": ExportFormat(
        _l("CSV (Excel)"),
        "csv",
        "text/csv",
        lambda columns, rows, title: stream_csv(columns, rows, EXCEL),
    ),
    "csv-utf8": ExportFormat(
        _l("CSV (UTF-8)"),
        "csv",
        "text/csv",
        lambda columns, rows, title: stream_csv(columns, rows, UTF8),
    ),
    "xlsx": ExportFormat(
        _l("XLSX"),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        stream_xlsx,
    ),
}


class Refused(Exception):
    """An export that is not made, with the German reason shown on the list."""


class ListExport:
    """The export half of a model screen (mixed into LotseModelView): ``export_columns`` names
    what a file holds beyond the list (fields, related names, ``"contact.email"``); without
    them the list's own columns. Flask-Admin's ``can_export`` stays off: its button and its
    writer (every row in memory, formulas as they are) are replaced by Lotse's menu and this
    ``export`` view; who may export is crm.views.access's ``may_export``."""

    export_columns: tuple[str, ...] = ()
    export_types = list(FORMATS)
    export_formats = FORMATS

    @cached_property
    def export_names(self) -> tuple[str, ...]:
        return self.export_columns or tuple(name for name, _ in self.get_list_columns())

    @cached_property
    def export_spec(self) -> ListSpec:
        """The list's query with the export's columns loaded and named instead of the list's."""
        names = self.export_names
        texts = RelatedTexts(self.model, names)
        loaded = [loaded_through(self.model, n) for n in names if n not in texts.columns]
        return replace(self.list_spec, loads=list_loads(self.model, loaded, texts), texts=texts)

    def file_names(self) -> tuple[str, ...]:
        """The columns written into this file: the export's, less what the user may not read
        (see crm.views.sensitive)."""
        return self.export_names

    def export_file_columns(self) -> list[Column]:
        columns = []
        for name in self.file_names():
            kind = KINDS.get(name.rpartition(".")[2], TEXT)
            width = WIDTHS.get(name, 14 if kind != TEXT else 18)
            label = self.column_labels.get(name) or self.column_labels.get(name.split(".")[-1])
            columns.append(Column(str(label or name), width, kind))
        return columns

    @expose("/export/<export_type>/")
    def export(self, export_type: str):
        """The list as a file, streamed; a refusal goes back to the list with its reason."""
        back = url_for(".index_view", **request.args)
        try:
            file_format = self.export_formats.get(export_type)
            if file_format is None:
                raise Refused(_l("Dieses Exportformat gibt es nicht."))
            args = self.export_args()
            listed = list_query(self.export_spec, args, db.session())
            if file_format.extension == "xlsx":
                refuse_beyond_excel(listed)
        except Refused as refused:
            flash(str(refused), "error")
            return redirect(back)
        title = str(self.name)
        details = {
            "format": export_type,
            "search": args.search,
            "filters": [list(f) for f in args.filters],
            "sort": [args.sort, args.sort_desc] if args.sort else None,
        }
        rows = self.recorded(self.export_rows(listed), details)
        body = file_format.write(self.export_file_columns(), rows, title)
        filename = f"{title}_{date.today().isoformat()}.{file_format.extension}"
        return Response(
            stream_with_context(body),
            mimetype=file_format.mimetype,
            headers={"Content-Disposition": attachment(filename)},
        )

    def export_args(self) -> ListArgs:
        """The list's search, filters and sort from the request, every row of them; a filter
        the list does not know or whose value it does not take refuses the export (the list
        would leave it out and show more rows than were asked for)."""
        spec = self.list_spec
        filters = []
        for name, value in request.args.items():
            if not name.startswith("flt"):
                continue
            position, _, key = name[3:].partition("_")
            index = (self._filter_args or {}).get(key, (None,))[0]
            if index is None or not position.isdigit() or not spec.filters[index].accepts(value):
                raise Refused(_l("Ein Filterwert war ungültig: nichts exportiert."))
            filters.append((int(position), spec.filters[index].arg, value))
        sort = self._get_column_by_idx(request.args.get("sort", None, type=int))
        return ListArgs(
            search=clean_input(request.args.get("search")) or None,
            filters=[(arg, value) for _, arg, value in sorted(filters)],
            sort=sort[0] if sort else None,
            sort_desc=bool(request.args.get("desc", 0, type=int)),
            page=0,
            page_size=0,
        )

    @cached_property
    def export_fields(self) -> tuple | None:
        """The row's own columns in the file, when all else in it are related names: then the
        rows are read as plain tuples of these, not as objects (that takes half the time)."""
        texts = self.export_spec.texts.columns
        mapper = sa_inspect(self.model)
        fields = []
        for name in self.export_names:
            if name in texts:
                continue
            prop = mapper.attrs.get(name)
            if not isinstance(prop, ColumnProperty):
                return None
            fields.append(prop.class_attribute)
        return tuple(fields)

    def export_rows(self, listed: ListQuery) -> Iterator[list]:
        """The rows of the file, read ``BATCH`` at a time: the records in one statement run
        once, the names of their related rows in one statement per batch."""
        session = db.session()
        texts = listed.spec.texts
        key_of = texts.key_of
        fields, statement, positions = self.export_fields, listed.rows, {}
        if fields is not None:
            key = sa_inspect(self.model).primary_key[0]
            statement = statement.with_only_columns(key, *fields)
            positions = {field.key: (i, field) for i, field in enumerate(fields, start=1)}
        plain = exported_value()
        readers = [
            value_reader(name, texts.columns, positions.get(name), plain)
            for name in self.file_names()
        ]
        result = session.execute(statement.execution_options(yield_per=BATCH))
        if fields is None:
            result = result.scalars()
        try:
            for batch in result.partitions():
                named = texts.read(session, batch)
                for record in batch:
                    known = named.get(key_of(record), {})
                    yield [read(record, known) for read in readers]
        finally:
            result.close()  # a download broken off leaves no cursor open

    def recorded(self, rows: Iterable, details: dict) -> Iterator:
        """The rows, and the export in the history once the last is written (before the
        file's last bytes leave): who, which list with which search, filters and sort, in
        which format, how many rows. A download broken off is recorded with the rows so far."""
        count, complete = 0, False
        try:
            for row in rows:
                count += 1
                yield row
            complete = True
        finally:
            audit.record(
                "export",
                table=self.model.__tablename__,
                rows=count,
                complete=complete,
                **details,
            )
            db.session.commit()


def refuse_beyond_excel(listed: ListQuery) -> None:
    """An XLSX file holds one sheet, and a sheet 1,048,575 rows below its header."""
    capped = listed.counted.limit(EXCEL_ROWS).subquery()
    if db.session.execute(select(func.count()).select_from(capped)).scalar() >= EXCEL_ROWS:
        raise Refused(
            _l(
                "Mehr als %(rows)s Zeilen passen nicht in ein Excel-Blatt: bitte die Liste "
                "filtern oder als CSV exportieren.",
                rows=format_number(EXCEL_ROWS - 1),
            )
        )


def loaded_through(model, name: str) -> str:
    """What the rows load to show a column: a related row's field (``"contact.email"``) with
    the related row, an association proxy (a volunteer's areas) with its relationship."""
    head = name.partition(".")[0]
    attr = getattr(model, head, None)
    return attr.target_collection if isinstance(attr, AssociationProxyInstance) else head


def value_reader(name: str, texts: dict, position: tuple | None, plain: Callable) -> Callable:
    """How a column's value is read from a record and its related texts, as the file has it
    (``plain``, see exported_value): from an object, or from a tuple by the (position, field)
    of the value, as it is where the field's type gives what crm.tabular writes."""
    if name in texts:
        return lambda record, known: known.get(name)
    if position is not None:
        index, field = position
        if isinstance(field.type, AS_IS):
            return lambda record, known: record[index]
        return lambda record, known: plain(record[index])
    steps = name.split(".")

    def read(record, known):
        for step in steps:
            record = getattr(record, step)
            if record is None:
                break
        return plain(record)

    return read


def exported_value() -> Callable[[Any], Any]:
    """What a value becomes in a file: a choice its label, yes and no words, several related
    rows their names; texts, numbers and dates stay as they are (crm.tabular types them)."""
    words = {True: str(YES_NO[True]), False: str(YES_NO[False])}
    labels = {}  # of choices, in the language of the request

    def plain(value):
        if value is None or type(value) in (str, int, date):
            return value
        if isinstance(value, Choice):
            label = labels.get(value)
            if label is None:
                label = labels[value] = format_choice(None, value)
            return label
        if isinstance(value, bool):
            return words[value]
        if isinstance(value, list | tuple | MutableSequence):
            return ", ".join(str(plain(item)) for item in value) or None
        if isinstance(value, db.Model):
            return str(value)
        return value

    return plain


def attachment(filename: str) -> str:
    """A Content-Disposition that keeps umlauts (RFC 5987), with an ASCII name for the rest:
    ``Begleitete Personen`` becomes ``Begleitete_Personen``, ``Schulungsteilnahmen`` stays."""
    filename = filename.replace(" ", "_")
    fallback = unicodedata.normalize("NFKD", filename.translate(SPELT_OUT))
    fallback = fallback.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def pdf_download(body: bytes, file_name: str, table: str, row_id: int) -> Response:
    """A PDF of a record's personal data, recorded in the history as an export."""
    audit.record("export", table=table, row_id=row_id, format="pdf")
    db.session.commit()
    return Response(
        body, mimetype="application/pdf", headers={"Content-Disposition": attachment(file_name)}
    )

"""Form building shared by every screen: input cleaning, German choices and the field rules."""

from flask_admin.babel import Translations as WTFormsTranslations
from flask_admin.babel import gettext as admin_gettext
from flask_admin.contrib.sqla.filters import FilterConverter
from flask_admin.contrib.sqla.form import AdminModelConverter, InlineModelConverter
from flask_admin.form import BaseForm, Select2Field
from flask_admin.model import filters
from flask_admin.model.fields import AjaxSelectField
from flask_admin.model.form import converts
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column
from wtforms import FieldList, FormField, validators

from ..errors import RuleError
from ..field_rules import check_period, periods, value_checks
from ..labels import FIELD_LABELS
from .fields import LocalDateField, LocalDateTimeField, LocalDecimalField
from .queries import SearchAjaxLoader


def _clean_text(value):
    """Trim text and drop NUL bytes, which PostgreSQL refuses in any text column. Line
    breaks as stored: a browser sends a text area's lines back with CR LF."""
    if isinstance(value, str):
        return value.replace("\x00", "").replace("\r\n", "\n").strip()
    return value


NOT_A_CHOICE = _l("Keine gültige Auswahl.")

# Texts of Flask-Admin's fields that neither catalogue translates, or only technically.
OWN_TEXTS = {
    "Not a valid choice": NOT_A_CHOICE,
    "Invalid Choice: could not coerce": NOT_A_CHOICE,
    "Invalid Choice: could not coerce.": NOT_A_CHOICE,
    # fuzzy in WTForms' German catalogue, so not in it; the field fills in %(value)s itself
    "'%(value)s' is not a valid choice for this field.": _l(
        "„%(value)s“ ist keine gültige Auswahl."
    ),
}


class FieldTranslations:
    """The German of field messages: WTForms' catalogue, then Flask-Admin's (its fields ask
    for texts WTForms does not have, e.g. "Not a valid choice"), then Lotse's own."""

    _wtforms = WTFormsTranslations()

    def gettext(self, string):
        if string in OWN_TEXTS:
            return str(OWN_TEXTS[string])
        text = self._wtforms.gettext(string)
        return admin_gettext(string) if text == string else text

    def ngettext(self, singular, plural, n):
        if singular in OWN_TEXTS:
            return str(OWN_TEXTS[singular])
        return self._wtforms.ngettext(singular, plural, n)


class LotseForm(BaseForm):
    class Meta(BaseForm.Meta):
        _translations = FieldTranslations()

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, FieldList | FormField):
                return unbound_field.bind(form=form, **options)  # their inner fields are cleaned
            filters = [*unbound_field.kwargs.get("filters", ()), _clean_text]
            return unbound_field.bind(form=form, filters=filters, **options)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        # Flask-Admin's templates show only str errors: the lazy German messages of the
        # validators below would be dropped silently.
        for field in self._fields.values():
            if isinstance(field.errors, list):
                field.errors = [
                    e if isinstance(e, str | dict | list) else str(e) for e in field.errors
                ]
        return valid


class CheckedAjaxSelectField(AjaxSelectField):
    """A reference chosen by look-up; an id that names no row is refused, where Flask-Admin's
    field would quietly save an optional reference as empty."""

    def pre_validate(self, form):
        sent = (self.raw_data or [None])[0]
        if self.data is None and sent not in (None, "", "__None"):
            raise validators.ValidationError(str(NOT_A_CHOICE))
        super().pre_validate(form)


class RuleCheck:
    """A field rule of the domain (crm.field_rules) as a form validator: the same message at
    the field as the write path would give."""

    def __init__(self, check):
        self.check = check

    def __call__(self, form, field):
        if field.data is None or field.data == "":
            return
        try:
            self.check(field.data)
        except RuleError as error:
            raise validators.StopValidation(str(error)) from None


class NotBefore:
    """The end of a period must not lie before its start (checked against the sibling field)."""

    def __init__(self, start: str):
        self.start = start

    def __call__(self, form, field):
        start = form._fields.get(self.start)
        if start is not None:
            try:
                check_period(start.data, field.data)
            except RuleError as error:
                raise validators.ValidationError(str(error)) from None


def column_validators(column: Column) -> list:
    """Validators every form gets for a column: the field rules of its name and type."""
    found = [validators.Optional()] if column.nullable else []
    found.extend(RuleCheck(check) for check in value_checks(column))
    start = periods(column.table).get(column.name)
    if start:
        found.append(NotBefore(start))
    return found if len(found) > column.nullable else []


class LotseFilterConverter(FilterConverter):
    @filters.convert("UTCDateTime")
    def conv_utc_datetime(self, column, name, **kwargs):
        return self.conv_datetime(column, name, **kwargs)


class LotseModelConverter(AdminModelConverter):
    """Flask-Admin's converter, plus the shared field rules and German choice lists."""

    def _model_select_field(self, prop, multiple, remote_model, **kwargs):
        loader = getattr(self.view, "_form_ajax_refs", {}).get(prop.key)
        if loader and not multiple:
            return CheckedAjaxSelectField(loader, **kwargs)
        return super()._model_select_field(prop, multiple, remote_model, **kwargs)

    def convert(self, model, mapper, name, prop, field_args, hidden_pk):
        columns = getattr(prop, "columns", None)
        if columns and isinstance(columns[0], Column):
            extra = column_validators(columns[0])
            if extra:
                field_args = dict(field_args or {})
                field_args["validators"] = [*field_args.get("validators", ()), *extra]
        return super().convert(model, mapper, name, prop, field_args, hidden_pk)

    @converts("Numeric")
    def handle_decimal_types(self, column, field_args, **extra):  # overrides Flask-Admin's
        field_args.setdefault("places", column.type.scale)
        return LocalDecimalField(**field_args)

    @converts("Date")
    def convert_date(self, field_args, **extra):  # overrides Flask-Admin's ISO-only field
        return LocalDateField(**field_args)

    @converts("UTCDateTime")
    def convert_utc_datetime(self, field_args, **extra):
        return LocalDateTimeField(**field_args)

    @converts("ChoiceType")
    def convert_choice(self, column, field_args, **extra):
        choice = column.type.choice
        field_args["choices"] = choice.choices()
        if column.nullable:
            field_args["allow_blank"] = True
            field_args["blank_text"] = "—"
        else:
            field_args["validators"].append(validators.InputRequired())
        field_args["coerce"] = lambda v: choice(v) if v else None
        return Select2Field(**field_args)


class LotseInlineConverter(InlineModelConverter):
    """Inline rows (roles of a contact, modules of a training, ...) get what a main form
    gets: German labels, cleaned input and index-backed look-ups that refuse a non-id."""

    def get_info(self, p):
        info = super().get_info(p)
        info.form_base_class = info.form_base_class or LotseForm
        info.column_labels = {**FIELD_LABELS, **(getattr(info, "column_labels", None) or {})}
        return info

    def process_ajax_refs(self, info):
        result = {}
        for name, options in (getattr(info, "form_ajax_refs", None) or {}).items():
            full_name = f"{info.model.__name__.lower()}-{name}"
            if isinstance(options, dict):
                target = getattr(info.model, name).property.mapper.class_
                loader = SearchAjaxLoader(full_name, self.session, target, **options)
            else:
                loader = options
                loader.name = full_name
            result[name] = loader
            self.view._form_ajax_refs[full_name] = loader
        return result

"""The office's own settings: one row, edited by administrators, read with defaults."""

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import Boolean, Integer, Numeric, true
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import TimestampMixin, VersionMixin, not_negative


class OfficeSettings(TimestampMixin, VersionMixin, db.Model):
    """Rates and caps of the expense allowance (Aufwandsentschädigung), the retention periods
    (crm.retention) and the switches of reminders to people outside (crm.reminders); the office
    has one row, and until it is saved the defaults below apply (crm.settings.office_settings)."""

    __tablename__ = "office_settings"
    __table_args__ = tuple(
        not_negative(column)
        for column in ("hourly_rate", "km_rate", "yearly_hours_cap", "yearly_allowance_cap")
    )
    RETENTION = (
        "newcomer_retention_months",
        "volunteer_retention_years",
        "contact_retention_years",
    )

    DEFAULTS = {
        "hourly_rate": Decimal("3.00"),
        "km_rate": Decimal("0.30"),  # what the Bundesreisekostengesetz pays for a car
        "yearly_hours_cap": 276,  # e.g. Hessen's cap for integration guides
        "yearly_allowance_cap": Decimal("840.00"),  # Ehrenamtspauschale, § 3 Nr. 26a EStG
        # Retention (crm.retention): after the last assignment ended, after leaving, and
        # without function, tag or activity.
        "newcomer_retention_months": 24,
        "volunteer_retention_years": 3,
        "contact_retention_years": 5,
        "remind_partners": True,
        "remind_volunteers": True,
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    hourly_rate: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=DEFAULTS["hourly_rate"])
    km_rate: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=DEFAULTS["km_rate"])
    yearly_hours_cap: Mapped[int] = mapped_column(Integer, default=DEFAULTS["yearly_hours_cap"])
    yearly_allowance_cap: Mapped[Decimal] = mapped_column(
        Numeric(8, 2), default=DEFAULTS["yearly_allowance_cap"]
    )
    newcomer_retention_months: Mapped[int] = mapped_column(
        Integer, default=DEFAULTS["newcomer_retention_months"]
    )
    volunteer_retention_years: Mapped[int] = mapped_column(
        Integer, default=DEFAULTS["volunteer_retention_years"]
    )
    contact_retention_years: Mapped[int] = mapped_column(
        Integer, default=DEFAULTS["contact_retention_years"]
    )
    # E-mail reminders to people outside the office (crm.reminders): task owners who are
    # contacts, volunteers whose clearance lapses.
    remind_partners: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    remind_volunteers: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    def __str__(self) -> str:
        return _("Einstellungen der Stelle")

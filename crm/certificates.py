"""The course certificate: what it certifies is written down on its first issue and every
print is made from that, so a re-print is the same certificate even after the course's module
list changed; and the PDF of it, in the font that ships with Lotse (crm.address_labels)."""

from dataclasses import asdict, dataclass
from datetime import date

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import operations
from .courses import incomplete_message, is_complete
from .errors import RuleError
from .models import CourseModule, TrainingModule, TrainingParticipation
from .models.choices import ParticipationStatus
from .models.courses import module_attendance
from .pdf import a4_document

MARGIN = 25  # mm


@dataclass(frozen=True)
class Certificate:
    """What a certificate says: the modules as (number, title, date attended as ISO text)."""

    name: str
    course: str
    modules: list[tuple[int, str, str | None]]
    carrier: str | None
    place: str | None
    issued_on: str

    @classmethod
    def from_json(cls, data: dict) -> "Certificate":
        return cls(**{**data, "modules": [tuple(m) for m in data["modules"]]})

    @property
    def file_name(self) -> str:
        return f"Zertifikat {self.name}.pdf"


def issue_certificate(
    session: Session, participation: TrainingParticipation, today: date
) -> Certificate:
    """The participant's certificate: the one issued before, or a new one for a complete
    participant with today as its date, recorded on the participation (the caller commits).
    Refused for an incomplete participant."""
    if participation.certificate:
        return Certificate.from_json(participation.certificate)
    if not is_complete(session, participation):
        raise RuleError(incomplete_message(participation))
    certificate = _certified(session, participation, today)
    operations.update(
        participation,
        {
            "certificate_issued_on": today,
            "certificate": asdict(certificate),
            "status": ParticipationStatus.COMPLETED,
        },
        session=session,
    )
    return certificate


def _certified(session: Session, participation: TrainingParticipation, today: date):
    run = participation.training
    attended = session.execute(
        select(CourseModule.number, CourseModule.title, func.min(TrainingModule.date))
        .join(TrainingModule, TrainingModule.course_module_id == CourseModule.id)
        .join(module_attendance, module_attendance.c.module_id == TrainingModule.id)
        .join(
            TrainingParticipation,
            TrainingParticipation.id == module_attendance.c.participation_id,
        )
        .where(
            CourseModule.course_id == run.course_id,
            TrainingParticipation.volunteer_id == participation.volunteer_id,
        )
        .group_by(CourseModule.id, CourseModule.number, CourseModule.title)
        .order_by(CourseModule.number)
    ).all()
    carrier = run.carrier
    return Certificate(
        name=participation.volunteer.contact.full_name,
        course=run.course.title,
        modules=[(n, t, d.isoformat() if d else None) for n, t, d in attended],
        carrier=carrier.name if carrier else None,
        place=(carrier.city if carrier and carrier.city else None) or run.location,
        issued_on=today.isoformat(),
    )


def german_date(iso: str | None) -> str:
    return date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else "—"


def certificate_pdf(certificate: Certificate) -> bytes:
    pdf = a4_document(certificate.file_name.removesuffix(".pdf"), MARGIN)
    pdf.ln(15)
    _centred(pdf, 28, 14, _("Zertifikat"))
    pdf.ln(6)
    _centred(pdf, 18, 10, certificate.name)
    _centred(pdf, 11, 7, _("hat erfolgreich teilgenommen an"))
    _centred(pdf, 15, 9, f"„{certificate.course}“")
    if certificate.carrier:
        _centred(pdf, 11, 7, _("Durchgeführt von %(carrier)s", carrier=certificate.carrier))
    pdf.ln(8)
    pdf.set_font("DejaVu", size=10)
    with pdf.table(
        col_widths=(12, 68, 20),
        text_align=("CENTER", "LEFT", "CENTER"),
        headings_style=FontFace(fill_color=(230, 230, 230)),
    ) as table:
        for values in (
            (_("Modul"), _("Inhalt"), _("besucht am")),
            *((str(n), title, german_date(day)) for n, title, day in certificate.modules),
        ):
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(18)
    pdf.set_font("DejaVu", size=11)
    issued = german_date(certificate.issued_on)
    where = f"{certificate.place}, {issued}" if certificate.place else issued
    pdf.cell(70, 7, where, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(18)
    y = pdf.get_y()
    pdf.line(MARGIN + 90, y, pdf.w - MARGIN, y)
    pdf.set_xy(MARGIN + 90, y + 1)
    pdf.set_font("DejaVu", size=9)
    pdf.cell(0, 5, _("Unterschrift"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _centred(pdf: FPDF, size: float, height: float, text: str) -> None:
    pdf.set_font("DejaVu", size=size)
    pdf.multi_cell(0, height, text, align="C", new_x="LMARGIN", new_y="NEXT")

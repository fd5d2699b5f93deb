"""Every fixed list of values in Lotse, with the German label shown for each code, in one place."""

from flask_babel import lazy_gettext as _l

from .base import Choice


class MunicipalityKind(Choice):
    CITY = "stadt", _l("Stadt")
    MARKET = "markt", _l("Markt")
    MUNICIPALITY = "gemeinde", _l("Gemeinde")
    ASSOCIATION = "verbandsgemeinde", _l("Verbandsgemeinde")
    JOINT = "samtgemeinde", _l("Samtgemeinde")
    AMT = "amt", _l("Amt")


class OrganisationKind(Choice):
    AUTHORITY = "behoerde", _l("Behörde")
    CARRIER = "traeger", _l("Wohlfahrtsverband/Träger")
    ASSOCIATION = "verein", _l("Verein")
    MIGRANT_ORGANISATION = "migrantenorganisation", _l("Migrantenorganisation")
    ADMINISTRATION = "kommunalverwaltung", _l("Kommunalverwaltung")
    SCHOOL = "schule", _l("Schule")
    DAYCARE = "kita", _l("Kita")
    EDUCATION_PROVIDER = "bildungstraeger", _l("Bildungsträger")
    SHELTER = "unterkunft", _l("Unterkunft")
    RELIGIOUS = "religionsgemeinschaft", _l("Religionsgemeinschaft")
    EMPLOYER = "unternehmen", _l("Unternehmen")
    OTHER = "sonstige", _l("Sonstige")


class Salutation(Choice):
    MS = "frau", _l("Frau")
    MR = "herr", _l("Herr")
    NONE = "keine", _l("ohne Anrede")


class VolunteerStatus(Choice):
    INTERESTED = "interessiert", _l("interessiert")
    IN_TRAINING = "in_schulung", _l("in Schulung")
    ACTIVE = "aktiv", _l("aktiv")
    PAUSED = "pausiert", _l("pausiert")
    LEFT = "ausgeschieden", _l("ausgeschieden")


class LanguageLevel(Choice):
    NATIVE = "muttersprache", _l("Muttersprache")
    FLUENT = "fliessend", _l("fließend")
    BASIC = "grundkenntnisse", _l("Grundkenntnisse")


class AssignmentArea(Choice):
    DOCTOR = "arztbesuch", _l("Arztbesuch")
    AUTHORITY = "behoerdengang", _l("Behördengang")
    HOUSING = "wohnungssuche", _l("Wohnungssuche")
    CONTRACTS = "vertraege", _l("Verträge/Formulare")
    SCHOOL = "schule_kita", _l("Schule/Kita")
    CHILDREN = "kinder_jugend", _l("Kinder/Jugend")
    WORK = "arbeit", _l("Arbeit/Ausbildung")
    INTERPRETING = "sprachmittlung", _l("Sprachmittlung")
    LEISURE = "freizeit", _l("Freizeit/Begegnung")
    MEDIATION = "konfliktvermittlung", _l("Konfliktvermittlung")
    OTHER = "sonstiges", _l("Sonstiges")


class AssignmentKind(Choice):
    ONE_OFF = "begleitung", _l("einmalige Begleitung")
    MENTORSHIP = "patenschaft", _l("Patenschaft")


class AssignmentStatus(Choice):
    OPEN = "offen", _l("offen")
    MATCHED = "vermittelt", _l("vermittelt")
    RUNNING = "laufend", _l("laufend")
    DONE = "abgeschlossen", _l("abgeschlossen")
    CANCELLED = "abgebrochen", _l("abgebrochen")


class ParticipationStatus(Choice):
    REGISTERED = "angemeldet", _l("angemeldet")
    ATTENDING = "nimmt_teil", _l("nimmt teil")
    COMPLETED = "abgeschlossen", _l("abgeschlossen")
    DROPPED = "abgebrochen", _l("abgebrochen")


class Attendance(Choice):
    PRESENT = "anwesend", _l("anwesend")
    EXCUSED = "entschuldigt", _l("entschuldigt")
    ABSENT = "abwesend", _l("abwesend")


class OfferStatus(Choice):
    ACTIVE = "aktiv", _l("aktiv")
    CLOSED = "geschlossen", _l("vorübergehend geschlossen")
    ENDED = "beendet", _l("beendet")


class Role(Choice):
    """What a user may do; each role includes the ones before it."""

    VIEWER = "viewer", _l("Lesen")
    COORDINATOR = "coordinator", _l("Koordination")
    ADMIN = "admin", _l("Verwaltung")

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: "Role") -> bool:
        return self.rank >= needed.rank


class DigestFrequency(Choice):
    """How often a user gets the e-mail digest of what is due (crm.reminders)."""

    DAILY = "taeglich", _l("täglich")
    WEEKLY = "woechentlich", _l("wöchentlich (montags)")
    NONE = "keine", _l("keine")

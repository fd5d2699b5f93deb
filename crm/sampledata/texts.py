"""What people write into the county's records: notes, needs, consents, minutes, tasks.

Both sizes of sample data draw from these lists, so the demo and the benchmark read alike.
"""

from ..models.choices import AssignmentArea

CONSENT_SOURCES = [
    "Anmeldung Fachtag Integration",
    "Visitenkarte beim Runden Tisch",
    "schriftliche Einwilligung",
    "E-Mail-Anfrage",
    "Anmeldeformular Newsletter",
]
CONTACT_NOTES = [
    "Rückruf erwünscht, am besten vormittags.",
    "Kontakt über den Willkommenskreis.",
    "Spricht gut Englisch und etwas Französisch.",
    "Ansprechpartnerin für Sprachkurse.",
    "Hat beim Begegnungsfest mitgeholfen.",
    "Möchte keine Anrufe am Wochenende.",
    "Übersetzt gelegentlich Briefe vom Jobcenter.",
    "Neue Adresse seit dem Frühjahr.",
    "Interesse an einer Schulung für Integrationslotsen.",
    "Vertretung während der Elternzeit.",
]
ORGANISATION_NOTES = [
    "Sprechzeiten dienstags und donnerstags, sonst nach Vereinbarung.",
    "Räume für Treffen kostenlos nutzbar, rechtzeitig anfragen.",
    "Neue Leitung seit dem Sommer, Vorstellung im Runden Tisch geplant.",
    "Informationsmaterial in leichter Sprache vorhanden.",
    "Barrierefreier Zugang über den Hintereingang.",
    "Kooperationsvereinbarung liegt im Ordner Netzwerk.",
]
NEWCOMER_NOTES = [
    "Familie wünscht eine Begleiterin.",
    "Erreichbar über die Sozialbetreuung der Unterkunft.",
    "Termine bitte nicht vor 10 Uhr.",
    "Patenschaft läuft gut, Familie fühlt sich angekommen.",
    "Nächstes Gespräch in zwei Wochen.",
]
OFFER_NOTES = [
    "Anmeldung über die Beratungsstelle.",
    "Kinderbetreuung während des Kurses möglich.",
    "Warteliste; neue Plätze zum Halbjahr.",
    "Auch in den Schulferien.",
]

ACCESSIBILITY = [
    None,
    "stufenloser Zugang, barrierefreies WC",
    "Aufzug vorhanden",
    "1. Stock ohne Aufzug",
    "Gebärdensprache auf Anfrage",
]

AVAILABILITY = [
    "werktags nachmittags",
    "abends ab 18 Uhr",
    "am Wochenende",
    "flexibel nach Absprache",
    "vormittags",
    "dienstags und donnerstags",
    "montags und mittwochs nachmittags",
    "dienstags ganztägig",
    "in den Schulferien nicht",
    "flexibel, mit Auto",
]

NEEDS = [
    "Begleitung zur Ausländerbehörde",
    "Hilfe bei der Wohnungssuche",
    "Unterstützung bei Anträgen (Kindergeld, Wohngeld)",
    "Begleitung zu Arztterminen",
    "Anmeldung in Schule und Kita",
    "Bewerbung und Praktikumssuche",
    "Deutsch üben im Alltag",
    "Kontakte im Ort, Vereine kennenlernen",
    "Verträge verstehen (Strom, Handy, Miete)",
    "Sprachmittlung beim Elterngespräch",
    "Kita-Platz gesucht",
    "Hilfe bei der Anerkennung des Berufsabschlusses",
    "Kontoeröffnung",
    "Führerschein umschreiben",
]
ASSIGNMENT_NOTES = {
    AssignmentArea.DOCTOR: [
        "Termin beim Hausarzt, Überweisung zur Fachärztin",
        "Fahrt zur Fachärztin in der Kreisstadt",
    ],
    AssignmentArea.AUTHORITY: [
        "Verlängerung des Aufenthaltstitels vorbereiten",
        "Termin bei der Ausländerbehörde, Unterlagen vorher gemeinsam sortiert",
    ],
    AssignmentArea.HOUSING: [
        "Wohnungsbesichtigungen, Gespräch mit dem Vermieter",
        "Begleitung zur Wohnungsbesichtigung",
    ],
    AssignmentArea.CONTRACTS: [
        "Stromvertrag und Handyvertrag durchgehen",
        "Formulare für Wohngeld ausgefüllt",
    ],
    AssignmentArea.SCHOOL: ["Anmeldung an der Grundschule, Elternabend"],
    AssignmentArea.CHILDREN: [
        "Hausaufgabenhilfe für zwei Grundschulkinder",
        "mit den Kindern zum Schwimmkurs",
    ],
    AssignmentArea.WORK: ["Lebenslauf schreiben, Bewerbung für ein Praktikum"],
    AssignmentArea.INTERPRETING: [
        "Sprachmittlung beim Elterngespräch",
        "Dolmetschen beim Elterngespräch in der Grundschule",
    ],
    AssignmentArea.LEISURE: ["Sportverein und Bücherei zeigen", "Treffen im Frauencafé"],
    AssignmentArea.MEDIATION: ["Streit um Hausordnung in der Unterkunft schlichten"],
    AssignmentArea.OTHER: ["Fahrrad reparieren, Busverbindungen erklären"],
}
LOG_NOTES = [
    "Termin wahrgenommen",
    "Telefonat und Vorbereitung",
    "gemeinsam Formulare ausgefüllt",
    "Begleitung mit dem Auto",
    "Treffen im Café",
    None,
]

MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
MINUTES = (
    "Die Einrichtungen berichten über die aktuelle Lage. Die Wartezeiten auf Sprachkurse "
    "sind gestiegen; die Kreisvolkshochschule plant zusätzliche Kurse. "
    "Die Integrationslotsenstelle stellt die neuen Lotsinnen und Lotsen vor."
)
AGENDA = [
    "Begrüßung und Protokoll der letzten Sitzung",
    "Berichte aus den Einrichtungen",
    "Stand der Sprachkursplätze",
    "Wohnraum für Geflüchtete",
    "Planung Fachtag Integration",
    "Verschiedenes",
]
DECISIONS = [
    "Der Fachtag findet im Herbst in Bad Ahrensfelde statt.",
    "Eine Übersicht der Sprachkurse wird gemeinsam gepflegt.",
    "Die Unterarbeitsgruppe Wohnen trifft sich monatlich.",
    "Neue Mitglieder: die Migrantenorganisationen werden eingeladen.",
]
CONFERENCE_AGENDA = [
    "Grußwort des Landrats",
    "Vortrag: Ankommen im ländlichen Raum",
    "Workshops: Wohnen, Arbeit, Schule und Kita, Ehrenamt",
    "Markt der Möglichkeiten: Angebote im Landkreis",
    "Abschluss und Ausblick",
]
CONFERENCE_MINUTES = (
    "Rund 120 Teilnehmende aus Verwaltung, Trägern, Vereinen und Migrantenorganisationen. "
    "Die Workshops wünschen sich eine gemeinsame Übersicht der Angebote und einen Fachtag im "
    "nächsten Jahr."
)
TASKS = [
    "Protokoll an alle Mitglieder versenden",
    "Raum für das nächste Treffen reservieren",
    "Liste der freien Sprachkursplätze aktualisieren",
    "Referentin für den Fachtag anfragen",
    "Flyer in leichter Sprache abstimmen",
    "Kontakt zur Wohnungsbaugesellschaft aufnehmen",
    "Übersetzung des Elternbriefs ins Ukrainische beauftragen",
]

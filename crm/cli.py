"""``flask --app app crm ...``: the commands of Lotse."""

import functools
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .errors import RuleError
from .extensions import db
from .models.choices import Role
from .schema import ensure_schema

crm_cli = AppGroup("crm", help="Lotse: Benutzer, Demo-Daten, Suchindex.")


def with_schema(command):
    """A command that reads or writes the data: on SQLite the schema is brought up to date
    first (crm.schema), as the first request of the web app would."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        ensure_schema(current_app)
        return command(*args, **kwargs)

    return run


@crm_cli.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="Anzeigename")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.COORDINATOR.value,
    show_default=True,
)
@click.option("--password-stdin", is_flag=True, help="Passwort von der Standardeingabe lesen")
@with_schema
def create_user_command(email: str, name: str, role: str, password_stdin: bool) -> None:
    """Ein Benutzerkonto anlegen; das Passwort wird abgefragt."""
    from .accounts import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Passwort", hide_input=True, confirmation_prompt="Wiederholen")
    try:
        user = create_user(email, name, role, password)
        db.session.commit()
    except RuleError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"Konto angelegt: {user.email} ({Role(user.role).value})")


@crm_cli.command("reindex")
@with_schema
def reindex_command() -> None:
    """Suchindex und Sortierschlüssel aus den gespeicherten Daten neu aufbauen."""
    from .audit import record
    from .search import reindex
    from .sorting import refresh_all_sort_keys

    changed = reindex(db.session)
    sort_keys = refresh_all_sort_keys(db.session.connection())
    # Written in SQL, past the write path: named here.
    record("reindex", changed=changed, sort_keys=sort_keys)
    db.session.commit()
    click.echo(
        f"Suchindex neu aufgebaut ({changed} Suchtexte aktualisiert). "
        f"Sortierschlüssel neu berechnet ({sort_keys} aktualisiert)."
    )


@crm_cli.command("demo")
@click.option("--force", is_flag=True, help="Auch in eine Datenbank schreiben, die schon Daten hat")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Nur in eine leere Datenbank schreiben; eine gefüllte ohne Fehler lassen, wie sie ist",
)
@click.option("--seed", default=2026, show_default=True, help="Zufallsstartwert (reproduzierbar)")
@click.option("--password", default=None, help="Passwort der Demo-Konten (sonst zufällig)")
@with_schema
def demo_command(force: bool, if_empty: bool, seed: int, password: str | None) -> None:
    """Einen fiktiven Landkreis mit Beispieldaten anlegen."""
    from .sampledata.demo import build_demo

    if force and if_empty:
        raise click.UsageError("--force und --if-empty schließen einander aus.")
    build_demo(seed=seed, force=force, if_empty=if_empty, password=password, echo=click.echo)


@crm_cli.command("bench-data")
@click.option("--contacts", default=100_000, show_default=True, help="Anzahl der Kontakte")
@click.option("--seed", default=1, show_default=True)
@click.option("--offers", type=click.IntRange(1, 1_000_000), help="Anzahl der Angebote")
@with_schema
def bench_data_command(contacts: int, seed: int, offers: int | None) -> None:
    """Eine Datenbank für Messungen mit realistischen Daten dieser Größe füllen."""
    from .sampledata.bench import fill

    fill(contacts=contacts, seed=seed, echo=click.echo, offers=offers)


@crm_cli.command("clearance-cleanup")
@click.option("--dry-run", is_flag=True, help="Nur anzeigen, was gelöscht würde")
@with_schema
def clearance_cleanup_command(dry_run: bool) -> None:
    """Daten zu Führungszeugnissen löschen, die nicht mehr aufbewahrt werden dürfen
    (§ 72a Abs. 5 SGB VIII): drei Monate nach dem Ausscheiden, und wenn auf die
    Einsichtnahme drei Monate lang kein Einsatz und keine Schulung folgte. Täglich laufen
    lassen."""
    from datetime import date

    from .audit import record
    from .clearance import erase_clearance, erasures_due

    due = erasures_due(date.today())
    for erasure in due:
        click.echo(f"{erasure.volunteer} (Nr. {erasure.volunteer.id}): {erasure.reason}")
    if dry_run:
        click.echo(f"Probelauf: Bei {len(due)} Ehrenamtlichen würde gelöscht; nichts geändert.")
        return
    for erasure in due:
        erase_clearance(erasure.volunteer)
    record("clearance-cleanup", erased=len(due))
    db.session.commit()
    click.echo(f"Daten zum Führungszeugnis von {len(due)} Ehrenamtlichen gelöscht.")


@crm_cli.command("retention")
@click.option("--dry-run", is_flag=True, help="Nur anzeigen, was fällig ist (wie „Aufbewahrung“)")
@with_schema
def retention_command(dry_run: bool) -> None:
    """Zeigen, welche Datensätze nach den Aufbewahrungsfristen fällig sind. Gelöscht wird nur
    auf der Seite „Aufbewahrung“, nach einem beantworteten Archivangebot."""
    from datetime import date

    from .retention import due

    if not dry_run:
        raise click.ClickException(
            "Ohne --dry-run wird nichts gelöscht: Anonymisiert wird nur auf der Seite "
            "„Aufbewahrung“ (Verwaltung), nachdem das Archivangebot beantwortet ist."
        )
    report = due(db.session, date.today())
    for section in report.sections:
        click.echo(f"{section.title} ({section.rule}): {len(section.rows)} fällig")
        for row in section.rows:
            click.echo(f"  Nr. {row.id} {row.name}: {row.reason}")
    click.echo(f"Probelauf: {report.total} Datensätze fällig; nichts geändert.")


@crm_cli.command("send-mail")
@click.option("--limit", type=click.IntRange(1), help="Höchstens so viele Mails")
@with_schema
def send_mail_command(limit: int | None) -> None:
    """Die wartenden Mails des Postausgangs senden (ohne MAIL_SERVER: als .eml-Dateien in den
    Ordner instance/outbox). Fehlgeschlagene werden nach einer Pause erneut versucht, höchstens
    dreimal. Regelmäßig laufen lassen, z. B. alle 15 Minuten."""
    from .outbox import deliver

    counts = deliver(db.session, current_app.config, limit=limit)
    click.echo(
        f"{counts.sent} gesendet, {counts.waiting} warten auf einen neuen Versuch, "
        f"{counts.failed} endgültig fehlgeschlagen."
    )
    if counts.last_error:
        click.echo(f"Letzter Fehler: {counts.last_error}", err=True)


def _sqlite_file() -> Path:
    from .instance_files import sqlite_path

    path = sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if path is None:
        raise click.ClickException(
            "Sicherung und Wiederherstellung gelten für SQLite; PostgreSQL sichert "
            "pg_dump (siehe README, Abschnitt Sicherheit)."
        )
    return path


@crm_cli.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_schema
def backup_command(file: Path) -> None:
    """Die SQLite-Datenbank im laufenden Betrieb in eine neue Datei sichern (nur für den Besitzer
    lesbar)."""
    from .audit import record
    from .backup import BackupError, backup

    try:
        backup(_sqlite_file(), file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    record("backup", file=file.name)
    db.session.commit()
    click.echo(f"Gesichert: {file}")


@crm_cli.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Ohne Rückfrage")
def restore_command(file: Path, yes: bool) -> None:
    """Eine Sicherung prüfen und an die Stelle der SQLite-Datenbank setzen."""
    from .audit import record
    from .backup import BackupError, check_backup, restore

    database = _sqlite_file()
    try:
        revision = check_backup(file)
        if not yes:
            click.confirm(
                f"Die Datenbank {database} durch die Sicherung {file} (Stand {revision}) "
                "ersetzen? Was seit der Sicherung eingetragen wurde, geht verloren.",
                abort=True,
            )
        restore(file, database)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    db.engine.dispose()  # no connection of before goes on with the old pages
    record("restore", file=file.name, revision=revision)
    db.session.commit()
    click.echo(
        f"Wiederhergestellt aus {file} (Datenbankstand {revision}). Bitte Lotse neu starten."
    )


@crm_cli.command("import")
@click.argument("kind", type=click.Choice(["contacts", "organisations", "volunteers", "offers"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--on-duplicate",
    type=click.Choice(["skip", "update", "fill"]),
    default="skip",
    show_default=True,
    help="Zeilen, die einem vorhandenen Eintrag gleichen: überspringen, aktualisieren "
    "oder nur leere Felder füllen",
)
@click.option(
    "--create-missing",
    is_flag=True,
    help="Unbekannte Organisationen, Kommunen und Schlagworte anlegen (sonst sind Zeilen, "
    "die sie nennen, fehlerhaft)",
)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='Zuordnung der Spalten als JSON: {"Spalte": "Feld" oder null}',
)
@click.option("--dry-run", is_flag=True, help="Nur prüfen und zeigen, nichts schreiben")
@with_schema
def import_command(
    kind: str,
    file: Path,
    on_duplicate: str,
    create_missing: bool,
    mapping: Path | None,
    dry_run: bool,
) -> None:
    """Kontakte, Organisationen, Ehrenamtliche oder Angebote aus einer CSV- oder XLSX-Datei
    importieren: alles oder nichts."""
    from .imports import KINDS, ImportFileError, plan_import, read_table
    from .imports.mappings import columns_from_mapping, read_mapping_file
    from .imports.undo import apply_undoable

    try:
        table = read_table(file.name, file.read_bytes())
        columns = None
        if mapping is not None:
            columns = columns_from_mapping(
                KINDS[kind], table.header, read_mapping_file(mapping.read_bytes())
            )
        plan = plan_import(
            db.session, kind, table, on_duplicate, columns, create_missing=create_missing
        )
    except ImportFileError as error:
        raise click.ClickException(str(error)) from None
    for row in plan.rows:
        for message in row.errors:
            click.echo(message, err=True)
    for record in plan.new_records:
        click.echo(f"Wird angelegt: {record}")
    counts = plan.counts
    click.echo(
        f"{counts['create']} neu, {counts['update']} aktualisiert, "
        f"{counts['skip']} übersprungen, {counts['fail']} fehlerhaft"
    )
    if plan.failed:
        db.session.rollback()
        raise click.ClickException("Die Datei hat fehlerhafte Zeilen; es wurde nichts importiert.")
    if dry_run:
        db.session.rollback()
        click.echo("Probelauf: nichts geschrieben.")
        return
    try:
        run = apply_undoable(db.session, plan, file.name)
        db.session.commit()
    except RuleError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"Importiert aus {file.name} (Import Nr. {run.id}).")


@crm_cli.command("undo-import")
@click.argument("import_id", type=click.IntRange(1, 2**31 - 1))
@with_schema
def undo_import_command(import_id: int) -> None:
    """Einen Import als Ganzes rückgängig machen, solange seine Einträge unverändert sind."""
    from .imports.undo import undo_import
    from .models import ImportRun

    run = db.session.get(ImportRun, import_id)
    if run is None:
        raise click.ClickException(f"Einen Import Nr. {import_id} gibt es nicht.")
    try:
        undo_import(db.session, run)
        db.session.commit()
    except RuleError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"Import Nr. {import_id} ({run.file_name}) ist rückgängig gemacht.")


@crm_cli.command("send-reminders")
@click.option("--dry-run", is_flag=True, help="Nur zeigen, was verschickt würde; nichts schreiben")
@click.option(
    "--today", type=click.DateTime(["%Y-%m-%d"]), help="Stichtag JJJJ-MM-TT (sonst heute)"
)
@click.option("--base-url", help="Adresse von Lotse für die Links (sonst die Einstellung BASE_URL)")
@with_schema
def send_reminders_command(dry_run: bool, today, base_url: str | None) -> None:
    """Erinnerungen berechnen (Übersichten an das Team, Erinnerungen an Partner und
    Ehrenamtliche), in den Postausgang legen und versenden. Täglich laufen lassen."""
    from datetime import date

    from .outbox import deliver
    from .reminder_mails import Links, planned_mails
    from .reminders import fresh, queue

    config = current_app.config
    base = (base_url or config.get("BASE_URL") or "").rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise click.ClickException(
            "Für die Links in den E-Mails fehlt die Adresse von Lotse: bitte BASE_URL setzen "
            "oder --base-url https://lotse.example.de angeben."
        )
    day = today.date() if today else date.today()
    mails = planned_mails(db.session, day, Links(base), config, config.get("MAIL_FROM"))
    planned = fresh(db.session, mails)
    for mail in planned:
        click.echo(f"An {mail.to}: {mail.subject}")
        for line in mail.lines:
            click.echo(f"  - {line}")
    if dry_run:
        db.session.rollback()
        click.echo(f"Probelauf: {len(planned)} E-Mail(s) würden verschickt; nichts geschrieben.")
        return
    outcome = queue(db.session, planned, day)
    for refusal in outcome.refused:
        click.echo(f"Nicht verschickt an {refusal}: keine E-Mail erlaubt.", err=True)
    counts = deliver(db.session, config)
    click.echo(
        f"{outcome.queued} E-Mail(s) in den Postausgang gelegt; zugestellt: {counts.sent}, "
        f"warten: {counts.waiting}, fehlgeschlagen: {counts.failed}."
    )
    if counts.waiting or counts.failed:
        raise click.ClickException(
            "Nicht alle E-Mails konnten zugestellt werden (Mailserver nicht erreichbar oder "
            "abgelehnt). Sie bleiben im Postausgang; „crm send-mail“ und der nächste Lauf "
            f"versuchen es erneut. Letzter Fehler: {counts.last_error}"
        )

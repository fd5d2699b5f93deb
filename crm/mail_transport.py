"""How a mail leaves Lotse: through an SMTP server (STARTTLS or SSL, a login if configured),
or, without MAIL_SERVER, as an .eml file in the instance folder. A refusal, an unreachable
server or a full disk comes back as an error text, never as an exception: the outbox records
it and tries again later, and the page that asked for the mail still answers."""

import smtplib
import ssl
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

from .instance_files import write_owner_only

# Seconds to wait for the server: a page that sends invitations must not hang for minutes.
TIMEOUT = 10


class SMTPTransport:
    """One connection for a whole delivery run. A server that cannot be reached is tried once
    per run: the mails after it record the same error instead of waiting again."""

    def __init__(self, config: Mapping):
        self.config = config
        self.connection: smtplib.SMTP | None = None
        self.broken: str | None = None

    def send(self, sender: str, recipient: str, message: bytes, name: str) -> str | None:
        """None when the server took the mail, else what went wrong (German)."""
        if self.broken:
            return self.broken
        try:
            if self.connection is None:
                self.connection = self._connect()
            self.connection.sendmail(sender, [recipient], message)
            return None
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            return _refused(code, text)
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            return _refused(error.smtp_code, error.smtp_error)
        except (smtplib.SMTPException, OSError) as error:
            self.broken = f"Mailserver nicht erreichbar: {_describe(error)}"
            self.close()
            return self.broken

    def _connect(self) -> smtplib.SMTP:
        host, port = self.config["MAIL_SERVER"], int(self.config["MAIL_PORT"])
        if self.config.get("MAIL_USE_SSL"):
            smtp = smtplib.SMTP_SSL(
                host, port, timeout=TIMEOUT, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(host, port, timeout=TIMEOUT)
            if self.config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
        if self.config.get("MAIL_USERNAME"):
            smtp.login(self.config["MAIL_USERNAME"], self.config.get("MAIL_PASSWORD") or "")
        return smtp

    def close(self) -> None:
        if self.connection is not None:
            with suppress(smtplib.SMTPException, OSError):  # the server went away on its own
                self.connection.quit()
            self.connection = None


class FolderTransport:
    """Without a mail server: every mail as ``<name>.eml`` in MAIL_FOLDER, readable by the
    owner only (it holds names and addresses)."""

    def __init__(self, config: Mapping):
        self.folder = Path(config["MAIL_FOLDER"])

    def send(self, sender: str, recipient: str, message: bytes, name: str) -> str | None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_owner_only(self.folder / f"{name}.eml", message)
            return None
        except OSError as error:
            return f"Ablage im Ordner {self.folder} nicht möglich: {_describe(error)}"

    def close(self) -> None:
        pass


def transport(config: Mapping) -> SMTPTransport | FolderTransport:
    return SMTPTransport(config) if config.get("MAIL_SERVER") else FolderTransport(config)


def _refused(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"Vom Mailserver abgelehnt: {code} {text}"


def _describe(error: Exception) -> str:
    return str(error) or type(error).__name__

"""A real SMTP server in the test process (aiosmtpd on a free port), so that mail tests read
back what a server received: ``smtp_server.messages`` parsed with ``email``; it refuses every
recipient after ``smtp_server.refuse()``. The app under test sends to it while the fixture
runs; ``down_smtp`` points the app at a port where nothing listens."""

import email
import email.policy
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage


@dataclass
class Recorder:
    """The server's handler: keeps every message, or refuses recipients with ``refusal``."""

    received: list[Received] = field(default_factory=list)
    refusal: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusal:
            return self.refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self):
        self.recorder = Recorder()
        self.port = free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [r.message for r in self.recorder.received]

    @property
    def received(self) -> list[Received]:
        return self.recorder.received

    def refuse(self, reply: str = "550 5.1.1 Mailbox unavailable") -> None:
        self.recorder.refusal = reply

    def accept(self) -> None:
        self.recorder.refusal = None

    @property
    def config(self) -> dict:
        return mail_config(self.port)


def mail_config(port: int) -> dict:
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
    }


@pytest.fixture
def smtp_server(app, monkeypatch):
    """The server, running; the app sends its mail there for this test."""
    server = SMTPServer()
    server.controller.start()
    for key, value in server.config.items():
        monkeypatch.setitem(app.config, key, value)
    yield server
    server.controller.stop()


@pytest.fixture
def down_smtp(app, monkeypatch):
    """The app's mail server is a port where nothing listens: every connection is refused."""
    for key, value in mail_config(free_port()).items():
        monkeypatch.setitem(app.config, key, value)
    return app.config

"""A small SMTP server on 127.0.0.1 for tests: it refuses the attempts it is told to
refuse (with a 4xx, as a mail server that is busy or greylisting does) and keeps what it
accepts. Standard library only.

    with SMTPServer(refuse={1, 2}, stage="rcpt") as server:
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        ...
        server.delivered  # [Delivery(recipients=[...], message=EmailMessage), ...]

An attempt is one message: MAIL FROM to the end of DATA, counted from 1 across all
connections. `stage` says where a refused attempt is refused: at "rcpt" (RCPT TO) or at
"data" (after the whole message was sent, 451 instead of 250: the message is not kept).
"""

import email
import email.policy
import socketserver
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage

REFUSAL = b"451 4.3.0 Try again later\r\n"


@dataclass
class Delivery:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class Refusal:
    attempt: int
    stage: str
    recipients: list[str]


@dataclass
class _State:
    refuse: set[int] | None  # None: refuse every attempt
    stage: str
    attempts: int = 0
    delivered: list[Delivery] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_attempt(self) -> int:
        with self.lock:
            self.attempts += 1
            return self.attempts

    def refuses(self, attempt: int, stage: str) -> bool:
        with self.lock:
            return stage == self.stage and (self.refuse is None or attempt in self.refuse)


def _address(argument: str) -> str:
    """The address in `TO:<a@b> …` or `FROM:<a@b> …`."""
    value = argument.split(":", 1)[1].strip()
    return value[1 : value.index(">")] if value.startswith("<") else value.split()[0]


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line: bytes) -> None:
        self.wfile.write(line)
        self.wfile.flush()

    def handle(self) -> None:
        state: _State = self.server.state
        self.reply(b"220 127.0.0.1 test SMTP ready\r\n")
        sender, recipients, attempt = "", [], 0
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").rstrip("\r\n")
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply(b"250 127.0.0.1\r\n")
            elif verb == "MAIL":
                sender, recipients, attempt = _address(command), [], state.next_attempt()
                self.reply(b"250 2.1.0 OK\r\n")
            elif verb == "RCPT":
                address = _address(command)
                if state.refuses(attempt, "rcpt"):
                    with state.lock:
                        state.refused.append(Refusal(attempt, "rcpt", [address]))
                    self.reply(REFUSAL)
                else:
                    recipients.append(address)
                    self.reply(b"250 2.1.5 OK\r\n")
            elif verb == "DATA":
                if not recipients:
                    self.reply(b"503 5.5.1 No valid recipients\r\n")
                    continue
                self.reply(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                if state.refuses(attempt, "data"):
                    with state.lock:
                        state.refused.append(Refusal(attempt, "data", recipients))
                    self.reply(REFUSAL)
                else:
                    message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                    with state.lock:
                        state.delivered.append(Delivery(sender, recipients, message))
                    self.reply(b"250 2.0.0 Queued\r\n")
                sender, recipients = "", []
            elif verb == "RSET":
                sender, recipients = "", []
                self.reply(b"250 2.0.0 OK\r\n")
            elif verb == "NOOP":
                self.reply(b"250 2.0.0 OK\r\n")
            elif verb == "QUIT":
                self.reply(b"221 2.0.0 Bye\r\n")
                return
            else:
                self.reply(b"502 5.5.2 Command not implemented\r\n")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPServer:
    """The server, listening on a free port while the `with` block runs."""

    def __init__(self, *, refuse: set[int] | None = frozenset(), stage: str = "rcpt") -> None:
        if stage not in ("rcpt", "data"):
            raise ValueError(f"refuse at 'rcpt' or 'data', not {stage!r}")
        self._state = _State(refuse=None if refuse is None else set(refuse), stage=stage)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "SMTPServer":
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = self._state
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    @property
    def host(self) -> str:
        return self._server.server_address[0]

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def accept_all(self) -> None:
        """From now on, take every message."""
        with self._state.lock:
            self._state.refuse = set()

    @property
    def attempts(self) -> int:
        with self._state.lock:
            return self._state.attempts

    @property
    def delivered(self) -> list[Delivery]:
        with self._state.lock:
            return list(self._state.delivered)

    @property
    def refused(self) -> list[Refusal]:
        with self._state.lock:
            return list(self._state.refused)

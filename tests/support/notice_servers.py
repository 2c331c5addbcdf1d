"""Real local endpoints for the notices' tests: an SMTP server (aiosmtpd) and an HTTP webhook (http.server on a
thread), each recording what it received; either can be started on a port reserved beforehand, so a test can
have the port refuse connections first and come up later.  The webhooks listen on 127.0.0.1, which the channel
refuses unless allowed: ``LOOPBACK`` is that allowance (what ``contacts allow-network 127.0.0.1`` stores)."""

from __future__ import annotations

import email
import email.policy
import ipaddress
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"),)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(msg)
        return "250 OK"

    def start(self) -> SmtpServer:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def received(self) -> list[tuple[str, str, str]]:
        """(to, subject, body) of each message, in order of arrival."""
        with self._lock:
            return [(m["To"], str(m["Subject"]), m.get_content()) for m in self.messages]


class WebhookServer:
    def __init__(
        self, port: int | None = None, status: int = 200, location: str | None = None, host: str = "127.0.0.1"
    ):
        self.host = host
        self.port = port or free_port()
        self.status = status
        self.location = location  # sent with a 3xx
        self.hits = 0  # every request, whatever it was answered
        self.posts: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> WebhookServer:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with outer._lock:
                    outer.hits += 1
                    if outer.status < 300:
                        outer.posts.append((self.path, json.loads(body.decode("utf-8"))))
                self.send_response(outer.status)
                if outer.location:
                    self.send_header("Location", outer.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST  # a client following a 302 with a GET is counted too

            def log_message(self, *args):  # quiet
                pass

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def received(self) -> list[tuple[str, dict]]:
        with self._lock:
            return list(self.posts)

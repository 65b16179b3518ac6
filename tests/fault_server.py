"""A loopback HTTP server that misbehaves on schedule, for testing generated clients.

Each request carries an ``X-Request-Id`` (the same on every retry of one call). The
schedule maps a request id to the faults its first attempts meet; once they are used up,
the server answers normally. The server keeps an item store and counts *applications*:
a POST appends (each execution is one application), a PUT or PATCH writes a value (an
application only when it changes the stored value), a GET reads. A POST with an
``Idempotency-Key`` is applied once per key and replayed after that, as servers that
accept such keys do. ``duplicates`` lists request ids applied more than once.

Faults: ``500``, ``502``, ``503``, ``408`` (answered before applying anything);
``429`` with ``Retry-After`` in seconds (``429s``), as an HTTP date (``429d``), as a
rate-limit reset header (``429r``) or too long to wait for (``429long``); ``drop`` (the
connection closes before a response, nothing applied); and the dangerous ones, applied
first: ``slow`` (the answer comes after the client's timeout), ``truncate`` (the body is
cut short) and ``drop_after`` (the connection closes after applying).
"""

from __future__ import annotations

import email.utils
import http.server
import json
import threading
import time
from collections import Counter, defaultdict
from typing import Any

BEFORE_APPLY = ("500", "502", "503", "408", "429s", "429d", "429r", "429long", "drop")
AFTER_APPLY = ("slow", "truncate", "drop_after")
FAULTS = BEFORE_APPLY + AFTER_APPLY


class _QuietServer(http.server.ThreadingHTTPServer):
    """Clients that gave up (a timeout) close their end; writing to it is expected."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class FaultServer:
    """The server, its schedule and what it saw. Use :meth:`start` and :meth:`stop`."""

    def __init__(self, slow_seconds: float = 0.6) -> None:
        self.slow_seconds = slow_seconds
        self.schedule: dict[str, list[str]] = {}
        self.attempts: Counter[str] = Counter()
        self.applications: Counter[str] = Counter()
        self.store: dict[str, Any] = {}
        self.replays: dict[str, bytes] = {}
        self.posted: list[Any] = []
        self.seen_headers: list[dict[str, str]] = []
        self.lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    @property
    def duplicates(self) -> list[str]:
        return sorted(rid for rid, n in self.applications.items() if n > 1)

    def next_fault(self, request_id: str) -> str | None:
        with self.lock:
            attempt = self.attempts[request_id]
            self.attempts[request_id] += 1
        faults = self.schedule.get(request_id, [])
        return faults[attempt] if attempt < len(faults) else None

    def apply(self, method: str, path: str, request_id: str, headers: dict[str, str], body: Any) -> tuple[int, bytes]:
        """Carry out the request; return the status and JSON body of its normal answer."""
        item = path.rsplit("/", 1)[-1]
        with self.lock:
            if method == "GET":
                return 200, json.dumps({"id": item, "value": self.store.get(item)}).encode()
            if method in ("PUT", "PATCH"):
                if self.store.get(item) != body:
                    self.store[item] = body
                    self.applications[request_id] += 1
                return 200, json.dumps({"id": item, "value": body}).encode()
            key = headers.get("idempotency-key")
            if key is not None and key in self.replays:
                return 201, self.replays[key]
            self.posted.append(body)
            self.applications[request_id] += 1
            answer = json.dumps({"id": str(len(self.posted)), "value": body}).encode()
            if key is not None:
                self.replays[key] = answer
            return 201, answer


def _handler(server: FaultServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            with server.lock:
                server.seen_headers.append(headers)
            request_id = headers.get("x-request-id", "")
            fault = server.next_fault(request_id)
            if fault in ("500", "502", "503", "408"):
                return self._answer(int(fault), b'{"message": "fault ' + fault.encode() + b'"}')
            if fault == "429s":
                return self._answer(429, b'{"message": "slow down"}', {"Retry-After": "1"})
            if fault == "429d":
                date = email.utils.formatdate(time.time() + 3, usegmt=True)
                return self._answer(429, b'{"message": "slow down"}', {"Retry-After": date})
            if fault == "429r":
                return self._answer(429, b'{"message": "slow down"}', {"X-RateLimit-Reset": "2"})
            if fault == "429long":
                return self._answer(429, b'{"message": "come back tomorrow"}', {"Retry-After": "86400"})
            if fault == "drop":
                return self._drop()
            body = json.loads(raw) if raw else None
            status, answer = server.apply(self.command, self.path, request_id, headers, body)
            if fault == "slow":
                time.sleep(server.slow_seconds)
                return self._answer(status, answer)
            if fault == "truncate":
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer) + 100))
                self.end_headers()
                self.wfile.write(answer[: len(answer) // 2])
                return self._drop()
            if fault == "drop_after":
                return self._drop()
            if self.path.startswith("/status/"):  # /status/401 answers that status
                return self._answer(int(self.path.rsplit("/", 1)[-1]), b'{"message": "denied"}')
            return self._answer(status, answer)

        def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _drop(self) -> None:
            self.close_connection = True
            try:
                self.wfile.flush()
                self.connection.shutdown(2)
            except OSError:
                pass

        do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = _serve  # noqa: N815 - http.server's names

    return Handler


def tally(values: list[str]) -> dict[str, int]:
    """A sorted count of ``values`` (for reports)."""
    counts: defaultdict[str, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    return dict(sorted(counts.items()))

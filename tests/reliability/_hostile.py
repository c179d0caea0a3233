"""Hostile loopback servers for the reliability suite: raw sockets on 127.0.0.1 that redirect,
stall, dribble, lie and corrupt, driven by a per-test handler.

Every server is bounded: it stops by itself after `lifetime` seconds or `max_requests`
requests (whichever comes first), and `with hostile(...)` shuts it down on exit. Only
127.0.0.1 is ever bound. IAM's token endpoint is answered by `iam` (a normal token by default),
so handlers only script the API.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs

CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/abc:0123-4567::"
API_KEY = "HostileKey-0123456789abcdef+/=XYZ"  # has characters URL encoding changes


@attrs.define
class Req:
    """One request the server read: method, path, query, headers (lower-case), body, peer port."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    peer_port: int

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query)

    def json(self) -> Any:
        return json.loads(self.body or b"null")


class Conn:
    """The answer side of one request: write a whole answer, raw bytes, or hang up."""

    def __init__(self, sock: socket.socket, stop: threading.Event) -> None:
        self.sock = sock
        self.stop = stop
        self.closed = False

    def raw(self, data: bytes) -> None:
        with contextlib.suppress(OSError):
            self.sock.sendall(data)

    def answer(
        self,
        status: int,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        raw_body: bytes | None = None,
    ) -> None:
        data = raw_body if raw_body is not None else json.dumps(body).encode()
        head = {"Content-Type": "application/json", "Content-Length": str(len(data))}
        head.update(headers or {})
        lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in head.items()]
        self.raw(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data)

    def head(self, status: int, headers: dict[str, str]) -> None:
        lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers.items()]
        self.raw(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def sleep(self, seconds: float) -> None:
        """Stall (ends early when the server stops)."""
        self.stop.wait(seconds)

    def hang_up(self) -> None:
        self.closed = True
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


Handler = Callable[[Req, Conn], None]


def token_answer(req: Req, conn: Conn) -> None:
    """A normal IAM answer."""
    conn.answer(200, {"access_token": "hostile-bearer", "expires_in": 3600})


class HostileServer:
    """A scripted HTTP/1.1 server on 127.0.0.1 (keep-alive, one thread per connection)."""

    def __init__(
        self,
        handler: Handler,
        *,
        iam: Handler = token_answer,
        max_requests: int = 200,
        lifetime: float = 20.0,
    ) -> None:
        self.handler = handler
        self.iam = iam
        self.max_requests = max_requests
        self.deadline = time.monotonic() + lifetime
        self.requests: list[Req] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.threads: list[threading.Thread] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return self.root + "/api"

    def api(self, method: str | None = None, path: str | None = None) -> list[Req]:
        """The API requests seen (token exchanges left out), optionally by method and path."""
        with self.lock:
            seen = [r for r in self.requests if r.path != "/identity/token"]
        return [
            r
            for r in seen
            if (method is None or r.method == method) and (path is None or r.path == path)
        ]

    def _over(self) -> bool:
        return self.stop.is_set() or time.monotonic() > self.deadline

    def _serve(self) -> None:
        while not self._over():
            try:
                sock, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            thread = threading.Thread(target=self._connection, args=(sock,), daemon=True)
            self.threads.append(thread)
            thread.start()
        self.listener.close()

    def _read_request(self, sock: socket.socket, buffer: bytearray) -> Req | None:
        while b"\r\n\r\n" not in buffer:
            if self._over():
                return None
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                return None
            buffer += chunk
        head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        length = int(headers.get("content-length") or 0)
        body = bytearray(rest)
        while len(body) < length:
            if self._over():
                return None
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                return None
            body += chunk
        buffer[:] = body[length:]
        return Req(method, target, headers, bytes(body[:length]), sock.getpeername()[1])

    def _connection(self, sock: socket.socket) -> None:
        sock.settimeout(0.05)
        conn = Conn(sock, self.stop)
        buffer = bytearray()
        try:
            while not conn.closed and not self._over():
                req = self._read_request(sock, buffer)
                if req is None:
                    break
                with self.lock:
                    if len(self.requests) >= self.max_requests:
                        self.stop.set()
                        break
                    self.requests.append(req)
                sock.settimeout(None)
                (self.iam if req.path == "/identity/token" else self.handler)(req, conn)
                sock.settimeout(0.05)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sock.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        for thread in self.threads:
            thread.join(5)


@contextlib.contextmanager
def hostile(handler: Handler, **kwargs: Any) -> Iterator[HostileServer]:
    """Run a HostileServer for the block; it is stopped on exit whatever happened."""
    server = HostileServer(handler, **kwargs)
    try:
        yield server
    finally:
        server.close()


def client_kwargs(server: HostileServer, **extra: Any) -> dict[str, Any]:
    """Constructor arguments for a client of `server` (API key, CRN, both URLs)."""
    return {
        "token": API_KEY,
        "instance": CRN,
        "url": server.url,
        "iam_url": server.root,
        **extra,
    }


def job_json(
    job_id: str, status: str = "Completed", tags: list[str] | None = None
) -> dict[str, Any]:
    """A job document as GET /jobs/{id} and GET /jobs answer it."""
    return {
        "id": job_id,
        "backend": "ibm_fez",
        "program": {"id": "sampler"},
        "state": {"status": status},
        "status": status,
        "created": "2026-01-01T00:00:00Z",
        "cost": 0,
        "tags": tags or [],
    }


def jobs_page(
    jobs: list[dict[str, Any]], *, offset: int = 0, limit: int = 200, count: int | None = None
) -> dict[str, Any]:
    """A GET /jobs answer."""
    return {
        "jobs": jobs,
        "offset": offset,
        "limit": limit,
        "count": len(jobs) if count is None else count,
    }

"""A tiny real HTTP server on 127.0.0.1 playing IAM and the API, so the client's real transports
(sockets, streaming bodies, connection reuse) are exercised, not only httpx.MockTransport."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class LoopbackState:
    """What the server answers and what it saw."""

    def __init__(self) -> None:
        self.tokens_issued = 0
        self.revoked: set[str] = set()
        #: Statuses to answer the next API requests with, before the normal answer.
        self.statuses: list[int] = []
        self.seen: list[tuple[str, str, dict[str, str], bytes]] = []
        self.lock = threading.Lock()


def _handler(state: LoopbackState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else delayed ACKs add ~40 ms per answer

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _answer(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with state.lock:
                state.seen.append((self.command, self.path, dict(self.headers), body))
                if self.path == "/identity/token":
                    state.tokens_issued += 1
                    token = f"loopback-token-{state.tokens_issued}"
                    return self._answer(200, {"access_token": token, "expires_in": 3600})
                bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if bearer in state.revoked:
                    return self._answer(401, {"errors": [{"code": "1201", "message": "expired"}]})
                if state.statuses:
                    status = state.statuses.pop(0)
                    return self._answer(status, {"errors": [{"code": "x", "message": "busy"}]})
            self._answer(200, {"path": self.path, "echo": body.decode() or None})

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    return Handler


@contextmanager
def loopback_server() -> Iterator[tuple[str, LoopbackState]]:
    """Serve on a free port; yields (root URL, state)."""
    state = LoopbackState()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

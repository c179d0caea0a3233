"""A log of the requests the emulator received, with secrets removed, for tests to inspect."""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from werkzeug.wrappers import Request

REDACTED = "<redacted>"
_SECRET_FIELDS = frozenset({"apikey", "api_key", "access_token", "refresh_token", "token"})


@dataclass
class RecordedRequest:
    """One request as received: no Authorization value, no API key."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    time: float
    #: the status answered, or None when the connection was dropped
    status: int | None = None
    #: the injected fault that shaped the answer, if any ("error", "html", "drop", ...)
    fault: str | None = None
    #: more about the answer: "operation" ("GET /jobs/{id}": method and spec path without /v1,
    #: the same for every spec edition), "delay", "status_not_sent"
    extra: dict[str, Any] = field(default_factory=dict)


def _redact_header(name: str, value: str) -> str:
    if name == "authorization":
        scheme = value.split(" ", 1)[0]
        return f"{scheme} {REDACTED}" if " " in value else REDACTED
    return value


def _body(request: Request) -> Any:
    if request.mimetype == "application/x-www-form-urlencoded":
        return {
            key: REDACTED if key.lower() in _SECRET_FIELDS else value
            for key, value in request.form.items()
        }
    data = request.get_data(cache=True)
    if not data:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return data.decode("utf-8", "replace")


#: requests kept (the oldest are forgotten), so a long-running emulator does not grow forever
MAX_RECORDED = 10_000


class Recorder:
    """Thread-safe log of the last MAX_RECORDED requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: deque[RecordedRequest] = deque(maxlen=MAX_RECORDED)

    def add(self, request: Request, now: float) -> RecordedRequest:
        """Record `request` (reading its body) and return the entry to complete later."""
        item = RecordedRequest(
            method=request.method,
            path=request.path,
            query={key: request.args.getlist(key) for key in request.args},
            headers={k.lower(): _redact_header(k.lower(), v) for k, v in request.headers.items()},
            body=_body(request),
            time=now,
        )
        with self._lock:
            self._items.append(item)
        return item

    def items(self) -> list[RecordedRequest]:
        """A copy of everything recorded, oldest first."""
        with self._lock:
            return list(self._items)

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """How many recorded requests match `method` and the path glob `path`."""
        return sum(
            1
            for item in self.items()
            if (method is None or item.method == method.upper())
            and (path is None or fnmatchcase(item.path, path))
        )

    def clear(self) -> None:
        """Forget everything recorded."""
        with self._lock:
            self._items.clear()

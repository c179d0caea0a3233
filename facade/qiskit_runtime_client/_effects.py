"""The sans-IO vocabulary shared by sync and async code.

Every operation is written once, as a generator (a *flow*) that yields effects: a `Call` to send
or a `Sleep` to wait. The sync and async runners perform them and send back a `Reply` (or throw
the typed error into the flow); only they know about blocking or awaiting.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import attrs
import httpx

T = TypeVar("T")

Expect = Literal["json", "text", "empty"]


@attrs.frozen
class Call:
    """One API request: `path` is relative to the service root; params may hold lists."""

    method: str
    path: str
    params: Mapping[str, Any] | None = None
    json: Any = None
    expect: Expect = "json"
    #: Overrides the client's timeout (job submission gets a longer read/write budget).
    timeout: httpx.Timeout | None = None
    #: None: by method (GET/PUT/PATCH/DELETE are idempotent, POST is not).
    idempotent: bool | None = None


@attrs.frozen
class Sleep:
    """Wait this many seconds (through the client's clock, so tests are instant)."""

    seconds: float


@attrs.frozen
class Reply:
    """What a Call got back: status, headers and the body as JSON, text or None."""

    status_code: int
    headers: Mapping[str, str]
    data: Any


Effect = Call | Sleep
Flow = Generator[Effect, Any, T]


def call(flow_call: Call) -> Generator[Effect, Any, Any]:
    """Yield one Call and return its body: `data = yield from call(Call(...))`."""
    reply: Reply = yield flow_call
    return reply.data


def segment(value: str, field: str, *, max_length: int = 128) -> str:
    """A path segment from a user-given id: checked, then percent-encoded (no '/' or '..')."""
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a string, got {type(value).__name__}")
    if not value or not value.strip():
        raise ValueError(f"{field} must be a non-empty string")
    if len(value) > max_length:
        raise ValueError(f"{field} must be at most {max_length} characters, got {len(value)}")
    if value in {".", ".."} or any(ch in value for ch in "/\\?#%") or not value.isprintable():
        raise ValueError(
            f"{field} {value!r} has characters not allowed in an id ('/', '\\\\', '?', '#', '%', "
            "control characters, or '.'/'..')"
        )
    return quote(value, safe="")

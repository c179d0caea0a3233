"""The sans-IO vocabulary shared by sync and async code.

Every operation is written once, as a generator (a *flow*) that yields effects: a `Call` to send
or a `Sleep` to wait. The sync and async runners perform them and send back a `Reply` (or throw
the typed error into the flow); only they know about blocking or awaiting.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import quote

import attrs
import httpx

from qiskit_runtime_client._redact import redact_secret
from qiskit_runtime_client.errors import UnexpectedResponseError

T = TypeVar("T")
R = TypeVar("R")

Expect = Literal["json", "text", "empty"]

#: What generated model parsing raises when an answer does not have the documented shape.
_PARSE_ERRORS = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    IndexError,
    OverflowError,
    RecursionError,
)


def _no_parse(status_code: int, data: Any) -> Any:
    return data


@attrs.frozen
class Call(Generic[R]):
    """One API request, built by a generated request builder (see `_api`), and how to read it.

    `path` is relative to the service root; params may hold lists. `parse` is the generated
    operation's `parse_ok(status, data)`: it turns the decoded answer into generated models.
    """

    method: str
    path: str
    params: Mapping[str, Any] | None = None
    json: Any = None
    expect: Expect = "json"
    #: Overrides the client's timeout (job submission gets a longer read/write budget).
    timeout: httpx.Timeout | None = None
    #: None: by method (GET/PUT/PATCH/DELETE are idempotent, POST is not).
    idempotent: bool | None = None
    headers: Mapping[str, str] | None = None
    #: A wall-clock deadline on the client's monotonic clock: no attempt, retry or body read
    #: goes past it (waits set it from their timeout=).
    deadline: float | None = None
    parse: Callable[[int, Any], R] = _no_parse
    #: The generated operation, for messages.
    operation: str = ""

    def read(self, reply: Reply) -> R:
        """The answer as the operation's generated model; a body of another shape is typed."""
        try:
            return self.parse(reply.status_code, reply.data)
        except _PARSE_ERRORS as exc:
            shown = reply.redact(str(reply.data)[:100_000])  # redacted before it is cut
            raise UnexpectedResponseError(
                f"{self.method} {self.path} answered HTTP {reply.status_code} with a body that "
                f"does not have the documented shape ({self.operation or 'answer'}: "
                f"{type(exc).__name__}: {reply.redact(str(exc))[:200]}): {shown[:200]!r}",
                method=self.method,
                path=self.path,
                body=shown[:2000],
            ) from exc


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
    #: The client's credentials, to take out of anything shown from the answer.
    secrets: tuple[str, ...] = attrs.field(default=(), repr=False, eq=False)

    def redact(self, text: str) -> str:
        """`text` with the client's credentials (in any encoding) taken out."""
        for secret in self.secrets:
            text = redact_secret(text, secret)
        return text


Effect = Call[Any] | Sleep
Flow = Generator[Effect, Any, T]


def request(flow_call: Call[R]) -> Generator[Effect, Any, R]:
    """Yield one Call and return its answer parsed: `job = yield from request(api.get_job(id))`."""
    reply: Reply = yield flow_call
    return flow_call.read(reply)


def reply_of(flow_call: Call[Any]) -> Generator[Effect, Any, Reply]:
    """Yield one Call and return the whole Reply (status and headers too), unparsed."""
    reply: Reply = yield flow_call
    return reply


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

"""How cassettes are recorded and replayed: secret filters, URL rewriting, a JSON body matcher.

Cassettes are recorded from the local emulator (`make cassettes`) and stored as if they had been
made against the live service: emulator URLs become https://quantum.cloud.ibm.com/api/v1 and
https://iam.cloud.ibm.com, the API key, bearer tokens and IAM tokens are replaced, and the
instance CRN is a fake one. Tests replay them with record mode "none" (nothing reaches a network).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

LIVE_API_ROOT = "https://quantum.cloud.ibm.com/api/v1"
LIVE_IAM_ROOT = "https://iam.cloud.ibm.com"
#: The Service-CRN stored in cassettes (and what replaying clients send).
FAKE_CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/0000cassette:cassette-instance::"
#: The account id inside FAKE_CRN (what GET /accounts/{id} is recorded and replayed with).
FAKE_ACCOUNT_ID = "0000cassette"
#: The API key replaying clients pass; the recorded IAM bodies hold REDACTED instead.
FAKE_API_KEY = "cassette-fake-api-key"
REDACTED = "REDACTED"
SCRUBBED_TOKEN = "scrubbed-access-token"
CASSETTE_ROOT = Path(__file__).parent / "cassettes"
#: Set to 1 by scripts/record_cassettes.py: tests then run against a RuntimeEmulator and record.
RECORD_ENV = "QRC_RECORD_FROM_EMULATOR"
_TOKEN_FIELDS = ("access_token", "refresh_token", "id_token")


def cassette_dir_for(test_file: str | os.PathLike[str]) -> str:
    """tests/cassettes/<package>/<module>/ for tests/<package>/<module>.py."""
    path = Path(test_file).resolve()
    tests_root = Path(__file__).parent.resolve()
    relative = path.relative_to(tests_root).with_suffix("")
    return str(CASSETTE_ROOT / relative)


def _as_text(body: Any) -> str | None:
    if body is None:
        return None
    if isinstance(body, bytes):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return str(body)


def _rewrite(text: str, rewrites: Mapping[str, str]) -> str:
    for old, new in rewrites.items():
        text = text.replace(old, new)
    return text


def _scrub_tokens(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (SCRUBBED_TOKEN if key in _TOKEN_FIELDS and item else _scrub_tokens(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub_tokens(item) for item in value]
    return value


def make_request_hook(rewrites: Mapping[str, str]) -> Callable[[Any], Any]:
    """before_record_request: emulator URLs -> live roots (a no-op when replaying live URLs)."""

    def hook(request: Any) -> Any:
        request.uri = _rewrite(request.uri, rewrites)
        return request

    return hook


def make_response_hook(rewrites: Mapping[str, str]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """before_record_response: scrub IAM tokens, rewrite emulator URLs, drop cookies."""

    def hook(response: dict[str, Any]) -> dict[str, Any]:
        headers = response.get("headers", {})
        for name in list(headers):
            if name.lower() in {"set-cookie", "www-authenticate"}:
                del headers[name]
            elif name.lower() == "location":
                headers[name] = [_rewrite(v, rewrites) for v in headers[name]]
        text = _as_text(response.get("body", {}).get("string"))
        if text is None:
            return response
        text = _rewrite(text, rewrites)
        try:
            data = json.loads(text)
        except ValueError:
            pass
        else:
            scrubbed = _scrub_tokens(data)
            if scrubbed != data:
                text = json.dumps(scrubbed)
        body = text.encode("utf-8")
        response["body"]["string"] = body
        for name in headers:
            if name.lower() == "content-length":
                headers[name] = [str(len(body))]
        return response

    return hook


def _parsed_body(request: Any) -> tuple[str, Any]:
    raw = request.body
    if hasattr(raw, "read"):
        raw = raw.read()
    text = _as_text(raw) or ""
    if not text:
        return "empty", None
    try:
        return "json", json.loads(text)
    except ValueError:
        pass
    content_type = str(request.headers.get("content-type", ""))
    if "x-www-form-urlencoded" in content_type:
        return "form", sorted(parse_qsl(text, keep_blank_values=True))
    return "bytes", text


def json_body_matcher(r1: Any, r2: Any) -> None:
    """Bodies are equal as JSON (key order and spacing ignored), as forms, or byte for byte."""
    kind1, body1 = _parsed_body(r1)
    kind2, body2 = _parsed_body(r2)
    if (kind1, body1) != (kind2, body2):
        raise AssertionError(f"bodies differ: {kind1} {body1!r} != {kind2} {body2!r}")


def register_matchers(vcr: Any) -> None:
    """Called from the pytest_recording_configure hook (and by the recording script)."""
    vcr.register_matcher("json_body", json_body_matcher)


def vcr_config(rewrites: Mapping[str, str] | None = None) -> dict[str, Any]:
    """vcrpy options shared by every cassette test; `rewrites` maps emulator roots to live ones.

    No record_mode here: pytest-recording's default is "none", and --record-mode must win.
    """
    rewrites = dict(rewrites or {})
    return {
        "filter_headers": [
            ("authorization", REDACTED),
            ("service-crn", FAKE_CRN),
            ("cookie", None),
            ("host", None),
        ],
        "filter_post_data_parameters": [("apikey", REDACTED)],
        "decode_compressed_response": True,
        "before_record_request": make_request_hook(rewrites),
        "before_record_response": make_response_hook(rewrites),
        "match_on": ["method", "scheme", "host", "port", "path", "query", "json_body"],
    }


# --- the secret scanner -----------------------------------------------------------------------

_SECRET_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a JWT", re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")),
    ("a bearer token", re.compile(r"(?i)bearer\s+(?!REDACTED\b)[A-Za-z0-9._~+/=-]{8,}")),
    ("an apikey value", re.compile(r"(?i)apikey[\"']?\s*[:=]\s*[\"']?(?!REDACTED\b)[^\s&\"',}]+")),
    (
        "an IAM token value",
        re.compile(
            r"(?i)\"(?:access_token|refresh_token|id_token)\"\s*:\s*\""
            rf"(?!{SCRUBBED_TOKEN}\"|not_supported\")[^\"]+\""
        ),
    ),
    (
        "an unredacted Authorization header",
        re.compile(r"(?im)^[ \t]*authorization:[ \t]*\n[ \t]*-[ \t]*(?!REDACTED[ \t]*$)\S.*$"),
    ),
)


def find_secrets(text: str, extra: tuple[str, ...] = ()) -> list[str]:
    """Describe every secret-looking value in a cassette's text (empty list: clean)."""
    found = [
        f"{what}: {match.group(0)[:40]!r}"
        for what, pattern in _SECRET_PATTERNS
        for match in pattern.finditer(text)
    ]
    found += [f"a known secret {secret[:4]}...: present" for secret in extra if secret in text]
    return found


def cassette_files() -> Iterator[Path]:
    """Every cassette under tests/cassettes."""
    yield from sorted(CASSETTE_ROOT.rglob("*.yaml"))


# --- what a cassette test talks to ---------------------------------------------------------------


class CassetteTarget:
    """Builds clients for a cassette test: live roots and fake credentials when replaying, the
    RuntimeEmulator when recording (the hooks then rewrite its URLs to the live roots).

    `clock` is shared by the clients and the emulator, so tests move time without waiting.
    """

    def __init__(self, clock: Any, emulator: Any = None) -> None:
        self.clock = clock
        self.emulator = emulator

    @property
    def recording(self) -> bool:
        return self.emulator is not None

    def rewrites(self) -> dict[str, str]:
        """Emulator roots -> live roots (the API root first: IAM's root is its prefix), the
        emulator's instance CRN -> FAKE_CRN, then its account id -> FAKE_ACCOUNT_ID."""
        if self.emulator is None:
            return {}
        return {
            str(self.emulator.api_url).rstrip("/"): LIVE_API_ROOT,
            str(self.emulator.url).rstrip("/"): LIVE_IAM_ROOT,
            str(self.emulator.instance): FAKE_CRN,
            str(self.emulator.account_id): FAKE_ACCOUNT_ID,
        }

    @property
    def account_id(self) -> str:
        """The account id of the instance: the emulator's when recording, FAKE_ACCOUNT_ID else."""
        return FAKE_ACCOUNT_ID if self.emulator is None else str(self.emulator.account_id)

    @property
    def instance(self) -> str:
        """The instance CRN the clients send: the emulator's when recording, FAKE_CRN else."""
        return FAKE_CRN if self.emulator is None else str(self.emulator.instance)

    def client_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        """Constructor arguments for RuntimeClient or AsyncRuntimeClient (plus `kwargs`)."""
        kwargs.setdefault("clock", self.clock)
        if self.emulator is None:
            # the cassettes hold logical circuits, recorded with the emulator's isa=False
            return {"token": FAKE_API_KEY, "instance": FAKE_CRN, "check_isa": False, **kwargs}
        return {
            "token": self.emulator.api_key,
            "instance": self.emulator.instance,
            "url": self.emulator.api_url,
            "iam_url": self.emulator.url,
            "check_isa": False,
            **kwargs,
        }

    def client(self, **kwargs: Any) -> Any:
        """A RuntimeClient for the cassette (replay) or the emulator (recording)."""
        from qiskit_runtime_client import RuntimeClient

        return RuntimeClient(**self.client_kwargs(**kwargs))

    def async_client(self, **kwargs: Any) -> Any:
        """An AsyncRuntimeClient for the cassette (replay) or the emulator (recording)."""
        from qiskit_runtime_client import AsyncRuntimeClient

        return AsyncRuntimeClient(**self.client_kwargs(**kwargs))

    def expire_tokens(self) -> None:
        """Recording: the emulator ends every token (the next call gets 401). Replay: nothing,
        the recorded 401 plays back."""
        if self.emulator is not None:
            self.emulator.expire_tokens()


@contextmanager
def cassette_target(options: Mapping[str, Any]) -> Iterator[CassetteTarget]:
    """Replay target, or (when RECORD_ENV is 1) a RuntimeEmulator started with `options`."""
    from qiskit_runtime_client import ManualClock

    clock = ManualClock()
    if os.environ.get(RECORD_ENV) != "1":
        yield CassetteTarget(clock)
        return
    from qiskit_runtime_client.testing import RuntimeEmulator

    with RuntimeEmulator(clock=clock, **{"isa": False, **options}) as emulator:
        yield CassetteTarget(clock, emulator)

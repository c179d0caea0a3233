"""IBM Cloud Global Search for the emulator: POST /v3/resources/search, next to IAM.

Clients resolve an instance name to its CRN with it (as the official SDK does). It lists the
account's quantum-computing instances: the emulator's own (named `instance_name`) and any added
with `RuntimeEmulator.add_instance` (listed only; the API serves the emulator's own instance).
The answer has Global Search v3's shape: `{"search_cursor", "limit", "items": [{"crn", "name",
...}]}`, one page of `limit` items (1..1000, default 10) at a time; a full page carries a
`search_cursor` to send back (with the same query) for the next one, and a short or empty page
ends the results.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request, Response

from qiskit_runtime_client._constants import SEARCH_PATH
from qiskit_runtime_client.testing._errors import ApiError, json_response
from qiskit_runtime_client.testing._iam import TokenIssuer

DEFAULT_LIMIT = 10
MAX_LIMIT = 1000
#: What an item holds when the request names no `fields` (as Global Search).
DEFAULT_FIELDS = ("account_id", "name", "type", "family", "crn")


@dataclass(frozen=True)
class InstanceEntry:
    """One quantum-computing service instance, as Global Search describes it."""

    crn: str
    name: str
    region: str
    account_id: str

    def document(self) -> dict[str, Any]:
        return {
            "crn": self.crn,
            "name": self.name,
            "region": self.region,
            "account_id": self.account_id,
            "service_name": "quantum-computing",
            "type": "resource-instance",
            "family": "resource_controller",
            "resource_group_id": "0" * 32,
            "service_plan_unique_id": "emulator-plan",
            "tags": [],
        }


class InstanceDirectory:
    """The instances Global Search lists, and the cursors of searches under way."""

    def __init__(self, own: InstanceEntry) -> None:
        self._lock = threading.Lock()
        self._entries: list[InstanceEntry] = [own]
        self._cursors: dict[str, tuple[str, tuple[str, ...] | None, int]] = {}
        self.searches = 0

    def add(self, entry: InstanceEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[InstanceEntry]:
        with self._lock:
            return list(self._entries)

    def page(
        self, query: str, fields: tuple[str, ...] | None, cursor: str | None, limit: int
    ) -> dict[str, Any]:
        """One page of the search; raises ApiError for an unknown cursor or a bad query."""
        with self._lock:
            self.searches += 1
            offset = 0
            if cursor is not None:
                state = self._cursors.pop(cursor, None)
                if state is None or state[0] != query or state[1] != fields:
                    raise _search_error(
                        400,
                        "Invalid search_cursor: send the cursor of the previous page with "
                        "the same query and fields",
                    )
                offset = state[2]
            matching = [e for e in self._entries if _matches(e.document(), query)]
            chosen = matching[offset : offset + limit]
            answer: dict[str, Any] = {"limit": limit, "items": []}
            for entry in chosen:
                document = entry.document()
                wanted = fields if fields is not None else DEFAULT_FIELDS
                item = {key: document[key] for key in wanted if key in document}
                item["crn"] = entry.crn
                answer["items"].append(item)
            if len(chosen) == limit:  # maybe more: a cursor for the next page
                token = secrets.token_urlsafe(24)
                self._cursors[token] = (query, fields, offset + limit)
                answer["search_cursor"] = token
            return answer


def _matches(document: dict[str, Any], query: str) -> bool:
    """Lucene-like `key:value` terms joined by AND (the subset the emulator supports)."""
    query = query.strip()
    if query == "*":
        return True
    for term in query.split(" AND "):
        key, sep, value = term.strip().partition(":")
        if not sep or not key:
            raise _search_error(
                400,
                f"Unsupported query {query!r}: the emulator supports key:value terms joined "
                "by AND, e.g. service_name:quantum-computing",
            )
        value = value.strip().strip('"')
        if str(document.get(key.strip(), "")) != value:
            return False
    return True


def _search_error(status: int, message: str) -> ApiError:
    return ApiError(status, message, code="bad_request" if status == 400 else "not_authorized")


def _error_response(status: int, message: str) -> Response:
    """An error in the IBM Cloud platform format ({"errors": [...], "trace", "status_code"})."""
    body = {
        "errors": [{"code": "bad_request" if status < 500 else "internal", "message": message}],
        "trace": secrets.token_hex(16),
        "status_code": status,
    }
    return json_response(body, status)


def search_endpoint(
    directory: InstanceDirectory, tokens: TokenIssuer, request: Request, now: float
) -> Response:
    """POST /v3/resources/search?limit=N with {"query", "fields", "search_cursor"}."""
    if request.method != "POST":
        return _error_response(405, f"Only POST is supported on {SEARCH_PATH}")
    try:
        tokens.check(request.headers.get("Authorization"), now)
    except ApiError as error:
        return _error_response(401, error.message)
    raw_limit = request.args.get("limit")
    try:
        limit = DEFAULT_LIMIT if raw_limit is None else int(raw_limit)
    except ValueError:
        return _error_response(400, f"limit must be an integer, got {raw_limit!r}")
    if not 1 <= limit <= MAX_LIMIT:
        return _error_response(400, f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if request.mimetype != "application/json":
        return _error_response(400, "Content-Type must be application/json")
    try:
        body = json.loads(request.get_data(cache=True) or b"null")
    except ValueError:
        return _error_response(400, "The body is not valid JSON")
    if not isinstance(body, dict):
        return _error_response(400, "The body must be a JSON object with a query")
    query, fields, cursor = body.get("query"), body.get("fields"), body.get("search_cursor")
    if not isinstance(query, str) or not query.strip():
        return _error_response(400, "query is required (a Lucene query string)")
    if fields is not None and (
        not isinstance(fields, list) or not all(isinstance(f, str) for f in fields)
    ):
        return _error_response(400, "fields must be a list of strings")
    if cursor is not None and not isinstance(cursor, str):
        return _error_response(400, "search_cursor must be a string")
    try:
        page = directory.page(query, None if fields is None else tuple(fields), cursor, limit)
    except ApiError as error:
        return _error_response(error.status, error.message)
    return json_response(page)

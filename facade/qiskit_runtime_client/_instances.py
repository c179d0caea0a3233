"""Instance names resolved to CRNs with IBM Cloud Global Search, as the official SDK does.

`RuntimeClient(instance="my-instance")` keeps construction free of requests: the name is looked
up at the first request, inside the IAM auth flow (`IAMAuth`), which already holds the bearer
token the search needs and runs for every request, `client.raw` included. The lookup is
sans-IO: `Lookup` builds the search requests and reads their answers; the auth flow's sync and
async halves send them (one lookup at a time, under the token exchange's lock), so both clients
share this one core. The CRN found is kept for the client's life, shared by `with_options`
copies (they share the Connection and its auth).

The search: POST {search root}/v3/resources/search?limit=100 with the JSON body
{"query": "service_name:quantum-computing", "fields": [...], "search_cursor": ...}, following
`search_cursor` until a page comes back empty or without a cursor (IBM Cloud Global Search v3).
The search root is derived from the IAM URL in use: https://iam.<host> gives
https://api.global-search-tagging.<host>; any other IAM root (an emulator, a private IAM) is
itself the search root.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from qiskit_runtime_client._auth import MAX_SEARCH_ANSWER, IAMAuth
from qiskit_runtime_client._buffering import EXT_MAX_SIZE
from qiskit_runtime_client._constants import SEARCH_PATH
from qiskit_runtime_client._redact import redact_secret, redact_url
from qiskit_runtime_client._responses import error_from_response
from qiskit_runtime_client._retry import EXT_IDEMPOTENT
from qiskit_runtime_client.errors import (
    AmbiguousInstanceError,
    ConfigurationError,
    InstanceNotFoundError,
    UnexpectedResponseError,
)

logger = logging.getLogger("qiskit_runtime_client")

SEARCH_QUERY = "service_name:quantum-computing"
SEARCH_FIELDS = ("crn", "name", "region")
#: Items per page (Global Search's largest page is 1000; the official SDK asks for 100).
SEARCH_PAGE_SIZE = 100
#: Pages read at most (100,000 instances): a server that never ends its cursor cannot loop us.
MAX_SEARCH_PAGES = 1000
#: Longest instance name accepted (IBM Cloud resource names are at most 180 characters).
MAX_NAME_LENGTH = 180
#: A production us-east CRN: stands for "not resolved yet" when a service root is derived.
PLACEHOLDER_CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/0:0::"


def check_instance_name(name: str) -> str:
    """A usable instance name: non-empty, printable, at most MAX_NAME_LENGTH characters."""
    if not name.strip() or not name.isprintable() or len(name) > MAX_NAME_LENGTH:
        shown = repr(name[:60]) if name.isprintable() else "a value with control characters"
        raise ConfigurationError(
            "instance must be an instance CRN (crn:v1:...) or the name of an instance (printable, "
            f"at most {MAX_NAME_LENGTH} characters), got {shown}"
        )
    return name


#: IAM host prefix -> Global Search host prefix, public and private endpoints (IBM Cloud's
#: private endpoints are private.iam.<platform> and api.private.global-search-tagging.<platform>,
#: as in the IBM Cloud Terraform provider's endpoint map; not checked against the live service).
_SEARCH_HOSTS = (
    ("private.iam.", "api.private.global-search-tagging."),
    ("iam.", "api.global-search-tagging."),
)


def search_url_for(iam_root: str) -> str:
    """The Global Search URL for an IAM root: iam.<host> -> api.global-search-tagging.<host>
    (private.iam.<host> -> api.private.global-search-tagging.<host>); any other host (loopback
    emulator, a proxy of IAM) serves the search at the IAM root."""
    parts = urlsplit(iam_root.rstrip("/"))
    host = parts.hostname or ""
    for iam_prefix, search_prefix in _SEARCH_HOSTS:
        if not host.startswith(iam_prefix):
            continue
        netloc = search_prefix + host[len(iam_prefix) :]
        if parts.port is not None:
            netloc += f":{parts.port}"
        return urlunsplit((parts.scheme, netloc, SEARCH_PATH, "", ""))
    return iam_root.rstrip("/") + SEARCH_PATH


class InstanceResolver:
    """The CRN of an instance given by name, looked up once and then kept.

    `root_for(crn)` gives the API root for the CRN (the region's host when the URL is derived
    from the CRN); requests built against `provisional_root` are moved to it.
    """

    def __init__(
        self,
        name: str,
        search_url: str,
        *,
        provisional_root: str,
        root_for: Callable[[str], str],
        check_crn: Callable[[str], None],
    ) -> None:
        self.name = name
        self.search_url = search_url
        self.provisional_root = provisional_root
        self._root_for = root_for
        self._check_crn = check_crn
        #: The CRN and API root once resolved (None before).
        self.crn: str | None = None
        self.base_url: str | None = None
        #: Completed lookups and search requests sent (for tests and diagnostics).
        self.lookups = 0
        self.searches = 0

    def __repr__(self) -> str:
        return f"InstanceResolver(name={self.name!r}, crn={self.crn!r})"

    @property
    def resolved(self) -> bool:
        return self.crn is not None

    def lookup(self, token: str, api_request: httpx.Request, secrets: list[str]) -> Lookup:
        """A lookup sending `token`; `secrets` are redacted from anything it reports."""
        return Lookup(self, token, api_request, secrets)

    def found(self, crn: str) -> None:
        self._check_crn(crn)
        self.base_url = self._root_for(crn)
        self.crn = crn
        self.lookups += 1

    def apply(self, request: httpx.Request) -> None:
        """Send the resolved CRN as Service-CRN, to the resolved CRN's API root."""
        if self.crn is None or self.base_url is None:  # pragma: no cover - resolved first
            raise RuntimeError("instance name not resolved")
        request.headers["Service-CRN"] = self.crn
        if self.base_url == self.provisional_root:
            return
        url = str(request.url)
        if url.startswith(self.provisional_root + "/"):
            moved = httpx.URL(self.base_url + url[len(self.provisional_root) :])
            request.url = moved
            request.headers["Host"] = moved.netloc.decode("ascii")


class Lookup:
    """One resolution: the search requests, page by page, and what their answers mean."""

    def __init__(
        self,
        resolver: InstanceResolver,
        token: str,
        api_request: httpx.Request,
        secrets: list[str],
    ) -> None:
        self._resolver = resolver
        self._token = token
        self._secrets = secrets
        self._headers = {
            "Accept": "application/json",
            "Authorization": f"Bearer {token}",
        }
        if agent := api_request.headers.get("User-Agent"):
            self._headers["User-Agent"] = agent
        self._timeout = IAMAuth.exchange_timeout(api_request)
        self._items: list[dict[str, Any]] = []
        self._pages = 0

    def first(self) -> httpx.Request:
        return self._request(None)

    def _request(self, cursor: str | None) -> httpx.Request:
        body: dict[str, Any] = {"query": SEARCH_QUERY, "fields": list(SEARCH_FIELDS)}
        if cursor is not None:
            body["search_cursor"] = cursor
        extensions: dict[str, Any] = {
            EXT_IDEMPOTENT: True,
            EXT_MAX_SIZE: MAX_SEARCH_ANSWER,
            "timeout": self._timeout,
        }
        self._resolver.searches += 1
        return httpx.Request(
            "POST",
            self._resolver.search_url,
            params={"limit": SEARCH_PAGE_SIZE},
            json=body,
            headers=self._headers,
            extensions=extensions,
        )

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = redact_secret(text, secret)
        return text

    def _where(self) -> str:
        return (
            f"looking up instance {self._shown_name()} with IBM Cloud Global Search at "
            f"{redact_url(self._resolver.search_url)}"
        )

    def _shown_name(self) -> str:
        """The name for messages: hidden when it is a secret (a key given as the instance)."""
        return "<hidden>" if self._kept_name() == "<hidden>" else repr(self._resolver.name)

    def _kept_name(self) -> str:
        """The name for the error's `name` attribute, hidden the same way."""
        name = self._resolver.name
        return "<hidden>" if any(name == s for s in self._secrets) else name

    def feed(self, answer: httpx.Response, content: bytes) -> httpx.Request | None:
        """Read one answer: the next page's request, or None once resolved (else raise)."""
        if answer.status_code >= 300:
            if answer.status_code >= 400:
                error = error_from_response(answer, "POST", SEARCH_PATH, self._secrets)
                error.message = f"{self._where()}: {error.message}"
                error.args = (error.message,)
                raise error
            raise UnexpectedResponseError(
                f"{self._where()}: HTTP {answer.status_code}, a redirect, which is never "
                "followed (it would carry the token elsewhere)",
                method="POST",
                path=SEARCH_PATH,
            )
        try:
            page = json.loads(content)
            items = page["items"]
            if not isinstance(items, list):
                raise TypeError("items is not a list")
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            kind = answer.headers.get("content-type", "unknown type").split(";")[0]
            snippet = self._redact(content.decode("utf-8", "replace"))[:120].replace("\n", " ")
            raise UnexpectedResponseError(
                f"{self._where()}: HTTP {answer.status_code} with an answer that is not a "
                f"search result ({type(exc).__name__}; {kind}: {snippet!r})",
                method="POST",
                path=SEARCH_PATH,
            ) from None
        self._items.extend(item for item in items if isinstance(item, dict))
        self._pages += 1
        cursor = page.get("search_cursor")
        if isinstance(cursor, str) and cursor and items:  # an empty page ends the results
            if self._pages >= MAX_SEARCH_PAGES:
                raise UnexpectedResponseError(
                    f"{self._where()}: still more results after {MAX_SEARCH_PAGES} pages; pass "
                    "the instance CRN instead",
                    method="POST",
                    path=SEARCH_PATH,
                )
            return self._request(cursor)
        self._conclude()
        return None

    def _conclude(self) -> None:
        name = self._resolver.name
        matches = [
            str(item["crn"])
            for item in self._items
            if item.get("name") == name and isinstance(item.get("crn"), str)
        ]
        matches = list(dict.fromkeys(matches))
        if len(matches) == 1:
            try:
                self._resolver.found(matches[0])
            except ConfigurationError as exc:  # a CRN that could steer requests elsewhere
                raise UnexpectedResponseError(
                    f"{self._where()}: the CRN it gave for the name is not usable: {exc}",
                    method="POST",
                    path=SEARCH_PATH,
                ) from None
            logger.info("instance %r is %s", name, matches[0])
            return
        if matches:
            raise AmbiguousInstanceError(
                f"{len(matches)} instances are named {self._shown_name()}: pass the CRN of the "
                f"one to use as instance= (jobs sent to another would run, and be billed, "
                f"there): {', '.join(matches)}",
                name=self._kept_name(),
                crns=matches,
            )
        import difflib  # only on this error path: ~19 ms to import

        names = sorted({str(item["name"]) for item in self._items if item.get("name")})
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
        close += [n for n in names if n.lower() == name.lower() and n not in close]
        hint = f" Did you mean {' or '.join(repr(n) for n in close)}?" if close else ""
        listed = ", ".join(repr(n) for n in names[:50]) + (" ..." if len(names) > 50 else "")
        raise InstanceNotFoundError(
            f"no instance named {self._shown_name()} among the instances this API key can see "
            f"({listed or 'none'}).{hint} Pass an instance name from that list or an instance "
            "CRN (Instances page of quantum.cloud.ibm.com)",
            name=self._kept_name(),
            available=names,
        )

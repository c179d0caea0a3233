"""Refuse request paths with '.' or '..' segments before httpx normalises them away.

httpx resolves dot segments when it merges a path into the base URL, so `client.raw` called
with job id '..' would reach another endpoint (DELETE /api/v1/jobs/.. is DELETE /api/v1/jobs).
The facade's own ids are checked by `_effects.segment`; this guard covers every path sent
through the client's httpx client, `client.raw` included.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import httpx

_DOTS = frozenset({".", ".."})


def check_path(url: object) -> None:
    """ValueError if a relative URL's path has a '.' or '..' segment (also percent-encoded)."""
    if isinstance(url, httpx.URL):
        text = url.raw_path.decode("ascii", "replace")
    elif isinstance(url, str):
        text = url
    else:
        return
    path = text.split("?", 1)[0].split("#", 1)[0]
    for part in path.split("/"):
        if part in _DOTS or unquote(part) in _DOTS:
            raise ValueError(
                f"request path {path!r} has a '.' or '..' segment, which would reach another "
                "endpoint once normalised; ids must not be '.' or '..'"
            )


def guard_paths(http: httpx.Client | httpx.AsyncClient) -> None:
    """Make `http.build_request` check every path first (idempotent)."""
    build = http.build_request
    if getattr(build, "_qrc_guarded", False):
        return

    def guarded(method: str, url: Any, *args: Any, **kwargs: Any) -> httpx.Request:
        check_path(url)
        return build(method, url, *args, **kwargs)

    guarded._qrc_guarded = True  # type: ignore[attr-defined]
    http.build_request = guarded  # type: ignore[method-assign]

"""Where the Runtime API lives: the one place that knows about its `/v1` version segment.

The live service answers every Runtime path under `/api/v1` (https://quantum.cloud.ibm.com/api/v1/
jobs/<id>). Spec editions write that differently: the seed spec's paths have no version
(`/jobs/{id}`, server `.../api/v1`), IBM's 0.45.3 spec's paths carry it (`/v1/jobs/{id}`, server
`.../api`). Everything else works with routes, paths without the version (`/jobs/{id}`), and asks
this module how a spec's paths relate to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: the root of the Runtime API on the service's host
API_ROOT = "/api"
#: the version segment of every Runtime path
VERSION = "/v1"
#: where the live service (and the emulator) serves every Runtime path, whatever the spec edition
API_PREFIX = API_ROOT + VERSION


def _carries_version(path: str) -> bool:
    return path == VERSION or path.startswith(VERSION + "/")


def version_prefix(paths: Iterable[str]) -> str:
    """`/v1` when the spec's paths carry the version segment, "" when none does.

    A spec whose paths disagree is refused: routes would be ambiguous.
    """
    keys = list(paths)
    versioned = [path for path in keys if _carries_version(path)]
    if versioned and len(versioned) != len(keys):
        bare = sorted(set(keys) - set(versioned))
        raise ValueError(f"spec paths mix {VERSION}-prefixed and bare paths: {bare[:5]}")
    return VERSION if versioned else ""


def spec_prefix(spec: Mapping[str, Any]) -> str:
    """`version_prefix` of a spec dict's paths."""
    return version_prefix(spec.get("paths", {}))


def server_path(spec: Mapping[str, Any]) -> str:
    """The path the spec's paths hang off when served: /api for /v1 paths, /api/v1 otherwise."""
    return API_ROOT if spec_prefix(spec) else API_PREFIX


def spec_template(route: str, prefix: str) -> str:
    """The spec's own path for a route ("/jobs/{id}" -> "/v1/jobs/{id}" when prefix is /v1)."""
    return prefix + route


def route_of(template: str, prefix: str) -> str:
    """A spec path without its version segment ("/v1/jobs/{id}" -> "/jobs/{id}")."""
    if prefix and template.startswith(prefix):
        return template[len(prefix) :] or "/"
    return template


def api_path(url_path: str) -> str | None:
    """The route path of a request under /api/v1 ("/api/v1/jobs/x" -> "/jobs/x"), else None."""
    if url_path == API_PREFIX or url_path.startswith(API_PREFIX + "/"):
        return url_path[len(API_PREFIX) :] or "/"
    return None

"""Generated operations found by HTTP method and route, never by module name.

Rule (from the issue): tests reach generated operations through the inventory, never by importing a
module by name at collection time. A spec update renames operationIds (0.45.3 renamed seven) and
moves paths (0.45.3 put everything under /v1); a test that names `api.jobs.get_job_details_jid`
fails to even collect, while one that asks for `GET /jobs/{id}` keeps testing the same operation.

Nothing here imports the generated package at import time, so a subprocess can run `inventory` on
another generation (the seed edition) with that one first on its PYTHONPATH.
"""

from __future__ import annotations

import enum
import functools
import importlib
import inspect
import pkgutil
import re
import typing
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

PACKAGE = "qiskit_runtime_api"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
#: What path parameters become in placeholder requests (spec paths are filled the same way).
PATH_PLACEHOLDER = "P"
ENTRY_POINTS = (
    "request_kwargs",
    "parse_ok",
    "sync_detailed",
    "asyncio_detailed",
    "sync",
    "asyncio",
)


@functools.cache
def endpoint_modules(package: str = PACKAGE) -> dict[str, ModuleType]:
    """Qualified name -> module for every endpoint module (<package>/api/<tag>/<operation>.py)."""
    api = importlib.import_module(f"{package}.api")
    found: dict[str, ModuleType] = {}
    for tag in pkgutil.iter_modules(api.__path__):
        tag_package = importlib.import_module(f"{api.__name__}.{tag.name}")
        for info in pkgutil.iter_modules(tag_package.__path__):
            module = importlib.import_module(f"{tag_package.__name__}.{info.name}")
            found[module.__name__] = module
    return found


def placeholder_arguments(function: Any) -> dict[str, Any]:
    """Values for the required arguments of ``function``; path parameters become "P"."""
    hints = typing.get_type_hints(function)
    arguments: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if parameter.default is not inspect.Parameter.empty:
            continue
        members = [m for m in typing.get_args(hints[name]) or (hints[name],) if isinstance(m, type)]
        if name == "body":
            arguments[name] = _BodyStandIn()
        elif members and issubclass(members[0], enum.Enum):
            arguments[name] = next(iter(members[0]))
        elif members and members[0] is bool:
            arguments[name] = True
        elif members and members[0] in (int, float):
            arguments[name] = 1
        else:
            arguments[name] = PATH_PLACEHOLDER
    return arguments


class _BodyStandIn:
    """Stands in for a request-body model: a JSON body only calls ``to_dict``."""

    def to_dict(self) -> dict[str, Any]:
        return {}


def request_of(module: ModuleType) -> tuple[str, str]:
    """(METHOD, url) of the request the module builds from placeholder arguments."""
    kwargs = module.request_kwargs(**placeholder_arguments(module.request_kwargs))
    return str(kwargs["method"]).upper(), str(kwargs["url"])


def fill_path(path: str) -> str:
    """A spec path with every {parameter} replaced the way placeholder requests fill it."""
    return re.sub(r"\{[^}]*\}", PATH_PLACEHOLDER, path)


def route_pattern(route: str) -> re.Pattern[str]:
    """Matches the URL of ``route`` ("/jobs/{id}" or "/jobs/{}"), with or without a /vN prefix."""
    parts = re.split(r"\{[^}]*\}", route)
    return re.compile(r"(/v\d+)?" + "[^/]+".join(re.escape(part) for part in parts))


@functools.cache
def find_operation(method: str, route: str, package: str = PACKAGE) -> ModuleType:
    """The one endpoint module whose request is ``method`` ``route`` (any /vN prefix)."""
    pattern = route_pattern(route)
    matches = []
    for module in endpoint_modules(package).values():
        sent_method, url = request_of(module)
        if sent_method == method.upper() and pattern.fullmatch(url):
            matches.append(module)
    assert len(matches) == 1, (
        f"{method.upper()} {route}: expected one generated operation, found "
        f"{[m.__name__ for m in matches] or 'none'}"
    )
    return matches[0]


def inventory(package: str = PACKAGE) -> dict[str, dict[str, Any]]:
    """Qualified module name -> its request (method, url) and entry points; JSON-serialisable."""
    found: dict[str, dict[str, Any]] = {}
    for name, module in sorted(endpoint_modules(package).items()):
        entry: dict[str, Any] = {
            point: callable(getattr(module, point, None)) for point in ENTRY_POINTS
        }
        entry["async"] = [
            point
            for point in ("asyncio_detailed", "asyncio")
            if inspect.iscoroutinefunction(getattr(module, point, None))
        ]
        entry["method"], entry["url"] = request_of(module) if entry["request_kwargs"] else ("", "")
        found[name] = entry
    return found


def spec_operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """operationId -> {method, path, tag, has_body} for every operation of ``spec``."""
    found: dict[str, dict[str, Any]] = {}
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.get("responses", {}).values()
            found[operation["operationId"]] = {
                "method": method.upper(),
                "path": path,
                "tag": (operation.get("tags") or ["default"])[0],
                "has_body": any(response.get("content") for response in responses),
            }
    return found


def expected_module(operation_id: str, tag: str, package: str = PACKAGE) -> str:
    """The module openapi-python-client generates for an operation (api/<tag>/<operationId>)."""
    from openapi_python_client.strings import snake_case

    return f"{package}.api.{snake_case(tag)}.{snake_case(operation_id)}"


def inventory_problems(
    spec: dict[str, Any], found: dict[str, dict[str, Any]], package: str = PACKAGE
) -> list[str]:
    """What differs between the spec's operations and a generated inventory (empty: one to one)."""
    problems: list[str] = []
    expected: dict[str, tuple[str, dict[str, Any]]] = {
        expected_module(operation_id, info["tag"], package): (operation_id, info)
        for operation_id, info in spec_operations(spec).items()
    }
    for name in sorted(found.keys() - expected.keys()):
        problems.append(f"{name}: generated, but the spec has no such operation")
    for name, (operation_id, info) in sorted(expected.items()):
        entry = found.get(name)
        where = f"{operation_id} ({info['method']} {info['path']})"
        if entry is None:
            problems.append(f"{where}: no generated module {name}")
            continue
        wanted = ["request_kwargs", "parse_ok", "sync_detailed", "asyncio_detailed"]
        if info["has_body"]:
            wanted += ["sync", "asyncio"]
        problems += [f"{where}: no {point}" for point in wanted if not entry[point]]
        for point in ("asyncio_detailed", "asyncio"):
            if point in wanted and entry[point] and point not in entry["async"]:
                problems.append(f"{where}: {point} is not a coroutine function")
        if (entry["method"], entry["url"]) != (info["method"], fill_path(info["path"])):
            problems.append(f"{where}: {name} sends {entry['method']} {entry['url']}")
    return problems


@dataclass(frozen=True)
class SeedGeneration:
    """The seed edition prepared and generated into a temporary folder, and what it contains."""

    root: Path  # holds prepared.json, openapi.json and the package qiskit_runtime_api/
    prepared: dict[str, Any]
    #: generated_operations.inventory() of the seed package, computed in a subprocess
    inventory: dict[str, dict[str, Any]]
    #: the model names the seed package's `models` exports (every one was imported)
    models: list[str]

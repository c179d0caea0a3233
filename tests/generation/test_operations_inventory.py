"""Every operation of the vendored spec is generated (minus the ones our overrides remove).

The list comes from the spec itself, so a spec update that adds or drops an operation makes these
tests fail until the change is looked at.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import re
import typing
from types import ModuleType
from typing import Any

import qiskit_runtime_api.api

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
REMOVED_BY_OVERRIDES = {"get_stream_job_logs_jid", "list_stream_jobs_state_updates"}
EXPECTED_COUNT = 27  # 29 in the vendored spec, minus the two removed /stream operations


def operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """operationId -> {path, method, tag, has_body} for every operation in ``spec``."""
    found: dict[str, dict[str, Any]] = {}
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.get("responses", {}).values()
            found[operation["operationId"]] = {
                "path": path,
                "method": method,
                "tag": operation["tags"][0],
                "has_body": any(response.get("content") for response in responses),
            }
    return found


def snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower())


def generated_endpoints() -> dict[str, ModuleType]:
    """Module name -> module for every generated endpoint module (api/<tag>/<operation>.py)."""
    found: dict[str, ModuleType] = {}
    for tag in pkgutil.iter_modules(qiskit_runtime_api.api.__path__):
        package = importlib.import_module(f"qiskit_runtime_api.api.{tag.name}")
        for info in pkgutil.iter_modules(package.__path__):
            found[info.name] = importlib.import_module(f"{package.__name__}.{info.name}")
    return found


def test_vendored_spec_has_the_expected_operations(vendored_spec: dict[str, Any]) -> None:
    ids = set(operations(vendored_spec))

    assert ids >= REMOVED_BY_OVERRIDES
    assert len(ids - REMOVED_BY_OVERRIDES) == EXPECTED_COUNT, sorted(ids)


def test_prepared_spec_drops_exactly_the_removed_operations(
    vendored_spec: dict[str, Any], prepared_spec: dict[str, Any]
) -> None:
    assert set(operations(vendored_spec)) - set(operations(prepared_spec)) == REMOVED_BY_OVERRIDES
    assert set(operations(prepared_spec)) <= set(operations(vendored_spec))


def test_generated_modules_match_the_spec_operations_one_to_one(
    vendored_spec: dict[str, Any],
) -> None:
    expected = {snake(op_id) for op_id in operations(vendored_spec)} - REMOVED_BY_OVERRIDES

    assert set(generated_endpoints()) == expected


def test_every_operation_has_its_entry_points(vendored_spec: dict[str, Any]) -> None:
    endpoints = generated_endpoints()
    problems = []
    for operation_id, info in sorted(operations(vendored_spec).items()):
        if operation_id in REMOVED_BY_OVERRIDES:
            continue
        problems.extend(
            f"{operation_id}: {p}" for p in _check_entry_points(endpoints, operation_id, info)
        )

    assert problems == []


def _check_entry_points(
    endpoints: dict[str, ModuleType], operation_id: str, info: dict[str, Any]
) -> list[str]:
    module = endpoints.get(snake(operation_id))
    if module is None:
        return ["no generated module"]
    problems = []
    expected_name = f"qiskit_runtime_api.api.{snake(info['tag'])}.{snake(operation_id)}"
    if module.__name__ != expected_name:
        problems.append(f"module is {module.__name__}, expected {expected_name}")
    if not inspect.isfunction(getattr(module, "sync_detailed", None)):
        problems.append("no sync_detailed")
    if not inspect.iscoroutinefunction(getattr(module, "asyncio_detailed", None)):
        problems.append("no asyncio_detailed")
    if info["has_body"] and not inspect.isfunction(getattr(module, "sync", None)):
        problems.append("a body comes back but there is no sync")
    if info["has_body"] and not inspect.iscoroutinefunction(getattr(module, "asyncio", None)):
        problems.append("a body comes back but there is no asyncio")
    kwargs = module._get_kwargs(**_placeholder_arguments(module))
    if (kwargs["method"], kwargs["url"]) != (info["method"], _fill(info["path"])):
        problems.append(f"sends {kwargs['method']} {kwargs['url']}, spec says {info['path']}")
    return problems


def _placeholder_arguments(module: ModuleType) -> dict[str, Any]:
    """Values for the required arguments of ``_get_kwargs`` (strings become "X")."""
    hints = typing.get_type_hints(module._get_kwargs)
    arguments: dict[str, Any] = {}
    for name, parameter in inspect.signature(module._get_kwargs).parameters.items():
        if parameter.default is not inspect.Parameter.empty:
            continue
        hint = hints.get(name)
        if name == "body":
            arguments[name] = _Body()
        elif isinstance(hint, type) and issubclass(hint, enum.Enum):
            arguments[name] = next(iter(hint))
        else:
            arguments[name] = "X"
    return arguments


class _Body:
    """Stands in for a request-body model: only ``to_dict`` is used by ``_get_kwargs``."""

    def to_dict(self) -> dict[str, Any]:
        return {}


def _fill(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "X", path)

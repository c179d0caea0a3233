"""The generated operations the facade binds, checked against a new spec before generating.

The binding module (facade/qiskit_runtime_client/_api.py) imports each generated operation it uses
as `from qiskit_runtime_api.api.<tag> import <operation>`. When a new spec has no such operation,
the run stops and names the fix: the operation now at the same method and path (read from the
module generated from the previous spec), or, if there is none, that the facade lost it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specprep.problems import Problems

_METHODS = ("get", "put", "post", "delete", "patch")
GENERATED_API = Path(__file__).resolve().parents[2] / "generated" / "qiskit_runtime_api" / "api"


@dataclass(frozen=True)
class Binding:
    """One generated operation the facade imports, and where."""

    tag_module: str
    operation: str
    line: int


# openapi-python-client's default `field_prefix` (openapi/generator-config.yaml keeps it).
FIELD_PREFIX = "field_"


def tag_module(tag: str) -> str:
    """The folder openapi-python-client 0.29.1 gives a tag under `api/`."""
    from openapi_python_client.strings import PythonIdentifier

    return str(PythonIdentifier(tag, prefix="tag"))


def operation_module(operation_id: str | None, method: str, path: str) -> str:
    """The module openapi-python-client 0.29.1 gives an operation (named from its method and path
    when it has no operationId)."""
    from openapi_python_client.parser.openapi import generate_operation_id
    from openapi_python_client.schema import UntrustedString
    from openapi_python_client.strings import PythonIdentifier

    if operation_id is None:
        name = generate_operation_id(path=UntrustedString(path), method=method, prefix=FIELD_PREFIX)
    else:
        name = PythonIdentifier(operation_id, prefix=FIELD_PREFIX)
    return str(PythonIdentifier(name, FIELD_PREFIX))


def read_bindings(module: Path) -> list[Binding]:
    """Every `from qiskit_runtime_api.api.<tag> import <op>` in the binding module."""
    tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
    found: list[Binding] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "qiskit_runtime_api.api."
        ):
            tag = (node.module or "").rsplit(".", 1)[1]
            found += [Binding(tag, alias.name, node.lineno) for alias in node.names]
    return sorted(found, key=lambda binding: binding.line)


def operations(spec: dict[str, Any]) -> dict[tuple[str, str], tuple[str, str]]:
    """(tag module, operation module) -> (METHOD, path) for every operation of the spec."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict):
                continue
            tags = operation.get("tags") or ["default"]
            operation_id = operation.get("operationId")
            key = (
                tag_module(str(tags[0])),
                operation_module(
                    None if operation_id is None else str(operation_id), method, str(path)
                ),
            )
            found[key] = (method.upper(), path)
    return found


def _previous_route(binding: Binding, generated: Path) -> tuple[str, str] | None:
    """METHOD and path of the operation as generated from the previous spec, if still there."""
    module = generated / binding.tag_module / f"{binding.operation}.py"
    try:
        text = module.read_text(encoding="utf-8")
    except OSError:
        return None
    method = re.search(r'"method": "(\w+)"', text)
    url = re.search(r'"url": "([^"]+)"', text)
    if not method or not url:
        return None
    return method.group(1).upper(), url.group(1)


def check(
    spec: dict[str, Any], module: Path, problems: Problems, generated: Path = GENERATED_API
) -> None:
    """Report each bound operation the spec no longer has, naming its likely successor."""
    known = operations(spec)
    by_route = {route: key for key, route in known.items()}
    for binding in read_bindings(module):
        if (binding.tag_module, binding.operation) in known:
            continue
        where = f"{module}:{binding.line}"
        route = _previous_route(binding, generated)
        successor = by_route.get(route) if route else None
        if successor is not None:
            problems.add(
                where,
                f"the facade binds {binding.tag_module}.{binding.operation}, which the spec no "
                f"longer has; {route[0]} {route[1]} is now {successor[0]}.{successor[1]}",
                f"change that import to `from qiskit_runtime_api.api.{successor[0]} import "
                f"{successor[1]}` (one line)",
            )
        else:
            gone = f"{route[0]} {route[1]}" if route else "its method and path"
            problems.add(
                where,
                f"the facade binds {binding.tag_module}.{binding.operation}; the spec has no "
                f"operation at {gone} any more",
                "the facade feature that uses it lost its operation upstream: restore it with an "
                "override (if the service still has it) or retire the feature",
            )

"""The vendored spec as the emulator uses it: find the operation of a request and validate it.

The prepared spec (`_spec/openapi.json`, written by scripts/prepare_spec.py) is loaded once,
relaxed by `deviations.apply_deviations`, and its OpenAPI 3.0 schemas are turned into JSON
Schema for `jsonschema`. Validation covers path and query parameters and the JSON body; headers
are checked by the auth layer. Operations are found by method and route (the path without the
`/v1` version segment, see `_paths`), so spec editions that differ in prefix or operationIds
route alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from qiskit_runtime_client.testing._clock import parse_iso
from qiskit_runtime_client.testing._paths import route_of, spec_prefix
from qiskit_runtime_client.testing.deviations import apply_deviations, declares_generic_errors

SPEC_RESOURCE = "_spec/openapi.json"
_METHODS = ("get", "put", "post", "delete", "patch")


def load_spec() -> dict[str, Any]:
    """The prepared spec as shipped in the package (before deviations)."""
    text = resources.files("qiskit_runtime_client.testing").joinpath(SPEC_RESOURCE).read_text()
    spec: dict[str, Any] = json.loads(text)
    return spec


def openapi_to_jsonschema(node: Any) -> Any:
    """OpenAPI 3.0 schema -> JSON Schema draft 4: `nullable` becomes a null type."""
    if isinstance(node, list):
        return [openapi_to_jsonschema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: openapi_to_jsonschema(value) for key, value in node.items()}
    if out.pop("nullable", False):
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        if "$ref" in out or "allOf" in out or "anyOf" in out or "oneOf" in out:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _date_time(value: object) -> bool:
    return not isinstance(value, str) or ("T" in value.upper() and parse_iso(value) is not None)


FORMATS = FormatChecker(formats=())
FORMATS.checks("date-time")(_date_time)


@dataclass
class Operation:
    """One operation of the spec, ready to match and validate requests."""

    method: str
    #: the spec's own path ("/v1/jobs/{id}" or "/jobs/{id}")
    template: str
    #: the path without the version segment ("/jobs/{id}"): what the emulator routes by
    route: str
    operation_id: str
    parameters: list[dict[str, Any]]
    body_schema: dict[str, Any] | None
    regex: re.Pattern[str] = field(repr=False)
    #: whether the spec declares its errors as GenericErrorDto (else ErrorContainer)
    generic_errors: bool = False

    @property
    def key(self) -> tuple[str, str]:
        """(method, route), like ("GET", "/jobs/{id}"): stable across spec editions."""
        return self.method, self.route

    @property
    def name(self) -> str:
        """The operation as "METHOD /route", like "GET /jobs/{id}" (messages, request log)."""
        return f"{self.method} {self.route}"


@dataclass
class Problem:
    """What is wrong with a request, for the ErrorContainer message."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class NoRoute(Exception):
    """No operation has this path (404), or none with this method (405)."""

    def __init__(self, status: int, allowed: list[str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.allowed = allowed or []


def _compile(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return re.compile(f"^{pattern}$")


class SpecIndex:
    """Operations by method and route, and request validation against their schemas."""

    def _deref(self, node: dict[str, Any]) -> dict[str, Any]:
        """A parameter given as a local `$ref` ("#/components/parameters/X"), resolved."""
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return node
        target: Any = self.spec
        for token in ref[2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        return self._deref(target)

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = apply_deviations(spec)
        #: "/v1" when the spec's paths carry the version segment, else ""
        self.prefix = spec_prefix(self.spec)
        self._root = openapi_to_jsonschema({"components": self.spec.get("components", {})})
        self.operations: list[Operation] = []
        self._validators: dict[int, Draft4Validator] = {}
        for template, item in self.spec.get("paths", {}).items():
            shared = item.get("parameters", [])
            for method in _METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                listed = [self._deref(p) for p in [*shared, *op.get("parameters", [])]]
                params = {(p["in"], p["name"]): p for p in listed}
                body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
                route = route_of(template, self.prefix)
                self.operations.append(
                    Operation(
                        method=method.upper(),
                        template=template,
                        route=route,
                        operation_id=op.get("operationId", f"{method.upper()} {route}"),
                        parameters=list(params.values()),
                        body_schema=body.get("schema"),
                        regex=_compile(route),
                        generic_errors=declares_generic_errors(op),
                    )
                )
        # literal paths before templated ones, so /jobs/x/results never matches /jobs/{id}
        self.operations.sort(key=lambda op: op.route.count("{"))

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]]:
        """The operation for `method path` (a route path: relative to /api/v1, no version)."""
        allowed: list[str] = []
        for op in self.operations:
            found = op.regex.match(path)
            if found is None:
                continue
            if op.method == method:
                return op, found.groupdict()
            allowed.append(op.method)
        raise NoRoute(405 if allowed else 404, allowed)

    def validator(self, schema: dict[str, Any]) -> Draft4Validator:
        """A validator for one schema of this spec ($refs resolve against its components)."""
        cached = self._validators.get(id(schema))
        if cached is None:
            root = dict(self._root)
            root.update(openapi_to_jsonschema(schema))
            cached = Draft4Validator(root, format_checker=FORMATS)
            self._validators[id(schema)] = cached
        return cached

    def check_parameters(
        self,
        op: Operation,
        path_params: Mapping[str, str],
        query: Mapping[str, list[str]],
    ) -> tuple[dict[str, Any], list[Problem]]:
        """Coerce and validate path and query parameters: (values by name, problems)."""
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for param in op.parameters:
            where, name = param["in"], param["name"]
            schema = param.get("schema", {"type": "string"})
            if where == "path":
                raw: list[str] = [path_params[name]] if name in path_params else []
            elif where == "query":
                raw = list(query.get(name, []))
            else:
                continue
            label = f"{where} parameter '{name}'"
            if not raw:
                if param.get("required"):
                    problems.append(Problem(label, "is required"))
                continue
            value, problem = _coerce(raw, schema, self.spec)
            if problem is not None:
                problems.append(Problem(label, problem))
                continue
            error = best_match(self.validator(schema).iter_errors(value))
            if error is not None:
                problems.append(Problem(label, error.message))
                continue
            values[name] = value
        return values, problems

    def check_body(self, op: Operation, body: Any) -> list[Problem]:
        """Validate a JSON body against the operation's request schema."""
        if op.body_schema is None:
            return []
        return list(schema_problems(self.validator(op.body_schema), body))


def schema_problems(validator: Any, instance: Any, *, limit: int = 5) -> Iterator[Problem]:
    """Readable problems from a jsonschema validator, at most `limit`.

    For oneOf/anyOf the errors of the alternative the instance came closest to are reported
    (jsonschema's own message, "... is not valid under any of the given schemas", names nothing).
    """
    seen: set[str] = set()
    for top in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        for error in _leaf_errors(top):
            where = "body" + "".join(
                f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path
            )
            problem = Problem(where, _message(error))
            if str(problem) in seen:
                continue
            seen.add(str(problem))
            yield problem
            if len(seen) >= limit:
                return


def _message(error: ValidationError) -> str:
    if error.validator in ("anyOf", "oneOf"):
        reasons: list[str] = []
        for sub in error.context or []:
            reason = _message(sub)
            if reason not in reasons:
                reasons.append(reason)
        return "matches none of the allowed forms (" + "; ".join(reasons[:4]) + ")"
    text = str(error.message)
    return text if len(text) <= 200 else text[:197] + "..."


def _mismatched(error: ValidationError, path: list[Any]) -> bool:
    """True if `error` says the value at `path` is of the wrong kind for that alternative."""
    if list(error.absolute_path) != path:
        return False
    if error.validator in ("type", "const", "enum", "not"):
        return True
    if error.validator in ("anyOf", "oneOf") and error.context:
        return all(_mismatched(sub, path) for sub in error.context)
    return False


def _leaf_errors(error: ValidationError) -> list[ValidationError]:
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    path = list(error.absolute_path)
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    candidates = [
        errors for errors in branches.values() if not any(_mismatched(e, path) for e in errors)
    ]
    if not candidates:
        return [error]
    closest = min(candidates, key=len)
    return [leaf for sub in closest for leaf in _leaf_errors(sub)]


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        ref = schema["$ref"]
        node: Any = spec
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _coerce(raw: list[str], schema: dict[str, Any], spec: dict[str, Any]) -> tuple[Any, str | None]:
    schema = _resolve(schema, spec)
    kind = schema.get("type", "string")
    if kind == "array":
        items = _resolve(schema.get("items", {}), spec)
        out = []
        for text in raw:  # style form, explode: ?tags=a&tags=b
            value, problem = _coerce([text], items, spec)
            if problem is not None:
                return None, problem
            out.append(value)
        return out, None
    text = raw[-1]
    if kind == "integer":
        try:
            return int(text), None
        except ValueError:
            return None, f"must be an integer, got {text!r}"
    if kind == "number":
        try:
            return float(text), None
        except ValueError:
            return None, f"must be a number, got {text!r}"
    if kind == "boolean":
        lowered = text.lower()
        if lowered in ("true", "false"):
            return lowered == "true", None
        return None, f"must be true or false, got {text!r}"
    return text, None


@cache
def default_index() -> SpecIndex:
    """The index of the shipped spec, built once per process."""
    return SpecIndex(load_spec())

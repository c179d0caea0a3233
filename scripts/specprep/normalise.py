"""Generic fixes for generator limits that recur in IBM's files: applied to every drop, logged.

None of these changes what the service sends or accepts; each only keeps openapi-python-client
from refusing (or misnaming) a construct it cannot handle. They run after the overrides, so an
override can still say something more precise for one place.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from specprep.pointers import Token, to_pointer

_SKIP = ("example", "examples")
_UNIONS = ("anyOf", "oneOf")


def normalise(spec: dict[str, Any], log: Any) -> None:
    """Apply every normalisation in place; each change is logged with its JSON pointer."""
    for what, pointer in (
        *_arrays_without_items(spec),
        *_defaults_outside_enum(spec),
        *_recursive_unions(spec),
        *_all_of_with_siblings(spec),
        *_duplicate_titles(spec),
    ):
        log.info("normalised %s: %s", pointer, what)


def _schemas(node: Any, tokens: list[Token]) -> Iterator[tuple[dict[str, Any], list[Token]]]:
    """Every mapping that may be a schema (examples skipped; properties' names are not schemas)."""
    if isinstance(node, dict):
        yield node, tokens
        for key, child in node.items():
            if key in _SKIP and not (tokens and tokens[-1] == "properties"):
                continue
            yield from _schemas(child, [*tokens, key])
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _schemas(child, [*tokens, index])


def _arrays_without_items(spec: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for node, tokens in _schemas(spec, []):
        if node.get("type") == "array" and "items" not in node and _in_schema(tokens):
            node["items"] = {}
            yield "array without `items`: items of any type", to_pointer(tokens)


def _in_schema(tokens: list[Token]) -> bool:
    """A schema position: under components/schemas, or below some `schema` key."""
    text = [str(token) for token in tokens]
    return "schema" in text or text[:2] == ["components", "schemas"]


def _defaults_outside_enum(spec: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for node, tokens in _schemas(spec, []):
        enum, default = node.get("enum"), node.get("default", ...)
        if isinstance(enum, list) and default is not ... and default not in enum:
            del node["default"]
            yield (
                f"default {default!r} is not in its own enum {enum}: default dropped",
                to_pointer(tokens),
            )


def _recursive_unions(spec: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """A union member that refers back to its own component becomes `{}` (any value)."""
    schemas = spec.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        if not isinstance(schema, dict):
            continue
        own = f"#/components/schemas/{name}"
        for union in _UNIONS:
            members = schema.get(union)
            if not isinstance(members, list):
                continue
            for index, member in enumerate(members):
                base = ["components", "schemas", name, union, index]
                for node, tokens in _schemas(member, base):
                    for key in ("items", "additionalProperties"):
                        child = node.get(key)
                        if isinstance(child, dict) and child.get("$ref") == own:
                            node[key] = {}
                            yield (
                                f"recursive union: {key} referring to {name} is any value",
                                (to_pointer([*tokens, key])),
                            )


def _class_key(title: str) -> str:
    """Titles that give the same generated class (or module) name: "Job Response", "job_response"
    and "JobResponse" all make class JobResponse in job_response.py."""
    return re.sub(r"[^0-9a-z]", "", title.lower())


def _all_of_with_siblings(spec: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """`allOf` next to `properties`/`required`: the generator reads only the allOf (a one-element
    allOf becomes a plain reference), so the siblings move into an allOf member of their own."""
    for node, tokens in _schemas(spec, []):
        members = node.get("allOf")
        if not isinstance(members, list) or not _in_schema(tokens):
            continue
        moved = {key: node.pop(key) for key in ("properties", "required") if key in node}
        if moved:
            members.append({"type": "object", **moved})
            yield (
                "allOf with sibling properties: siblings moved into an allOf member",
                (to_pointer(tokens)),
            )


def _duplicate_titles(spec: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Titles name generated classes; a title shared by several schemas is dropped from each."""
    by_title: dict[str, list[tuple[dict[str, Any], list[Token]]]] = defaultdict(list)
    for node, tokens in _schemas(spec, []):
        title = node.get("title")
        if isinstance(title, str) and _in_schema(tokens) and _makes_a_class(node):
            by_title[_class_key(title)].append((node, tokens))
    components = spec.get("components", {}).get("schemas", {})
    for name, schema in components.items():
        if isinstance(schema, dict) and "title" not in schema and _makes_a_class(schema):
            by_title[_class_key(name)].append(({}, ["components", "schemas", name]))
    for _, holders in sorted(by_title.items()):
        if len(holders) < 2:
            continue
        for node, tokens in holders:
            if "title" in node:
                title = node.pop("title")
                yield (
                    f"title {title!r} is shared by {len(holders)} schemas: dropped",
                    to_pointer(tokens),
                )


def _makes_a_class(schema: dict[str, Any]) -> bool:
    """Whether the generator makes a named class of this schema (an object, enum or union)."""
    return bool(
        schema.get("properties")
        or schema.get("type") == "object"
        or "enum" in schema
        or any(key in schema for key in ("allOf", *_UNIONS))
    )

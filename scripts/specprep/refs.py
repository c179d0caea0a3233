"""Dangling `$ref`s: found everywhere, resolved only as the overrides file's `dangling_refs` say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from specprep.overrides import DanglingRule
from specprep.pointers import Token, parse_pointer, to_pointer
from specprep.problems import Problems


def local_refs(node: Any, tokens: list[Token] | None = None) -> Iterator[tuple[list[Token], str]]:
    """Every (location, ref) of a `$ref` in the document."""
    tokens = tokens or []
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield tokens, ref
        for key, child in node.items():
            if key != "$ref":
                yield from local_refs(child, [*tokens, key])
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from local_refs(child, [*tokens, index])


def resolves(spec: dict[str, Any], ref: str) -> bool:
    """Whether a local `$ref` ("#/...") points at something in ``spec``."""
    if not ref.startswith("#"):
        return True  # external references are the generator's business
    node: Any = spec
    try:
        for token in parse_pointer(ref[1:]):
            node = node[int(token)] if isinstance(node, list) else node[token]
    except (KeyError, IndexError, ValueError, TypeError):
        return False
    return True


def resolve_dangling(
    spec: dict[str, Any], rules: list[DanglingRule], file: str, problems: Problems, log: Any
) -> None:
    """Drop the dangling refs a rule covers; report the rest, one problem per missing target."""
    unresolved: dict[str, list[str]] = {}
    used_rules: set[int] = set()
    for tokens, ref in list(local_refs(spec)):
        if resolves(spec, ref):
            continue
        rule = next((r for r in rules if r.matches(ref)), None)
        if rule is None:
            unresolved.setdefault(ref, []).append(to_pointer(tokens))
            continue
        used_rules.add(id(rule))
        _drop(spec, tokens)
        log.info("dropped %s, a $ref to the missing %s (%s)", to_pointer(tokens), ref, rule.reason)
    for ref, where in unresolved.items():
        more = f" and {len(where) - 1} more" if len(where) > 1 else ""
        problems.add(
            f"{where[0]}{more}",
            f"$ref {ref} points at nothing in the spec",
            f"add the missing component with an `add` override in {file}, or list "
            f"`ref: {ref}` with `action: drop` under dangling_refs",
        )
    for rule in rules:
        if id(rule) not in used_rules:
            problems.add(
                f"{file}:{rule.line} dangling_refs {rule.ref}",
                "no dangling $ref matches it any more",
                "retire this entry",
            )


def _drop(spec: dict[str, Any], tokens: list[Token]) -> None:
    """Remove the node holding a dangling $ref from its parent (an emptied map goes too)."""
    parents: list[Any] = [spec]
    for token in tokens[:-1]:
        node = parents[-1]
        parents.append(node[int(token)] if isinstance(node, list) else node[token])
    container, key = parents[-1], tokens[-1]
    if isinstance(container, list):
        del container[int(key)]
    else:
        del container[str(key)]
    # An `examples` or `parameters` holder left empty is removed as well.
    for depth in range(len(tokens) - 1, 0, -1):
        node = parents[depth]
        if node in ({}, []) and tokens[depth - 1] in ("examples", "parameters", "headers"):
            parent = parents[depth - 1]
            if isinstance(parent, list):
                del parent[int(tokens[depth - 1])]
            else:
                del parent[str(tokens[depth - 1])]
        break

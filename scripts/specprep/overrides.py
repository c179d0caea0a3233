"""The declarative overrides: a JSON-Patch subset in which every change says what it expects.

Each entry: `op` (add | replace | remove | test), `path` (a JSON pointer), `value` (add, replace,
test), `expect` (replace, remove: the value found upstream today; for a mapping, the part of it
that must be there), a one-line `reason` and an optional `source`. An override whose expectation
no longer holds is reported, never applied: upstream changed, so it must be retired or adapted.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from specprep.pointers import Token, escape_token, parse_pointer
from specprep.problems import Problems, short

OPS = ("add", "replace", "remove", "test")
FIELDS = {"op", "path", "value", "expect", "reason", "source"}
DANGLING_FIELDS = {"ref", "action", "reason", "source"}
DANGLING_ACTIONS = ("drop",)


@dataclass(frozen=True)
class Override:
    """One entry of the overrides file, with where it is written."""

    number: int
    line: int
    op: str
    path: str
    value: Any
    expect: Any
    has_expect: bool
    reason: str
    source: str | None

    def where(self, file: str) -> str:
        return f"{file}:{self.line} override #{self.number} ({self.op} {self.path})"


@dataclass(frozen=True)
class DanglingRule:
    """How the dangling `$ref`s that match `ref` (a prefix ending in `*`, or exact) are resolved."""

    ref: str
    action: str
    reason: str
    line: int

    def matches(self, ref: str) -> bool:
        if self.ref.endswith("*"):
            return ref.startswith(self.ref[:-1])
        return ref == self.ref


@dataclass
class OverrideFile:
    """The parsed overrides file."""

    path: str
    overrides: list[Override]
    dangling: list[DanglingRule]


def _lines_of_items(text: str, key: str) -> list[int]:
    """1-based line of each item of the top-level sequence ``key`` (for messages)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == key and isinstance(value_node, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value_node.value]
    return []


def load(path: Path, problems: Problems) -> OverrideFile:
    """Read the overrides file; every malformed entry is a problem (the others still load)."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        document = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problems.add(file, f"cannot be read as YAML ({type(error).__name__})", "fix the file")
        return OverrideFile(file, [], [])
    if not isinstance(document, dict) or not isinstance(document.get("overrides"), list):
        problems.add(file, "has no 'overrides' list", "write `overrides:` followed by entries")
        return OverrideFile(file, [], [])
    lines = _lines_of_items(text, "overrides")
    result = OverrideFile(file, [], [])
    for number, entry in enumerate(document["overrides"], start=1):
        line = lines[number - 1] if number - 1 < len(lines) else 0
        parsed = _parse_entry(entry, number, line, file, problems)
        if parsed is not None:
            result.overrides.append(parsed)
    dangling_lines = _lines_of_items(text, "dangling_refs")
    for number, entry in enumerate(document.get("dangling_refs") or [], start=1):
        line = dangling_lines[number - 1] if number - 1 < len(dangling_lines) else 0
        rule = _parse_dangling(entry, line, file, problems)
        if rule is not None:
            result.dangling.append(rule)
    unknown = set(document) - {"overrides", "dangling_refs"}
    if unknown:
        problems.add(
            file, f"unknown top-level key(s) {sorted(unknown)}", "use overrides / dangling_refs"
        )
    return result


def _parse_entry(
    entry: Any, number: int, line: int, file: str, problems: Problems
) -> Override | None:
    where = f"{file}:{line} override #{number}"
    if not isinstance(entry, dict):
        problems.add(where, "is not a mapping", "write op, path, value/expect and reason")
        return None
    unknown = set(entry) - FIELDS
    op, path, reason = entry.get("op"), entry.get("path"), entry.get("reason")
    found: list[str] = []
    if unknown:
        found.append(f"unknown field(s) {sorted(unknown)}")
    if op not in OPS:
        found.append(f"op {short(op)} is not one of {', '.join(OPS)}")
    if not isinstance(path, str):
        found.append("path is not a JSON pointer string")
    if not isinstance(reason, str) or not reason.strip() or "\n" in reason.strip():
        found.append("needs a one-line 'reason'")
    if op in ("add", "replace", "test") and "value" not in entry:
        found.append(f"op {op!r} needs a 'value'")
    if op in ("replace", "remove") and "expect" not in entry:
        found.append(f"op {op!r} needs 'expect' (what upstream has there today)")
    if op in ("add", "test") and "expect" in entry:
        found.append(f"op {op!r} takes no 'expect'")
    if found:
        problems.add(where, "; ".join(found), "correct the entry (see the header of the file)")
        return None
    assert isinstance(path, str) and isinstance(reason, str) and isinstance(op, str)
    source = entry.get("source")
    return Override(
        number=number,
        line=line,
        op=op,
        path=path,
        value=entry.get("value"),
        expect=entry.get("expect"),
        has_expect="expect" in entry,
        reason=reason.strip(),
        source=str(source) if source is not None else None,
    )


def _parse_dangling(entry: Any, line: int, file: str, problems: Problems) -> DanglingRule | None:
    where = f"{file}:{line} dangling_refs entry"
    if (
        not isinstance(entry, dict)
        or set(entry) - DANGLING_FIELDS
        or not isinstance(entry.get("ref"), str)
        or entry.get("action") not in DANGLING_ACTIONS
        or not isinstance(entry.get("reason"), str)
    ):
        problems.add(
            where,
            f"is malformed: {short(entry)}",
            "write ref (exact, or a prefix ending in *), "
            f"action ({', '.join(DANGLING_ACTIONS)}), reason",
        )
        return None
    return DanglingRule(entry["ref"], entry["action"], entry["reason"], line)


def matches(found: Any, expected: Any) -> bool:
    """Whether ``found`` is what an override expects: equal, or for a mapping, a superset."""
    if isinstance(expected, dict) and isinstance(found, dict):
        return all(key in found and matches(found[key], value) for key, value in expected.items())
    return bool(found == expected)


def changed(found: Any, expected: Any, at: str = "") -> str:
    """What upstream changed where an override's expectation no longer holds, said short: the
    first place inside the target that differs, and how (the expectation is in the file)."""
    if isinstance(expected, dict) and isinstance(found, dict):
        for key, value in expected.items():
            inner = f"{at}/{escape_token(key)}"
            if key not in found:
                return f"upstream changed {inner}: it is gone"
            if not matches(found[key], value):
                return changed(found[key], value, inner)
    place = f"upstream changed {at or 'it'}:"
    if isinstance(expected, list) and isinstance(found, list):
        gained = [item for item in found if item not in expected]
        lost = [item for item in expected if item not in found]
        parts = [
            f"{word} {_some(items)}"
            for word, items in (("gained", gained), ("lost", lost))
            if items
        ]
        if parts:
            return f"{place} {'; '.join(parts)}"
    return f"{place} now {short(found, 60)}, expected {short(expected, 60)}"


def _some(items: list[Any], keep: int = 3) -> str:
    more = f" and {len(items) - keep} more" if len(items) > keep else ""
    return ", ".join(short(item, 40) for item in items[:keep]) + more


def apply_all(spec: dict[str, Any], file: OverrideFile, problems: Problems, log: Any) -> None:
    """Apply every override that fits, in order; report each one that does not and go on."""
    for override in file.overrides:
        problem = _apply_each(spec, override)
        if problem is None:
            log.info(
                "override #%d %s %s: %s",
                override.number,
                override.op,
                override.path,
                override.reason,
            )
        else:
            found, fix = problem
            problems.add(override.where(file.path), found, fix)


def _apply_each(document: dict[str, Any], override: Override) -> tuple[str, str] | None:
    """Apply an override at its path, or at every path its `*` tokens match (one fact that holds
    for, say, every operation is one entry); with `*`, a match whose expectation fails stops it."""
    tokens = parse_pointer(override.path) if override.path.startswith("/") else []
    if "*" not in tokens:
        return _apply_one(document, override)
    paths = _expand(document, tokens)
    if override.op != "add":  # replace, remove and test act where the member exists
        paths = [
            path for path in paths if _walk(document, list(parse_pointer(path)))[0] is not None
        ]
    if not paths:
        return f"{override.path} matches nothing in the spec", "retire or adapt this override"
    for path in paths:
        problem = _apply_one(document, replace(override, path=path))
        if problem is not None:
            found, fix = problem
            return f"at {path}: {found}", fix
    return None


def _expand(document: Any, tokens: list[str]) -> list[str]:
    """The concrete pointers a pointer with `*` tokens matches (the last token may be new)."""
    results: list[str] = []

    def walk(node: Any, index: int, walked: str) -> None:
        if index == len(tokens) - 1:
            results.append(walked + "/" + escape_token(tokens[index]))
            return
        token = tokens[index]
        keys = list(node) if token == "*" and isinstance(node, dict) else [token]
        for key in keys:
            if isinstance(node, dict) and key in node:
                walk(node[key], index + 1, walked + "/" + escape_token(key))

    if tokens and tokens[-1] != "*":
        walk(document, 0, "")
    return [path for path in results if _exists_parent(document, path)]


def _exists_parent(document: Any, path: str) -> bool:
    parent, _missing = _walk(document, list(parse_pointer(path))[:-1])
    return parent is not None


def _apply_one(document: dict[str, Any], override: Override) -> tuple[str, str] | None:
    """Apply one override; return (found, fix) when it does not fit the spec."""
    try:
        tokens: list[Token] = list(parse_pointer(override.path))
    except ValueError as error:
        return str(error), "write the path as a JSON pointer starting with '/'"
    if not tokens:
        return "targets the whole document", "target a member"
    parent, missing = _walk(document, tokens[:-1])
    key = tokens[-1]
    op, value = override.op, copy.deepcopy(override.value)
    if parent is None:
        return (
            f"{missing} is not in the spec",
            "upstream moved or removed it: retire this override or point it at the new place",
        )
    if isinstance(parent, list):
        return _apply_in_list(parent, key, op, value, override)
    if not isinstance(parent, dict):
        return f"the parent of {override.path} is a {type(parent).__name__}", "fix the path"
    present = key in parent
    current = parent.get(str(key))
    if op == "add":
        if present:
            if current == value:
                return "upstream now has exactly this value", "retire this override"
            return (
                f"already exists upstream with {short(current)}",
                "adapt: make it a replace with expect set to the upstream value, or retire it",
            )
        parent[str(key)] = value
        return None
    if not present:
        what = "already gone upstream" if op == "remove" else "not in the spec"
        return f"{override.path} is {what}", "retire this override or point it at the new place"
    if op == "test":
        if current != value:
            return (
                f"test failed: found {short(current)}",
                "upstream changed: review the overrides after it",
            )
        return None
    if not matches(current, override.expect):
        if op == "replace" and current == value:
            return "upstream now has exactly this value", "retire this override"
        return (
            changed(current, override.expect),
            "upstream changed: adapt the override (value and expect) or retire it",
        )
    if op == "replace":
        parent[str(key)] = value
    else:
        del parent[str(key)]
    return None


def _apply_in_list(
    parent: list[Any], key: Token, op: str, value: Any, override: Override
) -> tuple[str, str] | None:
    if op == "add" and key == "-":
        parent.append(value)
        return None
    try:
        index = int(key)
    except ValueError:
        return f"{key!r} is not a list index", "use a number or '-'"
    if op == "add":
        if index > len(parent):
            return f"index {index} is past the end of the list", "fix the index"
        parent.insert(index, value)
        return None
    if index >= len(parent):
        return f"index {index} is past the end of the list", "upstream changed: adapt or retire"
    current = parent[index]
    if op == "test":
        if current != value:
            return f"test failed: found {short(current)}", "upstream changed: review"
        return None
    if not matches(current, override.expect):
        return (
            changed(current, override.expect),
            "upstream changed: adapt the override or retire it",
        )
    if op == "replace":
        parent[index] = value
    else:
        del parent[index]
    return None


def _walk(document: Any, tokens: list[Token]) -> tuple[Any, str]:
    """The node at ``tokens``, or (None, the first missing pointer)."""
    node = document
    walked = ""
    for token in tokens:
        walked += "/" + str(token).replace("~", "~0").replace("/", "~1")
        if isinstance(node, dict) and str(token) in node:
            node = node[str(token)]
        elif isinstance(node, list) and str(token).isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None, walked
    return node, ""

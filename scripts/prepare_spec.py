#!/usr/bin/env python3
"""Prepare a vendored OpenAPI spec for client generation, reporting every problem in one run.

Steps: read the vendored YAML (never edited), dropping damaged *examples* with a warning naming the
line and JSON pointer; apply the declarative overrides (before validation, so an override can
repair any part of the input); normalise generator limits that recur in IBM's files (logged);
resolve dangling `$ref`s as the overrides file says; validate with openapi-spec-validator; check
that every generated operation the facade binds still exists. Every problem found is reported
together, one short line each with the fix, and nothing is written unless there are none.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from specprep import bindings, normalise, overrides, refs
from specprep.pointers import Token, escape_token, parse_pointer, to_pointer
from specprep.problems import Problems, one_line

__all__ = ["escape_token", "parse_pointer", "to_pointer"]

LOG = logging.getLogger("prepare_spec")

MAX_EXAMPLE_REPAIRS = 50
# (0-based line, 0-based column, whether the key/item sits inside a flow collection {...} / [...])
Mark = tuple[int, int, bool]


class PrepareError(Exception):
    """The spec cannot be prepared: damage outside examples, a bad override, an invalid result."""


@dataclass(frozen=True)
class ExampleRepair:
    """One damaged example that was dropped: where the damage was found and what was removed."""

    line: int
    pointer: str
    problem: str


@dataclass
class LoadedSpec:
    """The parsed spec, the line of each JSON pointer (for messages) and the repairs made."""

    data: dict[str, Any]
    lines: dict[str, int]
    repairs: list[ExampleRepair] = field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# YAML loading that knows where it is


class _SpecLoader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1 timestamps, so dates stay strings as they would in JSON."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Damage(Exception):
    """Internal: a parse problem at a known place, before deciding whether it is fatal."""

    def __init__(self, tokens: list[Token], marks: list[Mark], line: int, problem: str) -> None:
        super().__init__(problem)
        self.tokens = tokens
        self.marks = marks
        self.line = line
        self.problem = problem


@dataclass
class _Frame:
    """One open collection while reading YAML events: its current key or index."""

    is_mapping: bool
    flow: bool
    complex_key: bool = False
    awaiting_key: bool = True
    token: Token | None = None
    mark: Mark | None = None
    index: int = -1


class _PathTracker:
    """Follows parser events so that, when the parser fails, we know the path it was reading."""

    def __init__(self) -> None:
        self.frames: list[_Frame] = []

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.CollectionEndEvent):
            frame = self.frames.pop()
            if not frame.complex_key:
                self._value_done()
            return
        if not isinstance(event, yaml.NodeEvent):
            return
        top = self.frames[-1] if self.frames else None
        mark = (event.start_mark.line, event.start_mark.column, bool(top and top.flow))
        is_collection = isinstance(event, yaml.CollectionStartEvent)
        if top is not None and top.is_mapping and top.awaiting_key:
            top.awaiting_key = False
            top.token = event.value if isinstance(event, yaml.ScalarEvent) else "?"
            top.mark = mark
            if is_collection:
                self._push(event, complex_key=True)
            return
        if top is not None and not top.is_mapping:
            top.index += 1
            top.token = top.index
            top.mark = mark
        if is_collection:
            self._push(event)
        else:
            self._value_done()

    def _push(self, event: yaml.Event, complex_key: bool = False) -> None:
        is_mapping = isinstance(event, yaml.MappingStartEvent)
        flow = bool(getattr(event, "flow_style", False))
        self.frames.append(_Frame(is_mapping=is_mapping, flow=flow, complex_key=complex_key))

    def _value_done(self) -> None:
        if self.frames and self.frames[-1].is_mapping:
            self.frames[-1].awaiting_key = True

    def location(self) -> tuple[list[Token], list[Mark]]:
        tokens: list[Token] = []
        marks: list[Mark] = []
        for frame in self.frames:
            if frame.token is None or frame.mark is None or frame.complex_key:
                continue
            if frame.is_mapping and frame.awaiting_key:
                continue
            tokens.append(frame.token)
            marks.append(frame.mark)
        return tokens, marks


class _TrackingLoader(_SpecLoader):
    """_SpecLoader that feeds every event it consumes to a _PathTracker."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.tracker = _PathTracker()

    def get_event(self) -> yaml.Event:
        event = super().get_event()
        self.tracker.feed(event)
        return event


def _problem_text(error: yaml.MarkedYAMLError) -> str:
    parts = [part for part in (error.context, error.problem) if part]
    return "; ".join(parts) or type(error).__name__


def _compose(text: str) -> tuple[yaml.Node, _SpecLoader]:
    loader = _TrackingLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        tokens, marks = loader.tracker.location()
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise _Damage(tokens, marks, line, _problem_text(error)) from error
    finally:
        loader.dispose()
    if node is None:
        raise PrepareError("the spec file is empty")
    return node, loader


def _to_python(
    node: yaml.Node,
    loader: _SpecLoader,
    tokens: list[Token],
    marks: list[Mark],
    lines: dict[str, int],
) -> Any:
    """Build plain JSON-like data from the node tree, recording the line of every pointer."""
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_mark = (key_node.start_mark.line, key_node.start_mark.column, bool(node.flow_style))
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Damage(tokens, marks, line, "YAML merge keys (<<) are not supported")
            key = _construct_scalar(key_node, loader, tokens, marks)
            if isinstance(key, bool) or not isinstance(key, str | int):
                raise _Damage(tokens, marks, line, f"mapping key {key!r} is not a string")
            key = str(key)
            child_tokens, child_marks = [*tokens, key], [*marks, key_mark]
            if key in result:
                raise _Damage(child_tokens, child_marks, line, f"duplicate key {key!r}")
            lines[to_pointer(child_tokens)] = line
            result[key] = _to_python(value_node, loader, child_tokens, child_marks, lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = []
        for index, item_node in enumerate(node.value):
            item_mark = (
                item_node.start_mark.line,
                item_node.start_mark.column,
                bool(node.flow_style),
            )
            child_tokens, child_marks = [*tokens, index], [*marks, item_mark]
            lines[to_pointer(child_tokens)] = item_node.start_mark.line + 1
            items.append(_to_python(item_node, loader, child_tokens, child_marks, lines))
        return items
    return _construct_scalar(node, loader, tokens, marks)


def _construct_scalar(
    node: yaml.Node, loader: _SpecLoader, tokens: list[Token], marks: list[Mark]
) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise _Damage(
            tokens, marks, node.start_mark.line + 1, "complex mapping keys are not supported"
        )
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as error:
        raise _Damage(tokens, marks, node.start_mark.line + 1, _problem_text(error)) from error


def _parse(text: str) -> tuple[Any, dict[str, int]]:
    node, loader = _compose(text)
    lines: dict[str, int] = {"": 1}
    return _to_python(node, loader, [], [], lines), lines


# --------------------------------------------------------------------------------------------------
# Examples: find the example a location belongs to, and drop it


def example_unit(tokens: Sequence[Token]) -> int | None:
    """Index of the token naming the example that contains this path, or None if not in an example.

    ``.../example`` is the unit itself; ``.../examples/<name>`` is one named Example Object (the
    whole ``examples`` member when it is a list). A schema *property* called example(s) is not one.
    """
    for index, token in enumerate(tokens):
        if index > 0 and tokens[index - 1] == "properties":
            continue
        if token == "example":
            return index
        if token == "examples":
            has_named_child = index + 1 < len(tokens) and isinstance(tokens[index + 1], str)
            return index + 1 if has_named_child else index
    return None


def _block_end(lines: list[str], start: int, column: int) -> int:
    """First line after ``start`` whose content is indented at or left of ``column``."""
    end = start + 1
    while end < len(lines):
        stripped = lines[end].strip()
        if stripped and not stripped.startswith("#"):
            indent = len(lines[end]) - len(lines[end].lstrip(" "))
            if indent <= column:
                break
        end += 1
    return end


def _blank_example(lines: list[str], damage: _Damage, source: str) -> tuple[list[Token], int, int]:
    """Blank the lines of the example holding ``damage`` (line numbers stay the same)."""
    unit = example_unit(damage.tokens)
    where = f"{source}:{damage.line}"
    if unit is None:
        pointer = to_pointer(damage.tokens) or "/"
        raise PrepareError(
            f"{where}: the spec is damaged at {pointer} ({damage.problem}). This is not inside an "
            "example, so it is not repaired automatically; no output was written. Fix the vendored "
            "file upstream, or describe the fix in openapi/overrides.yaml if the YAML still parses."
        )
    first = unit
    while first >= 0 and damage.tokens[first] not in ("example", "examples"):
        first -= 1
    # Walk out of flow collections ({...}) to the nearest key written in block style.
    while unit > first and (damage.marks[unit][2] or not isinstance(damage.tokens[unit], str)):
        unit -= 1
    line0, column, in_flow = damage.marks[unit]
    pointer = to_pointer(damage.tokens[: unit + 1])
    if in_flow:
        raise PrepareError(
            f"{where}: the example {pointer} is damaged ({damage.problem}) but is written inside a "
            "flow collection, so it cannot be dropped line by line; no output was written."
        )
    end = _block_end(lines, line0, column)
    head = lines[line0][:column]
    lines[line0] = (head.rstrip() if head.strip() else "") + "\n"  # keep a sequence dash "-"
    for index in range(line0 + 1, end):
        lines[index] = "\n"
    return damage.tokens[: unit + 1], line0 + 1, end


def _remove_at(data: Any, tokens: Sequence[Token]) -> None:
    parent = _resolve(data, tokens[:-1])
    key = tokens[-1]
    if isinstance(parent, dict):
        parent.pop(str(key), None)
    elif isinstance(parent, list) and isinstance(key, int) and key < len(parent):
        del parent[key]


def _resolve(data: Any, tokens: Sequence[Token]) -> Any:
    node = data
    for token in tokens:
        if isinstance(node, dict):
            node = node[str(token)]
        elif isinstance(node, list):
            node = node[int(token)]
        else:
            raise KeyError(token)
    return node


def _cleanup_after_drops(data: dict[str, Any], dropped: list[list[Token]], source: str) -> None:
    """Remove what dropping examples leaves behind: empty ``examples`` maps and dangling $refs."""
    for tokens in dropped:
        for depth in range(len(tokens) - 1, 0, -1):
            if tokens[depth] not in ("example", "examples"):
                continue
            prefix = tokens[: depth + 1]
            try:
                value = _resolve(data, prefix)
            except (KeyError, IndexError, ValueError):
                break
            if value is None or value == {} or value == []:
                _remove_at(data, prefix)
            break
    dropped_refs = {
        "#" + to_pointer(tokens)
        for tokens in dropped
        if len(tokens) == 3 and tokens[0] == "components" and tokens[1] == "examples"
    }
    if not dropped_refs:
        return

    def visit(node: Any, tokens: list[Token]) -> None:
        if isinstance(node, dict):
            for key in list(node):
                child = node[key]
                if isinstance(child, dict) and child.get("$ref") in dropped_refs:
                    LOG.warning(
                        "%s: removed %s, which referred to the dropped example %s",
                        source,
                        to_pointer([*tokens, key]),
                        child["$ref"],
                    )
                    del node[key]
                else:
                    visit(child, [*tokens, key])
            if tokens and tokens[-1] == "examples" and not node:
                parent = _resolve(data, tokens[:-1])
                del parent["examples"]
        elif isinstance(node, list):
            for index, child in enumerate(node):
                visit(child, [*tokens, index])

    visit(data, [])


def load_spec_text(text: str, source: str = "<spec>") -> LoadedSpec:
    """Parse the vendored YAML, dropping damaged examples (each logged as a warning).

    Raises PrepareError when damage is found outside an example.
    """
    lines = text.splitlines(keepends=True)
    repairs: list[ExampleRepair] = []
    dropped: list[list[Token]] = []
    for _ in range(MAX_EXAMPLE_REPAIRS + 1):
        try:
            data, line_of = _parse("".join(lines))
            break
        except _Damage as damage:
            tokens, first, last = _blank_example(lines, damage, source)
            pointer = to_pointer(tokens)
            if tokens in dropped:
                raise PrepareError(
                    f"{source}:{damage.line}: dropping the damaged example {pointer} did not help "
                    f"({damage.problem}); no output was written."
                ) from None
            dropped.append(tokens)
            repair = ExampleRepair(line=damage.line, pointer=pointer, problem=damage.problem)
            repairs.append(repair)
            LOG.warning(
                "%s:%d: dropped damaged example %s (lines %d-%d): %s",
                source,
                damage.line,
                pointer,
                first,
                last,
                damage.problem,
            )
    else:
        raise PrepareError(f"{source}: more than {MAX_EXAMPLE_REPAIRS} damaged examples; giving up")
    if not isinstance(data, dict):
        raise PrepareError(f"{source}: the document is not a mapping")
    _cleanup_after_drops(data, dropped, source)
    return LoadedSpec(data=data, lines=line_of, repairs=repairs)


# --------------------------------------------------------------------------------------------------
# Validation


def validation_errors(spec: dict[str, Any]) -> list[tuple[list[Token], str]]:
    """All problems openapi-spec-validator finds, as (path tokens, one-line message)."""
    from jsonschema.exceptions import ValidationError, best_match
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = str(spec.get("openapi", ""))
    validator_class = (
        OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    )
    found: list[tuple[list[Token], str]] = []
    try:
        for error in validator_class(spec).iter_errors():
            if isinstance(error, ValidationError):
                error = best_match([error]) or error  # the most specific sub-error of a oneOf
                found.append((list(error.absolute_path), _error_message(error)))
            else:
                found.append(([], _message(str(error))))
    except Exception as error:  # the validator stops on e.g. an unresolvable $ref or a wrong type
        found.extend(_schema_only_errors(spec, version))
        found.append(
            ([], f"openapi-spec-validator stopped: {type(error).__name__}: " + _message(str(error)))
        )
    return found


def _error_message(error: Any) -> str:
    """A jsonschema error's message with a long quoted value cut, so that what is wrong shows."""
    text, quoted = error.message, repr(error.instance)
    if len(quoted) > 60 and quoted in text:
        text = text.replace(quoted, one_line(quoted, 40), 1)
    return _message(text)


def _message(text: str) -> str:
    """A validator message without the document it quotes (some quote the whole spec)."""
    text = text.split(" within {", 1)[0].split(" in {", 1)[0]
    return one_line(text, 160)


def _schema_only_errors(spec: dict[str, Any], version: str) -> list[tuple[list[Token], str]]:
    """Check against the bare OpenAPI JSON schema; it locates errors the validator crashes on."""
    from jsonschema.exceptions import best_match
    from openapi_spec_validator.schemas import (
        openapi_v30_schema_validator,
        openapi_v31_schema_validator,
    )

    validator = (
        openapi_v31_schema_validator if version.startswith("3.1") else openapi_v30_schema_validator
    )
    found: list[tuple[list[Token], str]] = []
    for error in validator.iter_errors(spec):
        error = best_match([error]) or error
        found.append((list(error.absolute_path), _error_message(error)))
    return found


def _nearest_line(tokens: Sequence[Token], lines: dict[str, int]) -> int | None:
    for depth in range(len(tokens), 0, -1):
        line = lines.get(to_pointer(tokens[:depth]))
        if line:
            return line
    return None


def _where(tokens: Sequence[Token], lines: dict[str, int], source: str) -> str:
    pointer = to_pointer(tokens) or "/"
    line = _nearest_line(tokens, lines)
    return f"{source}:{line} {pointer}" if line else f"{source} {pointer}"


def validate(loaded: LoadedSpec, source: str, problems: Problems) -> None:
    """Validate; drop examples the validator rejects (with a warning), report anything else."""
    for _ in range(MAX_EXAMPLE_REPAIRS + 1):
        errors = validation_errors(loaded.data)
        in_examples = [
            (tokens, message) for tokens, message in errors if example_unit(tokens) is not None
        ]
        if not in_examples:
            for tokens, message in errors:
                problems.add(
                    _where(tokens, loaded.lines, source),
                    message,
                    "describe the repair as an override in the overrides file",
                )
            return
        tokens, message = in_examples[0]
        unit = example_unit(tokens)
        assert unit is not None
        example_tokens = tokens[: unit + 1]
        pointer = to_pointer(example_tokens)
        line = _nearest_line(example_tokens, loaded.lines) or 0
        _remove_at(loaded.data, example_tokens)
        _cleanup_after_drops(loaded.data, [example_tokens], source)
        loaded.repairs.append(ExampleRepair(line=line, pointer=pointer, problem=message))
        LOG.warning("%s:%d: dropped invalid example %s: %s", source, line, pointer, message)
    problems.add(source, f"more than {MAX_EXAMPLE_REPAIRS} invalid examples", "fix upstream")


def validate_structure(loaded: LoadedSpec, source: str, problems: Problems) -> None:
    """Check against the bare OpenAPI schema only (no $ref resolution), for a spec with dangling
    $refs; examples are left to the full validation of the next run."""
    version = str(loaded.data.get("openapi", ""))
    for tokens, message in _schema_only_errors(loaded.data, version):
        if example_unit(tokens) is None:
            problems.add(
                _where(tokens, loaded.lines, source),
                message,
                "describe the repair as an override in the overrides file",
            )


def drop_invalid_examples(loaded: LoadedSpec, source: str) -> None:
    """Validate alone (no overrides): drop invalid examples, raise on anything else."""
    problems = Problems()
    validate(loaded, source, problems)
    if problems:
        raise PrepareError(problems.render(source))


def load_overrides(path: Path) -> list[overrides.Override]:
    """Read and check an overrides file; raises PrepareError listing every malformed entry."""
    problems = Problems()
    loaded = overrides.load(path, problems)
    if problems:
        raise PrepareError(problems.render(str(path)))
    return loaded.overrides


# --------------------------------------------------------------------------------------------------
# The whole step


def prepare(
    vendored: Path, overrides_path: Path | None, *, facade_bindings: Path | None = None
) -> dict[str, Any]:
    """Return the prepared spec, or raise PrepareError listing every problem found."""
    source = str(vendored)
    try:
        text = vendored.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PrepareError(f"{source}: cannot read the spec: {error}") from error
    loaded = load_spec_text(text, source)
    problems = Problems()
    rules: list[overrides.DanglingRule] = []
    file = str(overrides_path) if overrides_path else "the overrides file"
    if overrides_path is not None:
        parsed = overrides.load(overrides_path, problems)
        overrides.apply_all(loaded.data, parsed, problems, LOG)
        rules = parsed.dangling
    normalise.normalise(loaded.data, LOG)
    refs.resolve_dangling(loaded.data, rules, file, problems, LOG)
    if all(refs.resolves(loaded.data, ref) for _, ref in refs.local_refs(loaded.data)):
        validate(loaded, source, problems)
    else:  # the validator stops at the first dangling $ref; the bare OpenAPI schema check does not
        validate_structure(loaded, source, problems)
    if facade_bindings is not None and facade_bindings.is_file():
        bindings.check(loaded.data, facade_bindings, problems)
    if problems:
        raise PrepareError(problems.render(f"{source} with {file}"))
    return loaded.data


def dump_json(spec: dict[str, Any]) -> str:
    """Deterministic JSON text for the prepared spec (key order as in the source)."""
    return json.dumps(spec, indent=2, ensure_ascii=False) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file so a failed run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def main(argv: Sequence[str] | None = None, log_setup: Callable[[], None] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="the vendored OpenAPI YAML file")
    parser.add_argument("--overrides", type=Path, help="overrides YAML (JSON-pointer operations)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the prepared JSON")
    parser.add_argument(
        "--facade", type=Path, help="the facade's binding module, checked against the spec"
    )
    args = parser.parse_args(argv)
    (log_setup or _default_logging)()
    try:
        spec = prepare(args.spec, args.overrides, facade_bindings=args.facade)
    except PrepareError as error:
        LOG.error("%s", error)
        return 1
    write_text_atomic(args.out, dump_json(spec))
    LOG.info("wrote %s (%d paths)", args.out, len(spec.get("paths", {})))
    return 0


def _default_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="prepare_spec: %(levelname)s: %(message)s")


if __name__ == "__main__":
    sys.exit(main())

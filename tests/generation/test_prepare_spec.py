"""The prepare step: damaged examples are dropped with a warning; every other problem is collected.

One run reports every problem it finds (bad or stale overrides, dangling $refs, validation errors,
facade bindings) in one PrepareError, one short `  - where: found` line and one `      fix:` line
each, and writes nothing. Synthetic specs cover the mechanics; the two vendored editions (IBM's
0.45.3, the default, and the seed) are prepared for real.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
#: The seed edition (the document the project was created from) and its overrides.
VENDORED_SPEC = REPO / "openapi" / "qiskit-runtime-api.yaml"
OVERRIDES = REPO / "openapi" / "overrides-seed.yaml"
#: The default edition: IBM's 0.45.3 and its overrides.
DEFAULT_SPEC = REPO / "openapi" / "qiskit-runtime-api-0.45.3.merged.yaml"
DEFAULT_OVERRIDES = REPO / "openapi" / "overrides.yaml"

GOOD_FLOW_EXAMPLE = '{"id": "t1", "samples": [[0, 1], [1, 0]]}'
GOOD_SCHEMA_ITEMS = "{type: array, items: {type: integer}}"

BASE_SPEC = """\
openapi: 3.0.0
info:
  title: Synthetic
  version: '1'
paths:
  /things/{id}:
    get:
      operationId: get_thing
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
            example: abc
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
              examples:
                full:
                  value: FULL_EXAMPLE
                short:
                  $ref: '#/components/examples/shortThing'
components:
  examples:
    shortThing:
      value:
        id: t2
  schemas:
    Thing:
      type: object
      properties:
        id:
          type: string
        example:
          type: string
        samples:
          type: array
          items: SAMPLES_ITEMS
"""

THING_EXAMPLES = "/paths/~1things~1{id}/get/responses/200/content/application~1json/examples"


def make_spec(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    """Write the synthetic spec with the given (old, new) text replacements applied."""
    text = BASE_SPEC.replace("FULL_EXAMPLE", GOOD_FLOW_EXAMPLE).replace(
        "SAMPLES_ITEMS", GOOD_SCHEMA_ITEMS
    )
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


# --- repaired examples ----------------------------------------------------------------------------


def test_truncated_example_is_dropped_with_warning_naming_line_and_pointer(
    prepare_spec: ModuleType, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The same damage as the vendored file: a flow-style JSON example cut off after `"samples`.
    spec_path = make_spec(tmp_path, (GOOD_FLOW_EXAMPLE, '{"id": "t1", "samples}, {"x": 1}'))
    damaged_line = line_of(spec_path, '"samples}')
    caplog.set_level(logging.WARNING, logger="prepare_spec")

    spec = prepare_spec.prepare(spec_path, None)

    examples = spec["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["examples"]
    assert set(examples) == {"short"}  # only the damaged one is gone
    assert spec["components"]["schemas"]["Thing"]["properties"]["samples"]["items"] == {
        "type": "array",
        "items": {"type": "integer"},
    }
    (message,) = warnings_of(caplog)
    assert f"spec.yaml:{damaged_line}:" in message
    assert f"{THING_EXAMPLES}/full" in message


def test_damaged_component_example_is_dropped_with_the_refs_to_it(
    prepare_spec: ModuleType, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec_path = make_spec(tmp_path, ("      value:\n        id: t2\n", '      value: {"id": "t2\n'))
    caplog.set_level(logging.WARNING, logger="prepare_spec")

    spec = prepare_spec.prepare(spec_path, None)

    assert "components" not in spec or "examples" not in spec["components"]
    examples = spec["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["examples"]
    assert set(examples) == {"full"}
    messages = warnings_of(caplog)
    assert any("/components/examples/shortThing" in m for m in messages)
    assert any(f"{THING_EXAMPLES}/short" in m for m in messages)


def test_examples_map_left_empty_is_removed(
    prepare_spec: ModuleType, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec_path = make_spec(
        tmp_path,
        (GOOD_FLOW_EXAMPLE, '{"id": "t1", "samples}'),
        ("      value:\n        id: t2\n", '      value: {"id": "t2\n'),
    )
    caplog.set_level(logging.WARNING, logger="prepare_spec")

    spec = prepare_spec.prepare(spec_path, None)  # also validated: an `examples: null` would fail

    media = spec["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert "examples" not in media
    assert len(warnings_of(caplog)) >= 2


def test_damaged_example_inside_a_parameter_list_item_is_dropped(
    prepare_spec: ModuleType, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec_path = make_spec(tmp_path, ("            example: abc", "            example: [abc, {"))
    caplog.set_level(logging.WARNING, logger="prepare_spec")

    spec = prepare_spec.prepare(spec_path, None)

    (parameter,) = spec["paths"]["/things/{id}"]["get"]["parameters"]
    assert parameter == {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    (message,) = warnings_of(caplog)
    assert "/paths/~1things~1{id}/get/parameters/0/schema/example" in message


def test_duplicate_key_in_an_example_drops_the_example(
    prepare_spec: ModuleType, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec_path = make_spec(tmp_path, ("        id: t2\n", "        id: t2\n        id: t3\n"))
    caplog.set_level(logging.WARNING, logger="prepare_spec")

    spec = prepare_spec.prepare(spec_path, None)

    assert "examples" not in spec.get("components", {})
    assert any("duplicate key" in m for m in warnings_of(caplog))


def test_example_object_of_the_wrong_shape_is_dropped_by_validation(
    prepare_spec: ModuleType, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Valid YAML, but an Example Object must be a mapping: the validator rejects it.
    spec_path = make_spec(tmp_path, (f"value: {GOOD_FLOW_EXAMPLE}", '"just some text"'))
    caplog.set_level(logging.WARNING, logger="prepare_spec")

    spec = prepare_spec.prepare(spec_path, None)

    examples = spec["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["examples"]
    assert set(examples) == {"short"}
    (message,) = warnings_of(caplog)
    assert f"{THING_EXAMPLES}/full" in message
    assert f"spec.yaml:{line_of(spec_path, 'full:')}:" in message


def test_wrongly_typed_field_in_an_example_is_dropped(
    prepare_spec: ModuleType, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # openapi-spec-validator 0.8.5 crashes on this instead of reporting it; we still locate it.
    spec_path = make_spec(tmp_path, ("    shortThing:\n", "    shortThing:\n      summary: 5\n"))
    caplog.set_level(logging.WARNING, logger="prepare_spec")

    spec = prepare_spec.prepare(spec_path, None)

    assert "examples" not in spec.get("components", {})
    assert any("/components/examples/shortThing" in m for m in warnings_of(caplog))


# --- damage outside examples ----------------------------------------------------------------------


def test_damaged_schema_stops_with_location_and_writes_nothing(
    prepare_spec: ModuleType, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec_path = make_spec(tmp_path, (GOOD_SCHEMA_ITEMS, '{type: array, "items}, {"a": 1}'))
    damaged_line = line_of(spec_path, '"items}')
    out = tmp_path / "build" / "prepared.json"

    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, None)
    message = str(caught.value)
    assert f"spec.yaml:{damaged_line}:" in message
    assert "/components/schemas/Thing/properties/samples/items" in message
    assert "not inside an example" in message

    caplog.set_level(logging.ERROR, logger="prepare_spec")
    exit_code = prepare_spec.main([str(spec_path), "--out", str(out)], log_setup=lambda: None)
    assert exit_code == 1
    assert not out.exists()
    assert not out.parent.exists()
    assert any("/components/schemas/Thing" in r.getMessage() for r in caplog.records)


def test_damaged_parameter_stops_with_its_pointer(prepare_spec: ModuleType, tmp_path: Path) -> None:
    spec_path = make_spec(tmp_path, ("          in: path\n", "          in: {path\n"))

    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, None)

    assert "/paths/~1things~1{id}/get/parameters/0" in str(caught.value)


def test_a_schema_property_named_example_is_not_treated_as_an_example(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    spec_path = make_spec(
        tmp_path, ("        example:\n          type: string", '        example: {"a')
    )

    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, None)

    assert "/components/schemas/Thing/properties/example" in str(caught.value)


def test_duplicate_key_in_a_schema_stops(prepare_spec: ModuleType, tmp_path: Path) -> None:
    spec_path = make_spec(
        tmp_path,
        (
            "        id:\n          type: string\n",
            "        id:\n          type: string\n          type: integer\n",
        ),
    )

    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, None)

    assert "duplicate key 'type'" in str(caught.value)
    assert "/components/schemas/Thing/properties/id/type" in str(caught.value)


def test_structurally_invalid_spec_outside_examples_stops(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    spec_path = make_spec(
        tmp_path,
        (
            "      operationId: get_thing\n",
            "      operationId: get_thing\n      deprecated: maybe\n",
        ),
    )

    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, None)

    lines = str(caught.value).splitlines()
    assert lines[0].endswith("no output was written:")
    line = line_of(spec_path, "deprecated: maybe")
    expected = (
        f"  - {spec_path}:{line} /paths/~1things~1{{id}}/get/deprecated: "
        "'maybe' is not of type 'boolean'"
    )
    assert expected in lines
    fix = lines[lines.index(expected) + 1]
    assert fix == "      fix: describe the repair as an override in the overrides file"


# --- overrides ------------------------------------------------------------------------------------


def write_overrides(tmp_path: Path, body: str, dangling: str = "") -> Path:
    path = tmp_path / "overrides.yaml"
    path.write_text(dangling + "overrides:\n" + (body or "  []\n"), encoding="utf-8")
    return path


def problem_lines(error: Exception) -> list[str]:
    """The `  - where: found` lines of a PrepareError, after checking its shape: a heading, then
    each problem as a `  - where: found` line followed by its `      fix: ...` line."""
    lines = str(error).splitlines()
    heads = [index for index, line in enumerate(lines) if line.startswith("  - ")]
    assert lines[0].endswith("no output was written:"), lines[0]
    assert len(lines) == 1 + 2 * len(heads), lines
    assert all(lines[index + 1].startswith("      fix: ") for index in heads), lines
    return [lines[index] for index in heads]


def test_overrides_apply_in_order(prepare_spec: ModuleType, tmp_path: Path) -> None:
    spec_path = make_spec(tmp_path)
    overrides = write_overrides(
        tmp_path,
        """\
  - op: replace
    path: /servers
    expect: [{url: /}]
    value: [{url: "https://example.invalid/api/v1"}]
    reason: servers
  - op: add
    path: /components/schemas/Thing/required
    value: [id]
    reason: add a list
  - op: add
    path: /components/schemas/Thing/required/-
    value: samples
    reason: append to it
  - op: test
    path: /components/schemas/Thing/required
    value: [id, samples]
    reason: guard
  - op: remove
    path: /components/schemas/Thing/properties/example
    expect: {type: string}
    reason: remove a member
  - op: replace
    path: /info/title
    expect: Synthetic
    value: Renamed
    reason: replace a scalar
""",
    )
    # /servers does not exist in the synthetic spec: the replace is reported, nothing is written.
    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, overrides)
    (problem,) = problem_lines(caught.value)
    assert "override #1 (replace /servers): /servers is not in the spec" in problem

    overrides.write_text(
        overrides.read_text(encoding="utf-8").replace(
            "op: replace\n    path: /servers\n    expect: [{url: /}]", "op: add\n    path: /servers"
        ),
        encoding="utf-8",
    )
    spec = prepare_spec.prepare(spec_path, overrides)
    assert spec["servers"] == [{"url": "https://example.invalid/api/v1"}]
    assert spec["components"]["schemas"]["Thing"]["required"] == ["id", "samples"]
    assert "example" not in spec["components"]["schemas"]["Thing"]["properties"]
    assert spec["info"]["title"] == "Renamed"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "  - op: remove\n    path: /paths/~1nope\n    expect: {}\n    reason: gone\n",
            r"override #1 \(remove /paths/~1nope\): /paths/~1nope is already gone upstream",
        ),
        (
            "  - op: remove\n    path: /paths/~1nope/get\n    expect: {}\n    reason: gone\n",
            r"/paths/~1nope is not in the spec\n      fix: upstream moved or removed it",
        ),
        (
            "  - op: add\n    path: /info/title\n    value: x\n    reason: exists\n",
            r'already exists upstream with "Synthetic"\n      fix: adapt: make it a replace',
        ),
        (
            "  - op: add\n    path: /openapi\n    value: 3.0.0\n    reason: same\n",
            r"upstream now has exactly this value\n      fix: retire this override",
        ),
        (
            "  - op: replace\n    path: /info/title\n    expect: Old\n    value: Synthetic\n"
            "    reason: done upstream\n",
            r"upstream now has exactly this value\n      fix: retire this override",
        ),
        (
            "  - op: test\n    path: /info/title\n    value: Other\n    reason: guard\n",
            'test failed: found "Synthetic"',
        ),
        ("  - op: remove\n    path: /info\n    expect: {}\n", "one-line 'reason'"),
        ("  - op: remove\n    path: /info\n    expect: {}\n    reason: ''\n", "one-line 'reason'"),
        ("  - op: move\n    path: /info\n    reason: r\n", 'op "move" is not one of add, replace'),
        ("  - op: add\n    path: /x\n    reason: r\n", "op 'add' needs a 'value'"),
        (
            "  - op: replace\n    path: /info/title\n    value: x\n    reason: r\n",
            r"op 'replace' needs 'expect' \(what upstream has there today\)",
        ),
        ("  - op: remove\n    path: /info\n    reason: r\n", "op 'remove' needs 'expect'"),
        (
            "  - op: add\n    path: /x\n    value: 1\n    expect: 0\n    reason: r\n",
            "op 'add' takes no 'expect'",
        ),
        (
            "  - op: add\n    path: /x\n    value: 1\n    reason: r\n    why: typo\n",
            r"unknown field\(s\) \['why'\]",
        ),
        ("  - op: add\n    path: x\n    value: 1\n    reason: r\n", "must be empty or start"),
    ],
)
def test_bad_or_stale_overrides_are_errors(
    prepare_spec: ModuleType, tmp_path: Path, body: str, expected: str
) -> None:
    spec_path = make_spec(tmp_path)
    overrides = write_overrides(tmp_path, body)

    with pytest.raises(prepare_spec.PrepareError, match=expected):
        prepare_spec.prepare(spec_path, overrides)


def test_replace_whose_expectation_no_longer_holds_is_reported_and_not_applied(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    spec_path = make_spec(tmp_path)
    overrides = write_overrides(
        tmp_path,
        """\
  - op: replace
    path: /components/schemas/Thing/properties/id
    expect: {type: integer}
    value: {type: string, maxLength: 8}
    reason: stale, upstream has a string
  - op: remove
    path: /components/schemas/Thing/properties/samples
    expect: {type: object}
    reason: stale, upstream has an array
""",
    )
    spec = prepare_spec.load_spec_text(spec_path.read_text(encoding="utf-8")).data
    problems = prepare_spec.Problems()

    prepare_spec.overrides.apply_all(
        spec, prepare_spec.overrides.load(overrides, problems), problems, logging.getLogger("t")
    )

    properties = spec["components"]["schemas"]["Thing"]["properties"]
    assert properties["id"] == {"type": "string"}  # the value was NOT applied
    assert "samples" in properties  # nor the remove
    replaced, removed = problems.items
    assert "override #1 (replace /components/schemas/Thing/properties/id)" in replaced.where
    assert "upstream changed" in replaced.found
    assert '"string"' in replaced.found and '"integer"' in replaced.found
    assert "override #2 (remove /components/schemas/Thing/properties/samples)" in removed.where
    assert "upstream changed" in removed.found
    assert all("adapt the override" in problem.fix for problem in problems.items)
    with pytest.raises(prepare_spec.PrepareError, match=r"override #1 .*upstream changed"):
        prepare_spec.prepare(spec_path, overrides)


def test_expect_of_a_mapping_names_the_part_that_must_be_there(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    spec_path = make_spec(tmp_path)
    overrides = write_overrides(
        tmp_path,
        """\
  - op: replace
    path: /components/schemas/Thing/properties/samples
    expect: {type: array}
    value: {type: array, items: {type: string}}
    reason: expect names only the part that matters; the items may differ
""",
    )

    spec = prepare_spec.prepare(spec_path, overrides)

    assert spec["components"]["schemas"]["Thing"]["properties"]["samples"]["items"] == {
        "type": "string"
    }


def test_override_that_breaks_the_spec_stops_without_output(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    spec_path = make_spec(tmp_path)
    overrides = write_overrides(
        tmp_path,
        "  - op: remove\n    path: /components/schemas/Thing\n    expect: {type: object}\n"
        "    reason: breaks a $ref\n",
    )
    out = tmp_path / "prepared.json"

    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, overrides)
    (problem,) = problem_lines(caught.value)
    assert "$ref #/components/schemas/Thing points at nothing in the spec" in problem
    exit_code = prepare_spec.main(
        [str(spec_path), "--overrides", str(overrides), "--out", str(out)], log_setup=lambda: None
    )
    assert exit_code == 1
    assert not out.exists()


def test_override_that_makes_the_spec_invalid_is_a_collected_problem(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    # What used to stop the run as "invalid after applying the overrides" is one problem among all.
    spec_path = make_spec(tmp_path)
    overrides = write_overrides(
        tmp_path,
        """\
  - op: add
    path: /paths/~1things~1{id}/get/deprecated
    value: maybe
    reason: makes the spec invalid
  - op: add
    path: /info/title
    value: x
    reason: exists
""",
    )

    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, overrides)

    stale, invalid, *_ = problem_lines(caught.value)  # (then the validator's own crash, if any)
    assert "override #2 (add /info/title): already exists upstream" in stale
    assert "/paths/~1things~1{id}/get/deprecated: 'maybe' is not of type 'boolean'" in invalid


# --- one run reports everything, briefly ----------------------------------------------------------


def test_every_problem_of_a_run_is_reported_together(
    prepare_spec: ModuleType, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec_path = make_spec(tmp_path, ("    shortThing:\n", "    otherThing:\n"))  # a dangling $ref
    overrides = write_overrides(
        tmp_path,
        """\
  - op: move
    path: /info
    reason: malformed
  - op: replace
    path: /info/title
    expect: Other
    value: New
    reason: stale
  - op: add
    path: /info/version
    value: '2'
    reason: exists
  - op: add
    path: /info/description
    value: applied although earlier overrides failed
    reason: fine
  - op: remove
    path: /paths/~1gone
    expect: {}
    reason: gone upstream
""",
    )
    caplog.set_level(logging.INFO, logger="prepare_spec")

    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, overrides)

    message = str(caught.value)
    assert message.splitlines()[0] == (
        f"{spec_path} with {overrides}: 5 problems, no output was written:"
    )
    problems = problem_lines(caught.value)
    assert len(problems) == 5
    assert 'override #1: op "move"' in problems[0]
    assert "override #2 (replace /info/title): upstream changed" in problems[1]
    assert "override #3 (add /info/version): already exists upstream" in problems[2]
    assert "override #5 (remove /paths/~1gone): /paths/~1gone is already gone" in problems[3]
    assert "$ref #/components/examples/shortThing points at nothing" in problems[4]
    assert len(message.splitlines()) == 1 + 2 * 5  # heading, then `- where: found` + `fix:` each
    logged = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("override #4 add /info/description") for m in logged)


def test_no_line_of_a_report_is_longer_than_200_characters(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    long_name = "Very" + "Long" * 60
    long_value = "x" * 500
    spec_path = make_spec(
        tmp_path, ("    Thing:\n", f"    {long_name}:\n      type: string\n    Thing:\n")
    )
    overrides = write_overrides(
        tmp_path,
        f"""\
  - op: add
    path: /components/schemas/{long_name}/description
    value: {long_value}
    reason: {long_value}
  - op: add
    path: /components/schemas/{long_name}/type
    value: {long_value}
    reason: exists with a different value
  - op: replace
    path: /components/schemas/{long_name}/type
    expect: {long_value}
    value: {long_value}
    reason: stale
  - op: add
    path: /components/schemas/Thing/properties/ref
    value: {{$ref: '#/components/schemas/{long_name}{long_name}'}}
    reason: dangling
""",
    )

    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, overrides)

    lines = str(caught.value).splitlines()
    assert len(lines) == 1 + 2 * 3  # the first override applies; each of the others is reported
    too_long = [line for line in lines if len(line) > 200]
    assert too_long == []
    assert long_value not in str(caught.value)


def test_a_validator_error_that_quotes_the_document_does_not_print_the_spec(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    # An unknown key in a schema: jsonschema's message quotes the whole schema it is in.
    properties = "".join(f"        field{n}:\n          type: string\n" for n in range(300))
    spec_path = make_spec(
        tmp_path,
        ("      type: object\n", "      type: object\n      nonsense: 1\n"),
        (
            "        id:\n          type: string\n",
            properties + "        lastfield:\n"
            "          type: string\n          description: END-OF-THE-SPEC\n",
        ),
    )
    assert len(spec_path.read_text(encoding="utf-8")) > 10_000

    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, None)

    message = str(caught.value)
    assert "/components/schemas/Thing:" in message
    assert "is not valid under any of the given schemas" in message  # what is wrong still shows
    assert "END-OF-THE-SPEC" not in message
    assert "field299" not in message
    assert len(message) < 1000
    assert all(len(line) <= 200 for line in message.splitlines())


# --- dangling $refs -------------------------------------------------------------------------------

DROP_EXAMPLES = """\
dangling_refs:
  - ref: "#/components/examples/*"
    action: drop
    reason: the examples were lost upstream
"""


def test_dangling_refs_rule_drops_the_referring_entries(
    prepare_spec: ModuleType, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec_path = make_spec(tmp_path, ("    shortThing:\n", "    otherThing:\n"))
    overrides = write_overrides(tmp_path, "", dangling=DROP_EXAMPLES)
    caplog.set_level(logging.INFO, logger="prepare_spec")

    spec = prepare_spec.prepare(spec_path, overrides)

    media = spec["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert set(media["examples"]) == {"full"}  # the entry referring to the lost example is gone
    assert media["schema"] == {"$ref": "#/components/schemas/Thing"}
    (logged,) = [
        r.getMessage() for r in caplog.records if "a $ref to the missing" in r.getMessage()
    ]
    assert f"dropped {THING_EXAMPLES}/short" in logged
    assert "#/components/examples/shortThing" in logged and "lost upstream" in logged


def test_dangling_refs_no_rule_covers_are_reported(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    spec_path = make_spec(
        tmp_path,
        ("    shortThing:\n", "    otherThing:\n"),
        ("                $ref: '#/components/schemas/Thing'", "                $ref: '#/x/Nope'"),
    )
    overrides = write_overrides(tmp_path, "", dangling=DROP_EXAMPLES)

    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, overrides)

    (problem,) = problem_lines(caught.value)  # the example ref is dropped, the schema ref is not
    assert "application~1json/schema: $ref #/x/Nope points at nothing in the spec" in problem
    assert "or list `ref: #/x/Nope` with `action: drop`" in str(caught.value)


def test_dangling_refs_rule_that_matches_nothing_is_reported(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    spec_path = make_spec(tmp_path)  # every $ref resolves
    overrides = write_overrides(tmp_path, "", dangling=DROP_EXAMPLES)

    with pytest.raises(prepare_spec.PrepareError) as caught:
        prepare_spec.prepare(spec_path, overrides)

    (problem,) = problem_lines(caught.value)
    assert f"{overrides}:2 dangling_refs #/components/examples/*" in problem
    assert "no dangling $ref matches it any more\n      fix: retire this entry" in str(caught.value)


# --- the vendored specs ---------------------------------------------------------------------------


def test_seed_spec_has_exactly_the_known_damage(
    prepare_spec: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="prepare_spec")
    loaded = prepare_spec.load_spec_text(
        VENDORED_SPEC.read_text(encoding="utf-8"), str(VENDORED_SPEC)
    )

    (repair,) = loaded.repairs
    assert repair.line == 178
    assert repair.pointer == (
        "/paths/~1backends~1{id}~1defaults/get/responses/200/content/application~1json"
        "/examples/sampleBackendStatusResponse"
    )
    (message,) = warnings_of(caplog)
    assert ":178:" in message and repair.pointer in message


def test_default_spec_parses_without_damage(prepare_spec: ModuleType) -> None:
    loaded = prepare_spec.load_spec_text(DEFAULT_SPEC.read_text(encoding="utf-8"), "0.45.3")

    assert loaded.repairs == []
    assert loaded.data["info"]["version"] == "0.45.3"


def test_prepared_default_spec_is_valid_and_points_at_ibm(
    prepare_spec: ModuleType, default_prepared_spec: dict[str, Any]
) -> None:
    assert prepare_spec.validation_errors(default_prepared_spec) == []
    assert [server["url"] for server in default_prepared_spec["servers"]] == [
        "https://quantum.cloud.ibm.com/api",
        "https://eu-de.quantum.cloud.ibm.com/api",
    ]
    refs = list(prepare_spec.refs.local_refs(default_prepared_spec))
    assert refs
    assert all(prepare_spec.refs.resolves(default_prepared_spec, ref) for _, ref in refs)


def test_default_spec_run_logs_its_normalisations_and_dropped_refs(
    prepare_spec: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="prepare_spec")

    prepare_spec.prepare(DEFAULT_SPEC, DEFAULT_OVERRIDES)

    messages = [r.getMessage() for r in caplog.records]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    normalised = [m for m in messages if m.startswith("normalised ")]
    assert any("array without `items`" in m for m in normalised)
    assert any("is shared by" in m for m in normalised)  # duplicate titles
    assert any("recursive union" in m for m in normalised)  # DataTree
    assert any("is not in its own enum" in m for m in normalised)  # `fields` of GET /v1/backends
    assert sum("a $ref to the missing #/components/examples/" in m for m in messages) == 11


def test_prepared_seed_spec_is_valid_and_points_at_the_v1_roots(
    prepare_spec: ModuleType, prepared_spec: dict[str, Any]
) -> None:
    assert prepare_spec.validation_errors(prepared_spec) == []
    assert [server["url"] for server in prepared_spec["servers"]] == [
        "https://quantum.cloud.ibm.com/api/v1",
        "https://eu-de.quantum.cloud.ibm.com/api/v1",
    ]


@pytest.mark.parametrize("overrides_file", [DEFAULT_OVERRIDES, OVERRIDES], ids=["default", "seed"])
def test_every_override_has_a_one_line_reason(
    prepare_spec: ModuleType, overrides_file: Path
) -> None:
    entries = prepare_spec.load_overrides(overrides_file)  # raises on any malformed entry

    assert entries
    assert all(0 < len(entry.reason) < 200 for entry in entries)
    assert all(entry.has_expect for entry in entries if entry.op in ("replace", "remove"))


def test_cli_output_is_deterministic_json(prepare_spec: ModuleType, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "spec.json", tmp_path / "b" / "spec.json"
    for out in (first, second):
        argv = [str(DEFAULT_SPEC), "--overrides", str(DEFAULT_OVERRIDES), "--out", str(out)]
        assert prepare_spec.main(argv, log_setup=lambda: None) == 0

    assert first.read_bytes() == second.read_bytes()


def test_cli_prepares_the_seed_without_its_stream_operations(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    out = tmp_path / "seed.json"
    argv = [str(VENDORED_SPEC), "--overrides", str(OVERRIDES), "--out", str(out)]

    assert prepare_spec.main(argv, log_setup=lambda: None) == 0
    assert not any(path.startswith("/stream") for path in json.loads(out.read_text())["paths"])


def test_a_star_in_an_override_path_applies_it_at_every_match(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    spec_path = make_spec(tmp_path)
    overrides = write_overrides(
        tmp_path,
        """\
  - op: add
    path: /paths/*/*/deprecated
    value: true
    reason: every operation
  - op: replace
    path: /paths/*/*/operationId
    expect: get_thing
    value: fetch_thing
    reason: every operation that has one
""",
    )
    spec = prepare_spec.prepare(spec_path, overrides)
    operation = spec["paths"]["/things/{id}"]["get"]
    assert operation["deprecated"] is True and operation["operationId"] == "fetch_thing"

    stale = write_overrides(
        tmp_path,
        "  - op: replace\n    path: /paths/*/*/operationId\n    expect: other\n"
        "    value: x\n    reason: stale\n",
    )
    with pytest.raises(
        prepare_spec.PrepareError, match=r"at /paths/~1things~1\{id\}/get/operationId"
    ):
        prepare_spec.prepare(spec_path, stale)
    nothing = write_overrides(
        tmp_path, "  - op: remove\n    path: /nope/*/x\n    expect: 1\n    reason: gone\n"
    )
    with pytest.raises(prepare_spec.PrepareError, match="matches nothing"):
        prepare_spec.prepare(spec_path, nothing)

"""The prepare step: damaged examples are dropped with a warning; damage elsewhere stops the run."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
VENDORED_SPEC = REPO / "openapi" / "qiskit-runtime-api.yaml"
OVERRIDES = REPO / "openapi" / "overrides.yaml"

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

    message = str(caught.value)
    assert "invalid outside examples" in message
    assert f"spec.yaml:{line_of(spec_path, 'deprecated: maybe')}:" in message
    expected = "/paths/~1things~1{id}/get/deprecated: 'maybe' is not of type 'boolean'"
    assert expected in message


# --- overrides ------------------------------------------------------------------------------------


def write_overrides(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "overrides.yaml"
    path.write_text("overrides:\n" + body, encoding="utf-8")
    return path


def test_overrides_apply_in_order(prepare_spec: ModuleType, tmp_path: Path) -> None:
    spec_path = make_spec(tmp_path)
    overrides = write_overrides(
        tmp_path,
        """\
  - op: replace
    path: /servers
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
    reason: remove a member
""",
    )
    # /servers does not exist in the synthetic spec: replace must fail before anything is written.
    with pytest.raises(prepare_spec.PrepareError, match=r"override #1 .*reason: servers"):
        prepare_spec.prepare(spec_path, overrides)

    overrides.write_text(
        overrides.read_text(encoding="utf-8").replace(
            "op: replace\n    path: /servers", "op: add\n    path: /servers"
        ),
        encoding="utf-8",
    )
    spec = prepare_spec.prepare(spec_path, overrides)
    assert spec["servers"] == [{"url": "https://example.invalid/api/v1"}]
    assert spec["components"]["schemas"]["Thing"]["required"] == ["id", "samples"]
    assert "example" not in spec["components"]["schemas"]["Thing"]["properties"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("  - op: remove\n    path: /paths/~1nope\n    reason: gone\n", r"override #1 .*not found"),
        ("  - op: add\n    path: /openapi\n    value: x\n    reason: exists\n", "already exists"),
        (
            "  - op: test\n    path: /info/title\n    value: Other\n    reason: guard\n",
            "test failed",
        ),
        ("  - op: remove\n    path: /info\n", "one-line 'reason'"),
        ("  - op: remove\n    path: /info\n    reason: ''\n", "one-line 'reason'"),
        ("  - op: move\n    path: /info\n    reason: r\n", "op must be one of"),
        ("  - op: add\n    path: /x\n    reason: r\n", "needs a 'value'"),
    ],
)
def test_bad_or_stale_overrides_are_errors(
    prepare_spec: ModuleType, tmp_path: Path, body: str, expected: str
) -> None:
    spec_path = make_spec(tmp_path)
    overrides = write_overrides(tmp_path, body)

    with pytest.raises(prepare_spec.PrepareError, match=expected):
        prepare_spec.prepare(spec_path, overrides)


def test_override_that_breaks_the_spec_stops_without_output(
    prepare_spec: ModuleType, tmp_path: Path
) -> None:
    spec_path = make_spec(tmp_path)
    overrides = write_overrides(
        tmp_path, "  - op: remove\n    path: /components/schemas/Thing\n    reason: breaks a $ref\n"
    )
    out = tmp_path / "prepared.json"

    with pytest.raises(prepare_spec.PrepareError, match="invalid after applying"):
        prepare_spec.prepare(spec_path, overrides)
    exit_code = prepare_spec.main(
        [str(spec_path), "--overrides", str(overrides), "--out", str(out)], log_setup=lambda: None
    )
    assert exit_code == 1
    assert not out.exists()


# --- the vendored spec ----------------------------------------------------------------------------


def test_vendored_spec_has_exactly_the_known_damage(
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


def test_prepared_vendored_spec_is_valid_and_points_at_the_real_service(
    prepare_spec: ModuleType, prepared_spec: dict[str, object]
) -> None:
    assert prepare_spec.validation_errors(prepared_spec) == []
    assert [server["url"] for server in prepared_spec["servers"]] == [  # type: ignore[index]
        "https://quantum.cloud.ibm.com/api/v1",
        "https://eu-de.quantum.cloud.ibm.com/api/v1",
    ]


def test_every_override_has_a_one_line_reason(prepare_spec: ModuleType) -> None:
    operations = prepare_spec.load_overrides(OVERRIDES)  # raises on a missing reason

    assert operations
    assert all(len(op["reason"]) < 200 for op in operations)


def test_cli_output_is_deterministic_json(prepare_spec: ModuleType, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "spec.json", tmp_path / "b" / "spec.json"
    for out in (first, second):
        argv = [str(VENDORED_SPEC), "--overrides", str(OVERRIDES), "--out", str(out)]
        assert prepare_spec.main(argv, log_setup=lambda: None) == 0

    assert first.read_bytes() == second.read_bytes()
    assert "/stream/jobs" not in json.loads(first.read_text(encoding="utf-8"))["paths"]

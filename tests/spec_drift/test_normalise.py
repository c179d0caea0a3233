"""The generic normalisations (scripts/specprep/normalise.py) on small specs: each change logged.

They keep openapi-python-client from refusing constructs that recur in IBM's drops, so that such
drift needs no entry in overrides.yaml; none changes what the service sends or accepts.
"""

from __future__ import annotations

import copy
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.spec_drift


class Log:
    """Collects what `normalise` logs (it calls `log.info(format, *args)`)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def info(self, message: str, *args: Any) -> None:
        self.lines.append(message % args)


def spec_with(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas},
    }


def run(normalise: ModuleType, spec: dict[str, Any]) -> list[str]:
    log = Log()
    normalise.normalise(spec, log)
    again = Log()
    normalise.normalise(copy.deepcopy(spec), again)
    assert again.lines == [], "normalising twice changes more"
    return log.lines


def operation(parameter_schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "/things": {
            "get": {
                "operationId": "list_things",
                "parameters": [{"name": "sort", "in": "query", "schema": parameter_schema}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array"},
                                "example": {"type": "array"},
                            }
                        },
                    }
                },
            }
        }
    }


# --- Arrays without `items` --------------------------------------------------------------------


def test_arrays_without_items_get_items_of_any_type(normalise: ModuleType) -> None:
    spec = spec_with(
        {
            "Thing": {
                "type": "object",
                "properties": {
                    "tags": {"type": "array"},
                    "matrix": {"type": "array", "items": {"type": "array"}},
                    "kept": {"type": "array", "items": {"type": "string"}},
                    "example": {"type": "array"},  # a property called example is a schema
                },
            }
        },
        operation({"type": "string"}),
    )
    lines = run(normalise, spec)
    thing = spec["components"]["schemas"]["Thing"]["properties"]
    assert thing["tags"]["items"] == {}
    assert thing["matrix"]["items"]["items"] == {}
    assert thing["kept"]["items"] == {"type": "string"}
    assert thing["example"]["items"] == {}
    content = spec["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]
    assert content["schema"]["items"] == {}
    assert content["example"] == {"type": "array"}, "an example is data, not a schema"
    assert sorted(lines) == sorted(
        f"normalised {pointer}: array without `items`: items of any type"
        for pointer in (
            "/components/schemas/Thing/properties/tags",
            "/components/schemas/Thing/properties/matrix/items",
            "/components/schemas/Thing/properties/example",
            "/paths/~1things/get/responses/200/content/application~1json/schema",
        )
    )


# --- Defaults outside their enum ---------------------------------------------------------------


def test_default_outside_its_enum_is_dropped(normalise: ModuleType) -> None:
    spec = spec_with(
        {
            "Mode": {"type": "string", "enum": ["job", "batch"], "default": "session"},
            "Level": {"type": "string", "enum": ["low", "high"], "default": "low"},
        },
        operation({"type": "string", "enum": ["createdAt", "-createdAt"], "default": ""}),
    )
    lines = run(normalise, spec)
    schemas = spec["components"]["schemas"]
    assert "default" not in schemas["Mode"]
    assert schemas["Level"]["default"] == "low"
    parameter = spec["paths"]["/things"]["get"]["parameters"][0]["schema"]
    assert "default" not in parameter and parameter["enum"] == ["createdAt", "-createdAt"]
    assert sorted(line for line in lines if "default" in line) == [
        "normalised /components/schemas/Mode: default 'session' is not in its own enum "
        "['job', 'batch']: default dropped",
        "normalised /paths/~1things/get/parameters/0/schema: default '' is not in its own enum "
        "['createdAt', '-createdAt']: default dropped",
    ]


# --- Recursive unions --------------------------------------------------------------------------


def test_recursive_union_members_become_any_value(normalise: ModuleType) -> None:
    own = {"$ref": "#/components/schemas/DataTree"}
    spec = spec_with(
        {
            "DataTree": {
                "anyOf": [
                    {"type": "array", "items": copy.deepcopy(own)},
                    {"type": "string"},
                    {"type": "object", "additionalProperties": copy.deepcopy(own)},
                ]
            },
            "Node": {  # recursion outside a union: the generator copes, left alone
                "type": "object",
                "properties": {
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
                },
            },
        }
    )
    lines = run(normalise, spec)
    tree = spec["components"]["schemas"]["DataTree"]["anyOf"]
    assert tree[0]["items"] == {} and tree[2]["additionalProperties"] == {}
    assert tree[1] == {"type": "string"}
    node = spec["components"]["schemas"]["Node"]["properties"]["children"]
    assert node["items"] == {"$ref": "#/components/schemas/Node"}
    assert lines == [
        "normalised /components/schemas/DataTree/anyOf/0/items: recursive union: items referring "
        "to DataTree is any value",
        "normalised /components/schemas/DataTree/anyOf/2/additionalProperties: recursive union: "
        "additionalProperties referring to DataTree is any value",
    ]


# --- Duplicate titles --------------------------------------------------------------------------


def test_duplicate_titles_are_dropped_from_each_holder(normalise: ModuleType) -> None:
    spec = spec_with(
        {
            "JobResponseV3": {"title": "JobResponse", "type": "object", "properties": {}},
            "JobResponseV4": {"title": "JobResponse", "type": "object", "properties": {}},
            "Unique": {"title": "Unique", "type": "object", "properties": {}},
            "Label": {"title": "Label", "type": "string"},  # no class: not counted
            "Other": {"title": "Label", "type": "string"},
        }
    )
    lines = run(normalise, spec)
    schemas = spec["components"]["schemas"]
    assert "title" not in schemas["JobResponseV3"] and "title" not in schemas["JobResponseV4"]
    assert schemas["Unique"]["title"] == "Unique"
    assert schemas["Label"]["title"] == schemas["Other"]["title"] == "Label"
    assert lines == [
        "normalised /components/schemas/JobResponseV3: title 'JobResponse' is shared by 2 "
        "schemas: dropped",
        "normalised /components/schemas/JobResponseV4: title 'JobResponse' is shared by 2 "
        "schemas: dropped",
    ]


@pytest.mark.parametrize("title", ["Job Response", "job_response", "JOB-RESPONSE", " JobResponse "])
def test_titles_that_make_the_same_class_name_are_duplicates(
    normalise: ModuleType, title: str
) -> None:
    """The generator names the class from the title: these all make class JobResponse."""
    spec = spec_with(
        {
            "JobResponseV3": {"title": "JobResponse", "type": "object", "properties": {}},
            "JobResponseV4": {"title": title, "type": "object", "properties": {}},
        }
    )
    lines = run(normalise, spec)
    assert len(lines) == 2, lines
    assert f"title {title!r} is shared by 2 schemas" in lines[1]


def test_title_equal_to_another_components_name(normalise: ModuleType) -> None:
    """A nested schema titled like a component (whose class takes the name) loses its title."""
    spec = spec_with(
        {
            "Options": {"type": "object", "properties": {"shots": {"type": "integer"}}},
            "Job": {
                "type": "object",
                "properties": {
                    "options": {
                        "title": "options",
                        "type": "object",
                        "properties": {"seed": {"type": "integer"}},
                    }
                },
            },
        }
    )
    lines = run(normalise, spec)
    assert "title" not in spec["components"]["schemas"]["Job"]["properties"]["options"]
    assert lines == [
        "normalised /components/schemas/Job/properties/options: title 'options' is shared by 2 "
        "schemas: dropped"
    ]


def test_a_clean_spec_is_left_alone(normalise: ModuleType) -> None:
    spec = spec_with(
        {
            "Thing": {
                "title": "Thing",
                "type": "object",
                "properties": {"tags": {"type": "array", "items": {"type": "string"}}},
            }
        },
        operation({"type": "string", "enum": ["a", "b"], "default": "a"}),
    )
    spec["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Thing"
    }
    before = copy.deepcopy(spec)
    assert run(normalise, spec) == []
    assert spec == before

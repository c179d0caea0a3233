"""The custom templates in openapi/templates/: sans-IO endpoint halves and lazily imported models.

Every endpoint module has a public `request_kwargs(...)` (the request half: the operation's
arguments minus the client, returning httpx `request()` keyword arguments) and
`parse_ok(status_code, data)` (the response half: an already-decoded successful answer -> the
documented model), with `OK_STATUSES` naming the statuses `parse_ok` accepts and the form it wants
each body in. `qiskit_runtime_api.models` resolves its names on first use (PEP 562), so importing
one endpoint module loads only the models that endpoint needs.

Operations are found through the generated package by what they send (method and route), not by
module name, so these tests survive a spec update that renames operations. A small synthetic spec
checks the template branches today's spec does not reach (status ranges, `default`, text, bytes and
empty answers, several body content types, cookies, untyped lists).
"""

from __future__ import annotations

import ast
import copy
import importlib
import inspect
import io
import json
import os
import re
import subprocess
import sys
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import qiskit_runtime_api
import qiskit_runtime_api.api
from generated_operations import endpoint_modules, find_operation, placeholder_arguments
from qiskit_runtime_api import models, types
from qiskit_runtime_api.client import Client

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "openapi" / "templates"
GENERATED = Path(qiskit_runtime_api.__file__).resolve().parent
BODY_KINDS = set(typing.get_args(types.BodyKind))
BODY_KEYS = {"json", "content", "data", "files"}
REQUEST_KEYS = {"method", "url", "params", "headers", "cookies", *BODY_KEYS}

JOB = {
    "id": "c5dge2d3rn7breq27i9g",
    "backend": "ibm_brisbane",
    "state": {"status": "Completed"},
    "status": "Completed",
    "program": {"id": "sampler"},
    "created": "2025-01-01T00:00:00Z",
    "cost": 600,
}


# --- finding operations -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def job_details() -> ModuleType:
    return find_operation("GET", "/jobs/{}")


@pytest.fixture(scope="module")
def create_job() -> ModuleType:
    return find_operation("POST", "/jobs")


# --- every endpoint module ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(endpoint_modules()))
def test_every_endpoint_module_exports_the_sans_io_halves(name: str) -> None:
    module = endpoint_modules()[name]
    request_kwargs, parse_ok = module.request_kwargs, module.parse_ok

    # request_kwargs takes exactly the operation's arguments minus the client (same order, kinds,
    # defaults and annotations)
    operation = inspect.signature(module.sync_detailed).parameters.values()
    assert list(inspect.signature(request_kwargs).parameters.values()) == [
        parameter for parameter in operation if parameter.name != "client"
    ]
    assert typing.get_type_hints(request_kwargs)["return"] == dict[str, Any]
    assert module._get_kwargs is request_kwargs  # upstream's private name still works

    assert list(inspect.signature(parse_ok).parameters) == ["status_code", "data"]
    assert isinstance(module.OK_STATUSES, Mapping)
    assert set(module.OK_STATUSES.values()) <= BODY_KINDS
    assert all(200 <= status <= 299 for status in module.OK_STATUSES)

    kwargs = request_kwargs(**placeholder_arguments(request_kwargs))
    assert {"method", "url", "params", "headers"} <= set(kwargs)
    assert set(kwargs) <= REQUEST_KEYS


@pytest.mark.parametrize("name", sorted(endpoint_modules()))
def test_parse_ok_rejects_every_status_it_does_not_document(name: str) -> None:
    module = endpoint_modules()[name]
    undocumented = [
        s for s in (200, 201, 202, 204, 299, 301, 400, 404, 500) if s not in module.OK_STATUSES
    ]

    for status in undocumented:
        with pytest.raises(ValueError, match=rf"status {status} is not a documented successful"):
            module.parse_ok(status, None)


@pytest.mark.parametrize("name", sorted(endpoint_modules()))
def test_parse_ok_answers_without_content_and_text_answers(name: str) -> None:
    module = endpoint_modules()[name]
    for status, kind in module.OK_STATUSES.items():
        if kind == "none":
            assert module.parse_ok(status, None) is None
        elif kind == "text":
            assert module.parse_ok(status, '{"a": 1}') == '{"a": 1}'  # text stays text


def test_parse_ok_is_typed_precisely_everywhere() -> None:
    untyped = [
        name
        for name, module in endpoint_modules().items()
        if typing.get_type_hints(module.parse_ok)["return"] is Any
        or Any in typing.get_args(typing.get_type_hints(module.parse_ok)["return"])
    ]

    assert untyped == []


# --- the request half ---------------------------------------------------------------------------


def test_request_kwargs_of_job_details(job_details: ModuleType) -> None:
    kwargs = job_details.request_kwargs("job/1 x", exclude_params=True)

    assert kwargs["method"] == "get"
    assert re.fullmatch(r"(/v\d+)?/jobs/job%2F1%20x", kwargs["url"])  # the id is one segment
    assert kwargs["params"] == {"exclude_params": True}
    assert kwargs["headers"] == {}
    assert not BODY_KEYS & set(kwargs)


def test_request_kwargs_drops_unset_query_parameters(job_details: ModuleType) -> None:
    from qiskit_runtime_api.types import UNSET

    kwargs = job_details.request_kwargs("j1", exclude_params=UNSET)

    assert kwargs["params"] == {}


def test_request_kwargs_of_create_job(create_job: ModuleType) -> None:
    body = models.JobRunParams(program_id="sampler", backend="ibm_x", tags=["t1"])

    kwargs = create_job.request_kwargs(body=body, parent_job_id="parent-1")

    assert (kwargs["method"], kwargs["params"]) == ("post", {})
    assert re.fullmatch(r"(/v\d+)?/jobs", kwargs["url"])
    assert kwargs["json"] == {"program_id": "sampler", "backend": "ibm_x", "tags": ["t1"]}
    assert kwargs["headers"] == {"Parent-Job-Id": "parent-1", "Content-Type": "application/json"}


def test_request_kwargs_is_what_the_generated_client_sends(job_details: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=JOB)

    client = Client(
        base_url="https://q.example.invalid/api",
        httpx_args={"transport": httpx.MockTransport(handler)},
    )
    kwargs = job_details.request_kwargs("j1", exclude_params=True)

    job_details.sync_detailed("j1", client=client, exclude_params=True)

    (request,) = seen
    assert request.method == kwargs["method"].upper()
    assert request.url == httpx.URL(
        "https://q.example.invalid/api" + kwargs["url"], params=kwargs["params"]
    )


# --- the response half --------------------------------------------------------------------------


def test_parse_ok_of_job_details_returns_the_model(job_details: ModuleType) -> None:
    job = job_details.parse_ok(200, copy.deepcopy(JOB))

    assert isinstance(job, models.JobResponse)
    assert job.id == JOB["id"]
    assert typing.get_type_hints(job_details.parse_ok)["return"] is models.JobResponse
    assert job_details.OK_STATUSES == {200: "json"}


def test_parse_ok_of_create_job_returns_the_model(create_job: ModuleType) -> None:
    created = create_job.parse_ok(200, {"id": "j2", "backend": "ibm_x"})

    assert isinstance(created, models.JobCreateResponse)
    assert (created.id, created.backend) == ("j2", "ibm_x")


def test_parse_ok_raises_for_an_undocumented_status(job_details: ModuleType) -> None:
    with pytest.raises(ValueError, match=r"status 201 is not a documented successful answer"):
        job_details.parse_ok(201, copy.deepcopy(JOB))
    with pytest.raises(ValueError, match=r"status 404 .*documented: 200"):
        job_details.parse_ok(404, {"errors": []})  # an error answer is not parse_ok's business


def test_parse_ok_agrees_with_the_generated_response_parsing(job_details: ModuleType) -> None:
    client = Client(
        base_url="https://q.example.invalid",
        httpx_args={"transport": httpx.MockTransport(lambda _: httpx.Response(200, json=JOB))},
    )

    parsed = job_details.sync_detailed("j1", client=client).parsed

    assert isinstance(parsed, models.JobResponse)
    assert job_details.parse_ok(200, copy.deepcopy(JOB)).to_dict() == parsed.to_dict()


# --- lazy models --------------------------------------------------------------------------------


def _run_python(code: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter with only the generated package on the path."""
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(GENERATED.parent), "PATH": ""},
    )
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


LOADED_MODELS = (
    "import json, sys\n"
    "def loaded():\n"
    "    return sorted(m for m in sys.modules if m.startswith('qiskit_runtime_api.models.'))\n"
)


def test_importing_one_endpoint_module_loads_only_its_models(job_details: ModuleType) -> None:
    all_models = {path.stem for path in (GENERATED / "models").glob("*.py")} - {"__init__"}
    code = LOADED_MODELS + (
        f"import {job_details.__name__}\n"
        "after_import = loaded()\n"
        "from qiskit_runtime_api.models import JobResponse, ErrorContainer\n"
        "import qiskit_runtime_api.models as models\n"
        "print(json.dumps({'after_import': after_import, 'after_from': loaded(),\n"
        "    'job': JobResponse.__module__, 'all': sorted(models.__all__)}))\n"
    )

    result = _run_python(code)

    loaded = {name.rsplit(".", 1)[1] for name in result["after_import"]}
    assert "job_response" in loaded
    assert len(loaded) < len(all_models) // 2, sorted(loaded)
    assert result["after_from"] == result["after_import"]  # already loaded: nothing new
    assert result["job"] == "qiskit_runtime_api.models.job_response"
    assert len(result["all"]) >= len(all_models)  # a module may define more than one name


def test_models_package_imports_nothing_by_itself() -> None:
    result = _run_python(
        LOADED_MODELS + "import qiskit_runtime_api.models\nprint(json.dumps({'x': loaded()}))"
    )

    assert result["x"] == []


def test_every_model_name_resolves_lazily_and_unknown_names_fail() -> None:
    for name in models.__all__:
        value = getattr(models, name)
        assert value.__name__ == name
        assert value.__module__.startswith("qiskit_runtime_api.models.")
    assert set(models.__all__) <= set(dir(models))
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchModel'"):
        models.NoSuchModel  # noqa: B018


def test_models_init_names_every_model_for_type_checkers_too() -> None:
    tree = ast.parse((GENERATED / "models" / "__init__.py").read_text(encoding="utf-8"))
    type_checking_imports = {
        alias.name: node.module
        for statement in tree.body
        if isinstance(statement, ast.If) and ast.unparse(statement.test) == "TYPE_CHECKING"
        for node in statement.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    defined = {
        node.name: path.stem
        for path in (GENERATED / "models").glob("*.py")
        if path.name != "__init__.py"
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef)
    }

    assert type_checking_imports == defined
    assert set(models.__all__) == set(defined)


# --- mypy ---------------------------------------------------------------------------------------


def run_mypy(targets: list[str], cwd: Path, tmp_path: Path) -> list[str]:
    """mypy --strict on ``targets`` (no project configuration); its messages without file names."""
    pytest.importorskip("mypy")
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    completed = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--strict", "--no-error-summary"),
            *("--config-file", str(config), "--cache-dir", str(tmp_path / "mypy-cache")),
            *targets,
        ],
        cwd=cwd,
        env={**os.environ, "MYPYPATH": str(cwd)},
        capture_output=True,
        text=True,
        check=False,
    )
    output = completed.stdout + completed.stderr
    return [line.split(": ", 1)[1] if ": " in line else line for line in output.splitlines()]


def test_generated_package_passes_mypy_strict_with_precise_types(
    job_details: ModuleType, create_job: ModuleType, tmp_path: Path
) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        f"import {job_details.__name__} as details\n"
        f"import {create_job.__name__} as create\n"
        "from qiskit_runtime_api import models\n"
        "from qiskit_runtime_api.models import JobResponse\n"
        "job: JobResponse = details.parse_ok(200, {})\n"
        "reveal_type(details.parse_ok(200, {}))\n"
        "reveal_type(create.parse_ok(200, {}))\n"
        "reveal_type(details.request_kwargs('j'))\n"
        "reveal_type(details.OK_STATUSES)\n"
        "models.NoSuchModel\n",
        encoding="utf-8",
    )

    messages = run_mypy([str(GENERATED), str(probe)], GENERATED.parent, tmp_path)

    assert messages[:2] == [
        'note: Revealed type is "qiskit_runtime_api.models.job_response.JobResponse"',
        'note: Revealed type is "qiskit_runtime_api.models.job_create_response.JobCreateResponse"',
    ], messages
    assert re.fullmatch(
        r'note: Revealed type is "(builtins\.)?dict\[(builtins\.)?str, Any\]"', messages[2]
    )
    assert "Mapping[" in messages[3] and "Literal['none']" in messages[3], messages
    # no __getattr__ for type checkers: a misspelt model name is an error, not Any
    assert messages[4:] == ['error: Module has no attribute "NoSuchModel"  [attr-defined]']


# --- the templates themselves -------------------------------------------------------------------


def test_every_custom_template_says_why_it_differs_from_upstream() -> None:
    templates = sorted(TEMPLATES.rglob("*.jinja"))

    assert {path.relative_to(TEMPLATES).as_posix() for path in templates} >= {
        "endpoint_module.py.jinja",
        "models_init.py.jinja",
        "types.py.jinja",
    }
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("{#- Custom template ("), path  # a Jinja comment: not rendered
        comment = text[: text.index("-#}")]
        assert "openapi-python-client 0.29.1" in comment and len(comment) > 200, path


# --- a synthetic spec: the branches today's spec does not reach --------------------------------


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _answer(schema: dict[str, Any] | None, media: str = "application/json") -> dict[str, Any]:
    if schema is None:
        return {"description": "no content"}
    return {"description": "answer", "content": {media: {"schema": schema}}}


ANY_LIST: dict[str, Any] = {"type": "array", "items": {}}
SYNTHETIC_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "synthetic", "version": "1"},
    "security": [{"bearer": [], "crn": []}, {"crn": []}],
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "crn": {"type": "apiKey", "in": "header", "name": "Service-CRN"},
        },
        "parameters": {
            "Version": {"name": "IBM-API-Version", "in": "header", "required": True}
            | {"schema": {"type": "string"}},
        },
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "n": {"type": "integer"}},
            },
            "Other": {
                "type": "object",
                "properties": {"kind": {"type": "string", "enum": ["a", "b"]}},
            },
            "Err": {"type": "object", "properties": {"message": {"type": "string"}}},
            "Lists": {
                "type": "object",
                "required": ["plain"],
                "properties": {
                    "plain": ANY_LIST,
                    "optional": ANY_LIST,
                    "nullable": {"oneOf": [ANY_LIST, {"type": "null"}]},
                    "either": {"oneOf": [ANY_LIST, {"type": "string"}]},
                    "nested": {"type": "array", "items": ANY_LIST},
                },
            },
        },
    },
    "paths": {
        "/things/{thing_id}/{mode}": {
            "get": {
                "operationId": "get_thing",
                "tags": ["things"],
                "parameters": [
                    {"name": "thing_id", "in": "path", "required": True}
                    | {"schema": {"type": "integer"}},
                    {"name": "mode", "in": "path", "required": True}
                    | {"schema": {"type": "string", "enum": ["fast", "slow"]}},
                    {"$ref": "#/components/parameters/Version"},
                    {"name": "X-Count", "in": "header", "schema": {"type": "integer"}},
                    {"name": "ids", "in": "query"}
                    | {"schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": _answer(_ref("Thing")),
                    "2XX": _answer(_ref("Other")),
                    "4XX": _answer(_ref("Err")),
                },
            }
        },
        "/everything": {
            "get": {
                "operationId": "list_everything",
                "tags": ["things"],
                "responses": {"default": _answer({"type": "array", "items": _ref("Thing")})},
            }
        },
        "/upload": {
            "post": {
                "operationId": "upload",
                "tags": ["files"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": _ref("Thing")},
                        "application/octet-stream": {
                            "schema": {"type": "string", "format": "binary"}
                        },
                    },
                },
                "responses": {
                    "200": _answer({"type": "string"}, "text/plain"),
                    "201": _answer(
                        {"type": "string", "format": "binary"}, "application/octet-stream"
                    ),
                    "202": _answer({"type": ["integer", "null"]}),
                    "204": _answer(None),
                    "default": _answer(_ref("Err")),
                },
            }
        },
        "/errors": {
            "delete": {
                "operationId": "only_errors",
                "tags": ["files"],
                "security": [],
                "responses": {"404": _answer(_ref("Err"))},
            }
        },
        "/lists": {
            "get": {
                "operationId": "get_lists",
                "tags": ["files"],
                "responses": {
                    "200": _answer(_ref("Lists")),
                    "202": _answer({"oneOf": [ANY_LIST, {"type": "string"}]}),
                },
            }
        },
    },
}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def synthetic(
    tmp_path_factory: pytest.TempPathFactory, generate_client: ModuleType
) -> Iterator[tuple[Path, ModuleType]]:
    """The synthetic spec generated twice; the first copy imported as package `synthetic_api`.

    Generated code uses relative imports only, so the package works under another name (and does
    not clash with the real qiskit_runtime_api already imported here).
    """
    roots = []
    for run in ("first", "second"):
        base = tmp_path_factory.mktemp(f"synthetic-{run}")
        spec = base / "spec.json"
        spec.write_text(json.dumps(SYNTHETIC_SPEC), encoding="utf-8")
        generate_client.generate(
            spec, target=base / "qiskit_runtime_api", spec_copy=None, scratch=base / "scratch"
        )
        roots.append(base)
    first, second = roots
    assert _tree(first / "qiskit_runtime_api") == _tree(second / "qiskit_runtime_api")
    (first / "qiskit_runtime_api").rename(first / "synthetic_api")
    sys.path.insert(0, str(first))
    try:
        yield first, importlib.import_module("synthetic_api")
    finally:
        sys.path.remove(str(first))
        for name in [
            m for m in sys.modules if m == "synthetic_api" or m.startswith("synthetic_api.")
        ]:
            del sys.modules[name]


def test_synthetic_status_codes_ranges_and_default(synthetic: tuple[Path, ModuleType]) -> None:
    _, package = synthetic
    from synthetic_api.api.things import get_thing, list_everything
    from synthetic_api.models import Other, Thing

    assert isinstance(get_thing.parse_ok(200, {"id": "t"}), Thing)  # the code before the range
    assert isinstance(get_thing.parse_ok(250, {"kind": "a"}), Other)  # 2XX
    assert get_thing.OK_STATUSES[200] == "json" and len(get_thing.OK_STATUSES) == 100
    with pytest.raises(ValueError, match=r"status 404 .*\(documented: 200, 2XX\)"):
        get_thing.parse_ok(404, {"message": "no"})  # 4XX is an error answer

    everything = list_everything.parse_ok(201, [{"id": "a"}, {"id": "b"}])  # default: any 2xx
    assert [thing.id for thing in everything] == ["a", "b"]
    with pytest.raises(ValueError, match="status 500"):
        list_everything.parse_ok(500, [])
    assert package.__name__ == "synthetic_api"


def test_synthetic_text_bytes_nullable_and_empty_answers(
    synthetic: tuple[Path, ModuleType],
) -> None:
    from synthetic_api.api.files import get_lists, only_errors, upload
    from synthetic_api.models import Lists
    from synthetic_api.types import File

    assert dict(upload.OK_STATUSES) == {200: "text", 201: "bytes", 202: "json", 204: "none"}
    assert upload.parse_ok(200, "plain text") == "plain text"
    assert upload.parse_ok(201, b"\x00\x01").payload.read() == b"\x00\x01"
    assert isinstance(upload.parse_ok(201, b""), File)
    assert (upload.parse_ok(202, 7), upload.parse_ok(202, None)) == (7, None)
    assert upload.parse_ok(204, None) is None
    assert "None" in str(typing.get_type_hints(upload.parse_ok)["return"])

    assert only_errors.OK_STATUSES == {}
    assert typing.get_type_hints(only_errors.parse_ok)["return"] is typing.NoReturn
    with pytest.raises(ValueError, match=r"status 200 .*\(documented: none\)"):
        only_errors.parse_ok(200, None)

    lists = get_lists.parse_ok(200, {"plain": [1, "a"], "either": [None], "nested": [[1], []]})
    assert isinstance(lists, Lists) and lists.plain == [1, "a"] and lists.nested == [[1], []]
    assert get_lists.parse_ok(202, "text-or-list") == "text-or-list"


def test_synthetic_requests_headers_cookies_and_bodies(synthetic: tuple[Path, ModuleType]) -> None:
    from synthetic_api.api.files import upload
    from synthetic_api.api.things import get_thing
    from synthetic_api.models import GetThingMode, Thing
    from synthetic_api.types import File

    kwargs = get_thing.request_kwargs(
        7, GetThingMode.FAST, ibm_api_version="2025-01-01", x_count=3, ids=["a", "b"], session="s"
    )
    assert kwargs == {
        "method": "get",
        "url": "/things/7/fast",
        "params": {"ids": ["a", "b"]},
        "headers": {"IBM-API-Version": "2025-01-01", "X-Count": "3"},
        "cookies": {"session": "s"},
    }
    assert list(inspect.signature(get_thing.request_kwargs).parameters) == [
        "thing_id",
        "mode",
        "ids",
        "ibm_api_version",
        "x_count",
        "session",
    ]

    as_json = upload.request_kwargs(body=Thing(id="t"))
    assert (as_json["json"], as_json["headers"]) == (
        {"id": "t"},
        {"Content-Type": "application/json"},
    )
    payload = io.BytesIO(b"raw")
    as_bytes = upload.request_kwargs(body=File(payload=payload))
    assert as_bytes["content"] is payload
    assert as_bytes["headers"] == {"Content-Type": "application/octet-stream"}


def test_synthetic_package_passes_mypy_strict(
    synthetic: tuple[Path, ModuleType], tmp_path: Path
) -> None:
    root, _ = synthetic

    output = run_mypy(["synthetic_api"], root, tmp_path)

    assert output == []

"""Every interaction of every cassette under tests/cassettes (recorded, hand-assembled, core ones
included) fits the vendored spec with the deviations of `testing/deviations.py` applied; IAM
exchanges fit spec_check.IAM_SPEC. The checker itself is shown to reject what it should."""

from __future__ import annotations

import ast
import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import qiskit_runtime_client
from cassette_config import CASSETTE_ROOT, cassette_files
from qiskit_runtime_client.testing._paths import route_of, spec_prefix
from qiskit_runtime_client.testing._spec import load_spec

from .spec_check import Checked, SpecMismatch, check_cassette, check_interaction, interactions

CASSETTES = list(cassette_files())
SUITE = CASSETTE_ROOT / "cassette_suite"

#: Every Runtime operation the facade calls, as "METHOD /route" (the spec path without /v1, so the
#: same in every spec edition). test_the_list_is_what_the_facade_calls derives the same set from
#: the facade's bindings (qiskit_runtime_client/_api.py). Bound there but called by no public
#: method, so not required here: GET /instance, GET /versions; never bound: the
#: /analytics operations.
FACADE_OPERATIONS = {
    "GET /backends",
    "GET /backends/{id}/status",
    "GET /backends/{id}/properties",
    "GET /backends/{id}/configuration",
    "GET /backends/{id}/defaults",
    "GET /jobs",
    "POST /jobs",
    "GET /jobs/{id}",
    "DELETE /jobs/{id}",
    "GET /jobs/{id}/results",
    "GET /jobs/{id}/logs",
    "POST /jobs/{id}/cancel",
    "GET /jobs/{id}/metrics",
    "PUT /jobs/{id}/tags",
    "GET /tags",
    "POST /sessions",
    "GET /sessions/{id}",
    "PATCH /sessions/{id}",
    "DELETE /sessions/{id}/close",
    "GET /instances/configuration",
    "PUT /instances/configuration",
    "GET /instances/usage",
    "GET /accounts/{id}",
    "GET /workloads",
}

FACADE = Path(qiskit_runtime_client.__file__).parent
BINDINGS = FACADE / "_api.py"


def _bound_operations() -> dict[str, str]:
    """Binding function of _api.py -> the operationId of the generated module it imports
    (`from qiskit_runtime_api.api.<tag> import <operation_id> as op`)."""
    bound: dict[str, str] = {}
    for node in ast.parse(BINDINGS.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith(
                "qiskit_runtime_api.api."
            ):
                for alias in inner.names:
                    if alias.asname == "op":
                        bound[node.name] = alias.name
    return bound


def _called_bindings() -> set[str]:
    """Names of _api functions the facade's own modules (not testing/, not _api.py) use."""
    called: set[str] = set()
    for module in FACADE.rglob("*.py"):
        if module == BINDINGS or "testing" in module.relative_to(FACADE).parts:
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "_api"
            ):
                called.add(node.attr)
    return called


def _routes_by_operation_id() -> dict[str, str]:
    """operationId -> "METHOD /route" over the prepared spec."""
    spec = load_spec()
    prefix = spec_prefix(spec)
    return {
        operation["operationId"]: f"{method.upper()} {route_of(path, prefix)}"
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    }


@cache
def _results(path: Path) -> tuple[Checked | SpecMismatch, ...]:
    return tuple(check_cassette(path))


def _checked() -> list[Checked]:
    results = [result for path in CASSETTES for result in _results(path)]
    return [result for result in results if isinstance(result, Checked)]


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: str(p.relative_to(CASSETTE_ROOT)))
def test_every_interaction_fits_the_spec(path: Path) -> None:
    results = _results(path)
    assert results, "a cassette without interactions"
    assert [str(result) for result in results if isinstance(result, SpecMismatch)] == []


def test_the_list_is_what_the_facade_calls() -> None:
    bound = _bound_operations()
    assert len(bound) >= len(FACADE_OPERATIONS), "no bindings found in _api.py"
    routes = _routes_by_operation_id()
    called = {routes[bound[name]] for name in _called_bindings() if name in bound}
    assert called == FACADE_OPERATIONS
    uncalled = {routes[bound[name]] for name in set(bound) - _called_bindings()}
    assert uncalled == {"GET /instance", "GET /versions"}


def test_cassettes_cover_every_operation_the_facade_calls() -> None:
    checked = _checked()
    operations = {result.operation for result in checked if result.api == "runtime"}
    assert operations >= FACADE_OPERATIONS, sorted(FACADE_OPERATIONS - operations)
    assert any(result.api == "iam" for result in checked)
    # error answers are checked too (ErrorContainer bodies)
    assert {401, 403, 404, 409} <= {result.status for result in checked}


# --- the checker rejects what does not fit ----------------------------------------------------


def _interaction(cassette: str, method: str, fragment: str) -> dict[str, Any]:
    """A copy of the first interaction of `cassette` whose request matches method and URI part."""
    for interaction in interactions(SUITE / cassette):
        request = interaction["request"]
        if request["method"] == method and fragment in request["uri"]:
            return copy.deepcopy(interaction)
    raise LookupError(f"{method} {fragment} not in {cassette}")


def _body(interaction: dict[str, Any], part: str) -> Any:
    holder = interaction["response"]["body"] if part == "response" else interaction["request"]
    key = "string" if part == "response" else "body"
    return holder, key, json.loads(holder[key])


JOB_GET = ("test_jobs/test_failed_job.yaml", "GET", "/jobs/")
JOB_POST = ("test_jobs/test_failed_job.yaml", "POST", "/api/v1/jobs")
IAM = ("test_jobs/test_failed_job.yaml", "POST", "/identity/token")


def test_the_unmodified_samples_pass() -> None:
    for sample in (JOB_GET, JOB_POST, IAM):
        assert isinstance(check_interaction(_interaction(*sample)), Checked)


def test_rejects_a_response_of_the_wrong_type() -> None:
    interaction = _interaction(*JOB_GET)
    holder, key, job = _body(interaction, "response")
    holder[key] = json.dumps({**job, "id": 7})
    with pytest.raises(SpecMismatch, match="response 200"):
        check_interaction(interaction)


def test_rejects_an_unknown_state_status() -> None:
    interaction = _interaction(*JOB_GET)
    holder, key, job = _body(interaction, "response")
    holder[key] = json.dumps({**job, "state": {**job["state"], "status": "Finished"}})
    with pytest.raises(SpecMismatch, match="response 200"):
        check_interaction(interaction)


def test_reason_code_follows_the_deviation() -> None:
    # the vendored spec has no reasonCode (anything would pass); the deviation makes it an
    # integer or null, so the checker must be using the patched spec
    interaction = _interaction(*JOB_GET)
    holder, key, job = _body(interaction, "response")
    holder[key] = json.dumps({**job, "state": {**job["state"], "reasonCode": "1517"}})
    with pytest.raises(SpecMismatch, match="response 200"):
        check_interaction(interaction)


def test_rejects_a_request_body_that_breaks_the_schema() -> None:
    interaction = _interaction(*JOB_POST)
    holder, key, body = _body(interaction, "request")
    holder[key] = json.dumps({k: v for k, v in body.items() if k != "program_id"})
    with pytest.raises(SpecMismatch, match="request POST"):
        check_interaction(interaction)


def test_rejects_a_request_without_credentials() -> None:
    interaction = _interaction(*JOB_GET)
    del interaction["request"]["headers"]["authorization"]
    del interaction["request"]["headers"]["service-crn"]
    with pytest.raises(SpecMismatch, match="request GET"):
        check_interaction(interaction)


def test_rejects_a_request_with_service_crn_but_no_authorization() -> None:
    # 0.45.3 lists the schemes as alternatives; an override says they go together.
    interaction = _interaction(*JOB_GET)
    del interaction["request"]["headers"]["authorization"]
    with pytest.raises(SpecMismatch, match="request GET"):
        check_interaction(interaction)


def test_rejects_a_bad_query_parameter() -> None:
    interaction = _interaction(*JOB_GET)
    request = interaction["request"]
    request["uri"] = request["uri"].replace("exclude_params=true", "exclude_params=maybe")
    with pytest.raises(SpecMismatch, match="request GET"):
        check_interaction(interaction)


def test_rejects_paths_and_hosts_outside_the_apis() -> None:
    interaction = _interaction(*JOB_GET)
    request = interaction["request"]
    uri = request["uri"]
    request["uri"] = uri.split("/api/v1/")[0] + "/api/v1/nothing/here"
    with pytest.raises(SpecMismatch, match="no operation"):
        check_interaction(interaction)
    request["uri"] = "https://example.com/api/v1/jobs"
    with pytest.raises(SpecMismatch, match="neither"):
        check_interaction(interaction)


def test_iam_exchanges_are_checked_against_our_schema() -> None:
    interaction = _interaction(*IAM)
    holder, key, token = _body(interaction, "response")
    holder[key] = json.dumps({k: v for k, v in token.items() if k != "access_token"})
    with pytest.raises(SpecMismatch, match="response 200"):
        check_interaction(interaction)
    for body in ("grant_type=password&apikey=REDACTED", "apikey=REDACTED"):
        interaction = _interaction(*IAM)
        interaction["request"]["body"] = body
        with pytest.raises(SpecMismatch, match="request POST"):
            check_interaction(interaction)

"""Helpers for emulator tests: tokens, raw httpx clients, job bodies, a spec conformance check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from qiskit_runtime_client.testing import RuntimeEmulator
from qiskit_runtime_client.testing._spec import load_spec
from qiskit_runtime_client.testing.deviations import apply_deviations

FIXTURES = Path(__file__).parents[1] / "fixtures" / "qiskit-encoded"

GRANT = "urn:ibm:params:oauth:grant-type:apikey"
API_VERSION = "2026-03-15"

BELL_QASM = """OPENQASM 3.0;
include "stdgates.inc";
bit[2] c;
qubit[2] q;
h q[0];
cx q[0], q[1];
c[0] = measure q[0];
c[1] = measure q[1];
"""


#: for one-off calls (IAM, unauthenticated requests); verify=False only skips building an SSL
#: context (~100 ms per client): every URL here is plain http on loopback.
HTTP = httpx.Client(verify=False, timeout=30)


def fixture_json(name: str) -> Any:
    """A payload from the official SDK's encoder (shared/fixtures/qiskit-encoded)."""
    return json.loads((FIXTURES / name).read_text())


def token_for(emu: RuntimeEmulator) -> str:
    """An access token from the emulator's IAM."""
    answer = HTTP.post(
        emu.url + "/identity/token", data={"grant_type": GRANT, "apikey": emu.api_key}
    )
    answer.raise_for_status()
    token: str = answer.json()["access_token"]
    return token


def api_client(emu: RuntimeEmulator, api_version: str | None = API_VERSION) -> httpx.Client:
    """A raw httpx client for the emulator's /api/v1 with a bearer token and the CRN."""
    headers = {"Authorization": f"Bearer {token_for(emu)}", "Service-CRN": emu.instance}
    if api_version is not None:
        headers["IBM-API-Version"] = api_version
    return httpx.Client(base_url=emu.api_url, headers=headers, timeout=30, verify=False)


def sampler_body(backend: str = "ibm_torino", **params: Any) -> dict[str, Any]:
    """A plain-JSON sampler job running the Bell circuit."""
    return {
        "program_id": "sampler",
        "backend": backend,
        "params": {"pubs": [[BELL_QASM]], "version": 2, "support_qiskit": False, **params},
    }


_OPENAPI: OpenAPI | None = None


def conforms(response: httpx.Response, openapi: OpenAPI | None = None) -> None:
    """Fail unless `response` is valid for its operation in the spec (deviations applied).

    `openapi`: another spec edition to check against (default: the shipped spec).
    """
    global _OPENAPI
    if openapi is None:
        if _OPENAPI is None:
            _OPENAPI = OpenAPI.from_dict(apply_deviations(load_spec()))
        openapi = _OPENAPI
    request = response.request
    path = request.url.path
    mock_request = MockRequest(
        f"{request.url.scheme}://{request.url.netloc.decode()}",
        request.method,
        path,
        args=dict(request.url.params),
        data=request.content or None,
    )
    content_type = response.headers.get("content-type", "application/json").split(";")[0]
    mock_response = MockResponse(
        response.content,
        response.status_code,
        headers=dict(response.headers),
        content_type=content_type,
    )
    openapi.validate_response(mock_request, mock_response)

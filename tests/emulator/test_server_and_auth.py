"""The server itself, IAM, and the header checks every Runtime call goes through."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from qiskit_runtime_client import ManualClock
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import GRANT, HTTP, api_client, conforms, token_for


def test_serves_on_loopback_with_fake_crn_and_stops_cleanly() -> None:
    with RuntimeEmulator() as emu:
        assert emu.url == f"http://127.0.0.1:{emu.port}"
        assert emu.api_url == emu.url + "/api/v1"
        assert emu.instance.startswith("crn:v1:bluemix:public:quantum-computing:us-east:a/")
        assert emu.instance.endswith("::")
        url = emu.api_url + "/versions"
        assert HTTP.get(url).status_code == 200
    with pytest.raises(httpx.ConnectError):
        HTTP.get(url)


def test_two_emulators_run_side_by_side_with_separate_state() -> None:
    with RuntimeEmulator() as one, RuntimeEmulator() as two:
        assert one.port != two.port
        assert one.api_key != two.api_key
        answer = HTTP.post(
            two.url + "/identity/token", data={"grant_type": GRANT, "apikey": one.api_key}
        )
        assert answer.status_code == 400


def test_iam_grants_a_jwt_looking_bearer_token(emu: RuntimeEmulator) -> None:
    answer = HTTP.post(
        emu.url + "/identity/token",
        data={"grant_type": GRANT, "apikey": emu.api_key},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "Bearer"
    assert body["refresh_token"] == "not_supported"
    assert body["expires_in"] == 3600
    assert body["scope"] == "ibm_openid"
    assert isinstance(body["expiration"], int)
    assert body["access_token"].count(".") == 2
    assert emu.tokens_issued == 1


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"grant_type": GRANT, "apikey": "wrong"}, "BXNIM0415E"),
        ({"grant_type": "password", "apikey": "x"}, "BXNIM0103E"),
        ({"grant_type": GRANT}, "BXNIM0109E"),
    ],
)
def test_iam_rejects_bad_grants_like_iam(
    emu: RuntimeEmulator, form: dict[str, str], code: str
) -> None:
    answer = HTTP.post(emu.url + "/identity/token", data=form)
    assert answer.status_code == 400
    assert answer.json()["errorCode"] == code


def test_missing_authorization_is_401_with_error_container(emu: RuntimeEmulator) -> None:
    answer = HTTP.get(emu.api_url + "/backends", headers={"Service-CRN": emu.instance})
    assert answer.status_code == 401
    body = answer.json()
    assert body["errors"][0]["code"] == "1200"
    assert "Authorization" in body["errors"][0]["message"]
    assert body["trace"]
    conforms(answer)


def test_unknown_token_is_401(emu: RuntimeEmulator) -> None:
    answer = HTTP.get(
        emu.api_url + "/backends",
        headers={"Authorization": "Bearer not.a.token", "Service-CRN": emu.instance},
    )
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["code"] == "1201"


def test_apikey_authorization_is_accepted(emu: RuntimeEmulator) -> None:
    answer = HTTP.get(
        emu.api_url + "/backends",
        headers={"Authorization": f"apikey {emu.api_key}", "Service-CRN": emu.instance},
    )
    assert answer.status_code == 200


def test_token_expires_after_its_lifetime_on_the_emulator_clock(clock: ManualClock) -> None:
    with RuntimeEmulator(clock=clock, token_lifetime=60) as emu, api_client(emu) as api:
        assert api.get("/backends").status_code == 200
        clock.advance(59)
        assert api.get("/backends").status_code == 200
        clock.advance(1)
        expired = api.get("/backends")
        assert expired.status_code == 401
        assert "expired" in expired.json()["errors"][0]["message"]


def test_expire_tokens_ends_every_issued_token(emu: RuntimeEmulator) -> None:
    with api_client(emu) as api:
        assert api.get("/backends").status_code == 200
        emu.expire_tokens()
        assert api.get("/backends").status_code == 401
    with api_client(emu) as fresh:
        assert fresh.get("/backends").status_code == 200


def test_short_token_lifetime_is_reported_in_expires_in(emu: RuntimeEmulator) -> None:
    emu.token_lifetime = 5
    answer = HTTP.post(
        emu.url + "/identity/token", data={"grant_type": GRANT, "apikey": emu.api_key}
    )
    assert answer.json()["expires_in"] == 5


def test_missing_service_crn_is_400(emu: RuntimeEmulator) -> None:
    answer = HTTP.get(
        emu.api_url + "/backends", headers={"Authorization": f"Bearer {token_for(emu)}"}
    )
    assert answer.status_code == 400
    assert "Service-CRN" in answer.json()["errors"][0]["message"]


def test_another_instance_crn_is_401(emu: RuntimeEmulator) -> None:
    other = "crn:v1:bluemix:public:quantum-computing:us-east:a/abc:def::"
    answer = HTTP.get(
        emu.api_url + "/backends",
        headers={"Authorization": f"Bearer {token_for(emu)}", "Service-CRN": other},
    )
    assert answer.status_code == 401


@pytest.mark.parametrize("version", ["2026-13-01", "yesterday", "2023-12-31"])
def test_bad_api_version_is_400(emu: RuntimeEmulator, version: str) -> None:
    with api_client(emu, api_version=version) as api:
        answer = api.get("/backends")
    assert answer.status_code == 400
    assert "IBM-API-Version" in answer.json()["errors"][0]["message"]


def test_versions_needs_no_credentials(emu: RuntimeEmulator) -> None:
    answer = HTTP.get(emu.api_url + "/versions")
    assert answer.status_code == 200
    versions = {v["version"]: v["status"] for v in answer.json()["versions"]}
    assert versions["2026-03-15"] == "live"
    conforms(answer)


def test_unknown_path_is_404_and_wrong_method_is_405(api: httpx.Client) -> None:
    assert api.get("/nope").status_code == 404
    wrong = api.put("/backends")
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == "GET"


def test_recorded_requests_hold_no_secrets(emu: RuntimeEmulator) -> None:
    with api_client(emu) as api:
        api.get("/backends")
    token_request, backends_request = emu.requests
    assert token_request.body["apikey"] == "<redacted>"
    assert backends_request.headers["authorization"] == "Bearer <redacted>"
    assert backends_request.status == 200
    assert emu.api_key not in repr(emu.requests)
    assert emu.count_requests("GET", "/api/v1/backends") == 1


def test_importing_the_client_does_not_import_the_emulator() -> None:
    code = (
        "import sys, qiskit_runtime_client;"
        "bad = [m for m in ('qiskit_runtime_client.testing', 'werkzeug', 'qiskit', 'jsonschema')"
        " if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_the_emulator_does_not_import_qiskit() -> None:
    code = (
        "import sys; from qiskit_runtime_client.testing import RuntimeEmulator;"
        "print('qiskit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_command_line_serves_until_terminated() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "qiskit_runtime_client.testing", "--port", "0", "--api-key", "k1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Qiskit Runtime emulator on http://127.0.0.1:")
        url = first.split(" on ", 1)[1].split()[0]  # then "(Ctrl-C stops it)"
        answer = HTTP.post(url + "/identity/token", data={"grant_type": GRANT, "apikey": "k1"})
        assert answer.status_code == 200
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0

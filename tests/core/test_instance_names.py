"""Instance names resolved to CRNs with IBM Cloud Global Search (issue 14 item 4).

A name (argument, QISKIT_IBM_INSTANCE or saved account) is looked up once, at the first request,
against the emulator's POST /v3/resources/search (or a mock of IBM's); construction and the CRN
path send no search at all.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from qiskit_runtime_client import (
    AmbiguousInstanceError,
    APIConnectionError,
    AsyncRuntimeClient,
    AuthenticationError,
    ConfigurationError,
    InstanceNotFoundError,
    JobSubmissionUncertainError,
    PermissionDeniedError,
    RuntimeClient,
    ServerError,
    UnexpectedResponseError,
    save_account,
)
from qiskit_runtime_client._instances import search_url_for
from qiskit_runtime_client.cli import EXIT_CREDENTIALS, EXIT_OK, main
from qiskit_runtime_client.testing import RuntimeEmulator

pytestmark = pytest.mark.emulator

SEARCH = "/v3/resources/search"
NAME = "lab"
BELL = (
    'OPENQASM 3.0; include "stdgates.inc"; rz(pi/2) $0; sx $0; rz(pi/2) $0; rz(pi/2) $1; '
    "sx $1; rz(-pi) $1; cz $0, $1; sx $1; rz(pi/2) $1; bit[2] c; c[0] = measure $0; "
    "c[1] = measure $1;"
)


@pytest.fixture
def emu() -> Iterator[RuntimeEmulator]:
    with RuntimeEmulator(seed=3, queue_seconds=0, run_seconds=0, instance_name=NAME) as e:
        yield e


def searches(emu: RuntimeEmulator) -> int:
    return emu.count_requests("POST", SEARCH)


def api_crns(emu: RuntimeEmulator) -> set[str | None]:
    return {r.headers.get("service-crn") for r in emu.requests if r.path.startswith("/api/")}


# --- a name resolves, once -----------------------------------------------------------------------


def test_name_resolves_at_the_first_request_and_jobs_carry_the_crn(
    emu: RuntimeEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    with emu.client(instance=NAME) as client:
        assert emu.requests == []  # construction sends nothing
        assert client.instance_crn == NAME  # the name until resolved
        with caplog.at_level(logging.INFO, logger="qiskit_runtime_client"):
            job = client.sampler("ibm_fez").run([BELL], shots=100)
        assert sum(job.result()[0].data.c.get_counts().values()) == 100
        assert client.instance_crn == emu.instance
        assert emu.instance in repr(client)
        copy = client.with_options(timeout=30, max_retries=1)
        copy.backends.list()
        copy.jobs.get(job.id)
        client.backends.get("ibm_fez")
    assert searches(emu) == 1  # one lookup for every request, copies included
    assert api_crns(emu) == {emu.instance}
    assert f"instance '{NAME}' is {emu.instance}" in caplog.text
    (search,) = [r for r in emu.requests if r.path == SEARCH]
    assert search.query == {"limit": ["100"]}
    assert search.body["query"] == "service_name:quantum-computing"
    assert {"crn", "name"} <= set(search.body["fields"])


def test_async_client_resolves_once_for_concurrent_first_requests(emu: RuntimeEmulator) -> None:
    async def scenario() -> None:
        async with emu.async_client(instance=NAME) as client:
            assert emu.requests == []
            await asyncio.gather(*(client.backends.list() for _ in range(8)))
            await client.with_options(timeout=30).backends.get("ibm_fez")
            assert client.instance_crn == emu.instance

    asyncio.run(scenario())
    assert searches(emu) == 1
    assert emu.count_requests("POST", "/identity/token") == 1
    assert api_crns(emu) == {emu.instance}


def test_sync_threads_share_one_lookup(emu: RuntimeEmulator) -> None:
    with emu.client(instance=NAME) as client, ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: client.backends.list(), range(16)))
    assert searches(emu) == 1
    assert api_crns(emu) == {emu.instance}


def test_a_crn_never_searches(emu: RuntimeEmulator) -> None:
    with emu.client() as client:
        client.backends.list()
        client.with_options(timeout=10).backends.list()

    async def scenario() -> None:
        async with emu.async_client() as client:
            await client.backends.list()

    asyncio.run(scenario())
    assert searches(emu) == 0
    assert emu.count_requests("POST", "/identity/token") == 2


def test_name_from_the_environment_and_a_saved_account(
    emu: RuntimeEmulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("QISKIT_IBM_TOKEN", emu.api_key)
    monkeypatch.setenv("QISKIT_IBM_INSTANCE", NAME)
    monkeypatch.setenv("QISKIT_IBM_URL", emu.api_url)
    monkeypatch.setenv("IAM_URL", emu.url)
    with RuntimeClient() as client:
        client.backends.list()
        assert client.instance_crn == emu.instance
    for variable in ("QISKIT_IBM_TOKEN", "QISKIT_IBM_INSTANCE", "QISKIT_IBM_URL"):
        monkeypatch.delenv(variable)

    path = save_account(emu.api_key, NAME, url=emu.api_url, filename=tmp_path / "a.json")
    assert json.loads(path.read_text())["default-ibm-quantum-platform"]["instance"] == NAME
    with RuntimeClient.from_saved_account(filename=path) as client:
        assert emu.count_requests("POST", SEARCH) == 1
        client.backends.list()
        assert client.instance_crn == emu.instance
    assert searches(emu) == 2


def test_cli_instance_name(
    emu: RuntimeEmulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QISKIT_IBM_TOKEN", emu.api_key)
    monkeypatch.setenv("QISKIT_IBM_URL", emu.api_url)
    monkeypatch.setenv("IAM_URL", emu.url)
    assert main(["backends", "list", "--instance", NAME]) == EXIT_OK
    assert "ibm_fez" in capsys.readouterr().out
    assert main(["backends", "list", "--instance", "lob"]) == EXIT_CREDENTIALS
    err = capsys.readouterr().err
    assert "no instance named 'lob'" in err and "Did you mean 'lab'" in err


# --- no match, several matches, paging ---------------------------------------------------------


def test_no_match_names_the_instance_and_lists_the_names(emu: RuntimeEmulator) -> None:
    emu.add_instance("production")
    with emu.client(instance="labb") as client, pytest.raises(InstanceNotFoundError) as caught:
        client.backends.list()
    error = caught.value
    assert isinstance(error, ConfigurationError)
    assert error.name == "labb" and error.available == ("lab", "production")
    assert "no instance named 'labb'" in str(error)
    assert "'lab', 'production'" in str(error) and "Did you mean 'lab'?" in str(error)
    assert emu.api_key not in str(error)
    assert emu.count_requests(path="/api/*") == 0  # nothing reached the API


def test_several_matches_list_the_crns_to_choose_from(emu: RuntimeEmulator) -> None:
    other = emu.add_instance(NAME, region="eu-de")
    with emu.client(instance=NAME) as client, pytest.raises(AmbiguousInstanceError) as caught:
        client.backends.list()
    assert set(caught.value.crns) == {emu.instance, other}
    assert emu.instance in str(caught.value) and other in str(caught.value)
    assert "billed" in str(caught.value)


def test_paging_reads_every_page(emu: RuntimeEmulator) -> None:
    for number in range(250):
        emu.add_instance(f"team-{number:03}")
    with emu.client(instance=NAME) as client:  # on the first page; the others are read too
        client.backends.list()
        assert client.instance_crn == emu.instance
    assert searches(emu) == 3  # 251 instances: pages of 100, 100 and 51
    pages = [r for r in emu.requests if r.path == SEARCH]
    assert "search_cursor" not in pages[0].body
    assert pages[1].body["search_cursor"] != pages[2].body["search_cursor"]

    twin = emu.add_instance(NAME)  # a second 'lab', on the last page only
    with emu.client(instance=NAME) as client, pytest.raises(AmbiguousInstanceError) as caught:
        client.backends.list()
    assert set(caught.value.crns) == {emu.instance, twin}


def test_emulator_search_validates_limit_and_cursor(emu: RuntimeEmulator) -> None:
    for number in range(12):
        emu.add_instance(f"i{number}")
    token = httpx.post(
        emu.url + "/identity/token",
        data={"grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": emu.api_key},
    ).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    body = {"query": "service_name:quantum-computing", "fields": ["crn", "name"]}

    first = httpx.post(emu.search_url, json=body, headers=auth).json()
    assert first["limit"] == 10 and len(first["items"]) == 10  # Global Search's default limit
    assert set(first["items"][0]) == {"crn", "name"}
    rest = httpx.post(
        emu.search_url, json={**body, "search_cursor": first["search_cursor"]}, headers=auth
    ).json()
    assert len(rest["items"]) == 3 and "search_cursor" not in rest
    names = {item["name"] for item in first["items"] + rest["items"]}
    assert names == {NAME, *(f"i{n}" for n in range(12))}

    for limit in ("0", "1001", "ten"):
        answer = httpx.post(emu.search_url, params={"limit": limit}, json=body, headers=auth)
        assert answer.status_code == 400 and "limit" in answer.json()["errors"][0]["message"]
    stale = httpx.post(emu.search_url, json={**body, "search_cursor": "nope"}, headers=auth)
    assert stale.status_code == 400
    assert httpx.post(emu.search_url, json=body).status_code == 401
    assert httpx.post(emu.search_url, json={"fields": ["crn"]}, headers=auth).status_code == 400


# --- the search failing -------------------------------------------------------------------------


def test_a_failed_search_is_retried_like_other_idempotent_calls(emu: RuntimeEmulator) -> None:
    emu.inject_errors(503, count=1, path=SEARCH)
    with emu.client(instance=NAME) as client:
        client.backends.list()
        assert client.instance_crn == emu.instance
    assert searches(emu) == 2


@pytest.mark.parametrize(
    ("status", "html", "error"),
    [
        (401, False, AuthenticationError),
        (403, False, PermissionDeniedError),
        (503, False, ServerError),
        (502, True, ServerError),
    ],
)
def test_search_failures_are_typed_errors(
    emu: RuntimeEmulator, status: int, html: bool, error: type[Exception]
) -> None:
    emu.inject_errors(status, count=None, path=SEARCH, html=html)
    with emu.client(instance=NAME, max_retries=1) as client:
        with pytest.raises(error) as caught:
            client.backends.list()
        text = str(caught.value)
        assert "Global Search" in text and "'lab'" in text and f"HTTP {status}" in text
        assert emu.api_key not in text
        assert client.instance_crn == NAME  # not resolved: the next request looks again
        emu.reset_faults()
        client.backends.list()
        assert client.instance_crn == emu.instance
    # a 401 drops the token: the next request exchanges the key again
    assert emu.count_requests("POST", "/identity/token") == (2 if status == 401 else 1)


def test_async_search_failure_is_typed(emu: RuntimeEmulator) -> None:
    emu.inject_errors(403, count=None, path=SEARCH)

    async def scenario() -> None:
        async with emu.async_client(instance=NAME) as client:
            with pytest.raises(PermissionDeniedError, match="Global Search"):
                await client.backends.list()

    asyncio.run(scenario())


# --- IBM's hosts: the search URL and the region of the CRN found --------------------------------


@pytest.mark.parametrize(
    ("iam", "search"),
    [
        ("https://iam.cloud.ibm.com", "https://api.global-search-tagging.cloud.ibm.com"),
        ("https://iam.test.cloud.ibm.com", "https://api.global-search-tagging.test.cloud.ibm.com"),
        ("https://iam.example.com:8443/", "https://api.global-search-tagging.example.com:8443"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        (
            "https://private.iam.cloud.ibm.com",
            "https://api.private.global-search-tagging.cloud.ibm.com",
        ),
        ("https://proxy.example.com/iam", "https://proxy.example.com/iam"),
    ],
)
def test_search_url_from_the_iam_url(iam: str, search: str) -> None:
    assert search_url_for(iam) == search + SEARCH


EU_CRN = "crn:v1:bluemix:public:quantum-computing:eu-de:a/acct:1234::"
STAGING_CRN = "crn:v1:staging:public:quantum-computing:us-east:a/acct:5678::"


def _ibm(items: list[dict[str, str]], seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/identity/token":
            return httpx.Response(200, json={"access_token": "bearer-abc", "expires_in": 3600})
        if request.url.path == SEARCH:
            return httpx.Response(200, json={"items": items, "limit": 100})
        return httpx.Response(200, json={"devices": []})

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    ("iam_url", "crn", "api_host", "search_host"),
    [
        (None, EU_CRN, "eu-de.quantum.cloud.ibm.com", "api.global-search-tagging.cloud.ibm.com"),
        (
            "https://iam.test.cloud.ibm.com",
            STAGING_CRN,
            "quantum.test.cloud.ibm.com",
            "api.global-search-tagging.test.cloud.ibm.com",
        ),
    ],
)
def test_requests_go_to_the_region_of_the_crn_found(
    iam_url: str | None, crn: str, api_host: str, search_host: str
) -> None:
    seen: list[httpx.Request] = []
    transport = _ibm([{"crn": crn, "name": "eu"}], seen)
    with RuntimeClient("the-key", instance="eu", iam_url=iam_url, transport=transport) as client:
        assert seen == []
        client.backends.list()
        client.backends.list()
        assert client.base_url == f"https://{api_host}/api"
    hosts = [request.url.host for request in seen]
    assert hosts[1:] == [search_host, api_host, api_host]
    for request in seen[2:]:
        assert request.headers["Service-CRN"] == crn
        assert request.headers["Host"] == api_host
    assert "Service-CRN" not in seen[1].headers
    assert seen[1].headers["Authorization"] == "Bearer bearer-abc"
    assert b"the-key" not in seen[1].content  # the API key only ever goes to IAM


def test_an_answer_that_is_not_a_search_result_is_typed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/identity/token":
            return httpx.Response(200, json={"access_token": "bearer-abc", "expires_in": 3600})
        return httpx.Response(200, text="<html>login bearer-abc</html>")

    client = RuntimeClient("k", instance="eu", transport=httpx.MockTransport(handler))
    with client, pytest.raises(UnexpectedResponseError, match="not a search result") as caught:
        client.backends.list()
    assert "bearer-abc" not in str(caught.value)


def test_async_resolution_moves_requests_to_the_region() -> None:
    seen: list[httpx.Request] = []

    async def scenario() -> None:
        transport = _ibm([{"crn": EU_CRN, "name": "eu"}], seen)
        async with AsyncRuntimeClient("k", instance="eu", transport=transport) as client:
            await client.backends.list()
            assert client.instance_crn == EU_CRN

    asyncio.run(scenario())
    assert [r.url.host for r in seen][-1] == "eu-de.quantum.cloud.ibm.com"
    assert seen[-1].headers["Service-CRN"] == EU_CRN


def test_insecure_iam_urls_are_refused_before_any_search() -> None:
    with pytest.raises(ConfigurationError, match="cleartext"):
        RuntimeClient("k", instance="eu", iam_url="http://iam.example.com")
    with pytest.raises(ConfigurationError, match="must be a CRN"):
        RuntimeClient(bearer_token="b", instance="eu")


def test_an_unreachable_search_is_a_connection_error_naming_the_lookup() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/identity/token":
            return httpx.Response(200, json={"access_token": "bearer-abc", "expires_in": 3600})
        if request.url.path == SEARCH:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"devices": []})

    transport = httpx.MockTransport(handler)
    client = RuntimeClient("k", instance="eu", transport=transport, max_retries=0)
    with client, pytest.raises(APIConnectionError, match="instance name lookup") as caught:
        client.backends.list()
    assert caught.value.request_sent is False


def test_raw_client_requests_carry_the_crn(emu: RuntimeEmulator) -> None:
    from qiskit_runtime_api.api.backends import list_backends

    with emu.client(instance=NAME) as client:
        response = list_backends.sync_detailed(client=client.raw)
        assert response.status_code == 200
        copy = client.with_options(max_retries=1)
        assert list_backends.sync_detailed(client=copy.raw).status_code == 200
    assert searches(emu) == 1
    assert api_crns(emu) == {emu.instance}


def test_a_key_given_as_the_instance_is_never_shown() -> None:
    key = "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-_abcdef"
    with pytest.raises(ConfigurationError, match="swapped") as caught:
        RuntimeClient(token="crn:v1:bluemix:public:quantum-computing:us-east:a/x:y::", instance=key)
    assert key not in str(caught.value)


def test_a_cursor_on_every_page_ends_at_the_empty_page() -> None:
    """Global Search may return a cursor with every page: an empty page ends the results."""
    items = [
        {"crn": f"crn:v1:bluemix:public:quantum-computing:us-east:a/x:{n}::", "name": f"i{n}"}
        for n in range(105)
    ]
    pages = [items[:100], items[100:], []]
    bodies: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/identity/token":
            return httpx.Response(200, json={"access_token": "bearer-abc", "expires_in": 3600})
        if request.url.path == SEARCH:
            assert request.url.params["limit"] == "100"
            bodies.append(json.loads(request.content))
            page = pages[len(bodies) - 1]
            return httpx.Response(
                200, json={"items": page, "limit": 100, "search_cursor": f"c{len(bodies)}"}
            )
        return httpx.Response(200, json={"devices": []})

    with RuntimeClient("k", instance="i104", transport=httpx.MockTransport(handler)) as client:
        client.backends.list()
        assert client.instance_crn == items[104]["crn"]
    assert [body.get("search_cursor") for body in bodies] == [None, "c1", "c2"]


# --- a lookup failing during a first submission: the job was never sent ---------------------------


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("missing", InstanceNotFoundError),
        ("503", ServerError),
        ("html", ServerError),
    ],
)
def test_a_lookup_failing_during_a_submission_is_its_own_error_not_an_uncertain_job(
    emu: RuntimeEmulator, fault: str, error: type[Exception]
) -> None:
    if fault == "503":
        emu.inject_errors(503, count=None, path=SEARCH)
    elif fault == "html":
        emu.inject_errors(502, count=None, path=SEARCH, html=True)
    name = "no-such-instance" if fault == "missing" else NAME
    with emu.client(instance=name, max_retries=0) as client, pytest.raises(error) as caught:
        client.sampler("ibm_fez").run([BELL], shots=10)
    assert not isinstance(caught.value, JobSubmissionUncertainError)
    assert caught.value.request_sent is False  # type: ignore[attr-defined]
    assert emu.count_requests("POST", "/api/v1/jobs") == 0
    assert emu.count_requests("GET", "/api/v1/jobs") == 0  # no look-up of the job by its tag
    assert searches(emu) == 1


def test_an_async_ambiguous_name_during_a_submission_is_its_own_error(
    emu: RuntimeEmulator,
) -> None:
    emu.add_instance(NAME, region="eu-de")

    async def scenario() -> None:
        async with emu.async_client(instance=NAME) as client:
            with pytest.raises(AmbiguousInstanceError) as caught:
                await client.sampler("ibm_fez").run([BELL], shots=10)
            assert caught.value.request_sent is False

    asyncio.run(scenario())
    assert emu.count_requests("POST", "/api/v1/jobs") == 0
    assert searches(emu) == 1


def test_a_token_exchange_timing_out_during_a_submission_means_the_job_was_never_sent() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/identity/token":
            raise httpx.ReadTimeout("IAM is slow", request=request)
        return httpx.Response(200, json={"id": "never"})

    transport = httpx.MockTransport(handler)
    client = RuntimeClient("k", instance=EU_CRN, transport=transport, max_retries=0)
    with client, pytest.raises(APIConnectionError) as caught:
        client.jobs.submit({"program_id": "sampler", "backend": "ibm_fez", "params": {"pubs": []}})
    assert caught.value.request_sent is False
    assert not isinstance(caught.value, JobSubmissionUncertainError)


@pytest.mark.parametrize(
    "region",
    ["evil.example#", "x@evil.example#", "evil.example/", "EU-DE", "eu de", "-x"],
)
def test_a_hostile_crn_from_the_search_never_moves_requests_to_another_host(region: str) -> None:
    seen: list[httpx.Request] = []
    crn = f"crn:v1:bluemix:public:quantum-computing:{region}:a/acct:1234::"
    transport = _ibm([{"crn": crn, "name": "eu"}], seen)
    client = RuntimeClient("k", instance="eu", transport=transport)
    with client, pytest.raises(UnexpectedResponseError, match="Global Search"):
        client.backends.list()
    assert {r.url.host for r in seen} <= {
        "iam.cloud.ibm.com",
        "api.global-search-tagging.cloud.ibm.com",
    }


@pytest.mark.parametrize("value", ["CRN:v1:bluemix:public:quantum-computing:us-east", " crn:v1:x"])
def test_a_mistyped_crn_is_refused_as_a_crn_not_searched_as_a_name(value: str) -> None:
    with pytest.raises(ConfigurationError, match="instance"):
        RuntimeClient("k", instance=value)


def test_a_key_given_as_the_instance_stays_hidden_in_the_errors_attributes() -> None:
    key = "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-_abcdef"
    transport = _ibm([{"crn": EU_CRN, "name": "eu"}], [])
    client = RuntimeClient(key, instance=key, transport=transport)
    with client, pytest.raises(InstanceNotFoundError) as caught:
        client.backends.list()
    assert caught.value.name == "<hidden>"
    assert key not in str(caught.value) and key not in repr(caught.value.args)

"""Defects 10 and 12: answers cannot make the client allocate without bound (gzip bombs, huge
.npy headers, compressed arrays, absurd register sizes) and every unreadable answer is a typed
UnexpectedResponseError (ResultDecodeError and ResponseTooLargeError are ones), never a bare
RecursionError, MemoryError, OverflowError or RuntimeError."""

from __future__ import annotations

import base64
import gzip
import io
import json
import zlib
from typing import Any

import pytest
from qiskit_runtime_client import (
    AuthenticationError,
    ClientClosedError,
    ConfigurationError,
    ResponseTooLargeError,
    RuntimeClient,
    UnexpectedResponseError,
)
from qiskit_runtime_client.resources import Job
from qiskit_runtime_client.results import ResultDecodeError, ResultTooLargeError, limits

from ._hostile import API_KEY, CRN, Conn, Req, client_kwargs, hostile, job_json

DEEP = b"[" * 100_000 + b"]" * 100_000


def _envelope(array_b64: str) -> str:
    """A Qiskit-encoded sampler result whose one register is the given ndarray payload."""
    bit_array = {
        "__type__": "BitArray",
        "__value__": {"array": {"__type__": "ndarray", "__value__": array_b64}, "num_bits": 8},
    }
    data = {"__type__": "DataBin", "__value__": {"fields": {"c": bit_array}}}
    pub = {"__type__": "SamplerPubResult", "__value__": {"data": data}}
    return json.dumps({"__type__": "PrimitiveResult", "__value__": {"pub_results": [pub]}})


def _npy_header_only(shape: tuple[int, ...]) -> str:
    import numpy as np

    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "|u1", "fortran_order": False, "shape": shape}
    )
    return base64.b64encode(zlib.compress(header.getvalue())).decode()


def _compressed_zeros(nbytes: int) -> str:
    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, np.zeros((nbytes, 1), dtype=np.uint8))
    return base64.b64encode(zlib.compress(buffer.getvalue(), 9)).decode()


def _result_server(body: str | bytes) -> Any:
    def handler(req: Req, conn: Conn) -> None:
        if req.path.endswith("/results"):
            conn.answer(200, raw_body=body if isinstance(body, bytes) else body.encode())
        else:
            conn.answer(200, job_json("j1"))

    return hostile(handler)


def test_a_gzip_bomb_is_refused_at_the_size_bound() -> None:
    bomb = gzip.compress(b"[" + b" " * (64 * 1024 * 1024) + b"]", 9)  # 64 MiB from ~64 KiB

    def handler(req: Req, conn: Conn) -> None:
        conn.answer(200, raw_body=bomb, headers={"Content-Encoding": "gzip"})

    with (
        hostile(handler) as srv,
        RuntimeClient(**client_kwargs(srv, max_response_size=8 * 1024 * 1024)) as client,
        pytest.raises(ResponseTooLargeError, match="max_response_size") as caught,
    ):
        client.jobs.get("j1")
    assert caught.value.limit == 8 * 1024 * 1024


@pytest.mark.parametrize("raw", [False, True], ids=["gzip-bomb", "huge-raw"])
def test_an_oversize_iam_answer_is_refused(raw: bool) -> None:
    if raw:
        body, headers = b" " * (2 * 1024 * 1024), {}
    else:
        body = gzip.compress(b" " * (64 * 1024 * 1024), 9)
        headers = {"Content-Encoding": "gzip"}

    def iam(req: Req, conn: Conn) -> None:
        conn.answer(200, raw_body=body, headers=headers)

    with (
        hostile(lambda r, c: c.answer(200, {}), iam=iam) as srv,
        RuntimeClient(**client_kwargs(srv)) as client,
        pytest.raises(UnexpectedResponseError if raw else AuthenticationError),
    ):
        client.jobs.get("j1")


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        (_envelope(_npy_header_only((10**6, 10**6))), ResultTooLargeError),  # 394 bytes
        (  # 79 bytes of plain JSON asking for a 12 GB register
            '{"results":[{"data":{"c":{"samples":["0x1"],"num_bits":100000000000}}}]}',
            ResultTooLargeError,
        ),
        (  # an .npy header promising more data than it carries
            _envelope(_npy_header_only((1000,))),
            ResultDecodeError,
        ),
        (  # OverflowError in a decoder
            '{"__type__":"PrimitiveResult","__value__":{"pub_results":[{"__type__":'
            '"EstimatorPubResult","__value__":{"data":{"__type__":"DataBin","__value__":'
            '{"fields":{"evs":1},"shape":[1e999]}}}}]}}',
            ResultDecodeError,
        ),
        (DEEP.decode(), ResultDecodeError),
    ],
    ids=["npy-header", "plain-num-bits", "npy-short", "overflow", "nested"],
)
def test_result_bodies_that_ask_too_much_or_make_no_sense_are_typed(
    payload: str, error: type[Exception]
) -> None:
    with (
        _result_server(payload) as srv,
        RuntimeClient(**client_kwargs(srv)) as client,
        pytest.raises(error) as caught,
    ):
        Job(client._runner, "j1").result()
    assert isinstance(caught.value, UnexpectedResponseError)
    if isinstance(caught.value, ResultTooLargeError):
        assert "MAX_ARRAY_BYTES" in str(caught.value)


def test_a_compressed_array_cannot_expand_past_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ARRAY_BYTES", 4 * 1024 * 1024)
    with (
        _result_server(_envelope(_compressed_zeros(64 * 1024 * 1024))) as srv,
        RuntimeClient(**client_kwargs(srv)) as client,
        pytest.raises(ResultTooLargeError) as caught,
    ):
        Job(client._runner, "j1").result()
    assert caught.value.limit == 4 * 1024 * 1024


@pytest.mark.parametrize("call", ["get", "list"])
def test_deeply_nested_json_is_an_unexpected_response(call: str) -> None:
    def handler(req: Req, conn: Conn) -> None:
        conn.answer(200, raw_body=DEEP)

    with (
        hostile(handler) as srv,
        RuntimeClient(**client_kwargs(srv)) as client,
        pytest.raises(UnexpectedResponseError),
    ):
        if call == "get":
            client.jobs.get("j1")
        else:
            list(client.jobs.list())


def test_an_iam_answer_nested_too_deeply_is_an_authentication_error() -> None:
    def iam(req: Req, conn: Conn) -> None:
        conn.answer(400, raw_body=DEEP)

    with (
        hostile(lambda r, c: c.answer(200, {}), iam=iam) as srv,
        RuntimeClient(**client_kwargs(srv)) as client,
        pytest.raises(AuthenticationError),
    ):
        client.jobs.get("j1")


def test_a_closed_client_raises_a_typed_error() -> None:
    with hostile(lambda r, c: c.answer(200, job_json("j1"))) as srv:
        client = RuntimeClient(**client_kwargs(srv))
        client.close()
        with pytest.raises(ClientClosedError) as caught:
            client.jobs.get("j1")
        assert caught.value.request_sent is False
        assert srv.api() == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"instance": "crn:v1:bluemix:public:quantum-computing:us-east:a/ü:0123::"},
        {"url": "https://[::1"},
        {"bearer_token": "tökén", "token": None},
    ],
    ids=["non-ascii-crn", "invalid-url", "non-ascii-bearer"],
)
def test_unusable_settings_fail_at_construction_with_a_typed_error(kwargs: dict[str, Any]) -> None:
    arguments = {"token": API_KEY, "instance": CRN, **kwargs}
    with pytest.raises(ConfigurationError) as caught:
        RuntimeClient(**arguments)
    assert API_KEY not in str(caught.value) and "tökén" not in str(caught.value)


def test_repr_of_a_client_whose_construction_failed() -> None:
    client = RuntimeClient.__new__(RuntimeClient)
    with pytest.raises(ConfigurationError):
        client.__init__(API_KEY, instance="crn:not-a-crn")  # type: ignore[misc]
    assert "RuntimeClient" in repr(client)

"""`decode_result`: one entry point for every result format the service returns."""

from __future__ import annotations

import json
from collections.abc import Mapping

from qiskit_runtime_client.results._plain_json import decode_plain
from qiskit_runtime_client.results._qiskit_json import object_hook
from qiskit_runtime_client.results.containers import PrimitiveResult
from qiskit_runtime_client.results.errors import ResultDecodeError
from qiskit_runtime_client.results.executor import (
    QuantumProgramResult,
    decode_quantum_program_result,
    is_quantum_program_result,
)
from qiskit_runtime_client.results.limits import array_limit, too_large

_PREVIEW = 80


def decode_result(payload: str | bytes | bytearray) -> PrimitiveResult | QuantumProgramResult:
    """Decode a `GET /v1/jobs/{id}/results` body: a sampler or estimator PrimitiveResult,
    Qiskit-encoded or plain JSON, or an executor job's QuantumProgramResult (numpy arrays).

    Whatever the Content-Type said, the body is parsed as JSON. Truncated or garbled JSON, or
    JSON that is neither format, raises ResultDecodeError (a ValueError).
    """
    if isinstance(payload, bytes | bytearray):
        try:
            payload = bytes(payload).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ResultDecodeError(f"result body is not UTF-8 text: {exc}") from None
    if not isinstance(payload, str):
        raise TypeError(f"decode_result expects str or bytes, got {type(payload).__name__}")
    try:
        return _decode(payload)
    except ResultDecodeError:
        raise
    except (TypeError, ValueError, OverflowError, KeyError, IndexError, AttributeError) as exc:
        raise ResultDecodeError(
            f"result body has a shape this client cannot decode ({type(exc).__name__}: "
            f"{str(exc)[:200]})"
        ) from None
    except MemoryError:
        raise too_large("the decoded result", array_limit()) from None


def _decode(payload: str) -> PrimitiveResult | QuantumProgramResult:
    try:
        document = json.loads(payload, object_hook=object_hook)
    except json.JSONDecodeError as exc:
        raise ResultDecodeError(
            f"result body is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}; "
            f"{len(payload)} characters, starting {payload[:_PREVIEW]!r})"
        ) from None
    except RecursionError:
        raise ResultDecodeError("result body nests too deeply to decode") from None
    if isinstance(document, PrimitiveResult):
        return document
    if is_quantum_program_result(document):
        return decode_quantum_program_result(document)
    if isinstance(document, Mapping) and "results" in document:
        return decode_plain(document)
    raise ResultDecodeError(
        "result body is neither a Qiskit-encoded PrimitiveResult, plain JSON with 'results' "
        f"nor an executor QuantumProgramResult (starts {payload[:_PREVIEW]!r})"
    )

"""GET /backends and the per-backend documents."""

from __future__ import annotations

from werkzeug.wrappers import Response

from qiskit_runtime_client.testing._backends import Backend
from qiskit_runtime_client.testing._errors import BACKEND_NOT_FOUND, ApiError, json_response
from qiskit_runtime_client.testing._service import Call, Service
from qiskit_runtime_client.testing.deviations import BACKENDS_V2_FROM


def find_backend(service: Service, name: str) -> Backend:
    """The backend called `name`, or 404 with code 1007."""
    backend = service.store.backends.get(name)
    if backend is None:
        known = ", ".join(sorted(service.store.backends))
        raise ApiError(
            404, f"Backend {name!r} not found; available backends: {known}", code=BACKEND_NOT_FOUND
        )
    return backend


def list_backends(service: Service, call: Call) -> Response:
    """Names only before IBM-API-Version 2025-01-01 (or without it); device objects from then."""
    store = service.store
    with store.lock:
        backends = list(store.backends.values())
        if call.api_version is None or call.api_version < BACKENDS_V2_FROM:
            return json_response({"devices": [b.name for b in backends]})
        devices = [b.list_entry(store.queue_length(b)) for b in backends]
    return json_response({"devices": devices})


def backend_status(service: Service, call: Call) -> Response:
    """GET /backends/{id}/status."""
    with service.store.lock:
        backend = find_backend(service, call.path_id)
        return json_response(backend.status_document(service.store.queue_length(backend)))


def backend_configuration(service: Service, call: Call) -> Response:
    """GET /backends/{id}/configuration."""
    return json_response(find_backend(service, call.path_id).configuration())


def backend_properties(service: Service, call: Call) -> Response:
    """GET /backends/{id}/properties (simulators have none: 404)."""
    backend = find_backend(service, call.path_id)
    if backend.is_simulator:
        raise ApiError(404, f"Properties are not available for simulator {backend.name!r}")
    return json_response(backend.properties())


def backend_defaults(service: Service, call: Call) -> Response:
    """GET /backends/{id}/defaults (simulators have none: 404)."""
    backend = find_backend(service, call.path_id)
    if backend.is_simulator:
        raise ApiError(404, f"Defaults are not available for simulator {backend.name!r}")
    return json_response(backend.defaults())

"""What API handlers share: the emulator's state and settings, and one parsed request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request

from qiskit_runtime_client.testing._clock import EmulatorTime
from qiskit_runtime_client.testing._iam import TokenIssuer
from qiskit_runtime_client.testing._lifecycle import Lifecycle
from qiskit_runtime_client.testing._search import InstanceDirectory
from qiskit_runtime_client.testing._spec import Operation
from qiskit_runtime_client.testing._store import Store


@dataclass
class Service:
    """The emulated service: state plus the settings tests may change while it runs."""

    store: Store
    time: EmulatorTime
    lifecycle: Lifecycle
    tokens: TokenIssuer
    instance: str
    queue_seconds: float
    run_seconds: float
    seed: int | None = None
    #: (jobs, per seconds) allowed for job creation, or None for no limit
    rate_limit: tuple[int, float] | None = None
    #: the instances Global Search lists (instance names -> CRNs)
    instances: InstanceDirectory | None = None


@dataclass
class Call:
    """One validated API request."""

    request: Request
    operation: Operation
    path_params: dict[str, str]
    query: dict[str, Any]
    body: Any
    api_version: str | None
    base_url: str

    @property
    def path_id(self) -> str:
        """The `{id}` path parameter."""
        return self.path_params["id"]

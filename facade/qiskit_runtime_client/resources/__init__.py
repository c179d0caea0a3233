"""Resources of the facade: jobs, backends, sessions, instance, tags and accounts.

Names load on first use (PEP 562), so touching `client.backends` does not import the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qiskit_runtime_client.resources._details import JobDetails, JobMetrics
    from qiskit_runtime_client.resources._paging import AsyncJobPager, JobPage, JobPager
    from qiskit_runtime_client.resources._status import JobState, JobStatus
    from qiskit_runtime_client.resources._wait_all import WaitAllResult
    from qiskit_runtime_client.resources.accounts import AccountInfo, PlanInfo
    from qiskit_runtime_client.resources.backends import (
        AsyncBackends,
        Backend,
        Backends,
        BackendStatus,
    )
    from qiskit_runtime_client.resources.instance import (
        AsyncInstance,
        Instance,
        InstanceConfiguration,
        InstanceUsage,
    )
    from qiskit_runtime_client.resources.job import AsyncJob, Job, decode_json
    from qiskit_runtime_client.resources.jobs import AsyncJobs, Jobs
    from qiskit_runtime_client.resources.sessions import AsyncSession, Session, SessionDetails
    from qiskit_runtime_client.resources.tags import AsyncTags, Tags

_PREFIX = "qiskit_runtime_client.resources."
#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "AccountInfo": "accounts",
    "AsyncBackends": "backends",
    "AsyncInstance": "instance",
    "AsyncJob": "job",
    "AsyncJobPager": "_paging",
    "AsyncJobs": "jobs",
    "AsyncSession": "sessions",
    "AsyncTags": "tags",
    "Backend": "backends",
    "BackendStatus": "backends",
    "Backends": "backends",
    "Instance": "instance",
    "InstanceConfiguration": "instance",
    "InstanceUsage": "instance",
    "Job": "job",
    "JobDetails": "_details",
    "JobMetrics": "_details",
    "JobPage": "_paging",
    "JobPager": "_paging",
    "JobState": "_status",
    "JobStatus": "_status",
    "Jobs": "jobs",
    "PlanInfo": "accounts",
    "Session": "sessions",
    "SessionDetails": "sessions",
    "Tags": "tags",
    "WaitAllResult": "_wait_all",
    "decode_json": "job",
}

__all__ = [
    "AccountInfo",
    "AsyncBackends",
    "AsyncInstance",
    "AsyncJob",
    "AsyncJobPager",
    "AsyncJobs",
    "AsyncSession",
    "AsyncTags",
    "Backend",
    "BackendStatus",
    "Backends",
    "Instance",
    "InstanceConfiguration",
    "InstanceUsage",
    "Job",
    "JobDetails",
    "JobMetrics",
    "JobPage",
    "JobPager",
    "JobState",
    "JobStatus",
    "Jobs",
    "PlanInfo",
    "Session",
    "SessionDetails",
    "Tags",
    "WaitAllResult",
    "decode_json",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'qiskit_runtime_client.resources' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PREFIX + module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__

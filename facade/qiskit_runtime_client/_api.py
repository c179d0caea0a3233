"""The one boundary with the generated client: each facade operation bound to a generated one.

Every request the facade sends is built here by the generated request builder of its operation
(`request_kwargs`), and every answer is parsed by that operation's generated models (`parse_ok`,
wrapped by `Call.read` so a body of another shape is a typed error). No other facade module
writes an API path, a query-parameter name or a body key.

Each function imports its generated module when first called (so `import qiskit_runtime_client`
loads none of them). An operationId renamed upstream costs one import line here, and
`make generate` names that line and the new operation (scripts/specprep/bindings.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any

import httpx

from qiskit_runtime_client._effects import Call, Expect, segment

if TYPE_CHECKING:
    from qiskit_runtime_api.models import (
        BackendPropertiesResponse,
        BackendsConfigurationResponse,
        BackendsDefaultsResponse,
        BackendsResponse,
        BackendStatusResponse,
        EstimatorV2Input,
        ExpandedAccountConfiguration,
        GetUsageResponse,
        Instance,
        InstanceConfiguration,
        JobCreateResponse,
        JobMetrics,
        JobResponse,
        JobSession,
        JobsResponse,
        ListTagsResponse,
        PaginationWorkloadsResponse,
        SamplerV2Input,
        VersionResponse,
    )


def _call(
    operation: ModuleType,
    kwargs: dict[str, Any],
    *,
    expect: Expect = "json",
    timeout: httpx.Timeout | None = None,
    idempotent: bool | None = None,
    raw: bool = False,
) -> Call[Any]:
    """A Call from generated request kwargs; `raw` keeps the answer as the runner read it."""
    headers = {k: str(v) for k, v in (kwargs.get("headers") or {}).items()}
    headers.pop("Content-Type", None)  # httpx sets it for a JSON body
    return Call(
        method=str(kwargs["method"]).upper(),
        path=str(kwargs["url"]),
        params=kwargs.get("params") or None,
        json=kwargs.get("json"),
        headers=headers or None,
        expect=expect,
        timeout=timeout,
        idempotent=idempotent,
        parse=(lambda status, data: data) if raw else operation.parse_ok,
        operation=operation.__name__.rsplit(".", 1)[-1],
    )


def _id(value: str, field: str) -> str:
    """A user-given id, checked before it becomes a path segment (the builder quotes it)."""
    segment(value, field)
    return value


def _unset_none(**values: Any) -> dict[str, Any]:
    """Keyword arguments without the None ones (the builders leave UNSET ones out)."""
    return {key: value for key, value in values.items() if value is not None}


# --- jobs ----------------------------------------------------------------------------------------


def get_job(job_id: str, *, include_params: bool = False) -> Call[JobResponse]:
    """GET the job document (its params only when asked: they can be large)."""
    from qiskit_runtime_api.api.jobs import get_job as op

    return _call(op, op.request_kwargs(_id(job_id, "job_id"), exclude_params=not include_params))


def list_jobs(
    *,
    limit: int,
    offset: int = 0,
    pending: bool | None = None,
    program: str | None = None,
    backend: str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    sort: str | None = None,
    tags: Sequence[str] | None = None,
    session_id: str | None = None,
    include_params: bool = False,
) -> Call[JobsResponse]:
    """One page of the job listing."""
    from qiskit_runtime_api.api.jobs import list_jobs as op

    kwargs = op.request_kwargs(
        limit=limit,
        offset=offset,
        exclude_params=not include_params,
        **_unset_none(
            pending=pending,
            program=program,
            backend=backend,
            created_after=created_after,
            created_before=created_before,
            sort=sort,
            tags=list(tags) if tags is not None else None,
            session_id=session_id,
        ),
    )
    return _call(op, kwargs)


def jobs_page_entries(data: Any) -> tuple[JobsResponse, list[Any]] | None:
    """A GET /jobs answer whose page did not parse whole, for reading its jobs one by one: the
    page without its entries (count, limit, offset) and the entries as sent; None when it is not
    a job listing."""
    from qiskit_runtime_api.models.jobs_response import JobsResponse

    entries = data.get("jobs") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return None
    try:
        return JobsResponse.from_dict({**data, "jobs": []}), entries
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def job_body(
    *,
    program_id: str,
    backend: str,
    params: Mapping[str, Any],
    session_id: str | None = None,
    tags: Sequence[str] | None = None,
    cost: int | None = None,
    log_level: str | None = None,
    private: bool | None = None,
) -> dict[str, Any]:
    """The POST /jobs body, built as the generated `JobRunParams`.

    The program's input document (`params`) goes through its generated variant (the program's own
    first). The spec closes those documents (no unknown fields), so only fields it names are sent;
    the primitives' body builders produce nothing else (tests/resources/test_job_submit.py checks
    that the body sent is the body built).
    """
    from qiskit_runtime_api.models.job_run_params import JobRunParams
    from qiskit_runtime_api.types import UNSET

    model = JobRunParams(
        program_id=program_id,
        backend=backend,
        params=_program_input(params, program_id),
        session_id=session_id if session_id is not None else UNSET,
        tags=list(tags) if tags else UNSET,
        cost=cost if cost is not None else UNSET,
        log_level=log_level if log_level is not None else UNSET,
        private=private if private is not None else UNSET,
    )
    return model.to_dict()


def _program_input(params: Mapping[str, Any], program_id: str) -> SamplerV2Input | EstimatorV2Input:
    """The primitive's input document as a generated variant, the program's own first: an
    estimator input also fits the sampler's variant, which would drop its estimator fields."""
    from qiskit_runtime_api.models.estimator_v2_input import EstimatorV2Input
    from qiskit_runtime_api.models.sampler_v2_input import SamplerV2Input

    variants: tuple[type[SamplerV2Input] | type[EstimatorV2Input], ...] = (
        SamplerV2Input,
        EstimatorV2Input,
    )
    if program_id == "estimator":
        variants = variants[::-1]
    for variant in variants:
        try:
            return variant.from_dict(dict(params))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    raise ValueError("the job's params fit none of the program inputs the spec documents")


def job_body_tags(body: Mapping[str, Any]) -> Any:
    """The tags of a job body built by `job_body` (None when it has none)."""
    from qiskit_runtime_api.models.job_run_params import JobRunParams

    return JobRunParams.from_dict(dict(body)).tags or None


def with_job_body_tags(body: Mapping[str, Any], tags: Sequence[str]) -> dict[str, Any]:
    """A copy of the job body with these tags."""
    from qiskit_runtime_api.models.job_run_params import JobRunParams
    from qiskit_runtime_api.types import UNSET

    model = JobRunParams.from_dict(dict(body))
    model.tags = list(tags)
    model.params = UNSET  # the program input stays as given (not re-serialised by a variant)
    return {**body, **model.to_dict()}


def job_body_session(body: Mapping[str, Any]) -> str | None:
    """The session id a job body names, if any."""
    from qiskit_runtime_api.models.job_run_params import JobRunParams

    value = JobRunParams.from_dict(dict(body)).session_id
    return value if isinstance(value, str) else None


def create_job(
    body: Mapping[str, Any], *, timeout: httpx.Timeout | None
) -> Call[JobCreateResponse]:
    """POST a job; never resent by the transport (the submission flow reconciles by tag)."""
    from qiskit_runtime_api.api.jobs import create_job as op
    from qiskit_runtime_api.models.estimator_v2_input import EstimatorV2Input
    from qiskit_runtime_api.models.job_run_params import JobRunParams
    from qiskit_runtime_api.models.sampler_v2_input import SamplerV2Input

    model = JobRunParams.from_dict(dict(body))
    if isinstance(model.params, SamplerV2Input | EstimatorV2Input):
        # JobRunParams tries the sampler's variant first; an estimator input fits it too.
        model.params = _program_input(dict(body)["params"], model.program_id)
    return _call(op, op.request_kwargs(body=model), timeout=timeout, idempotent=False)


def job_results(job_id: str) -> Call[str | None]:
    """GET the result document as text: `results/` decodes it (fast paths, both formats)."""
    from qiskit_runtime_api.api.jobs import get_job_results_jid as op

    return _call(op, op.request_kwargs(_id(job_id, "job_id")), expect="text", raw=True)


def job_logs(job_id: str) -> Call[str | None]:
    """GET the job's log text."""
    from qiskit_runtime_api.api.jobs import get_jog_logs_jid as op

    return _call(op, op.request_kwargs(_id(job_id, "job_id")), expect="text", raw=True)


def job_metrics(job_id: str) -> Call[JobMetrics]:
    """GET the job's metrics (timestamps, usage, queue position)."""
    from qiskit_runtime_api.api.jobs import get_job_metrics_jid as op

    return _call(op, op.request_kwargs(_id(job_id, "job_id")))


def cancel_job(job_id: str) -> Call[Any]:
    """POST a cancellation (not resent: POST)."""
    from qiskit_runtime_api.api.jobs import cancel_job_jid as op

    return _call(op, op.request_kwargs(_id(job_id, "job_id")), expect="empty", raw=True)


def delete_job(job_id: str) -> Call[Any]:
    """DELETE the job and its results."""
    from qiskit_runtime_api.api.jobs import delete_job as op

    return _call(op, op.request_kwargs(_id(job_id, "job_id")), expect="empty", raw=True)


def replace_job_tags(job_id: str, tags: Sequence[str]) -> Call[Any]:
    """PUT the job's tags (all of them: an empty list clears them)."""
    from qiskit_runtime_api.api.jobs import replace_job_tags as op
    from qiskit_runtime_api.models.replace_job_tags_body import ReplaceJobTagsBody

    body = ReplaceJobTagsBody(tags=list(tags))
    return _call(op, op.request_kwargs(_id(job_id, "job_id"), body=body), expect="empty", raw=True)


def search_tags(text: str) -> Call[ListTagsResponse]:
    """GET the job tags that contain `text`."""
    from qiskit_runtime_api.api.tags import list_tags as op

    return _call(op, op.request_kwargs(search=text))


# --- sessions ------------------------------------------------------------------------------------


def create_session(mode: str, backend: str, max_ttl: int | None) -> Call[JobSession]:
    """POST a session (mode batch or dedicated) on a backend."""
    from qiskit_runtime_api.api.sessions import create_session as op
    from qiskit_runtime_api.models.create_session_request_cloud import CreateSessionRequestCloud

    body = CreateSessionRequestCloud.from_dict(
        _unset_none(mode=mode, backend=backend, max_ttl=max_ttl)
    )
    return _call(op, op.request_kwargs(body=body))


def with_job_body_session(body: Mapping[str, Any], session_id: str) -> dict[str, Any]:
    """A copy of the job body that runs in this session (JobRunParams.session_id set; the rest
    as given: `create_job` parses the whole body with the generated model when it is sent)."""
    return {**body, "session_id": session_id}


def get_session(session_id: str) -> Call[JobSession]:
    """GET the session document."""
    from qiskit_runtime_api.api.sessions import get_session as op

    return _call(op, op.request_kwargs(_id(session_id, "session_id")))


def stop_accepting_jobs(session_id: str) -> Call[Any]:
    """PATCH the session so that it takes no more jobs (those queued still run)."""
    from qiskit_runtime_api.api.sessions import update_session as op
    from qiskit_runtime_api.models.update_session_request import UpdateSessionRequest

    body = UpdateSessionRequest(accepting_jobs=False)
    kwargs = op.request_kwargs(_id(session_id, "session_id"), body=body)
    return _call(op, kwargs, expect="empty", raw=True)


def close_session(session_id: str) -> Call[Any]:
    """DELETE .../close: end the session now, cancelling its queued jobs."""
    from qiskit_runtime_api.api.sessions import delete_session_close as op

    return _call(op, op.request_kwargs(_id(session_id, "session_id")), expect="empty", raw=True)


# --- backends ------------------------------------------------------------------------------------


def list_backends() -> Call[BackendsResponse]:
    """GET the backends the instance can use."""
    from qiskit_runtime_api.api.backends import list_backends as op

    return _call(op, op.request_kwargs())


def backend_names(data: Any) -> list[str] | None:
    """The device names of a names-only GET /backends answer, else None.

    IBM-API-Version values before 2025-01-01 answer `{"devices": ["ibm_fez", ...]}`, a shape the
    spec no longer documents (`BackendsResponse` wants one object per device).
    """
    devices = data.get("devices") if isinstance(data, dict) else None
    if isinstance(devices, list) and all(isinstance(name, str) for name in devices):
        return list(devices)
    return None


def backend_status(name: str) -> Call[BackendStatusResponse]:
    """GET one backend's status."""
    from qiskit_runtime_api.api.backends import get_backend_status as op

    return _call(op, op.request_kwargs(_id(name, "name")))


def backend_configuration(
    name: str, *, calibration_id: str | None = None
) -> Call[BackendsConfigurationResponse]:
    """GET one backend's configuration document."""
    from qiskit_runtime_api.api.backends import get_backend_configuration as op

    kwargs = op.request_kwargs(_id(name, "name"), **_unset_none(calibration_id=calibration_id))
    return _call(op, kwargs)


def backend_properties(
    name: str, *, updated_before: datetime | None = None, calibration_id: str | None = None
) -> Call[BackendPropertiesResponse]:
    """GET one backend's calibration properties (as of a time, or of a calibration)."""
    from qiskit_runtime_api.api.backends import get_backend_properties as op

    extra = _unset_none(updated_before=updated_before, calibration_id=calibration_id)
    return _call(op, op.request_kwargs(_id(name, "name"), **extra))


def backend_defaults(name: str) -> Call[BackendsDefaultsResponse]:
    """GET one backend's pulse defaults."""
    from qiskit_runtime_api.api.backends import get_backend_defaults as op

    return _call(op, op.request_kwargs(_id(name, "name")))


# --- instance, account, versions, workloads ------------------------------------------------------


def get_instance() -> Call[Instance]:
    """GET the instance the client works in."""
    from qiskit_runtime_api.api.instances import get_instance as op

    return _call(op, op.request_kwargs())


def instance_usage() -> Call[GetUsageResponse]:
    """GET the instance's usage in the current period."""
    from qiskit_runtime_api.api.instances import get_usage as op

    return _call(op, op.request_kwargs())


def instance_configuration() -> Call[InstanceConfiguration]:
    """GET the instance's configuration (its usage limit)."""
    from qiskit_runtime_api.api.instances import get_instance_configuration as op

    return _call(op, op.request_kwargs())


def set_instance_limit(seconds: int | None) -> Call[Any]:
    """PUT the instance's usage limit (None removes it)."""
    from qiskit_runtime_api.api.instances import replace_instance_configuration as op
    from qiskit_runtime_api.models.instance_configuration_update import (
        InstanceConfigurationUpdate,
    )

    body = InstanceConfigurationUpdate(instance_limit=seconds)
    return _call(op, op.request_kwargs(body=body), expect="empty", raw=True)


def get_account(account_id: str) -> Call[ExpandedAccountConfiguration]:
    """GET an IBM Cloud account's configuration and plans."""
    from qiskit_runtime_api.api.accounts import get_account as op

    return _call(op, op.request_kwargs(_id(account_id, "account_id")))


def get_versions() -> Call[VersionResponse]:
    """GET the IBM-API-Version values the service knows."""
    from qiskit_runtime_api.api.versions import get_versions as op

    return _call(op, op.request_kwargs())


def list_workloads(
    *,
    limit: int,
    next_cursor: str | None = None,
    newest_first: bool = True,
    backend: str | None = None,
    search: str | None = None,
    statuses: Sequence[str] | None = None,
    mode: str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    tags: Sequence[str] | None = None,
) -> Call[PaginationWorkloadsResponse]:
    """GET the caller's own workloads (user=me: jobs run alone, sessions and batches), one cursor
    page; `next_cursor` is the `next` value of the previous page's `next.href`."""
    from qiskit_runtime_api.api.workloads import find_instance_workloads as op
    from qiskit_runtime_api.models.find_instance_workloads_mode import FindInstanceWorkloadsMode
    from qiskit_runtime_api.models.find_instance_workloads_sort import FindInstanceWorkloadsSort
    from qiskit_runtime_api.models.find_instance_workloads_status_item import (
        FindInstanceWorkloadsStatusItem,
    )
    from qiskit_runtime_api.models.find_instance_workloads_user import FindInstanceWorkloadsUser

    kwargs = op.request_kwargs(
        user=FindInstanceWorkloadsUser.ME,
        sort=FindInstanceWorkloadsSort("-createdAt" if newest_first else "createdAt"),
        limit=limit,
        **_unset_none(
            next_=next_cursor,
            backend=backend,
            search=search,
            status=(
                [FindInstanceWorkloadsStatusItem(s) for s in statuses]
                if statuses is not None
                else None
            ),
            mode=FindInstanceWorkloadsMode(mode) if mode is not None else None,
            created_after=created_after,
            created_before=created_before,
            tags=list(tags) if tags is not None else None,
        ),
    )
    return _call(op, kwargs)


def workloads_next_cursor(page: PaginationWorkloadsResponse) -> str | None:
    """The cursor of the page after this one (from its `next.href`), None on the last page."""
    from urllib.parse import parse_qs, urlsplit

    from qiskit_runtime_api.types import Unset

    link = page.next_
    href = None if isinstance(link, Unset) else link.href
    if not isinstance(href, str) or not href:
        return None
    values = parse_qs(urlsplit(href).query).get("next")
    return values[0] if values else None

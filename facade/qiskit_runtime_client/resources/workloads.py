"""client.workloads: the caller's own jobs and sessions (GET /workloads, user=me), lazily paged.

The job listing (`client.jobs.list()`) shows every job of the instance, whoever submitted it;
this one shows only yours, as *workloads*: a job run on its own (mode "job"), or a session
(mode "session" for a dedicated session, "batch" for a batch) with its jobs inside it. Pages follow
the service's cursors (`next`), so workloads created while you iterate neither repeat nor shift the
listing. Newest first unless `newest_first=False`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import attrs

from qiskit_runtime_client import _api
from qiskit_runtime_client._effects import Flow, request
from qiskit_runtime_client._runner import AsyncRunner, SyncRunner
from qiskit_runtime_client.resources._checks import (
    check_choice,
    check_int,
    check_tags,
    check_text,
    check_time,
)
from qiskit_runtime_client.resources._parse import (
    opt,
    opt_bool,
    opt_float,
    opt_str,
    parse_time,
    str_list,
)

if TYPE_CHECKING:
    from qiskit_runtime_api.models import WorkloadResponse

__all__ = [
    "MODES",
    "STATUSES",
    "AsyncWorkloadPager",
    "AsyncWorkloads",
    "Workload",
    "WorkloadPage",
    "WorkloadPager",
    "Workloads",
]

#: Workload modes: a job run on its own, a dedicated session, a batch.
MODES: Final = ("job", "session", "batch")
#: Workload statuses (the service's words; a job's "Queued" is "pending", "Running" "in_progress").
STATUSES: Final = ("pending", "in_progress", "completed", "failed", "canceled")
#: The most workloads the service returns in one page.
MAX_WORKLOADS_PAGE: Final = 50


@attrs.frozen
class Workload:
    """One of your workloads: a job run alone (`mode == "job"`) or a session or batch.

    Fields the service did not send are None; the whole document is in `raw`.
    """

    #: The job id (mode "job") or the session id (modes "session" and "batch").
    id: str
    #: "job", "session" or "batch" (see MODES; another value if the service adds one).
    mode: str
    #: "pending", "in_progress", "completed", "failed" or "canceled" (see STATUSES).
    status: str
    #: The backend it runs on.
    backend: str | None = None
    #: When it was created (aware UTC).
    created: datetime | None = None
    #: When it ended (aware UTC), None while it runs.
    ended: datetime | None = None
    #: The job's tags (sessions have none).
    tags: list[str] = attrs.field(factory=list)
    #: Quantum time used, in seconds, when the service says.
    usage_seconds: float | None = None
    #: Why it failed or was cancelled, when the service says.
    status_reason: str | None = None
    #: Whether a session still accepts jobs (None for a job).
    accepting_jobs: bool | None = None
    #: The IBMid of the user who created it.
    user_id: str | None = None
    #: The document as the service sent it.
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)

    @property
    def is_job(self) -> bool:
        """True for a job run on its own (`client.jobs.get(workload.id)` gives its handle)."""
        return self.mode == "job"

    @property
    def is_session(self) -> bool:
        """True for a session or a batch (`client.session_from_id(workload.id)`)."""
        return self.mode in ("session", "batch")


def workload_from(model: WorkloadResponse) -> Workload:
    """A Workload from the generated model."""
    usage = opt(model.usage)
    usage_seconds = opt_float(opt(usage.qpu_charge_time_seconds)) if usage is not None else None
    if usage_seconds is None:
        usage_seconds = opt_float(opt(model.usage_seconds))
    return Workload(
        id=model.id,
        mode=str(model.mode),
        status=str(model.status),
        backend=opt_str(model.backend),
        created=parse_time(model.created),
        ended=parse_time(opt(model.ended)),
        tags=str_list(opt(model.tags)),
        usage_seconds=usage_seconds,
        status_reason=opt_str(opt(model.status_reason)),
        accepting_jobs=opt_bool(opt(model.accepting_jobs)),
        user_id=opt_str(model.user_id),
        raw=model.to_dict(),
    )


@attrs.frozen
class WorkloadQuery:
    """Checked filters of a workload listing, the page size and the overall limit."""

    page_size: int
    limit: int | None
    newest_first: bool = True
    backend: str | None = None
    search: str | None = None
    statuses: tuple[str, ...] | None = None
    mode: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    tags: tuple[str, ...] | None = None


def build_workload_query(
    *,
    status: str | Sequence[str] | None = None,
    mode: str | None = None,
    backend: str | None = None,
    search: str | None = None,
    tags: Sequence[str] | None = None,
    created_after: datetime | str | None = None,
    created_before: datetime | str | None = None,
    newest_first: bool = True,
    page_size: int = MAX_WORKLOADS_PAGE,
    limit: int | None = None,
) -> WorkloadQuery:
    """Check the filters of workloads.list() before any request."""
    statuses: tuple[str, ...] | None = None
    if status is not None:
        items = [status] if isinstance(status, str) else list(status)
        statuses = tuple(check_choice(item, "status", STATUSES) for item in items)
    if not isinstance(newest_first, bool):
        raise TypeError(f"newest_first must be True or False, got {newest_first!r}")
    return WorkloadQuery(
        page_size=check_int(page_size, "page_size", minimum=1, maximum=MAX_WORKLOADS_PAGE),
        limit=None if limit is None else check_int(limit, "limit", minimum=0),
        newest_first=newest_first,
        backend=check_text(backend, "backend", max_length=100),
        search=check_text(search, "search", max_length=1000),
        statuses=statuses,
        mode=None if mode is None else check_choice(mode, "mode", MODES),
        created_after=parse_time(check_time(created_after, "created_after")),
        created_before=parse_time(check_time(created_before, "created_before")),
        tags=None if tags is None else tuple(check_tags(tags)),
    )


@attrs.frozen
class WorkloadPage:
    """One page of the listing: its workloads and the service's total for the filters."""

    workloads: list[Workload]
    total: int | None


class _Cursor:
    """Where a listing stands: the next cursor, how many were yielded, whether it is over."""

    def __init__(self, query: WorkloadQuery) -> None:
        self.query = query
        self.next_cursor: str | None = None
        self.yielded = 0
        self.seen: set[str] = set()
        self.done = False

    def fetch(self) -> Flow[WorkloadPage | None]:
        query = self.query
        want = query.page_size
        if query.limit is not None:
            want = min(want, query.limit - self.yielded)
        if self.done or want <= 0:
            self.done = True
            return None
        page = yield from request(
            _api.list_workloads(
                limit=want,
                next_cursor=self.next_cursor,
                newest_first=query.newest_first,
                backend=query.backend,
                search=query.search,
                statuses=query.statuses,
                mode=query.mode,
                created_after=query.created_after,
                created_before=query.created_before,
                tags=query.tags,
            )
        )
        fresh = [w for w in map(workload_from, page.workloads) if w.id not in self.seen]
        if query.limit is not None:
            fresh = fresh[: query.limit - self.yielded]
        self.seen.update(w.id for w in fresh)
        self.yielded += len(fresh)
        cursor = _api.workloads_next_cursor(page)
        if (
            cursor is None
            or cursor == self.next_cursor
            or not page.workloads
            or (query.limit is not None and self.yielded >= query.limit)
        ):
            self.done = True
        self.next_cursor = cursor
        total = page.total_count
        return WorkloadPage(fresh, int(total) if isinstance(total, int | float) else None)


P = TypeVar("P", SyncRunner, AsyncRunner)


class WorkloadPager:
    """A lazy listing of your workloads: iterate for Workload objects, or over pages().

    Each iteration starts over with fresh requests; nothing is fetched until iterated.
    """

    def __init__(self, runner: SyncRunner, query: WorkloadQuery) -> None:
        self._runner = runner
        self._query = query

    def pages(self) -> Iterator[WorkloadPage]:
        """The pages, fetched one at a time."""
        state = _Cursor(self._query)
        while not state.done:
            page = self._runner.run(state.fetch())
            if page is None:
                return
            yield page

    def __iter__(self) -> Iterator[Workload]:
        for page in self.pages():
            yield from page.workloads


class AsyncWorkloadPager:
    """A lazy listing of your workloads for asyncio: `async for w in pager`, or over pages()."""

    def __init__(self, runner: AsyncRunner, query: WorkloadQuery) -> None:
        self._runner = runner
        self._query = query

    async def pages(self) -> AsyncIterator[WorkloadPage]:
        """The pages, fetched one at a time."""
        state = _Cursor(self._query)
        while not state.done:
            page = await self._runner.run(state.fetch())
            if page is None:
                return
            yield page

    async def __aiter__(self) -> AsyncIterator[Workload]:
        async for page in self.pages():
            for workload in page.workloads:
                yield workload


class _WorkloadsBase(Generic[P]):
    _runner: P

    def __init__(self, runner: P) -> None:
        self._runner = runner


class Workloads(_WorkloadsBase[SyncRunner]):
    """Your own workloads (GET /workloads with user=me), blocking."""

    def list(
        self,
        *,
        status: str | Sequence[str] | None = None,
        mode: str | None = None,
        backend: str | None = None,
        search: str | None = None,
        tags: Sequence[str] | None = None,
        created_after: datetime | str | None = None,
        created_before: datetime | str | None = None,
        newest_first: bool = True,
        page_size: int = MAX_WORKLOADS_PAGE,
        limit: int | None = None,
    ) -> WorkloadPager:
        """A lazy listing of your jobs and sessions, newest first; `limit` caps the total.

        Args:
            status: one or more of "pending", "in_progress", "completed", "failed", "canceled".
            mode: "job" (jobs run alone), "session" or "batch".
            backend: only workloads on this backend.
            search: text found in the id or the tags.
            tags: only workloads with all of these tags.
            created_after: only those created after this datetime (naive: local time) or ISO
                string.
            created_before: only those created before this datetime or ISO string.
            newest_first: False lists the oldest first.
            page_size: workloads per request, 1 to 50.
            limit: stop after this many.

        Filters are checked now; requests are sent while iterating.
        """
        query = build_workload_query(
            status=status,
            mode=mode,
            backend=backend,
            search=search,
            tags=tags,
            created_after=created_after,
            created_before=created_before,
            newest_first=newest_first,
            page_size=page_size,
            limit=limit,
        )
        return WorkloadPager(self._runner, query)


class AsyncWorkloads(_WorkloadsBase[AsyncRunner]):
    """Your own workloads for asyncio: list() is an async pager (see Workloads.list)."""

    def list(
        self,
        *,
        status: str | Sequence[str] | None = None,
        mode: str | None = None,
        backend: str | None = None,
        search: str | None = None,
        tags: Sequence[str] | None = None,
        created_after: datetime | str | None = None,
        created_before: datetime | str | None = None,
        newest_first: bool = True,
        page_size: int = MAX_WORKLOADS_PAGE,
        limit: int | None = None,
    ) -> AsyncWorkloadPager:
        """A lazy listing of your jobs and sessions for `async for` (see Workloads.list)."""
        query = build_workload_query(
            status=status,
            mode=mode,
            backend=backend,
            search=search,
            tags=tags,
            created_after=created_after,
            created_before=created_before,
            newest_first=newest_first,
            page_size=page_size,
            limit=limit,
        )
        return AsyncWorkloadPager(self._runner, query)

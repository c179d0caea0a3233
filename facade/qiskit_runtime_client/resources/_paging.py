"""Lazy paging over GET /jobs: stops on a short or empty page or at `count`, never repeats a job.

Offset paging over a newest-first listing shifts when jobs are created meanwhile; so after the
first page every request carries `created_before` pinned just after the newest job seen, and ids
are deduplicated anyway. A full page of nothing new (a server ignoring `offset`) also ends it,
unless `count` grew since the first page: jobs created inside the pin (same timestamp) shifted it;
even then at most MAX_STALE_PAGES such pages in a row are asked for, so a server that repeats a
full page while its count grows cannot keep the pager looping without yielding.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Generic, TypeVar

import attrs

from qiskit_runtime_client import _api
from qiskit_runtime_client._effects import Call, Flow
from qiskit_runtime_client._runner import AsyncRunner, SyncRunner
from qiskit_runtime_client.resources._checks import (
    MAX_PAGE_SIZE,
    check_bool,
    check_int,
    check_sort,
    check_tags,
    check_text,
    check_time,
)
from qiskit_runtime_client.resources._details import JobDetails, read_jobs_page
from qiskit_runtime_client.resources._parse import parse_time
from qiskit_runtime_client.resources.job import AsyncJob, Job

if TYPE_CHECKING:
    from qiskit_runtime_api.models import JobsResponse

logger = logging.getLogger("qiskit_runtime_client.jobs")

J = TypeVar("J", Job, AsyncJob)
#: The pin sits this far after the newest job of the first page (timestamp precision margin).
PIN_MARGIN = timedelta(milliseconds=1)
#: Full pages in a row with nothing new after which the listing is taken as over.
MAX_STALE_PAGES = 3


@attrs.frozen
class JobQuery:
    """Checked filters of a job listing (times aware UTC), plus page size and the overall limit."""

    page_size: int
    limit: int | None
    pending: bool | None = None
    program: str | None = None
    backend: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    sort: str | None = None
    tags: list[str] | None = None
    session_id: str | None = None
    include_params: bool = False

    @property
    def newest_first(self) -> bool:
        """The service's default order (and sort='DESC') lists the newest job first."""
        return self.sort != "ASC"

    def page(
        self, *, limit: int, offset: int, created_before: datetime | None
    ) -> Call[JobsResponse]:
        """The listing request of one page (`created_before` replaces the filter's, if given)."""
        return _api.list_jobs(
            limit=limit,
            offset=offset,
            pending=self.pending,
            program=self.program,
            backend=self.backend,
            created_after=self.created_after,
            created_before=created_before or self.created_before,
            sort=self.sort,
            tags=self.tags,
            session_id=self.session_id,
            include_params=self.include_params,
        )


def _utc_time(value: datetime | str | None, field: str) -> datetime | None:
    """A checked time filter as an aware UTC datetime (naive datetimes are local time)."""
    return parse_time(check_time(value, field))


def build_query(
    *,
    pending: bool | None = None,
    program: str | None = None,
    backend: str | None = None,
    created_after: datetime | str | None = None,
    created_before: datetime | str | None = None,
    sort: str | None = None,
    tags: Sequence[str] | None = None,
    session_id: str | None = None,
    exclude_params: bool | None = True,
    page_size: int = MAX_PAGE_SIZE,
    limit: int | None = None,
) -> JobQuery:
    """Check the filters of jobs.list() before any request."""
    return JobQuery(
        page_size=check_int(page_size, "page_size", minimum=1, maximum=MAX_PAGE_SIZE),
        limit=None if limit is None else check_int(limit, "limit", minimum=0),
        pending=check_bool(pending, "pending"),
        program=check_text(program, "program", max_length=63),
        backend=check_text(backend, "backend", max_length=100),
        created_after=_utc_time(created_after, "created_after"),
        created_before=_utc_time(created_before, "created_before"),
        sort=check_sort(sort),
        tags=None if tags is None else check_tags(tags),
        session_id=check_text(session_id, "session_id", max_length=1000),
        include_params=check_bool(exclude_params, "exclude_params") is False,
    )


@attrs.frozen
class FetchedPage:
    """The new jobs of one page and where it sat in the listing."""

    jobs: list[JobDetails]
    offset: int
    count: int | None


class PagingState:
    """Where a listing stands: next offset, ids seen, the created_before pin, whether it is over."""

    def __init__(self, query: JobQuery) -> None:
        self.query = query
        self.offset = 0
        self.yielded = 0
        self.seen: set[str] = set()
        self.pinned_before: datetime | None = None
        self.first_count: int | None = None
        self.stale_pages = 0
        self.done = False

    def fetch(self) -> Flow[FetchedPage | None]:
        """Request the next page and decide whether another follows; None when already over."""
        query = self.query
        want = query.page_size
        if query.limit is not None:
            want = min(want, query.limit - self.yielded)
        if self.done or want <= 0:
            self.done = True
            return None
        call = query.page(limit=want, offset=self.offset, created_before=self.pinned_before)
        listed = yield from read_jobs_page(call)
        page_offset = self.offset
        self.offset += listed.received
        fresh = [job for job in listed.jobs if job.id not in self.seen]
        self.seen.update(job.id for job in fresh)
        if query.limit is not None:
            fresh = fresh[: query.limit - self.yielded]
        self.yielded += len(fresh)
        if page_offset == 0:
            self.first_count = listed.count
            if query.newest_first:
                self._pin(listed.jobs)
        page_size = listed.limit if listed.limit is not None and 0 < listed.limit < want else want
        if listed.received < page_size:
            self.done = True  # short or empty page: the listing is over
        elif listed.count is not None and self.offset >= listed.count:
            self.done = True  # the server's total is reached
        elif query.limit is not None and self.yielded >= query.limit:
            self.done = True  # the caller's limit is reached
        elif not fresh and (
            not self._grew(listed.count) or self.stale_pages + 1 >= MAX_STALE_PAGES
        ):
            logger.warning("GET /jobs returned a full page of jobs already seen; stopping there")
            self.done = True
        self.stale_pages = 0 if fresh else self.stale_pages + 1
        return FetchedPage(fresh, page_offset, listed.count)

    def _grew(self, count: int | None) -> bool:
        """Whether the listing gained jobs since the first page (created in the pinned window,
        e.g. at the same timestamp): a page of jobs already seen is then a shift, not the end."""
        return count is not None and self.first_count is not None and count > self.first_count

    def _pin(self, jobs: list[JobDetails]) -> None:
        times = [job.created for job in jobs if job.created is not None]
        if not times:
            return
        pin = max(times) + PIN_MARGIN
        user = self.query.created_before
        self.pinned_before = min(pin, user) if user is not None else pin


@attrs.frozen
class JobPage(Generic[J]):
    """One page of a listing: its jobs (new ones only), its offset and the server's count."""

    jobs: list[J]
    offset: int
    count: int | None


class JobPager:
    """A lazy listing of jobs: iterate for Job handles, or pages() for JobPage objects.

    Each iteration starts over with fresh requests; nothing is fetched until iterated.
    """

    def __init__(self, runner: SyncRunner, query: JobQuery) -> None:
        self._runner = runner
        self._query = query

    def pages(self) -> Iterator[JobPage[Job]]:
        """The pages, fetched one at a time."""
        state = PagingState(self._query)
        while not state.done:
            page = self._runner.run(state.fetch())
            if page is None:
                return
            jobs = [Job(self._runner, d.id, d) for d in page.jobs]
            yield JobPage(jobs, page.offset, page.count)

    def __iter__(self) -> Iterator[Job]:
        for page in self.pages():
            yield from page.jobs


class AsyncJobPager:
    """A lazy listing of jobs for asyncio: `async for job in pager`, or over `.pages()`."""

    def __init__(self, runner: AsyncRunner, query: JobQuery) -> None:
        self._runner = runner
        self._query = query

    async def pages(self) -> AsyncIterator[JobPage[AsyncJob]]:
        """The pages, fetched one at a time."""
        state = PagingState(self._query)
        while not state.done:
            page = await self._runner.run(state.fetch())
            if page is None:
                return
            jobs = [AsyncJob(self._runner, d.id, d) for d in page.jobs]
            yield JobPage(jobs, page.offset, page.count)

    async def __aiter__(self) -> AsyncIterator[AsyncJob]:
        async for page in self.pages():
            for job in page.jobs:
                yield job

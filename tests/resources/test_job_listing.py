"""jobs.list(): lazy pager that stops correctly and never repeats a job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from qiskit_runtime_client import AsyncRuntimeClient, RuntimeClient
from qiskit_runtime_client.resources import AsyncJob, Job, JobStatus
from resources_fake import FakeService


def listing_queries(fake: FakeService) -> list[dict[str, list[str]]]:
    return [q for m, p, q in fake.requests if (m, p) == ("GET", "/v1/jobs")]


def test_three_page_listing_yields_every_job_once_newest_first(
    client: RuntimeClient, fake: FakeService
) -> None:
    for _ in range(45):
        fake.add_job("Completed")
    pager = client.jobs.list(page_size=20)
    assert listing_queries(fake) == []  # lazy: nothing sent before iterating

    jobs = list(pager)

    assert [j.id for j in jobs] == [f"job{n:04d}" for n in range(45, 0, -1)]
    assert all(isinstance(j, Job) and j.last_details is not None for j in jobs)
    queries = listing_queries(fake)
    assert [(q["offset"][0], q["limit"][0]) for q in queries] == [
        ("0", "20"),
        ("20", "20"),
        ("40", "20"),
    ]
    assert "created_before" not in queries[0]
    assert queries[1]["created_before"] == queries[2]["created_before"]


def test_pages_carry_offset_and_count(client: RuntimeClient, fake: FakeService) -> None:
    for _ in range(45):
        fake.add_job("Completed")
    pages = list(client.jobs.list(page_size=20).pages())
    assert [(p.offset, p.count, len(p.jobs)) for p in pages] == [
        (0, 45, 20),
        (20, 45, 20),
        (40, 45, 5),
    ]


def test_count_that_overstates_does_not_loop(client: RuntimeClient, fake: FakeService) -> None:
    for _ in range(40):
        fake.add_job("Completed")
    fake.count_bonus = 10  # the server claims 50 jobs

    jobs = list(client.jobs.list(page_size=20))

    assert len(jobs) == 40
    # 20 + 20, then an empty page at offset 40 ends it (the official SDK re-asks forever).
    assert [q["offset"] for q in listing_queries(fake)] == [["0"], ["20"], ["40"]]


def test_stops_when_count_is_reached_without_an_extra_request(
    client: RuntimeClient, fake: FakeService
) -> None:
    for _ in range(40):
        fake.add_job("Completed")
    assert len(list(client.jobs.list(page_size=20))) == 40
    assert len(listing_queries(fake)) == 2


def test_jobs_created_while_iterating_are_not_yielded_twice(
    client: RuntimeClient, fake: FakeService
) -> None:
    for _ in range(25):
        fake.add_job("Completed")
    original = set(fake.jobs)

    def create_three(service: FakeService) -> None:
        service.clock.advance(1)
        for _ in range(3):
            service.add_job("Queued")

    fake.after_list = create_three

    ids = [j.id for j in client.jobs.list(page_size=10)]

    assert len(ids) == len(set(ids)) == 25
    assert set(ids) == original
    # created_before is pinned after the first page, so offsets do not shift: 10 + 10 + 5.
    assert len(listing_queries(fake)) == 3


def test_a_server_that_ignores_offset_is_not_followed_forever(
    client: RuntimeClient, fake: FakeService
) -> None:
    for _ in range(30):
        fake.add_job("Completed")
    fake.count_bonus = 1000
    inner = fake.list_jobs
    fake.list_jobs = lambda query: inner({**query, "offset": ["0"]})  # type: ignore[method-assign]

    ids = [j.id for j in client.jobs.list(page_size=10, sort="ASC")]

    assert len(ids) == 10
    assert len(listing_queries(fake)) == 2


def test_limit_caps_the_total_and_the_last_page_size(
    client: RuntimeClient, fake: FakeService
) -> None:
    for _ in range(30):
        fake.add_job("Completed")
    jobs = list(client.jobs.list(page_size=10, limit=15))
    assert len(jobs) == 15
    assert [q["limit"] for q in listing_queries(fake)] == [["10"], ["5"]]


def test_a_server_page_cap_below_page_size_is_not_taken_for_the_end(
    client: RuntimeClient, fake: FakeService
) -> None:
    for _ in range(25):
        fake.add_job("Completed")
    fake.page_cap = 10
    assert len(list(client.jobs.list())) == 25
    assert len(listing_queries(fake)) == 3


def test_filters_are_sent_as_the_spec_names_them(client: RuntimeClient, fake: FakeService) -> None:
    list(
        client.jobs.list(
            pending=True,
            program="sampler",
            backend="ibm_a",
            created_after=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
            created_before="2026-02-01T00:00:00Z",
            sort="asc",
            tags=["x", "y"],
            session_id="s1",
            exclude_params=False,
        )
    )
    (query,) = listing_queries(fake)
    assert query == {
        "pending": ["true"],
        "program": ["sampler"],
        "backend": ["ibm_a"],
        "created_after": ["2026-01-02T03:04:05+00:00"],
        "created_before": ["2026-02-01T00:00:00+00:00"],
        "sort": ["ASC"],
        "tags": ["x", "y"],
        "session_id": ["s1"],
        "exclude_params": ["false"],
        "limit": ["200"],
        "offset": ["0"],
    }


def test_time_filters_are_sent_in_utc(client: RuntimeClient, fake: FakeService) -> None:
    naive = datetime(2026, 1, 2, 3, 4, 5)  # local time, like datetime.now()
    offset = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    list(client.jobs.list(created_after=naive, created_before=offset))
    (query,) = listing_queries(fake)
    assert query["created_after"] == [naive.astimezone(UTC).isoformat()]
    assert query["created_before"] == ["2026-01-02T01:04:05+00:00"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"page_size": 0}, "page_size"),
        ({"page_size": 201}, "page_size"),
        ({"sort": "up"}, "sort"),
        ({"tags": ["a"] * 9}, "tags"),
        ({"tags": ["x" * 87]}, "tags"),
        ({"tags": "one"}, "tags must be a list"),
        ({"created_after": "yesterday"}, "created_after"),
        ({"session_id": ""}, "session_id"),
        ({"pending": "yes"}, "pending"),
        ({"limit": -1}, "limit"),
    ],
)
def test_bad_filters_fail_before_any_request(
    client: RuntimeClient, fake: FakeService, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises((ValueError, TypeError), match=field):
        client.jobs.list(**kwargs)  # type: ignore[arg-type]
    assert fake.api_requests() == []


def test_get_returns_a_handle_with_details(client: RuntimeClient, fake: FakeService) -> None:
    fake.add_job("Running")
    job = client.jobs.get("job0001")
    assert job.id == "job0001"
    assert job.last_details is not None and job.last_details.status is JobStatus.RUNNING


@pytest.mark.parametrize("bad", ["", "a/b", "..", "x" * 200, "a?b", "a%2Fb"])
def test_get_rejects_ids_that_would_change_the_path(
    client: RuntimeClient, fake: FakeService, bad: str
) -> None:
    with pytest.raises(ValueError, match="job_id"):
        client.jobs.get(bad)
    assert fake.api_requests() == []


def test_tags_search(client: RuntimeClient, fake: FakeService) -> None:
    fake.overrides[("GET", "/v1/tags")] = lambda r: __import__("httpx").Response(
        200, json={"tags": ["exp-1", "exp-2"], "new_field": 1}
    )
    assert client.tags.search("exp") == ["exp-1", "exp-2"]
    assert fake.requests[-1][2] == {"type": ["job"], "search": ["exp"]}
    with pytest.raises(ValueError, match="text"):
        client.tags.search("ab")


async def test_async_listing_over_three_pages(
    aclient: AsyncRuntimeClient, fake: FakeService
) -> None:
    for _ in range(45):
        fake.add_job("Completed")
    jobs = [job async for job in aclient.jobs.list(page_size=20)]
    assert len({j.id for j in jobs}) == 45
    assert all(isinstance(j, AsyncJob) for j in jobs)
    pages = [page async for page in aclient.jobs.list(page_size=20).pages()]
    assert [p.offset for p in pages] == [0, 20, 40]


async def test_async_listing_during_creation_and_overstated_count(
    aclient: AsyncRuntimeClient, fake: FakeService
) -> None:
    for _ in range(25):
        fake.add_job("Completed")
    fake.count_bonus = 7
    fake.after_list = lambda service: (service.clock.advance(1), service.add_job())
    ids = [job.id async for job in aclient.jobs.list(page_size=10)]
    assert len(ids) == len(set(ids)) == 25

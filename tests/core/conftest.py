"""Fixtures of the core tests: run each table test through the sync and the async client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ._fake import FakeService, Harness

MakeHarness = Callable[..., Harness]


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    """Which client a test drives: RuntimeClient or AsyncRuntimeClient."""
    return str(request.param)


@pytest.fixture
def make(mode: str) -> Iterator[MakeHarness]:
    """Build Harnesses (client + fake service) in the current mode; closes them afterwards."""
    made: list[Harness] = []

    def build(service: FakeService | None = None, **kwargs: Any) -> Harness:
        harness = Harness(mode, service or FakeService(), **kwargs)
        made.append(harness)
        return harness

    yield build
    for harness in made:
        harness.close()

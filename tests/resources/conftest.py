"""Fixtures of the resource tests: the fake service and clients wired to it."""

from __future__ import annotations

import httpx
import pytest
from qiskit_runtime_client import AsyncRuntimeClient, RuntimeClient
from resources_fake import CRN, FakeService


@pytest.fixture
def fake() -> FakeService:
    return FakeService()


@pytest.fixture
def client(fake: FakeService) -> RuntimeClient:
    return RuntimeClient(
        token="k", instance=CRN, transport=httpx.MockTransport(fake.handle), clock=fake.clock
    )


@pytest.fixture
def aclient(fake: FakeService) -> AsyncRuntimeClient:
    return AsyncRuntimeClient(
        token="k", instance=CRN, transport=httpx.MockTransport(fake.handle), clock=fake.clock
    )

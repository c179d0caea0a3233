"""client.tags: search the tags used on the instance's jobs."""

from __future__ import annotations

from typing import Generic, TypeVar

from qiskit_runtime_client import _api
from qiskit_runtime_client._effects import Flow, request
from qiskit_runtime_client._runner import AsyncRunner, SyncRunner
from qiskit_runtime_client.resources._checks import check_text
from qiskit_runtime_client.resources._parse import opt, str_list

R = TypeVar("R", SyncRunner, AsyncRunner)


def search_tags(text: str) -> Flow[list[str]]:
    """The job tags that contain `text` (3 to 100 characters)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    check_text(text, "text", min_length=3, max_length=100)
    found = yield from request(_api.search_tags(text))
    return str_list(opt(found.tags))


class _TagsBase(Generic[R]):
    _runner: R

    def __init__(self, runner: R) -> None:
        self._runner = runner


class Tags(_TagsBase[SyncRunner]):
    """Job tags (blocking)."""

    def search(self, text: str) -> list[str]:
        """Tags of the instance's jobs that contain `text` (at least 3 characters)."""
        return self._runner.run(search_tags(text))


class AsyncTags(_TagsBase[AsyncRunner]):
    """Job tags (asyncio)."""

    async def search(self, text: str) -> list[str]:
        """Tags of the instance's jobs that contain `text` (at least 3 characters)."""
        return await self._runner.run(search_tags(text))

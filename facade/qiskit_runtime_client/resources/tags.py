"""client.tags: search the tags used on the instance's jobs."""

from __future__ import annotations

from typing import Generic, TypeVar

from qiskit_runtime_client._effects import Call, Flow, call
from qiskit_runtime_client._runner import AsyncRunner, SyncRunner
from qiskit_runtime_client.resources._checks import check_text
from qiskit_runtime_client.resources._parse import expect_dict, str_list

R = TypeVar("R", SyncRunner, AsyncRunner)


def search_tags(text: str) -> Flow[list[str]]:
    """GET /tags?type=job&search=text (text of 3 to 100 characters)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    check_text(text, "text", min_length=3, max_length=100)
    data = yield from call(Call("GET", "/tags", params={"type": "job", "search": text}))
    return str_list(expect_dict(data, "the tag search answer").get("tags"))


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

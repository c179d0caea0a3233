"""JSON pointers (RFC 6901): escaping, joining and splitting reference tokens."""

from __future__ import annotations

from collections.abc import Iterable

Token = str | int


def escape_token(token: Token) -> str:
    """Escape one reference token for use in a JSON pointer."""
    return str(token).replace("~", "~0").replace("/", "~1")


def to_pointer(tokens: Iterable[Token]) -> str:
    """Join reference tokens into a JSON pointer ("" is the whole document)."""
    return "".join("/" + escape_token(token) for token in tokens)


def parse_pointer(pointer: str) -> list[str]:
    """Split a JSON pointer into unescaped reference tokens."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must be empty or start with '/': {pointer!r}")
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]

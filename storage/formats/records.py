"""The unit every reader yields: one record (or one unreadable piece) and where it sits in its file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Record:
    """A parsed object from a file, or the raw text of a piece that could not be parsed."""

    line: int | None
    location: str
    data: dict[str, Any] | None = None
    raw: str | None = None
    error: str | None = None
    field: str | None = None


def describe_type(value: Any) -> str:
    """Name a JSON value's type the way a curator reads it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__

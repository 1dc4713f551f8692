"""The progress protocol analyses report through; the shells decide how (or whether) to draw it."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """start() a named step with a total (0 when unknown), then advance() by units done."""

    def start(self, label: str, total: int) -> None: ...
    def advance(self, amount: int) -> None: ...


class Silent:
    """Progress that shows nothing: tests, --json and piped output."""

    def start(self, label: str, total: int) -> None:
        return None

    def advance(self, amount: int) -> None:
        return None

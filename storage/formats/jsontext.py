"""JSON parsing that keeps going: line-based JSONL and element-by-element arrays with locations."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

_DECODER = json.JSONDecoder()
_WS = " \t\n\r"


def decode_line(raw: bytes, encoding: str) -> tuple[Any, str | None, str]:
    """Parse one JSONL line: (value, error message or None, text for the error log)."""
    if encoding == "utf-8":
        try:
            return orjson.loads(raw), None, ""
        except orjson.JSONDecodeError:
            pass
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        return (
            None,
            f"not valid {encoding} (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
            "re-save the file as UTF-8 or pass --encoding",
            raw.decode(encoding, errors="backslashreplace"),
        )
    try:
        return json.loads(text), None, ""
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} at column {exc.colno}", text


class ArrayError(Exception):
    """Text that is not a JSON list at all; `offset` is where the bad text starts."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(slots=True)
class Piece:
    """One element of a list: its parsed value, or its raw text and why it did not parse."""

    offset: int
    value: Any = None
    raw: str | None = None
    error: str | None = None


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WS:
        pos += 1
    return pos


def iter_items(text: str, start: int = 0) -> Iterator[Piece]:
    """Elements of the JSON list at `start` (or of a bare run of comma-separated objects).

    A broken element costs only itself: its raw text comes back with a message and parsing
    resumes at the next object, so a list cut off mid-element still yields every complete
    element before the cut, and one bad element in the middle loses none after it.
    """
    n = len(text)
    pos = _skip_ws(text, start)
    bracket = text.startswith("[", pos)
    if bracket:
        pos += 1
    elif not text.startswith("{", pos):
        raise ArrayError("expected a JSON list starting with '['", pos)
    while True:
        pos = _skip_ws(text, pos)
        if pos >= n:
            return
        if text[pos] == "]" and bracket:
            rest = _skip_ws(text, pos + 1)
            if rest < n:
                yield Piece(rest, raw=text[rest:], error="unexpected text after the closing ']'")
            return
        if text[pos] == ",":
            pos += 1
            continue
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            stop = _resync(text, pos + 1)
            yield _broken(text, pos, stop, f"invalid JSON: {exc.msg}", bracket)
            pos = stop
            continue
        yield Piece(pos, value)
        pos = _skip_ws(text, end)
        if pos < n and text[pos] not in ",]":
            stop = _resync(text, pos)
            yield _broken(text, pos, stop, "unexpected text between list elements", bracket)
            pos = stop


def _resync(text: str, pos: int) -> int:
    """Offset of the next object that starts an element (after ',' or '[') and parses; else the end."""
    while (pos := text.find("{", pos)) >= 0:
        before = pos - 1
        while before >= 0 and text[before] in _WS:
            before -= 1
        if before >= 0 and text[before] in ",[":
            try:
                _DECODER.raw_decode(text, pos)
            except json.JSONDecodeError:
                pass
            else:
                return pos
        pos += 1
    return len(text)


def _broken(text: str, start: int, stop: int, message: str, bracket: bool) -> Piece:
    piece = text[start:stop].rstrip().removesuffix(",").rstrip()
    if stop == len(text):
        if bracket and piece.endswith("]"):
            piece = piece[:-1].rstrip()
        elif bracket or not piece.endswith("}"):
            message = "cut off before its end (truncated output); not complete JSON"
    return Piece(start, raw=piece, error=message)


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


class LineCounter:
    """Line numbers of increasing offsets in one pass (`line_of` per element would be quadratic)."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line = text, 0, 1

    def at(self, offset: int) -> int:
        if offset < self.pos:
            return line_of(self.text, offset)
        self.line += self.text.count("\n", self.pos, offset)
        self.pos = offset
        return self.line


def dumps(value: Any) -> str:
    """JSON text for meta and raw columns; falls back to `json` for what orjson refuses (huge ints)."""
    try:
        return orjson.dumps(value, default=str).decode()
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(value, default=str, ensure_ascii=False)

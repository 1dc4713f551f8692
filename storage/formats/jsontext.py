"""JSON parsing that keeps going: line-based JSONL and element-by-element arrays with locations."""

from __future__ import annotations

import json
from collections.abc import Iterator
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
    """An array stopped parsing part-way; `offset` is where the bad text starts."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WS:
        pos += 1
    return pos


def iter_array(text: str, start: int = 0) -> Iterator[tuple[int, Any]]:
    """Yield (offset, element) of the JSON array at `start`, so complete elements survive a later error."""
    pos = _skip_ws(text, start)
    if pos >= len(text) or text[pos] != "[":
        raise ArrayError("expected a JSON array starting with '['", pos)
    pos = _skip_ws(text, pos + 1)
    if pos < len(text) and text[pos] == "]":
        return
    while True:
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise ArrayError(f"invalid JSON: {exc.msg}", exc.pos) from None
        yield pos, value
        pos = _skip_ws(text, end)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
            continue
        if pos < len(text) and text[pos] == "]":
            rest = _skip_ws(text, pos + 1)
            if rest < len(text):
                raise ArrayError("unexpected text after the closing ']'", rest)
            return
        raise ArrayError("expected ',' or ']' between array elements", pos)


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1

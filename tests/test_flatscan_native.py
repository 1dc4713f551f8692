"""The C scanner (`flatjsonl.scan_native`) must stage exactly what the Python `scan` stages.

Both scans read the same bytes; their batches (as Arrow), the lines they leave to the general
path and their final stats must be identical, so the importer stores the same pairs, errors and
messages whichever one ran. The inputs are the lines a hand-written JSON scanner gets wrong:
escapes, surrogates, Unicode whitespace, number forms, duplicate keys, invalid UTF-8, size
limits counted in code points, batch and context-key boundaries, byte ranges.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.formats import flatjsonl

HAVE_NATIVE = bool(getattr(flatjsonl, "NATIVE", False)) and callable(
    getattr(flatjsonl, "scan_native", None)
)
needs_native = pytest.mark.skipif(
    not HAVE_NATIVE,
    reason="flatjsonl.scan_native is missing or flatjsonl.NATIVE is false (extension not built)",
)

FULL = {
    "question": "question",
    "answer": "answer",
    "context": "context",
    "doc_id": "doc_id",
    "chunk": "chunk_id",
}
# No context mapping: the context, doc id and chunk are then looked up under the key "".
PROMPT = {"question": "prompt", "answer": "response"}
# `kind` mapped, so it is removed from meta (unmapped, it is read but stays in meta).
KIND = {**FULL, "kind": "kind"}
# No question field at all: nothing can be taken.
ANSWER_ONLY = {"answer": "answer", "context": "context"}
MAPPINGS = {"full": FULL, "prompt": PROMPT, "kind": KIND, "answer_only": ANSWER_ONLY}


def spec_for(mapping: dict[str, str], limit: int = 1000, batch: int = 2) -> flatjsonl.Spec:
    return flatjsonl.Spec.from_mapping(mapping, limit, batch)


# --------------------------------------------------------------------------------------------
# Running both scans


@dataclass
class Outcome:
    """Everything one scan produced, in a form two scans can be compared by."""

    tables: list[pa.Table] = field(default_factory=list)
    contexts: list[pa.Table] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    slow: list[tuple[int, bytes]] = field(default_factory=list)
    stats: tuple[int, int, bool] = (0, 0, False)
    # ("slow", line number, stats.lines) and ("batch", len, stats.lines) in the order they came.
    events: list[tuple[str, int, int]] = field(default_factory=list)
    position: int = 0
    error: str | None = None

    @property
    def pairs(self) -> pa.Table:
        if not self.tables:
            return flatjsonl.STAGE_SCHEMA.empty_table()
        return pa.concat_tables(self.tables)


def run_scan(
    path: Path,
    spec: flatjsonl.Spec,
    native: bool,
    *,
    start: int = 0,
    end: int | None = None,
    key_base: int = 0,
    lines_before: int = 0,
    fast_before: int = 0,
    sql_ids_before: bool = False,
) -> Outcome:
    """One scan of `path` from byte `start`; exceptions are recorded, not raised, so a crash of
    either side shows up as a difference."""
    out = Outcome()
    stats = flatjsonl.Stats(lines=lines_before, fast=fast_before, sql_ids=sql_ids_before)

    def on_batch(batch: Any) -> None:
        # Read everything now: a native batch need not outlive the callback.
        out.tables.append(batch.table())
        out.contexts.append(batch.contexts_table())
        out.sizes.append(len(batch))
        out.events.append(("batch", len(batch), stats.lines))

    with path.open("rb") as fh:
        fh.seek(start)
        lines: Iterator[tuple[int, bytes]]
        if native:
            lines = flatjsonl.scan_native(
                fh, spec, on_batch, key_base=key_base, stats=stats, end=end
            )
        else:
            keys = itertools.count(key_base)
            lines = flatjsonl.scan(fh, spec, on_batch, keys=keys, seen=set(), stats=stats, end=end)
        try:
            for number, raw in lines:
                out.slow.append((number, raw))
                out.events.append(("slow", number, stats.lines))
        except Exception as exc:  # compared, not hidden: see `differences`
            out.error = f"{type(exc).__name__}: {exc}"
        out.position = fh.tell()
    out.stats = (stats.lines, stats.fast, stats.sql_ids)
    return out


def table_diff(
    name: str,
    want: pa.Table,
    got: pa.Table,
    line_of: Callable[[int], bytes | None] = lambda number: None,
    rows: int = 5,
) -> str | None:
    """None when equal, else a readable account: schemas, or the first differing rows (with
    the input line, found by `ord`, where there is one)."""
    if want.equals(got):
        return None
    if not want.schema.equals(got.schema):
        return f"{name}: schema differs\n  python: {want.schema}\n  native: {got.schema}"
    a, b = want.to_pylist(), got.to_pylist()
    lines = [f"{name}: {len(a)} rows (python) vs {len(b)} rows (native)"]
    shown = 0
    for k, (x, y) in enumerate(itertools.zip_longest(a, b)):
        if x != y:
            number = (x or y or {}).get("ord")
            raw = line_of(number) if isinstance(number, int) else None
            lines.append(f"  row {k} (line {number}: {raw!r})\n    python: {x}\n    native: {y}")
            shown += 1
            if shown >= rows:
                break
    if shown == 0:  # same values, yet not `equals` (e.g. chunk types, nulls vs NaN)
        lines.append("  values equal as Python objects; Arrow layouts differ")
    return "\n".join(lines)


def list_diff(name: str, want: list[Any], got: list[Any]) -> str | None:
    if want == got:
        return None
    for k, (x, y) in enumerate(itertools.zip_longest(want, got)):
        if x != y:
            return f"{name}: first difference at item {k} of {len(want)} / {len(got)}\n  python: {x!r}\n  native: {y!r}"
    return None


def slow_diff(want: list[tuple[int, bytes]], got: list[tuple[int, bytes]]) -> str | None:
    """The slow lines only one side yielded (or yielded differently), by line number."""
    if want == got:
        return None
    a, b = dict(want), dict(got)
    lines = [f"slow lines: {len(want)} (python) vs {len(got)} (native)"]
    for number in sorted(a.keys() | b.keys())[:1000]:
        if a.get(number) != b.get(number):
            lines.append(
                f"  line {number}\n    python: {a.get(number)!r}\n    native: {b.get(number)!r}"
            )
            if len(lines) > 10:
                break
    if len(lines) == 1:
        lines += filter(None, [list_diff("  order", want, got)])
    return "\n".join(lines)


def differences(
    py: Outcome,
    nat: Outcome,
    *,
    order: bool = False,
    line_of: Callable[[int], bytes | None] = lambda number: None,
) -> list[str]:
    """What differs between the Python and the native outcome (empty when they agree)."""
    found: list[str] = []
    # Both may raise (the Python code raises on some input): then the same kind of error.
    if (py.error or "").split(":")[0] != (nat.error or "").split(":")[0]:
        found.append(f"error\n  python: {py.error}\n  native: {nat.error}")
    found += filter(None, [slow_diff(py.slow, nat.slow)])
    if py.stats != nat.stats:
        found.append(f"stats (lines, fast, sql_ids)\n  python: {py.stats}\n  native: {nat.stats}")
    found += filter(None, [list_diff("batch sizes", py.sizes, nat.sizes)])
    found += filter(None, [table_diff("pairs", py.pairs, nat.pairs, line_of)])
    if len(py.contexts) != len(nat.contexts):
        found.append(f"contexts: {len(py.contexts)} vs {len(nat.contexts)} batches")
    for k, (x, y) in enumerate(zip(py.contexts, nat.contexts, strict=False)):
        found += filter(None, [table_diff(f"contexts of batch {k}", x, y, line_of)])
    if order:
        found += filter(None, [list_diff("events (kind, n, stats.lines)", py.events, nat.events)])
        if py.position != nat.position:
            found.append(f"file position after\n  python: {py.position}\n  native: {nat.position}")
    return found


def assert_same(
    tmp_path: Path,
    data: bytes,
    spec: flatjsonl.Spec,
    *,
    order: bool = False,
    name: str = "in.jsonl",
    **kwargs: Any,
) -> Outcome:
    """Scan `data` both ways and fail with every difference; returns the Python outcome so a
    test can check that its input exercises what it means to (fast lines, batches, ...)."""
    path = tmp_path / name
    path.write_bytes(data)
    py = run_scan(path, spec, False, **kwargs)
    nat = run_scan(path, spec, True, **kwargs)
    source = data[kwargs.get("start", 0) : kwargs.get("end")].split(b"\n")
    before = kwargs.get("lines_before", 0)

    def line_of(number: int) -> bytes | None:
        k = number - before - 1
        return source[k] if 0 <= k < len(source) else None

    found = differences(py, nat, order=order, line_of=line_of)
    if found:
        shown = data if len(data) <= 2000 else data[:2000] + b"..."
        head = f"native scan differs ({spec}, {kwargs}) on {shown!r}\n"
        pytest.fail(head + "\n".join(found), pytrace=False)
    return py


def jsonl(*items: Any, ensure_ascii: bool = True, newline: bool = True) -> bytes:
    """Lines from items: bytes and str are taken as raw lines, anything else is dumped.

    A question written as "q" becomes "q<line>": otherwise the lines would share one pair id
    and all but the first be dropped as repeats, leaving their meta and kind uncompared."""
    lines = []
    for k, item in enumerate(items):
        if isinstance(item, bytes):
            line = item
        elif isinstance(item, str):
            line = item.encode("utf-8", "surrogatepass")
        else:
            text = json.dumps(item, ensure_ascii=ensure_ascii)
            line = text.encode("utf-8", "surrogatepass")
        lines.append(line.replace(b'"question": "q"', b'"question": "q%d"' % k, 1))
    return b"\n".join(lines) + (b"\n" if newline and lines else b"")


def for_mapping(data: bytes, mapping: dict[str, str]) -> bytes:
    """Rename the question and answer keys of `data` to the mapping's (crude, on purpose: the
    cases are written with the default key names)."""
    for role in ("question", "answer"):
        name = mapping.get(role, role)
        data = data.replace(f'"{role}"'.encode(), f'"{name}"'.encode())
    return data


# --------------------------------------------------------------------------------------------
# Hand-written cases, each scanned with every mapping

Q, A = "question", "answer"


def _qa(**extra: Any) -> dict[str, Any]:
    return {Q: "q", A: "It is.", **extra}


CASES: dict[str, bytes] = {
    "ascii": jsonl(
        {Q: "Where is Paris?", A: "France", "context": "Paris is in France."},
        {Q: "Capital?", A: "Paris", "context": "Paris is in France.", "doc_id": "d1"},
        {Q: "No context", A: "fine"},
        {Q: "q", A: "a", "context": "c", "doc_id": "d", "chunk_id": "c1", "source": "web"},
        {Q: "q2", A: "a2", "context": "c", "doc_id": 7, "chunk_id": 0},
    ),
    "unicode": jsonl(
        {Q: "Qu'est-ce que é?", A: "C'est é", "context": "café"},
        {Q: "emoji 😀?", A: "🎉", "context": "😀 grin", "note": "🙂"},
        {Q: "日本の首都は?", A: "東京", "context": "日本", "tag": "中文"},
        {Q: "mixed é 😀 日本", A: "ok", "meta_note": "Ω ß e\u0301"},
        ensure_ascii=False,
    )
    + jsonl(
        {Q: "escaped é 😀 日本", A: "é", "context": "café", "note": "😀"},
        {Q: "nfd e\u0301", A: "ok", "context": "cafe\u0301"},
    ),
    "escapes": jsonl(
        r'{"question": "q \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00", "answer": "a"}',
        r'{"question": "q", "answer": "\u0041\u00e9\u4e2d\uD83D\uDE00", "context": "\/x\/"}',
        r'{"question": "q", "answer": "a", "context": "tab\there", "x": "\"\\\/"}',
        r'{"question": "\u0020lead", "answer": "trail\u0020", "context": "\u0063"}',
        r'{"question": "q\u00E9", "answer": "a\u00e9", "note": "\uFFFF\uFFFE\uFEFF"}',
    ),
    "surrogates": jsonl(
        r'{"question": "lone \ud800", "answer": "a"}',
        r'{"question": "q", "answer": "lone low \udc00"}',
        r'{"question": "q", "answer": "a", "context": "\ud83d\u0041"}',
        r'{"question": "q", "answer": "a", "note": "\ud800"}',
        r'{"question": "q", "answer": "a", "note": "\ud83d"}',
        r'{"question": "q", "answer": "pair \ud83d\ude00 ok"}',
        r'{"question": "q", "answer": "a", "note": "\udbff\udfff max"}',
    ),
    "control": jsonl(
        r'{"question": "q\u0001", "answer": "a"}',
        r'{"question": "q", "answer": "a\u001f"}',
        r'{"question": "q", "answer": "a", "context": "c\u007f"}',
        '{"question": "q\x7f", "answer": "raw DEL"}',
        b'{"question": "q\x01", "answer": "raw control"}',
        b'{"question": "q\x00", "answer": "raw NUL"}',
        r'{"question": "q\u0000", "answer": "escaped NUL", "context": "c\u0000"}',
        r'{"question": "q", "answer": "a", "note": "\u0000\u0001\u001f\u007f\u0080\u009f"}',
        r'{"question": "q\u0085", "answer": "NEL", "context": "\u2028 sep"}',
    ),
    "spaces": jsonl(
        {Q: "two  spaces", A: "a"},
        {Q: "  lead", A: "trail  ", "context": " c "},
        {Q: "\tq", A: "a\t", "context": "\tc"},
        {Q: " q ", A: " a ", "context": "  double  "},
        {Q: "q", A: "a", "context": "x\u00a0y"},
        {Q: "q\n", A: "a\r", "context": "c\n"},
        {Q: "q", A: "a", "context": " "},
    ),
    "blank": jsonl(
        *(
            {Q: blank, A: "a"}
            for blank in [
                "",
                " ",
                "   ",
                "\t",
                "\n",
                "\u3000",
                "\u2003",
                "\u001f",
                "\u001c",
                "\u0085",
                "\u00a0",
                "\u200b",
                "\ufeff",
                "\u180e",
                "\u2028",
                "\x0b",
                "\x0c",
                " x ",
            ]
        ),
        *({Q: "q", A: blank} for blank in ["", "   ", "\t", "\u3000", "\u2003", "\u001e"]),
    ),
    "context": jsonl(
        *(
            {Q: f"q{k}", A: "a", **ctx, **doc}
            for k, (ctx, doc) in enumerate(
                itertools.product(
                    [
                        {},
                        {"context": None},
                        {"context": ""},
                        {"context": "   "},
                        {"context": "\t"},
                        {"context": "\u3000"},
                        {"context": "c"},
                    ],
                    [
                        {},
                        {"doc_id": "d"},
                        {"chunk_id": "c"},
                        {"doc_id": "", "chunk_id": ""},
                        {"doc_id": None, "chunk_id": None},
                        {"doc_id": 0},
                        {"doc_id": "d", "chunk_id": 2},
                    ],
                )
            )
        )
    ),
    "context_types": jsonl(
        _qa(context=5),
        _qa(context=True),
        _qa(context=["c"]),
        _qa(context={"text": "c"}),
        _qa(context=1.5),
    ),
    "doc_chunk": jsonl(
        *(
            _qa(context="c", doc_id=value, chunk_id=value)
            for value in [
                "d",
                "",
                " ",
                "é",
                0,
                -5,
                7,
                9223372036854775807,
                -9223372036854775808,
                12345678901234567890,
                18446744073709551615,
                1.0,
                1.5,
                -0.0,
                True,
                False,
                None,
                [],
                {},
            ]
        )
    )
    + jsonl(
        r'{"question": "q", "answer": "a", "context": "c", "doc_id": -0, "chunk_id": 1e2}',
        r'{"question": "q", "answer": "a", "context": "c", "doc_id": 123456789012345678901234567890}',
        r'{"question": "q", "answer": "a", "context": "c", "doc_id": -9223372036854775809}',
        r'{"question": "q", "answer": "a", "context": "c", "chunk_id": 18446744073709551616}',
        r'{"question": "q", "answer": "a", "context": "c", "chunk_id": 00}',
        r'{"question": "q", "answer": "a", "context": "c", "chunk_id": 1.0e0}',
        r'{"question": "q", "answer": "a", "context": "c", "doc_id": "\u0064\u00e9"}',
    ),
    "kind": jsonl(
        *(
            _qa(**ctx, kind=kind)
            for ctx in ({}, {"context": "c"}, {"context": ""})
            for kind in ["qa", "instruction", "chat", "other", "", "QA", " qa", 5, None, True]
        )
    ),
    "flags": jsonl(
        _qa(is_impossible=False),
        _qa(is_impossible=True),
        _qa(is_impossible=None),
        _qa(answerable=True),
        _qa(answerable=None),
        _qa(meta={}),
        _qa(meta=None),
        _qa(meta="x"),
        _qa(meta={"a": 1}),
        _qa(metadata={"a": 1}),
        _qa(Meta=1),
    ),
    "duplicate_keys": jsonl(
        '{"question": "first", "question": "second", "answer": "a"}',
        '{"question": "ok", "answer": "a", "question": 5}',
        '{"question": 5, "answer": "a", "question": "ok"}',
        '{"question": "q", "answer": "a", "x": 1, "y": 2, "x": 3}',
        '{"question": "q", "answer": "a", "m": {"a": 1, "b": 2, "a": 3}}',
        '{"question": "q", "answer": "a", "context": "c1", "context": "c2"}',
        '{"question": "q", "answer": "a", "context": "c", "context": null}',
        '{"question": "q", "answer": "a", "meta": 1, "meta": 2}',
        '{"question": "q", "answer": "a", "x": {"k": [1, {"k": 1, "k": 2}]}, "x": 0}',
        '{"kind": "chat", "question": "q", "answer": "a", "kind": "qa"}',
    ),
    "non_objects": jsonl("{}", "[1]", "5", '"x"', "null", "true", "[]", "[{}]", '{"": ""}', "{ }"),
    "bad_json": jsonl(
        '{"question": "q", "answer": "a",}',
        '{"question": "q", "answer": NaN}',
        '{"question": "q", "answer": "a", "x": NaN}',
        '{"question": "q", "answer": "a", "x": Infinity}',
        '{"question": "q", "answer": "a", "x": -Infinity}',
        "{'question': 'q', 'answer': 'a'}",
        '{"question": "q", "answer": "a"',
        '{"question": "q", "answer": "a',
        '{"question": "q", "ans',
        '{question: "q", "answer": "a"}',
        '{"question": "q", "answer": "a"} // comment',
        '{"question": "q", "answer": "a"} {"question": "q", "answer": "a"}',
        '{"question": "q", "answer": "a"}x',
        '{"question": "q", "answer": "a"},',
        '{"question": "q", "answer": "a", "x": 01}',
        '{"question": "q", "answer": "a", "x": +1}',
        '{"question": "q", "answer": "a", "x": .5}',
        '{"question": "q", "answer": "a", "x": 1.}',
        '{"question": "q", "answer": "a", "x": 0x10}',
        '{"question": "q", "answer": "a", "x": 1e}',
        '{"question": "q", "answer": "a", "x": 1e400}',
        '{"question": "q", "answer": "a", "x": -1e400}',
        '{"question": "q", "answer": "a", "x": tru}',
        '{"question": "q", "answer": "a", "x": True}',
        '{"question": "q", "answer": "a", "x": "\\x41"}',
        '{"question": "q", "answer": "a", "x": "\\U0041"}',
        '{"question": "q", "answer": "a", "x": "\\u00"}',
        '{"question": "q", "answer": "a", "x": "\\u00g1"}',
        '{"question": "q", "answer": "a", "x": "\\a"}',
        '{"question": "q", "answer": "a", "x": [1, 2,]}',
        '{"question": "q", "answer": "a", "x": [1 2]}',
        '{"question": "q", "answer": "a", "x": {"a" 1}}',
        '{"question": "q", "answer": "a", "x": {"a": 1,}}',
        '{"question": "q" "answer": "a"}',
        '{"question": "q", "answer": "a", 5: 1}',
        '{"question": "q", "answer": "a"}}',
        '{"question": "q", "answer": "a"]',
        "{",
        "}",
        '"',
        "\\",
    ),
    # Broken JSON right after a string inside an extra field's array or object (the scanner
    # must hand these back, not drop them).
    "bad_nested": jsonl(
        '{"question": "q", "answer": "a", "x": ["s"}',
        '{"question": "q", "answer": "a", "x": ["s"',
        '{"question": "q", "answer": "a", "x": ["s"]',
        '{"question": "q", "answer": "a", "x": {"k": "s"',
        '{"question": "q", "answer": "a", "x": {"k": "s"]}',
        '{"question": "q", "answer": "a", "x": ["s" 1]}',
        '{"question": "q", "answer": "a", "x": ["s" "t"]}',
        '{"question": "q", "answer": "a", "x": {"k": "s" "j": 1}}',
        '{"question": "q", "answer": "a", "x": [["s"] }',
        '{"question": "q", "answer": "a", "x": [{"k": "s"}}',
        '{"question": "q", "answer": "a", "x": {"k": ["s"]',
        '{"question": "q", "answer": "a", "x": [1, "s"',
        '{"question": "q", "answer": "a", "x": ["s",]}',
        '{"question": "q", "answer": "a", "x": ["\\u00e9"}',
        '{"question": "q", "answer": "a", "x": [1}',
        '{"question": "q", "answer": "a", "x": [true}',
        '{"question": "q", "answer": "a", "context": ["s"}',
        '{"question": "q", "answer": "a", "x": "s"',
        '{"question": "q", "answer": "a", "x": "s" ',
        '{"question": "q", "answer": "a", "x": "s"]',
    ),
    "invalid_utf8": jsonl(
        b'{"question": "q\xff", "answer": "a"}',
        b'{"question": "q", "answer": "a\xc3"}',
        b'{"question": "q", "answer": "a", "context": "\xc0\xaf"}',
        b'{"question": "q", "answer": "a", "x": "\xed\xa0\x80"}',
        b'{"question": "q", "answer": "a", "x": "\xf4\x90\x80\x80"}',
        b'{"question": "q", "answer": "a", "x": "\xe2\x82"}',
        b'{"question": "q", "answer": "a", "\xfe": 1}',
        b'{"question": "q", "answer": "a"}\xff',
        b'\xff{"question": "q", "answer": "a"}',
        b'{"question": "q", "answer": "a", "x": "\x80"}',
        b'{"question": "q", "answer": "a", "x": "\xf0\x9f\x98"}',
        b'{"question": "q", "answer": "a", "x": "\xe0\x80\x80"}',
        b'{"question": "q", "answer": "a", "x": "\xe0\x9f\xbf"}',
        b'{"question": "q", "answer": "a", "x": "\xf0\x80\x80\x80"}',
        b'{"question": "q", "answer": "a", "x": "\xf0\x8f\xbf\xbf"}',
        b'{"question": "q", "answer": "a", "x": "\xc1\xbf"}',
        b'{"question": "q", "answer": "a", "x": "\xf5\x80\x80\x80"}',
        b'{"question": "q", "answer": "a", "x": "\xf8\x88\x80\x80\x80"}',
        b'{"question": "q", "answer": "a", "x": "\xed\x9f\xbf ok"}',
        b'{"question": "q", "answer": "a", "x": "\xee\x80\x80 ok"}',
        b'{"question": "q", "answer": "a", "x": "\xef\xbf\xbf ok"}',
        b'{"question": "q", "answer": "a", "x": "\xf4\x8f\xbf\xbf ok"}',
        b'{"question": "q", "answer": "a", "x": "\xf0\x90\x80\x80 ok"}',
        b'{"question": "q", "answer": "a", "x": "\xc2\x80 ok"}',
        b'{"question": "q", "answer": "a", "x": "\xe0\xa0\x80 ok"}',
        b'{"question": "q", "answer": "a", "x": "0123456789abcde\xff"}',
        b'{"question": "q", "answer": "a", "x": "0123456789abcdef0123456\xc3"}',
    ),
    "line_endings": b'{"question": "crlf", "answer": "a"}\r\n'
    b'{"question": "q", "answer": "a", "context": "c"}\r\n'
    b"\n"
    b"\r\n"
    b"\r\n"
    b"   \n"
    b"\t\n"
    b'  {"question": "padded", "answer": "a"}  \n'
    b'\t{ "question" : "ws" , "answer" :\t"a" , "context" : "c" }\t\r\n'
    b'{"question": "cr", "answer": "a"}\r\r\n'
    b'\r{"question": "lead cr", "answer": "a"}\n'
    b'\x0c{"question": "ff", "answer": "a"}\n'
    b'{"question": "vt", "answer": "a"}\x0b\n'
    b'{"question": "q", "answer": "a\r\n"}\n'
    b'{"question": "last", "answer": "no newline"}',
    "crlf_last": b'{"question": "q", "answer": "a"}\r\n{"question": "q2", "answer": "a"}\r',
    "nested": jsonl(
        _qa(x={"a": {"b": [1, 2, {"c": None}]}, "e": []}),
        _qa(x=[], y={}, z=[[]], w=[{}]),
        _qa(context="c", x=[1, "two", 3.0, True, None, {"k": "é"}]),
        _qa(x=json.loads("[" * 20 + "1" + "]" * 20)),
        _qa(**{"": "empty key", "é": "unicode key", 'a"b': 1, "\n": 2}),
    ),
    "numbers": jsonl(
        *(
            '{"question": "q", "answer": "a", "n": ' + number + "}"
            for number in [
                "0",
                "-0",
                "1",
                "-1",
                "1.0",
                "0.7",
                "1e5",
                "1E-7",
                "1e-5",
                "1e-4",
                "1.5e300",
                "1e16",
                "1e15",
                "123456789012345678",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775808",
                "-9223372036854775809",
                "18446744073709551615",
                "18446744073709551616",
                "123456789012345678901234567890",
                "0.1234567890123456789",
                "-0.0",
                "100.50",
                "0e0",
                "-0e0",
                "1e-400",
                "5e-324",
                "2.2250738585072014e-308",
                "1.7976931348623157e308",
                "1E+2",
                "1e+02",
                "0.1",
                "0.30000000000000004",
                "1e22",
                "1e21",
                "123.456e-10",
                "[0, -0, 1.0, -0.0, 1e5]",
                '{"a": 1.10, "b": -2e-3}',
            ]
        )
    ),
    "extra_strings": jsonl(
        r'{"question": "q", "answer": "a", "s": "a\"b\\c\/d\b\f\n\r\t é 😀 \u0000 \u001f \u007f \u2028 \u2029"}',
        '{"question": "q", "answer": "a", "s": "raw é 😀 日本 \x7f"}',
        r'{"question": "q", "answer": "a", "s": "</script>", "t": "\u003c\u003e\u0026\u0027"}',
        r'{"question": "q", "answer": "a", "s": "\ud83d\ude00\ud83d\ude01", "k\u00e9y": "v"}',
    ),
    "escaped_keys": jsonl(
        r'{"quest\u0069on": "escaped key", "\u0061nswer": "a", "cont\u0065xt": "c"}',
        r'{"question": "q", "answer": "a", "doc\u005fid": "d", "context": "c"}',
        r'{"question\u0000": "q", "answer": "a"}',
        r'{"question ": "q", "answer": "a"}',
        r'{"Question": "q", "answer": "a"}',
        r'{"question": "q", "answer": "a", "kin\u0064": "chat"}',
        r'{"question": "q", "answer": "a", "is_impossibl\u0065": false}',
        r'{"question": "q", "answer": "a", "answer\u0061ble": false}',
        r'{"question": "q", "answer": "a", "m\u0065ta": {}}',
    ),
    "empty_key": jsonl(
        {Q: "q", A: "a", "": "ctx"},
        {Q: "q", A: "a", "": ""},
        {Q: "q", A: "a", "": "   "},
        {Q: "q", A: "a", "": 5},
        {Q: "q", A: "a", "": None},
    ),
    "repeats": jsonl(
        *([{Q: "same", A: "pair", "context": "c"}] * 3),
        {Q: "same", A: "pair"},
        {Q: "same", A: "pair"},
        {Q: "same", A: "pair", "context": "c", "x": 1},
        {Q: " same ", A: "pair ", "context": " c"},
        *([{Q: "é same", A: "pair", "context": "c"}] * 2),
        *([{Q: "same", A: "pair", "context": "é"}] * 2),
        *([{Q: "two  spaces", A: "pair"}] * 2),
        {Q: "same", A: "pair", "context": "c"},
    ),
    "contexts_apart": jsonl(
        *(
            {
                Q: f"q{k}",
                A: "a",
                "context": ["alpha", "beta", "alpha", "gamma", "é", "alpha"][k % 6],
            }
            for k in range(30)
        ),
        {Q: "x", A: "a"},
        {Q: "y", A: "a", "context": "alpha"},
    ),
    "context_escapes": jsonl(
        r'{"question": "q1", "answer": "a", "context": "ca"}',
        r'{"question": "q2", "answer": "a", "context": "c\u0061"}',
        r'{"question": "q\u0031", "answer": "a", "context": "ca"}',
        r'{"question": "q1", "answer": "\u0061", "context": "c\u0061"}',
        r'{"question": "q3", "answer": "a", "context": "caf\u00e9"}',
        '{"question": "q4", "answer": "a", "context": "café"}',
        r'{"question": "q3", "answer": "a", "context": "cafe\u0301"}',
    ),
    "many_keys": jsonl(
        _qa(**{f"k{k}": k for k in range(61)}),
        _qa(**{f"k{k}": k for k in range(62)}),
        _qa(**{f"k{k}": k for k in range(63)}),
        _qa(**{f"k{k}": k for k in range(70)}),
        _qa(x={f"k{k}": k for k in range(31)}),
        _qa(x={f"k{k}": k for k in range(32)}),
        _qa(x={f"k{k}": k for k in range(33)}),
        _qa(x=list(range(100))),
        _qa(x=json.loads("[" * 32 + "]" * 32)),
        _qa(x=json.loads("[" * 33 + "]" * 33)),
        _qa(x=json.loads("[" * 34 + "]" * 34)),
    ),
    "only_blank": b"\n\n\n",
    "empty": b"",
}


@needs_native
@pytest.mark.parametrize("mapping", MAPPINGS.values(), ids=MAPPINGS.keys())
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_case(tmp_path: Path, case: bytes, mapping: dict[str, str]) -> None:
    """Each hand-written case, for each mapping, batches of two (so batches split often)."""
    assert_same(tmp_path, for_mapping(case, mapping), spec_for(mapping))


@needs_native
@pytest.mark.parametrize("batch", [1, 3, 1000])
def test_case_batches(tmp_path: Path, batch: int) -> None:
    """All cases in one file: line numbers run on and batches split at other places."""
    data = b"".join(c if c.endswith(b"\n") or not c else c + b"\n" for c in CASES.values())
    py = assert_same(tmp_path, data, spec_for(FULL, batch=batch))
    assert py.stats[1] > 50 and py.slow, "the cases should mix fast and slow lines"


@needs_native
def test_unicode_field_names(tmp_path: Path) -> None:
    """Field names outside ASCII, written raw or escaped, and one differing only by NFC."""
    mapping = {"question": "frage", "answer": "antwört", "context": "kontext", "doc_id": "döc"}
    data = jsonl(
        '{"frage": "q1", "antwört": "a", "kontext": "c", "döc": "d"}',
        r'{"frage": "q2", "antw\u00f6rt": "a", "kontext": "c"}',
        '{"frage": "q3", "antwo\u0308rt": "a"}',
        '{"frage": "q4", "antwört": "a", "question": "x", "answer": "y", "context": "z"}',
        '{"frage": "q5", "antwört": "a", "döc": 5}',
    )
    py = assert_same(tmp_path, data, spec_for(mapping))
    assert py.stats[1] >= 3


@needs_native
@pytest.mark.parametrize("mapping", MAPPINGS.values(), ids=MAPPINGS.keys())
def test_long_fields(tmp_path: Path, mapping: dict[str, str]) -> None:
    """The limit counts code points (not bytes, not UTF-16 units, not escapes), and applies
    to the question, answer, context and the serialised meta."""
    records: list[Any] = []
    for n in (49, 50, 51):
        for char in ("x", "é", "😀", "日"):
            text = char * n
            records += [
                {Q: text, A: "a"},
                {Q: "q", A: text},
                {Q: "q", A: "a", "context": text},
                {Q: "q", A: "a", "context": "c", "note": text[: n - 11]},
            ]
        records.append(r'{"question": "' + "\\u00e9" * n + r'", "answer": "a"}')
        records.append(r'{"question": "' + "\\n" * n + r'", "answer": "a"}')
        records.append(r'{"question": "q", "answer": "' + "\\ud83d\\ude00" * n + '"}')
        records.append(r'{"question": "q", "answer": "a", "m": "' + "\\\\" * (n - 10) + '"}')
    data = jsonl(*records) + jsonl(*records, ensure_ascii=False)
    assert_same(tmp_path, for_mapping(data, mapping), spec_for(mapping, limit=50, batch=3))


@needs_native
def test_meta_limit_boundary(tmp_path: Path) -> None:
    """Meta of exactly `limit` characters is kept, one more is not (orjson's compact form)."""
    records = []
    for k in range(30, 60):
        records.append({Q: "q", A: "a", "context": "c", "n": "é" * k})
        records.append({Q: "q", A: "a", "context": "c", "n": [1.5] * (k // 4), "m": k})
    data = jsonl(*records) + jsonl(*records, ensure_ascii=False)
    py = assert_same(tmp_path, data, spec_for(FULL, limit=50, batch=4))
    assert py.stats[1] and py.slow


@needs_native
def test_contexts_split_over_batches(tmp_path: Path) -> None:
    """Many contexts, batches of three: keys restart per batch (a context seen in an earlier
    batch gets a new key) and keep counting from `key_base`."""
    records = [
        {Q: f"q{k}", A: "a", "context": f"context {k % 7}" + (" é" if k % 5 == 0 else "")}
        for k in range(60)
    ]
    spec = spec_for(FULL, batch=3)
    py = assert_same(tmp_path, jsonl(*records), spec, key_base=1 << 40)
    assert len(py.sizes) == 20 and all(t.num_rows for t in py.contexts)


@needs_native
@pytest.mark.parametrize("cut", ["line_start", "mid_line", "zero", "past_end", "none"])
@pytest.mark.parametrize("from_middle", [False, True])
def test_byte_range(tmp_path: Path, cut: str, from_middle: bool) -> None:
    """A worker scans [start, end): `end` at a line start or mid-line (the cut line is read up
    to `end`), from the file start or a later line start with lines already counted."""
    data = jsonl(*({Q: f"q{k}", A: "a", "context": f"c{k % 3}"} for k in range(40)))
    starts = [0, *(k + 1 for k, b in enumerate(data) if b == ord("\n"))]
    start = starts[13] if from_middle else 0
    end = {
        "line_start": starts[27],
        "mid_line": starts[27] + 9,
        "zero": start,
        "past_end": len(data) + 100,
        "none": None,
    }[cut]
    assert_same(
        tmp_path,
        data,
        spec_for(FULL, batch=4),
        order=True,
        start=start,
        end=end,
        lines_before=100 if from_middle else 0,
        key_base=(3 << 40) if from_middle else 0,
    )


@needs_native
@pytest.mark.parametrize("sql_ids", [False, True])
def test_stats_carried_over(tmp_path: Path, sql_ids: bool) -> None:
    """`stats` may come in with counts (lines, fast, sql_ids) already; the scan adds to them."""
    data = jsonl({Q: "q", A: "a", "context": "c"}, "bad", {Q: "q", A: "a"}, {Q: "é", A: "a"})
    assert_same(
        tmp_path,
        data,
        spec_for(FULL),
        order=True,
        lines_before=7,
        fast_before=5,
        sql_ids_before=sql_ids,
    )


@needs_native
def test_mid_line_end_leaves_partial_line(tmp_path: Path) -> None:
    """`end` inside a line that would be fast: the partial line is bad JSON, so slow."""
    data = jsonl({Q: "q", A: "a"}, {Q: "q2", A: "a2"})
    for end in range(len(data) + 1):
        assert_same(tmp_path, data, spec_for(FULL), order=True, end=end)


@needs_native
def test_order_and_progress(tmp_path: Path) -> None:
    """Slow lines and batches come in file order, with `stats.lines` at the line or batch just
    reached (the importer relies on it for ordering and progress)."""
    records: list[Any] = []
    for k in range(50):
        records.append({Q: f"q{k}", A: "a", "context": f"c{k % 4}"})
        if k % 3 == 0:
            records.append("not json")
        if k % 7 == 0:
            records.append({Q: f"q{k}", A: 5})
    for batch in (1, 2, 5, 100):
        assert_same(tmp_path, jsonl(*records), spec_for(FULL, batch=batch), order=True)


@needs_native
def test_block_boundaries(tmp_path: Path) -> None:
    """Lines of many lengths over a few megabytes, so read-buffer boundaries (whatever their
    size) fall inside lines, inside escapes and inside multi-byte characters."""
    records = []
    for k in range(6000):
        pad = 'é😀\\"x'[k % 5] * (k * 7 % 997)
        records.append({Q: f"q{k}", A: "a" + pad, "context": f"c{k % 11}", "n": k})
    data = jsonl(*records, ensure_ascii=False)
    assert len(data) > 4 << 20
    assert_same(tmp_path, data, spec_for(FULL, limit=10_000, batch=1000))


@needs_native
def test_many_pairs_and_contexts(tmp_path: Path) -> None:
    """Enough distinct pairs and contexts that any lookup table inside the scanner grows
    (tens of thousands of ids, thousands of contexts in one batch), with repeats of early
    pairs after it has grown."""
    lines = [
        b'{"question": "q%d", "answer": "a", "context": "c%d"}' % (k, k % 5000)
        for k in range(70_000)
    ]
    lines += lines[:2000:7]  # repeats, dropped
    lines += [b'{"question": "q%d", "answer": "a"}' % k for k in range(0, 70_000, 3)]
    data = b"\n".join(lines) + b"\n"
    py = assert_same(tmp_path, data, spec_for(FULL, batch=30_000))
    assert py.stats[1] > py.pairs.num_rows


@needs_native
def test_huge_line(tmp_path: Path) -> None:
    """One line longer than any sensible read buffer, taken and refused by the limit."""
    big = "é" * (5 << 20)
    data = jsonl({Q: "q", A: big, "context": "c"}, {Q: "q", A: "a"}, ensure_ascii=False)
    assert_same(tmp_path, data, spec_for(FULL, limit=6 << 20, batch=10))
    assert_same(tmp_path, data, spec_for(FULL, limit=1 << 20, batch=10))


# Lines the C scanner takes whole (plain keys, simple values), to be damaged byte by byte.
_WHOLE = [
    '{"question": "q", "answer": "a", "context": "c", "doc_id": "d", "chunk_id": 3}',
    '{"question":"q","answer":"a","x":["s",1,{"k":"v","j":[true,null]}],"y":{"a":"b"}}',
    '{"question": "q\\n\\u00e9", "answer": "é 😀", "context": "c", "m": {"k": ["\\"", 0.5]}}',
    '{"question": "q", "answer": "a", "kind": "chat", "n": -12, "f": 1.25, "z": [[], {}]}',
]


@needs_native
@pytest.mark.parametrize("line", _WHOLE)
def test_damaged_lines(tmp_path: Path, line: str) -> None:
    """Every prefix of a line, and the line with each byte dropped or replaced by a bracket,
    comma, quote or space: a damaged line must be handed back whole, never taken or lost."""
    raw = line.encode()
    damaged = [raw[:k] for k in range(len(raw) + 1)]
    for k in range(len(raw)):
        damaged.append(raw[:k] + raw[k + 1 :])
        damaged += [raw[:k] + bytes([b]) + raw[k + 1 :] for b in b'}]," ' if b != raw[k]]
    # a distinct question per line, so repeats do not hide what was taken
    data = b"\n".join(
        d.replace(b'"question": "q"', b'"question": "q%d"' % k, 1).replace(
            b'"question":"q"', b'"question":"q%d"' % k, 1
        )
        for k, d in enumerate(damaged)
    )
    assert_same(tmp_path, data + b"\n", spec_for(FULL, batch=50))


# Bytes and pieces that damage JSON in interesting ways (escapes, surrogates, numbers orjson
# rewrites, keys that change what a line is).
_ALPHABET = b'{}[]",:\\ \t\r0123456789.-eEtrufalsn\xc3\xa9\xff\x00\x1f\x7f\xe2\x80\xa8'
_SNIPPETS = [
    *(b"\\u00e9", b"\\ud800", b"\\ud83d\\ude00", b'\\"', b"\\\\", b"1e5", b"-0", b"0.10"),
    *(b'"k": 1,', b"[", b"]", b"{", b"}", b'""', b"null", b"true", b'"question": "x",'),
    *(b'"meta": 1,', b'"context": null,', b'"kind": "chat",', b'"doc_id": 5,'),
]
_BASE = [
    *(line.encode() for line in _WHOLE),
    b'{"question": "q", "answer": "a", "context": "c", "x": [1, -2, 0.5, "s\\u00e9\\n"]}',
    b'{"question": "q", "answer": "a", "kind": "qa", "doc_id": 12, "chunk_id": "3", "context": " c "}',
    b'{"question": "q", "answer": "a", "": "ctx", "n": 123456789012345678, "f": -0.0}',
    b'{"question":"q","answer":"a","context":"\xc3\xa9t\xc3\xa9","m":"\\ud83d\\ude00"}',
]


def mutated_lines(seed: int, count: int) -> list[bytes]:
    """Lines the scanner takes whole, each changed in up to three random places."""
    rng = random.Random(seed)
    lines = []
    for k in range(count):
        line = bytearray(rng.choice(_BASE))
        for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
            roll, at = rng.random(), rng.randrange(len(line) + 1)
            if roll < 0.3:
                del line[at : at + rng.randint(1, 3)]
            elif roll < 0.6:
                line[at:at] = bytes([rng.choice(_ALPHABET)])
            elif roll < 0.8:
                line[at : at + 1] = bytes([rng.choice(_ALPHABET)])
            else:
                line[at:at] = rng.choice(_SNIPPETS)
        text = bytes(line).replace(b"\n", b" ")
        lines.append(text.replace(b'"question": "q"', b'"question": "q%d"' % k, 1))
    return lines


@needs_native
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mutated_lines(tmp_path: Path, seed: int) -> None:
    """Thousands of randomly damaged lines (seeded, so a failure reproduces): the scanner must
    take exactly what Python takes and hand back the rest unchanged."""
    data = b"\n".join(mutated_lines(seed, 3000)) + b"\n"
    for spec in (spec_for(FULL, limit=30, batch=7), spec_for(KIND, batch=1000)):
        py = assert_same(tmp_path, data, spec, order=True)
        assert py.stats[1] and py.slow


# Run in a fresh interpreter whose hashlib has no OpenSSL, so the scanner cannot borrow
# libcrypto's SHA-256 and uses its own.
_PORTABLE = """
import sys
sys.modules["_hashlib"] = None
from pathlib import Path
from tests.test_flatscan_native import FULL, differences, run_scan, spec_for
if "libcrypto" in Path("/proc/self/maps").read_text():
    print("SKIP: libcrypto is loaded anyway")
    sys.exit(0)
path, spec = Path(sys.argv[1]), spec_for(FULL, batch=40)
print("\\n".join(differences(run_scan(path, spec, False), run_scan(path, spec, True))) or "OK")
"""


@needs_native
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
def test_portable_sha256(tmp_path: Path) -> None:
    """The scanner's own SHA-256 (used where libcrypto is not loaded) gives the same ids,
    for texts of every length around the 55/56/64-byte padding and block boundaries."""
    records = []
    for n in range(0, 140):
        records.append({Q: f"q{n} " + "x" * n, A: "a", "context": "c" * n + " "})
        records.append({Q: "y" * (n + 1), A: " b" * (n // 2), "context": " " + "d" * (n + 1)})
        records.append({Q: "z" * (n + 1), A: "w" * (140 - n)})
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl(*records))
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", _PORTABLE, str(path)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    if done.stdout.startswith("SKIP"):
        pytest.skip(done.stdout.strip())
    assert done.stdout.strip() == "OK", done.stdout[-5000:]


@needs_native
@pytest.mark.parametrize("depth", [20, 253, 254, 1024, 1025])
def test_deep_nesting(tmp_path: Path, depth: int) -> None:
    """Deeply nested extra fields: orjson reads up to 1024 levels but writes at most 254; a
    line it cannot write back goes to the general path (whose `json` fallback keeps it) in
    both scans, instead of an error that stopped the import."""
    line = '{"question": "q", "answer": "a", "x": ' + "[" * depth + "]" * depth + "}"
    outcome = assert_same(tmp_path, jsonl(line, {Q: "after", A: "a"}), spec_for(FULL))
    assert outcome.error is None
    assert [number for number, _ in outcome.slow] == ([] if depth < 254 else [1])


# --------------------------------------------------------------------------------------------
# Random records

_TEXT = st.text(
    st.one_of(
        st.sampled_from(list(' \t\n\r\x0b\x0c\x1f\x7f\x85\xa0\u2003\u3000\u2028\ufeff"\\/é😀日')),
        st.characters(codec="utf-8"),
        st.characters(min_codepoint=0, max_codepoint=0x7F),
    ),
    max_size=12,
)
# Values the scanner writes back itself (simple text, short numbers) as often as odd ones.
_SCALAR = st.one_of(
    _TEXT,
    st.sampled_from(["qa", "instruction", "chat", "", " ", "x", "s", "é", "a b", "\\", '"']),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=-1000, max_value=1000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.5, -1.25, 0.0, -0.0, 100.0, 0.001, 1e-7, 1e16, 123.456]),
    st.booleans(),
    st.none(),
)
_SIMPLE_KEYS = st.sampled_from(["k", "x", "note", "é", "a b", ""])
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.one_of(_SIMPLE_KEYS, _SIMPLE_KEYS, _TEXT), inner, max_size=3)
    ),
    max_leaves=6,
)
_KEYS = st.sampled_from(
    [
        *("question", "answer", "prompt", "response", "context", "doc_id", "chunk_id", "kind"),
        *("answerable", "is_impossible", "meta", "", "x", "é", "note"),
    ]
)


_GOOD_TEXT = st.one_of(
    st.sampled_from(["q", "a", "Paris", " x ", "c", "é", "日本", "😀", "a  b", "x\ty"]),
    st.integers(0, 10**6).map(lambda n: f"q{n}"),  # distinct: not dropped as repeats
    _TEXT.map(lambda text: "w " + text),  # with a letter: blankness decided in ASCII
    _TEXT,
)


def _rarely(draw: st.DrawFn, odds: int) -> bool:
    """True one time in `odds`; never for hypothesis's simplest (all-zero) choices, so the
    simple examples it favours are plain records rather than broken ones."""
    return draw(st.integers(0, odds - 1)) == 1


def _mostly(draw: st.DrawFn, good: st.SearchStrategy[Any], odds: int = 5) -> Any:
    """A value from `good`, or one time in `odds` any value at all."""
    return draw(_VALUE) if _rarely(draw, odds) else draw(good)


@st.composite
def _record(draw: st.DrawFn, mapping: dict[str, str]) -> dict[str, Any]:
    """Mostly records the fast path takes (keyed by `mapping`), with odd values and random
    extra keys, sometimes the other mappings' keys."""
    rec: dict[str, Any] = {}
    for role in ("question", "answer"):
        if not _rarely(draw, 40):
            rec[mapping.get(role, role)] = _mostly(draw, _GOOD_TEXT, 15)
        if _rarely(draw, 10):
            rec[role if mapping.get(role, role) != role else PROMPT[role]] = draw(_VALUE)
    if draw(st.booleans()):
        key = draw(st.sampled_from(["context", "context", ""]))
        rec[key] = _mostly(draw, st.sampled_from(["c1", "c2", "é", "", " ", None]) | _TEXT, 8)
    ids = ["d", "", " ", 0, -3, 2**63, None, "c1"]
    kinds = ["qa", "instruction", "chat", None, "other"]
    for key, good in (("doc_id", ids), ("chunk_id", ids), ("kind", kinds)):
        if _rarely(draw, 4):
            rec[key] = _mostly(draw, st.sampled_from(good), 8)
    keys = st.one_of(_KEYS, _SIMPLE_KEYS, _TEXT)
    extra = draw(st.dictionaries(keys, _VALUE, max_size=2))
    if not _rarely(draw, 10):  # flags and meta make the line slow: not too often
        extra = {k: v for k, v in extra.items() if k not in ("answerable", "is_impossible", "meta")}
    rec.update({k: v for k, v in extra.items() if k not in rec})
    return rec


def _corrupt(line: bytes, how: int, where: int) -> bytes:
    """A damaged line: cut short (anywhere, or just after a closing quote), a byte dropped,
    replaced by an invalid or a structural one, or a stray byte inserted."""
    where %= max(len(line), 1)
    quotes = [k + 1 for k, b in enumerate(line) if b == ord('"')]
    if how == 0:
        return line[:where]
    if how == 1 and quotes:  # a string then an end of line or a bracket that does not match
        return line[: quotes[where % len(quotes)]] + [b"", b"}", b"]", b" 1}"][where % 4]
    if how == 2:
        return line[:where] + line[where + 1 :]
    if how == 3:
        return line[:where] + b"\xff" + line[where + 1 :]
    if how == 4:
        return line[:where] + b"]}, "[where % 4 : where % 4 + 1] + line[where + 1 :]
    return line[:where] + b'",'[where % 2 : where % 2 + 1] + line[where:]


@st.composite
def _file(draw: st.DrawFn, mapping: dict[str, str]) -> bytes:
    records = draw(st.lists(_record(mapping), max_size=12))
    lines = []
    for rec in records:
        style = draw(st.integers(0, 2))
        if style == 0:
            text = json.dumps(rec)
        elif style == 1:
            text = json.dumps(rec, ensure_ascii=False)
        else:
            text = json.dumps(rec, ensure_ascii=draw(st.booleans()), separators=(", ", ": "))
        line = text.encode("utf-8", "surrogatepass")
        if _rarely(draw, 6):
            line = _corrupt(line, draw(st.integers(0, 5)), draw(st.integers(0, 1 << 16)))
        if _rarely(draw, 10):
            line += b"\r"
        lines.append(line)
        if _rarely(draw, 15):
            lines.append(draw(st.sampled_from([b"", b" ", b"{}", b"[]", b"null"])))
        if _rarely(draw, 7):
            lines.append(draw(st.sampled_from(lines)))  # a repeat, maybe not adjacent
    return b"\n".join(lines) + draw(st.sampled_from([b"\n", b""]))


@needs_native
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    mapping=st.sampled_from(list(MAPPINGS.values())),
    draw=st.data(),
    limit=st.sampled_from([0, 8, 50, 1000, 1000, 100_000]),
    batch=st.integers(1, 5),
)
def test_random_records(
    tmp_path: Path, mapping: dict[str, str], draw: st.DataObject, limit: int, batch: int
) -> None:
    """Random records, serialised in every style, some damaged: both scans agree."""
    data = draw.draw(_file(mapping), label="data")
    assert_same(tmp_path, data, spec_for(mapping, limit=limit, batch=batch), order=True)


# --------------------------------------------------------------------------------------------
# Unicode whitespace, what the C code takes itself, and the scanner's own guards

_SPACES = [chr(cp) for cp in range(0x110000) if chr(cp).isspace()]


@needs_native
def test_python_whitespace_is_blank_and_every_other_character_is_text(tmp_path: Path) -> None:
    """Every character `str.isspace()` calls whitespace, alone or around text, in a question,
    an answer and a context: both scans agree on which lines are blank."""
    others = ["日", "é", "\u200b", "\u180e", "\ufeff", "😀", "\x7f", "\x00", "x"]
    records: list[Any] = []
    for k, text in enumerate(_SPACES + others):
        records += [
            {Q: text, A: "a"},
            {Q: "q", A: text * 2},
            {Q: "q", A: "a", "context": text, "doc_id": "d"},
            {Q: f"{text}{k}{text}", A: "a"},
        ]
    assert_same(tmp_path, jsonl(*records, ensure_ascii=False), spec_for(FULL, batch=50))


@needs_native
def test_text_without_ascii_is_taken_by_the_c_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CJK, Thai or Arabic text, spaces included, is staged by the scanner itself: no line of
    such a file falls back to the Python code (`accept`)."""
    calls: list[int] = []
    accept = flatjsonl.accept
    monkeypatch.setattr(flatjsonl, "accept", lambda d, spec: calls.append(1) or accept(d, spec))
    records = [
        {Q: "日本の首都は？", A: "東京", "context": "日本の首都は東京です。\u3000人口は多い。"},
        {Q: "เมืองหลวงของไทย", A: "กรุงเทพ", "context": "กรุงเทพ\u00a0เป็นเมืองหลวง"},
        {Q: "ما هي عاصمة مصر؟", A: "القاهرة", "context": "القاهرة هي عاصمة مصر"},
    ]
    outcome = assert_same(tmp_path, jsonl(*records, ensure_ascii=False), spec_for(FULL))
    assert outcome.stats[1] == 3
    assert len(calls) == 3  # the Python scan's own calls; the native scan made none


def test_c_scanner_only_for_limits_it_takes() -> None:
    """Field limits beyond what its 32-bit offsets can hold, or negative ones, keep the Python
    scan."""
    spec = spec_for(FULL)
    assert flatjsonl.native_for(spec) is flatjsonl.NATIVE
    assert not flatjsonl.native_for(replace(spec, limit=-1))
    assert not flatjsonl.native_for(replace(spec, native=False))
    if flatjsonl.NATIVE:
        assert not flatjsonl.native_for(replace(spec, limit=flatjsonl._flatscan.MAX_LIMIT + 1))


@needs_native
def test_scanner_refuses_misuse() -> None:
    """An uninitialised scanner, a second initialisation and bad limits are errors, not
    crashes."""
    scanner_type = flatjsonl._flatscan.Scanner
    names = ("question", "answer", "context", "doc_id", "chunk_id", "kind")
    with pytest.raises(RuntimeError, match="not initialised"):
        scanner_type.__new__(scanner_type).add(1, "q", "a", None, "qa", None, None, None)
    scanner = scanner_type(names, ("question",), 10, 5, 0)
    with pytest.raises(TypeError, match="initialised once"):
        scanner.__init__(names, ("question",), 10, 5, 0)
    for limit, batch in ((-1, 5), (flatjsonl._flatscan.MAX_LIMIT + 1, 5), (10, 0)):
        with pytest.raises(ValueError):
            scanner_type(names, (), limit, batch, 0)


def test_chunks_gather_a_line_longer_than_a_block() -> None:
    """A line spanning many blocks comes out whole, and once."""
    import io

    data = b"a\n" + b"x" * 100 + b"\nb\nlast"
    got = list(flatjsonl.chunks(io.BytesIO(data), size=7))
    lines = b"".join(chunk[:cut] for chunk, cut in got).split(b"\n")
    assert lines == [b"a", b"x" * 100, b"b", b"last"]


# --------------------------------------------------------------------------------------------
# The extension is really built where it can be


def test_native_built_with_compiler() -> None:
    """Where a C compiler exists (CI has gcc), the extension must be built, or every test
    above silently skips and the native path goes untested."""
    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler here: the extension cannot be built")
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        pytest.skip("no Python headers here: the extension cannot be built")
    if getattr(flatjsonl, "scan_native", None) is None:
        pytest.skip("flatjsonl.scan_native is not defined yet (extension not integrated)")
    assert flatjsonl.NATIVE is True, (
        "a C compiler is present but flatjsonl.NATIVE is false: storage/formats/_flatscan.c "
        "was not built or failed to import"
    )

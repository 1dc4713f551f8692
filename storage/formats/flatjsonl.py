"""Flat JSON Lines of question/answer records, the bulk case, read in one tight loop.

A line is taken here only when the general path (`shapes.to_pairs` and the importer's checks)
would store it unchanged: an object whose question and answer are non-blank text, whose context
is text or absent, whose doc id and chunk are text, whole numbers or absent, with no answerable
or is_impossible flag, no nested `meta`, and nothing over the size limit. Every other line
(blank, bad JSON, numbers as answers, flags, ...) is handed back by line number and raw bytes
for the general path, so the pairs, errors and messages are the same either way.

The importer runs `scan` in its own process for small files. For large ones it starts one
worker process per byte range (`Workers`, running `_main`), each writing Arrow
files that the importer then loads, so parsing uses every core. A worker stages lines with the
C scanner (`_flatscan.c`, `scan_native`) where it is built: it takes the lines it can prove
`accept` would take unchanged and hands every other one to `accept`, so the output is the same.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson
import pyarrow as pa

try:
    from storage.formats import _flatscan
except ImportError:  # built without a C compiler: the Python scan does it all
    _flatscan = None

# Whether the C scanner (`_flatscan.c`) is built; worker ranges use it when it is.
NATIVE = _flatscan is not None

# A batch of accepted pairs (ord is the line number) and its distinct contexts, as Arrow; the
# context id is repeated on each pair so that a batch whose ids are all known goes into the
# store without a join (see `Stats.sql_ids`).
STAGE_SCHEMA = pa.schema(
    [
        ("ord", pa.int64()),
        ("ctx_key", pa.int64()),
        ("context_id", pa.string()),
        ("id", pa.string()),
        ("question", pa.string()),
        ("answer", pa.string()),
        ("answerable", pa.bool_()),
        ("kind", pa.string()),
        ("doc_id", pa.string()),
        ("chunk", pa.string()),
        ("meta", pa.string()),
    ]
)
CONTEXT_SCHEMA = pa.schema(
    [("ctx_key", pa.int64()), ("text", pa.string()), ("context_id", pa.string())]
)
COLUMNS = tuple(STAGE_SCHEMA.names)
KINDS = ("qa", "instruction", "chat")
BOM = b"\xef\xbb\xbf"
NO_CONTEXT = hashlib.sha256(b"\x1f")


@dataclass(frozen=True)
class Spec:
    """Which fields hold what (the detected `qa` mapping), the size limit and the batch size."""

    question: str | None
    answer: str | None
    context: str
    doc_id: str
    chunk: str
    kind: str
    used: tuple[str, ...]
    limit: int
    batch: int
    # Whether a worker range may use the C scanner (when built); False keeps the Python scan.
    native: bool = True

    @classmethod
    def from_mapping(cls, mapping: dict[str, str], limit: int, batch: int) -> Spec:
        # The same lookups `shapes._qa` makes, including its defaults for unmapped fields.
        return cls(
            mapping.get("question"),
            mapping.get("answer"),
            mapping.get("context", ""),
            mapping.get("doc_id", ""),
            mapping.get("chunk", ""),
            mapping.get("kind", "kind"),
            (*dict.fromkeys(mapping.values()), "is_impossible", "answerable"),
            limit,
            batch,
        )


@dataclass
class Batch:
    """Accepted pairs as columns (see COLUMNS) and their distinct contexts.

    `contexts` maps each context text to (key, context id or None, sha256 state after
    'context + chr(31)' or None); None means SQL computes them (see `context_hash`).
    """

    columns: list[list[Any]] = field(default_factory=lambda: [[] for _ in COLUMNS])
    contexts: dict[str, tuple[int, str | None, Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.columns[0])

    def appenders(self) -> list[Callable[[Any], None]]:
        """`append` of every column but `answerable`, which `arrays` fills for the scan."""
        return [
            column.append
            for name, column in zip(COLUMNS, self.columns, strict=True)
            if name != "answerable"
        ]

    def arrays(self) -> list[pa.Array]:
        """The columns as Arrow arrays (`answerable` all true when the scan left it empty)."""
        n = len(self)
        out = []
        for field_, column in zip(STAGE_SCHEMA, self.columns, strict=True):
            if field_.name == "answerable" and len(column) < n:
                out.append(pa.array([True] * n, pa.bool_()))
            else:
                out.append(pa.array(column, field_.type))
        return out

    def contexts_table(self) -> pa.Table:
        entries = self.contexts.values()
        columns = [[e[0] for e in entries], list(self.contexts), [e[1] for e in entries]]
        arrays = [pa.array(c, f.type) for c, f in zip(columns, CONTEXT_SCHEMA, strict=True)]
        return pa.Table.from_arrays(arrays, schema=CONTEXT_SCHEMA)

    def table(self) -> pa.Table:
        return pa.Table.from_arrays(self.arrays(), schema=STAGE_SCHEMA)


@dataclass
class Stats:
    """What a scan saw: lines read, pairs taken (duplicates included), ids left to SQL."""

    lines: int = 0
    fast: int = 0
    sql_ids: bool = False


def plain(text: str) -> bool:
    """Text the SQL normaliser (wb_norm) changes only by trimming spaces: ASCII, so NFC does
    nothing, with no control character (tab, newline, ...) and no double space."""
    return text.isascii() and text.isprintable() and "  " not in text


def context_hash(text: str) -> tuple[str | None, Any]:
    """(context id, sha256 state after 'context + chr(31)') when Python can normalise the text
    exactly as the SQL macros do, else (None, None) and SQL computes both."""
    if not plain(text):
        return None, None
    norm = text.strip(" ")
    context_id = hashlib.sha256(norm.encode()).hexdigest()[:16] if norm else None
    return context_id, hashlib.sha256((norm + "\x1f").encode())


def pair_hash(prefix: Any, question: str, answer: str) -> str | None:
    """The pair id (sha256 of context, question and answer joined by chr(31)) from the context's
    hash state, or None when the texts need the SQL normaliser."""
    if prefix is None or not (plain(question) and plain(answer)):
        return None
    state = prefix.copy()
    state.update(f"{question.strip(' ')}\x1f{answer.strip(' ')}".encode())
    return state.hexdigest()[:16]


def accept(d: dict[str, Any], spec: Spec) -> tuple[Any, ...] | None:
    """(question, answer, context, kind, doc id, chunk, meta) of a parsed line the scan takes,
    or None when it is the general path's. Pops the used fields from `d`."""
    q, a, c = d.get(spec.question), d.get(spec.answer), d.get(spec.context)  # type: ignore[arg-type]
    doc, chunk, kind = d.get(spec.doc_id), d.get(spec.chunk), d.get(spec.kind)
    limit = spec.limit
    if not (
        type(q) is str
        and type(a) is str
        and (c is None or type(c) is str)
        and (doc is None or type(doc) is str or type(doc) is int)
        and (chunk is None or type(chunk) is str or type(chunk) is int)
        and (kind is None or (type(kind) is str and kind in KINDS))
        and len(q) <= limit
        and len(a) <= limit
        and (c is None or len(c) <= limit)
        # Without a context, doc id and chunk stay in meta (the general path's job).
        and ((c is not None and c.strip()) or (doc in (None, "") and chunk in (None, "")))
        and "is_impossible" not in d
        and "answerable" not in d
        and "meta" not in d
        and q.strip()
        and a.strip()
    ):
        return None
    for k in spec.used:
        d.pop(k, None)
    # Text, not orjson's bytes: each of those keeps a 4 KB buffer, which a batch of them turns
    # into hundreds of megabytes.
    try:
        meta = orjson.dumps(d).decode() if d else ""
    except orjson.JSONEncodeError:  # nested too deep to write back: the general path says so
        return None
    if len(meta) > limit:
        return None
    return (
        q,
        a,
        c,
        kind if kind is not None else ("qa" if c else "instruction"),
        None if doc is None or doc == "" else str(doc),
        None if chunk is None or chunk == "" else str(chunk),
        meta or None,
    )


def _parse(raw: bytes) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None


def scan(
    fh: BinaryIO,
    spec: Spec,
    on_batch: Callable[[Batch], None],
    *,
    keys: Iterator[int],
    seen: set[str],
    stats: Stats,
    end: int | None = None,
) -> Iterator[tuple[int, bytes]]:
    """Read lines from `fh` (up to byte `end`), staging accepted pairs in batches handed to
    `on_batch`, and yield (line number, raw bytes) of every line left to the general path.

    A pair's `ord` is its line number (counted from where `fh` starts, after `stats.lines`).
    A pair whose id repeats one in `seen` is dropped: the first one read stays.
    """
    size, no_context, seen_add = spec.batch, NO_CONTEXT, seen.add
    number = stats.lines
    batch = Batch()
    contexts, first, last_context, last_entry = batch.contexts, batch.columns[0], None, None
    ap_ord, ap_key, ap_cid, ap_id, ap_q, ap_a, ap_kind, ap_doc, ap_chunk, ap_meta = (
        batch.appenders()
    )
    for block in blocks(fh, end):
        for raw in block:
            number += 1
            d = _parse(raw)
            taken = accept(d, spec) if type(d) is dict else None
            if taken is None:
                stats.lines = number
                yield number, raw
                continue
            q, a, c, kind, doc, chunk, meta = taken
            if c is None:
                key, context_id, prefix = None, None, no_context
            elif c == last_context:
                # Pairs of one context usually sit together: a compare beats a hash.
                key, context_id, prefix = last_entry
            else:
                last_context, last_entry = c, contexts.get(c)
                if last_entry is None:
                    last_entry = contexts[c] = (next(keys), *context_hash(c))
                key, context_id, prefix = last_entry
            stats.fast += 1
            pair_id = pair_hash(prefix, q, a)
            if pair_id is None:
                stats.sql_ids = True
            elif pair_id in seen:
                continue
            else:
                seen_add(pair_id)
            ap_ord(number)
            ap_key(key)
            ap_cid(context_id)
            ap_id(pair_id)
            ap_q(q)
            ap_a(a)
            ap_kind(kind)
            ap_doc(doc)
            ap_chunk(chunk)
            ap_meta(meta)
            if len(first) >= size:
                stats.lines = number
                on_batch(batch)
                batch = Batch()
                contexts, first, last_context = batch.contexts, batch.columns[0], None
                ap_ord, ap_key, ap_cid, ap_id, ap_q, ap_a, ap_kind, ap_doc, ap_chunk, ap_meta = (
                    batch.appenders()
                )
    stats.lines = number
    if len(batch):
        on_batch(batch)


def native_for(spec: Spec) -> bool:
    """Whether a worker scans with the C scanner: built, allowed, and a field limit it takes
    (up to `_flatscan.MAX_LIMIT` characters, so its 32-bit Arrow offsets cannot overflow)."""
    return NATIVE and spec.native and 0 <= spec.limit <= _flatscan.MAX_LIMIT


class NativeBatch:
    """A batch the C scanner staged (see `scan_native`): its Arrow buffers, wrapped on demand."""

    def __init__(self, pairs: tuple[Any, ...], contexts: tuple[Any, ...]) -> None:
        self.pair_columns, self.context_columns = pairs, contexts
        # How many distinct contexts (as `Batch.contexts`, true when there are any).
        self.contexts = int(contexts[0][0])

    def __len__(self) -> int:
        return int(self.pair_columns[0][0])

    def table(self) -> pa.Table:
        columns = zip(_NATIVE_FIELDS, self.pair_columns, strict=True)
        arrays = [_array(f.type, column) for f, column in columns]
        arrays.insert(COLUMNS.index("answerable"), pa.array([True] * len(self), pa.bool_()))
        return pa.Table.from_arrays(arrays, schema=STAGE_SCHEMA)

    def contexts_table(self) -> pa.Table:
        columns = zip(CONTEXT_SCHEMA, self.context_columns, strict=True)
        arrays = [_array(f.type, column) for f, column in columns]
        return pa.Table.from_arrays(arrays, schema=CONTEXT_SCHEMA)


_NATIVE_FIELDS = [f for f in STAGE_SCHEMA if f.name != "answerable"]


def _array(type_: pa.DataType, column: tuple[Any, ...]) -> pa.Array:
    """An Arrow array over the C scanner's (rows, nulls, validity, offsets, data) buffers."""
    rows, nulls, valid, offsets, data = column
    buffers = [None if valid is None else pa.py_buffer(valid)]
    if offsets is not None:
        buffers.append(pa.py_buffer(offsets))
    buffers.append(pa.py_buffer(data))
    return pa.Array.from_buffers(type_, rows, buffers, null_count=nulls)


def scan_native(
    fh: BinaryIO,
    spec: Spec,
    on_batch: Callable[[NativeBatch], None],
    *,
    key_base: int,
    stats: Stats,
    end: int | None = None,
) -> Iterator[tuple[int, bytes]]:
    """`scan` with the C scanner staging the lines (`scan(..., keys=count(key_base), seen=set())`
    gives the same batches): a line it cannot prove it takes as the Python code would is parsed
    here, and staged through it when `accept` takes it, so the file's order is kept. (A batch
    is also cut early once a text column passes 1 GB, which only sizes batches differently.)"""
    assert _flatscan is not None
    names = (spec.question, spec.answer, spec.context, spec.doc_id, spec.chunk, spec.kind)
    scanner = _flatscan.Scanner(names, spec.used, spec.limit, spec.batch, key_base)
    number, fast = stats.lines, stats.fast

    def settle() -> None:
        """Carry the scanner's counts into `stats`, which `scan` keeps current as it goes."""
        stats.lines, stats.fast = number, fast + scanner.fast
        stats.sql_ids = stats.sql_ids or scanner.sql_ids

    def flush() -> None:
        settle()
        on_batch(NativeBatch(*scanner.take()))

    for data, cut in chunks(fh, end):
        pos = 0
        while pos < cut:
            pos, number, status = scanner.scan(data, pos, cut, number)
            if status == _FULL:
                flush()
            elif status == _PUNT:
                stop = data.find(b"\n", pos, cut)
                stop = cut if stop < 0 else stop
                raw, pos, number = data[pos:stop], stop + 1, number + 1
                d = _parse(raw)
                taken = accept(d, spec) if type(d) is dict else None
                if taken is None:
                    stats.lines = number
                    yield number, raw
                elif scanner.add(number, *taken):
                    flush()
    settle()
    if scanner.rows:
        on_batch(NativeBatch(*scanner.take()))


# What `Scanner.scan` stopped for, besides the end of the block.
_FULL, _PUNT = 1, 2


def chunks(
    fh: BinaryIO, end: int | None = None, size: int = 4 << 20
) -> Iterator[tuple[bytes, int]]:
    """(data, cut) a few megabytes at a time from `fh` (up to byte `end`): data[:cut] is whole
    lines, each ending in a newline except a last line at the end of the input; reading blocks
    is much cheaper than lines. A line longer than a block is gathered piece by piece."""
    remaining = None if end is None else end - fh.tell()
    pieces: list[bytes] = []  # the start of a line that no block so far has ended
    while True:
        want = size if remaining is None else min(size, remaining)
        block = fh.read(want) if want > 0 else b""
        if not block:
            if pieces:
                tail = b"".join(pieces)
                yield tail, len(tail)
            return
        if remaining is not None:
            remaining -= len(block)
        newline = block.rfind(b"\n")
        if newline < 0:
            pieces.append(block)
            continue
        data = b"".join([*pieces, block]) if pieces else block
        cut = len(data) - len(block) + newline + 1
        pieces = [data[cut:]] if cut < len(data) else []
        yield data, cut


def blocks(fh: BinaryIO, end: int | None = None) -> Iterator[list[bytes]]:
    """The lines of `fh` (those starting before byte `end`), split on newline only, as
    iterating a file does."""
    for data, cut in chunks(fh, end):
        lines = data[:cut].split(b"\n")
        if data[cut - 1 : cut] == b"\n":
            lines.pop()
        yield lines


def split(path: Path, parts: int, growth: float = 1.0) -> list[tuple[int, int]]:
    """Byte ranges, each starting at the beginning of a line, each about `growth` times the
    size of the one before (1.0: all about equal)."""
    size = path.stat().st_size
    weights = [growth**k for k in range(parts)]
    cuts = list(itertools.accumulate(weights))
    starts = [0]
    with path.open("rb") as fh:
        for k in range(1, parts):
            fh.seek(max(int(size * cuts[k - 1] / cuts[-1]) - 1, starts[-1]))
            fh.readline()
            position = fh.tell()
            if position >= size:
                break
            if position > starts[-1]:
                starts.append(position)
    return list(itertools.pairwise([*starts, size]))


@dataclass
class RangeResult:
    """What a worker wrote for one byte range: its files and the lines it left to the importer."""

    stats: Stats
    pairs: str | None
    contexts: str | None
    slow: list[tuple[int, bytes]]


def scan_range(path: str, start: int, end: int, spec: Spec, key_base: int, out: str) -> RangeResult:
    """Scan one byte range into Arrow files under `out` (run in a worker process)."""
    writers: dict[str, Any] = {}

    def write(name: str, table: pa.Table) -> None:
        if name not in writers:
            writers[name] = pa.ipc.new_file(os.path.join(out, name), table.schema)
        writers[name].write_table(table)

    def on_batch(batch: Batch | NativeBatch) -> None:
        write(f"pairs-{start}.arrow", batch.table())
        if batch.contexts:
            write(f"contexts-{start}.arrow", batch.contexts_table())

    stats, slow = Stats(), []
    with open(path, "rb") as fh:
        fh.seek(start)
        if start == 0 and fh.read(3) != BOM:
            fh.seek(0)
        if native_for(spec):
            lines = scan_native(fh, spec, on_batch, key_base=key_base, stats=stats, end=end)
        else:
            keys = itertools.count(key_base)
            lines = scan(fh, spec, on_batch, keys=keys, seen=set(), stats=stats, end=end)
        slow.extend(lines)
    for writer in writers.values():
        writer.close()
    name = f"{out}/pairs-{start}.arrow"
    return RangeResult(
        stats,
        name if os.path.exists(name) else None,
        f"{out}/contexts-{start}.arrow"
        if os.path.exists(f"{out}/contexts-{start}.arrow")
        else None,
        slow,
    )


# A worker's command line. It blocks numpy: the scan needs none, and pyarrow would import it
# (a tenth of a second of start-up, and OpenBLAS threads) only because it is installed.
_WORKER = (
    "import sys; sys.modules['numpy'] = None; from storage.formats.flatjsonl import _main; _main()"
)


class Workers:
    """Worker processes for byte ranges: each a fresh Python running `_main` (see `_WORKER`)
    (no fork of a process that holds DuckDB threads) taking every `processes`-th range in
    order, so the importer can load the first ranges while later ones are still parsed.
    Leaving the block kills what still runs."""

    def __init__(
        self, path: Path, ranges: list[tuple[int, int]], spec: Spec, out: str, processes: int
    ) -> None:
        self.out, self.count = out, len(ranges)
        self.procs: list[tuple[subprocess.Popen[bytes], str]] = []
        processes = max(1, min(processes, len(ranges)))
        for w in range(processes):
            mine = [(k, *r) for k, r in enumerate(ranges) if k % processes == w]
            job = os.path.join(out, f"worker-{w}")
            with open(job, "wb") as fh:
                pickle.dump((os.getpid(), str(path), mine, spec, out), fh)
            with open(job + ".err", "wb") as err:
                command = [sys.executable, "-c", _WORKER, job]
                proc = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err
                )
            self.procs.append((proc, job))

    def results(self) -> Iterator[RangeResult]:
        """Each range's result, in file order, as soon as it is ready."""
        for k in range(self.count):
            proc, job = self.procs[k % len(self.procs)]
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != str(k).encode():
                proc.wait()
                with open(job + ".err", "rb") as fh:
                    tail = fh.read().decode(errors="replace").strip().splitlines()[-1:]
                message = tail[0] if tail else "no message"
                raise OSError(f"import worker {proc.pid} failed ({proc.returncode}): {message}")
            with open(os.path.join(self.out, f"range-{k}.out"), "rb") as fh:
                yield pickle.load(fh)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for proc, _ in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()


def _die_with_parent(parent: int) -> None:
    """Leave Ctrl-C to the importer (it stops the workers), and on Linux end this worker when
    the importer dies, so a killed import leaves no workers behind."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


def _main() -> None:
    """Worker entry (`python -c _WORKER JOB`), JOB a pickled (importer pid, path, [(range
    number, start, end)], spec, folder). Each range's RangeResult is pickled to `range-N.out`
    in the folder and N printed, in order."""
    with open(sys.argv[1], "rb") as fh:
        parent, path, ranges, spec, out = pickle.load(fh)
    _die_with_parent(parent)
    # The scan allocates millions of short-lived objects and no cycles: collections only cost.
    gc.disable()
    for k, start, end in ranges:
        result = scan_range(path, start, end, spec, (k + 1) << 40, out)
        target = os.path.join(out, f"range-{k}.out")
        with open(target + ".tmp", "wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(target + ".tmp", target)
        print(k, flush=True)


if __name__ == "__main__":
    # Run the importable module's copy, so what is pickled back names storage.formats.flatjsonl.
    from storage.formats.flatjsonl import _main as main

    main()

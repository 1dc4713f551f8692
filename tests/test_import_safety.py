"""The store survives: a killed or interrupted import leaves it as it was, and a second writer
is told, in one line, which process holds the store.

These run the real CLI in real subprocesses against a real DuckDB file.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.conftest import write_jsonl

ROOT = Path(__file__).resolve().parent.parent
FIRST = [
    {
        "context": "Paris is the capital of France.",
        "question": "Capital of France?",
        "answer": "Paris",
    },
    {"context": "Rome is the capital of Italy.", "question": "Capital of Italy?", "answer": "Rome"},
]


def counts(store: Path) -> dict[str, int]:
    with duckdb.connect(str(store), read_only=True) as con:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("pairs", "contexts", "imports", "import_errors")
        }


def holder(store: Path, read_only: bool) -> subprocess.Popen[str]:
    """Another process holding the store open, the way a TUI or a notebook would."""
    code = (
        "import duckdb, sys, time; "
        f"c = duckdb.connect(sys.argv[1], read_only={read_only}); "
        "print('ready', flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(store)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


@pytest.fixture
def seeded(cli, store: Path, tmp_path: Path) -> Path:
    """A store that already holds the two FIRST pairs."""
    assert cli("import", write_jsonl(tmp_path / "first.jsonl", FIRST)).code == 0
    return store


@pytest.fixture
def hold(seeded: Path) -> Iterator[callable]:
    procs: list[subprocess.Popen[str]] = []

    def start(read_only: bool) -> subprocess.Popen[str]:
        procs.append(holder(seeded, read_only))
        return procs[-1]

    yield start
    for proc in procs:
        proc.kill()
        proc.wait()


def test_second_writer_gets_one_line_naming_the_holder(
    cli, seeded: Path, hold, tmp_path: Path
) -> None:
    proc = hold(read_only=False)
    src = write_jsonl(tmp_path / "more.jsonl", [{"question": "Q?", "answer": "A"}])
    result = cli("import", src)
    assert result.code == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: store {seeded} is in use by PID {proc.pid} (")
    assert "duckdb.connect" in lines[0]
    assert lines[0].endswith("close that process (or wait for it) and try again")
    proc.kill()
    proc.wait()
    assert cli("import", src).code == 0
    assert counts(seeded)["pairs"] == 3


def test_readers_share_the_store_and_writers_wait(cli, seeded: Path, hold, tmp_path: Path) -> None:
    """Read-only commands open read-only, so they run beside another reader; a writer cannot."""
    proc = hold(read_only=True)
    info = cli("info", "--json")
    assert info.code == 0, info.stderr
    assert info.json()["pairs"] == 2
    assert cli("errors").code == 0
    src = write_jsonl(tmp_path / "more.jsonl", [{"question": "Q?", "answer": "A"}])
    result = cli("import", src)
    assert result.code == 1
    assert f"in use by PID {proc.pid}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_reader_while_a_writer_holds_gets_one_line(cli, seeded: Path, hold) -> None:
    proc = hold(read_only=False)
    result = cli("info")
    assert result.code == 1
    assert f"in use by PID {proc.pid}" in result.stderr
    assert "Traceback" not in result.stderr


def big_jsonl(path: Path, n: int) -> Path:
    """n realistic pairs, ~10 per 800-character context, written fast."""
    filler = "The committee reviewed the annual figures and noted a steady rise. " * 12
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            c = i // 10
            rec = {
                "context": f"Document {c}. {filler}",
                "question": f"What happened in case {i}?",
                "answer": f"Outcome {i}",
                "doc_id": f"doc-{c // 4}",
                "chunk_id": c % 4,
                "model": "gen-7b",
            }
            fh.write(json.dumps(rec) + "\n")
    return path


def bytes_read(pid: int) -> int:
    with open(f"/proc/{pid}/io") as fh:
        for line in fh:
            if line.startswith("rchar:"):
                return int(line.split()[1])
    return 0


def start_import(store: Path, src: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", "--store", str(store), "import", str(src)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for_bytes(proc: subprocess.Popen[bytes], target: int, timeout: float = 60) -> bool:
    """Poll until the process has read `target` bytes; False when it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            if bytes_read(proc.pid) >= target:
                return True
        except OSError:
            return False
        time.sleep(0.01)
    raise AssertionError("import did not get going in time")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs /proc/PID/io")
@pytest.mark.parametrize("when", [0.3, 0.9, 1.0])
def test_import_killed_half_way_leaves_the_store_as_it_was(
    cli, seeded: Path, tmp_path: Path, when: float
) -> None:
    """SIGKILL while the file is being read (0.3, 0.9) or once all of it has been read and the
    pairs are being merged (1.0): the store reopens with exactly the earlier import."""
    before = counts(seeded)
    src = big_jsonl(tmp_path / "big.jsonl", 60_000)
    proc = start_import(seeded, src)
    try:
        started = wait_for_bytes(proc, int(src.stat().st_size * when))
        assert started, proc.communicate()[1].decode()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert counts(seeded) == before
    info = cli("info", "--json")
    assert info.code == 0, info.stderr
    assert info.json()["pairs"] == 2
    again = cli(
        "import", write_jsonl(tmp_path / "after.jsonl", [{"question": "Q?", "answer": "A"}])
    )
    assert again.code == 0, again.stderr
    assert counts(seeded)["pairs"] == 3


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs /proc/PID/io")
def test_import_killed_on_a_fresh_store_leaves_an_empty_store(tmp_path: Path) -> None:
    store = tmp_path / "fresh.duckdb"
    src = big_jsonl(tmp_path / "big.jsonl", 30_000)
    proc = start_import(store, src)
    try:
        assert wait_for_bytes(proc, src.stat().st_size // 2)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert counts(store) == {"pairs": 0, "contexts": 0, "imports": 0, "import_errors": 0}


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs /proc/PID/io")
@pytest.mark.parametrize("lines", [60_000, 75_000])
def test_ctrl_c_rolls_back_with_one_line(seeded: Path, tmp_path: Path, lines: int) -> None:
    """Ctrl-C while reading in this process (60k lines) or while worker processes parse (75k
    lines, over the size where they start): rolled back, one line, exit 130, no workers left."""
    before = counts(seeded)
    src = big_jsonl(tmp_path / "big.jsonl", lines)
    proc = start_import(seeded, src)
    if src.stat().st_size >= 64 << 20 and (os.cpu_count() or 1) >= 2:
        deadline = time.monotonic() + 60
        while len(children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        # The workers parse 75k lines in well under a second: interrupt them while they start.
        time.sleep(0.05)
    else:
        assert wait_for_bytes(proc, src.stat().st_size // 3)
    workers = children(proc.pid)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    text = err.decode()
    assert "Traceback" not in text
    assert [line for line in text.splitlines() if line.strip()] == [
        "error: interrupted: nothing was written by the unfinished step"
    ]
    assert counts(seeded) == before
    assert not any(alive(pid) for pid in workers)
    assert not Path(str(seeded) + ".import").exists()


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(
    not Path("/proc/self/task").exists() or (os.cpu_count() or 1) < 2,
    reason="needs Linux /proc and two cores (worker processes)",
)
def test_import_killed_while_workers_parse(cli, seeded: Path, tmp_path: Path) -> None:
    """A file big enough for worker processes: SIGKILL the import while they parse. The workers
    die with it, the store is as it was, and the next import clears their leftover files."""
    before = counts(seeded)
    src = big_jsonl(tmp_path / "big.jsonl", 75_000)
    assert src.stat().st_size >= 64 << 20
    proc = start_import(seeded, src)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            workers = children(proc.pid)
            read = 0
            for pid in workers:
                with contextlib.suppress(OSError):
                    read += bytes_read(pid)
            if len(workers) >= 2 and read >= src.stat().st_size // 3:
                break
            time.sleep(0.01)
        assert proc.poll() is None and len(workers) >= 2, "workers never got going"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers), "workers outlived the import"
    assert counts(seeded) == before
    scratch = Path(str(seeded) + ".import")
    again = cli(
        "import", write_jsonl(tmp_path / "after.jsonl", [{"question": "Q?", "answer": "A"}])
    )
    assert again.code == 0, again.stderr
    assert counts(seeded)["pairs"] == 3
    big = cli("import", src, "--json")
    assert big.code == 0, big.stderr
    assert big.json()["added"] == 75_000
    assert not scratch.exists()

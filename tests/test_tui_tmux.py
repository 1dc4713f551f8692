"""The real app in a real terminal (tmux): a short review session, $EDITOR through suspend, and a
killed terminal that loses nothing. Skipped where tmux is missing (.ci/run installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.test_tui_fixtures import make_store, state

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

EDITOR = """
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace("\\n1648\\n", "\\nthe year 1648\\n"))
"""


class Tmux:
    """One tmux server per test (its own socket), one window running the app."""

    def __init__(self, tmp: Path) -> None:
        self.socket = f"wb-test-{uuid.uuid4().hex[:8]}"
        self.tmp = tmp

    def run(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        return out.stdout

    def start(self, store: Path, width: int = 110, height: int = 32) -> None:
        editor = self.tmp / "editor.py"
        editor.write_text(EDITOR, encoding="utf-8")
        env = {
            "WORKBENCH_USER": "smoke",
            "EDITOR": f"{sys.executable} {editor}",
            "WORKBENCH_CONFIG": str(self.tmp / "none.toml"),
            "TERM": "xterm-256color",
        }
        exports = " ".join(f"{k}='{v}'" for k, v in env.items())
        command = f"cd {Path.cwd()} && {exports} {sys.executable} -m workbench --store {store}"
        self.run("new-session", "-d", "-s", "wb", "-x", str(width), "-y", str(height), command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "wb")

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", "wb", key)
            time.sleep(0.15)

    def alive(self) -> bool:
        return (
            subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", "wb"]).returncode == 0
        )

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def tmux(tmp_path: Path):
    session = Tmux(tmp_path)
    yield session
    session.kill()


def _wait_exit(tmux: Tmux, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while tmux.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not tmux.alive(), "the app did not quit"


def test_review_session_in_a_real_terminal(tmux: Tmux, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    tmux.start(store)
    tmux.wait_for("1/20 · all pairs")
    tmux.wait_for("When was the Peace of Westphalia signed?")
    tmux.keys("a")  # accept #1, the cursor moves to #2
    tmux.wait_for("accepted #1")
    tmux.keys("E")  # #2 in $EDITOR (the test editor rewrites its answer), through App.suspend
    tmux.wait_for("edited #2")
    tmux.keys("x")  # reject #2
    tmux.wait_for("rejected #2")
    tmux.keys("/")
    tmux.keys("rhine", "Enter")
    tmux.wait_for('1/4 · /"rhine"')
    tmux.keys("Space")  # mark the first two Rhine pairs, one key at a time as a person would
    tmux.wait_for("1 marked")
    tmux.keys("Space")
    tmux.wait_for("2 marked")
    tmux.keys("x")
    tmux.wait_for("Reject 2 marked pairs?")
    tmux.keys("y")
    tmux.wait_for("rejected 2 marked pairs")
    tmux.keys("u")
    tmux.wait_for("undid reject on 2 pairs")
    tmux.keys("2")
    tmux.wait_for("2 unresolved")  # q1 is resolved already: #2 was rejected above
    tmux.keys("n", "K")  # on to n1, keep #5 and reject #6
    tmux.wait_for("kept the representative")
    tmux.keys("q")
    _wait_exit(tmux)
    s = state(store)
    assert s[1]["status"] == "accepted"
    assert s[2]["status"] == "rejected"
    assert s[2]["answer"] == "the year 1648" and s[2]["original_answer"] == "1648"
    assert [s[i]["status"] for i in (13, 14)] == ["pending", "pending"]
    assert (s[5]["status"], s[6]["status"]) == ("pending", "rejected")
    from storage.db import open_store

    with open_store(store, read_only=True) as con:
        by = {r[0] for r in con.execute('SELECT DISTINCT "by" FROM decisions').fetchall()}
    assert by == {"smoke"}


def test_killing_the_terminal_loses_nothing(tmux: Tmux, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    tmux.start(store)
    tmux.wait_for("1/20 · all pairs")
    tmux.keys("a", "a", "x")
    tmux.wait_for("rejected #3")
    tmux.kill()  # the terminal goes away: SIGHUP, no clean shutdown
    deadline = time.monotonic() + 30
    while True:
        try:
            s = state(store)
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)  # the killed process may hold the lock for a moment
    assert [s[i]["status"] for i in (1, 2, 3)] == ["accepted", "accepted", "rejected"]


def test_locked_store_is_one_clear_line(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
            " time.sleep(60)",
            str(store),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    session = Tmux(tmp_path)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        log = tmp_path / "out.txt"
        session.run(
            "new-session",
            "-d",
            "-s",
            "wb",
            "-x",
            "100",
            "-y",
            "20",
            f"{sys.executable} -m workbench --store {store} 2> {log}; echo exit=$? >> {log}; sleep 30",
        )
        deadline = time.monotonic() + 60
        while "exit=" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline, session.screen()
            time.sleep(0.1)
        text = log.read_text()
        assert "exit=1" in text
        assert f"is in use by PID {holder.pid}" in text
        assert "Traceback" not in text
    finally:
        session.kill()
        holder.kill()
        holder.wait()
    assert os.path.exists(store)

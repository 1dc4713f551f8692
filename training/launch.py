"""Starting a run as a detached process and stopping it, so it outlives the terminal or SSH session.

The child leads its own session (no SIGHUP when the terminal goes), writes stdout and stderr to
train.log, and is stopped with SIGTERM to its process group: the run saves its adapter and ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from training.rundir import RunPaths

# The repository root, so `-m training.run` imports this code even when it is not installed.
_ROOT = Path(__file__).resolve().parent.parent


def command(run_dir: Path, *, no_quant: bool = False, python: str | None = None) -> list[str]:
    """The command line that trains `run_dir`."""
    cmd = [python or sys.executable, "-m", "training.run", str(run_dir)]
    return [*cmd, "--no-quant"] if no_quant else cmd


def start(
    run_dir: str | Path, *, no_quant: bool = False, python: str | None = None
) -> subprocess.Popen[bytes]:
    """Launch the run detached; the caller may wait on the returned process or walk away."""
    paths = RunPaths(Path(run_dir).resolve())
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONUNBUFFERED", "1")
    with paths.log.open("ab") as log:
        return subprocess.Popen(
            command(paths.root, no_quant=no_quant, python=python),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
            close_fds=True,
        )


def alive(pid: int | None, run_dir: str | Path | None = None) -> bool:
    """Whether `pid` is a running (not zombie) process, and, given `run_dir`, one training it."""
    if not pid:
        return False
    proc = Path(f"/proc/{pid}")
    if proc.exists():
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            return False
        if state in ("Z", "X"):
            return False
        if run_dir is None:
            return True
        path = Path(run_dir).resolve()
        return "training." in cmdline and (str(path) in cmdline or path.name in cmdline)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop(pid: int, sig: int = signal.SIGTERM) -> bool:
    """Ask the run to stop (SIGTERM to its process group); False when it is already gone."""
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        return False
    except PermissionError:
        os.kill(pid, sig)
    return True

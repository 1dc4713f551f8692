"""Editing a pair in $EDITOR: the file format, and reading it back.

Two marker lines split the file, so the text itself may contain anything (even `#`).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from storage.errors import WorkbenchError

Q_MARK = "===== question ====="
A_MARK = "===== answer ====="
HEADER = (
    "# Edit the question and the answer between the marker lines, save and quit.\n"
    "# Lines above the first marker are ignored. The original text stays in the store.\n"
)


def to_file_text(question: str, answer: str) -> str:
    return f"{HEADER}{Q_MARK}\n{question}\n{A_MARK}\n{answer}\n"


def from_file_text(text: str) -> tuple[str, str]:
    """(question, answer) from an edited file; a missing marker is a clear error."""
    lines = text.split("\n")
    try:
        qi = lines.index(Q_MARK)
        ai = lines.index(A_MARK, qi + 1)
    except ValueError:
        raise WorkbenchError(
            f"the edited file lost its '{Q_MARK}' or '{A_MARK}' line: nothing was changed"
        ) from None
    question = "\n".join(lines[qi + 1 : ai]).strip("\n")
    answer = "\n".join(lines[ai + 1 :]).rstrip("\n")
    return question, answer


def editor_command() -> list[str]:
    """$VISUAL or $EDITOR (with its arguments), else vi."""
    return shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")


def run_editor(question: str, answer: str) -> tuple[str, str]:
    """Open the pair in the editor (the caller has suspended the TUI) and read it back."""
    with tempfile.TemporaryDirectory(prefix="workbench-edit-") as tmp:
        path = Path(tmp) / "pair.txt"
        path.write_text(to_file_text(question, answer), encoding="utf-8")
        result = subprocess.run([*editor_command(), str(path)], check=False)
        if result.returncode != 0:
            raise WorkbenchError(f"the editor exited with status {result.returncode}: no change")
        return from_file_text(path.read_text(encoding="utf-8"))

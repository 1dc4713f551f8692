"""Who decisions are recorded as: one answer for the TUI and the CLI (stdlib only, for start-up)."""

from __future__ import annotations

import getpass
import os


def curator() -> str:
    """$WORKBENCH_USER, else the login name; "curator" where neither can be had."""
    try:
        return os.environ.get("WORKBENCH_USER") or getpass.getuser()
    except Exception:
        return "curator"

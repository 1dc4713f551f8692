"""Reading metrics.jsonl while a run writes it: a tailer for live panels, and a whole-file reader.

A resumed run rewrites the file without the lines past its checkpoint; the tailer notices (the
file shrank or was replaced) and starts over, saying so with `reset`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Update:
    """New records since the last poll; `reset` means drop what was read before."""

    records: list[dict[str, Any]] = field(default_factory=list)
    reset: bool = False


class MetricsTailer:
    """Returns only the complete lines appended since the previous `poll()`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.offset = 0
        self._inode: int | None = None
        self._partial = b""

    def poll(self) -> Update:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return Update()
        update = Update()
        if (self._inode is not None and st.st_ino != self._inode) or st.st_size < self.offset:
            self.offset, self._partial, update.reset = 0, b"", True
        self._inode = st.st_ino
        if st.st_size == self.offset:
            return update
        with self.path.open("rb") as f:
            f.seek(self.offset)
            chunk = f.read(st.st_size - self.offset)
        self.offset += len(chunk)
        *lines, self._partial = (self._partial + chunk).split(b"\n")
        for line in lines:
            if line.strip():
                try:
                    update.records.append(json.loads(line))
                except json.JSONDecodeError:
                    continue
        return update


def read_metrics(path: str | Path) -> list[dict[str, Any]]:
    """Every record of a metrics file, the last one per step, in step order."""
    by_step: dict[int, dict[str, Any]] = {}
    for record in MetricsTailer(path).poll().records:
        if isinstance(record, dict) and "step" in record:
            by_step[int(record["step"])] = record
    return [by_step[s] for s in sorted(by_step)]

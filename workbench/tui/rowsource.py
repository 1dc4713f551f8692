"""The rows behind a virtual table: an ordered key array plus an LRU cache of fetched pages.

Only pages around the viewport are ever fetched, so a million-pair view holds its 8 MB of keys
and a few hundred rows. Each new key array (a filter or sort change) bumps `generation`, and a
page fetched for an older generation is dropped on arrival.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

PAGE = 64
KEEP_PAGES = 48
PREFETCH = 1  # pages fetched beyond each edge of the viewport


class PairSource:
    """Keys in display order and the cached rows for some of them.

    After a write the cached rows are kept on screen but marked stale (`invalidate`), so the
    view never flashes placeholders and the row under the cursor stays actionable while its
    fresh copy is fetched.
    """

    def __init__(self) -> None:
        self.keys: np.ndarray = np.empty(0, dtype=np.int64)
        self.generation = 0
        self.epoch = 0
        self.loaded = False
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._fresh: set[int] = set()
        self._pending: set[int] = set()

    def __len__(self) -> int:
        return int(self.keys.size)

    def set_keys(self, keys: np.ndarray) -> int:
        """Replace the view; returns the new generation."""
        self.keys = keys
        self.generation += 1
        self.loaded = True
        self._pages.clear()
        self._fresh.clear()
        self._pending.clear()
        return self.generation

    def invalidate(self) -> None:
        """The store changed: keep showing the cached rows, but fetch them again."""
        self.epoch += 1
        self._fresh.clear()
        self._pending.clear()

    def row(self, index: int) -> dict[str, Any] | None:
        """The row at a display index, or None when its page is not fetched yet."""
        page = self._pages.get(index // PAGE)
        if page is None:
            return None
        offset = index % PAGE
        return page[offset] if offset < len(page) else None

    def wanted(self, first: int, last: int) -> list[int]:
        """Pages needed to show rows first..last (plus a margin) that are neither fresh nor asked."""
        n = len(self)
        if n == 0:
            return []
        lo = max(0, first // PAGE - PREFETCH)
        hi = min((n - 1) // PAGE, max(first, last) // PAGE + PREFETCH)
        need = [p for p in range(lo, hi + 1) if p not in self._fresh and p not in self._pending]
        # Visible pages first, then the margins.
        need.sort(key=lambda p: 0 if first // PAGE <= p <= last // PAGE else 1)
        self._pending.update(need)
        return need

    def page_keys(self, page: int) -> np.ndarray:
        return self.keys[page * PAGE : (page + 1) * PAGE]

    def put_page(self, generation: int, epoch: int, page: int, rows: list[dict[str, Any]]) -> bool:
        """Store a fetched page if it is for this view; True when stored."""
        if generation != self.generation:
            return False
        if epoch == self.epoch:
            self._pending.discard(page)
            self._fresh.add(page)
        elif page in self._pages and page not in self._fresh:
            return False  # an older fetch must not replace rows a newer one is bringing
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > KEEP_PAGES:
            old, _ = self._pages.popitem(last=False)
            self._fresh.discard(old)
        return True

    def drop_pending(self, generation: int, pages: Iterable[int]) -> None:
        """A fetch failed or was superseded: let those pages be asked for again."""
        if generation == self.generation:
            self._pending.difference_update(pages)

    def patch(self, ids: set[str], change: Callable[[dict[str, Any]], None]) -> None:
        """Apply an optimistic change to cached rows with these ids (redrawn before the refetch)."""
        for rows in self._pages.values():
            for row in rows:
                if row["id"] in ids:
                    change(row)

    def position(self, seq: int) -> int | None:
        """Display index of a seq, or None when the view does not hold it."""
        if self.keys.size and bool(np.all(self.keys[1:] > self.keys[:-1])):
            index = int(np.searchsorted(self.keys, seq))
            return index if index < self.keys.size and self.keys[index] == seq else None
        hits = np.flatnonzero(self.keys == seq)
        return int(hits[0]) if hits.size else None

    def next_in(self, positions: np.ndarray, index: int, step: int) -> int | None:
        """The next (step=1) or previous (step=-1) of sorted `positions` after `index`."""
        if positions.size == 0:
            return None
        if step > 0:
            at = int(np.searchsorted(positions, index, side="right"))
            return int(positions[at]) if at < positions.size else None
        at = int(np.searchsorted(positions, index, side="left")) - 1
        return int(positions[at]) if at >= 0 else None


class TableSource:
    """A small, fully fetched result (an Arrow table or a list of dicts) behind a virtual table:
    cluster lists, subset lists. Rows are converted to dicts only when drawn."""

    def __init__(self) -> None:
        self.generation = 0
        self.loaded = False
        self._rows: Any = []
        self._cache: dict[int, dict[str, Any]] = {}

    def set(self, rows: Any) -> None:
        """An Arrow table or a list of dicts."""
        self._rows = rows
        self._cache = {}
        self.generation += 1
        self.loaded = True

    def __len__(self) -> int:
        return int(self._rows.num_rows) if hasattr(self._rows, "num_rows") else len(self._rows)

    def row(self, index: int) -> dict[str, Any] | None:
        if not 0 <= index < len(self):
            return None
        if isinstance(self._rows, list):
            return self._rows[index]
        cached = self._cache.get(index)
        if cached is None:
            cached = self._rows.slice(index, 1).to_pylist()[0]
            if len(self._cache) > 2048:
                self._cache.clear()
            self._cache[index] = cached
        return cached

    def wanted(self, first: int, last: int) -> list[int]:
        return []

    def column(self, name: str) -> list[Any]:
        if isinstance(self._rows, list):
            return [r[name] for r in self._rows]
        return self._rows.column(name).to_pylist()

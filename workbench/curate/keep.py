"""Keep-policies: which member of a duplicate cluster stays. A policy is a named preset or a comma
list of terms, applied in order; a curator's accept/reject always comes first, first-seen last."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pyarrow as pa

from storage.clusters import KEEP_TERMS, keep_ranks
from storage.errors import WorkbenchError

PRESETS: dict[str, tuple[str, ...]] = {
    "default": ("flags", "supported", "longest", "first"),
    "first": ("first",),
    "last": ("last",),
    "longest": ("longest", "first"),
    "shortest": ("shortest", "first"),
}
DEFAULT = "default"


def parse(policy: str | None) -> tuple[str, ...]:
    """'default' or 'flags,longest,first' into terms; unknown names fail with the choices."""
    name = (policy or DEFAULT).strip()
    if name in PRESETS:
        return PRESETS[name]
    terms = tuple(t.strip() for t in name.split(",") if t.strip())
    unknown = [t for t in terms if t not in KEEP_TERMS]
    if unknown or not terms:
        raise WorkbenchError(
            f"keep-policy '{name}': unknown term {', '.join(unknown) or '(none)'}; "
            f"presets: {', '.join(PRESETS)}; terms: {', '.join(KEEP_TERMS)}"
        )
    return terms


def describe(terms: Sequence[str]) -> str:
    """The canonical spelling, for configs and reports."""
    return ",".join(terms)


def ranks(con: duckdb.DuckDBPyConnection, ids: pa.Array, terms: Sequence[str]) -> np.ndarray:
    """Rank of each pair under the policy (0 = keep first), aligned with `ids`."""
    if not len(ids):
        return np.zeros(0, np.int64)
    return keep_ranks(con, ids, terms)

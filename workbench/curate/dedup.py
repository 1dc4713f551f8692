"""Exact and lexical near-duplicate stages (`analyze` stages "exact" and "near").

Exact: SQL hashes of the normalised question, answer and pair, kept in the store, grouped in SQL.
Near: word-shingle MinHash signatures (cached per pair), banded LSH over all of them, candidates
verified with the real Jaccard of the shingle sets, union-find into clusters; each member stores
its Jaccard to the representative the keep-policy chose.

Shingles default to single words (k = 1): a QA pair is 10-40 words, and with 3-word shingles one
edited word removes three of ~15 shingles, so no one-word near-copy reaches Jaccard 0.8. Set
`shingle = 3` under [near] for long instruction data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa

from storage.analysis import mark_pending_done, pending_pairs, pending_table, row_cache
from storage.clusters import write_exact_clusters
from storage.db import memory_cap, transaction
from storage.dedup_cache import (
    EXACT_FIELD,
    KNOWN,
    build_work,
    cache_near_rows,
    drop_work,
    known_rows,
    load_signatures,
    pair_count,
    signature_todo_sql,
    stored_rows,
    texts,
    work_batch,
    write_exact_keys,
    write_signatures,
)
from storage.errors import WorkbenchError
from workbench.curate import clustering, keep, lsh, lsh_incremental, minhash
from workbench.curate.progress import Progress
from workbench.curate.shingleset import Loader, ShingleSets

FIELDS = {"qa": ("question", "answer"), "question": ("question",), "answer": ("answer",)}
_BATCH = 100_000
_SCHEME = "w1"  # bump when tokenising or shingle hashing changes: every signature is redone


def _policy(options: Any) -> tuple[str, ...]:
    return keep.parse(options.section("dedup").get("keep"))


def run_exact(con: duckdb.DuckDBPyConnection, options: Any, progress: Progress) -> dict[str, Any]:
    """Exact duplicates by normalised question, answer and pair; only new or edited pairs are
    hashed, and only the groups they join or leave are rewritten."""
    with memory_cap(con, "1GB"):
        return _exact(con, options, progress)


def _exact(con: duckdb.DuckDBPyConnection, options: Any, progress: Progress) -> dict[str, Any]:
    section = options.section("exact")
    min_words = int(section.get("min_words", 3))
    if min_words < 1:
        raise WorkbenchError("[exact] min_words must be at least 1")
    policy = _policy(options)
    config = f"exact:{EXACT_FIELD}:min_words={min_words}:keep={keep.describe(policy)}"
    pending = pending_pairs(con, "exact", config)
    progress.start("exact duplicates", pending)
    report: dict[str, Any] = {"processed": pending, "keep": keep.describe(policy)}
    if not pending:
        return report
    write_exact_keys(con, "exact", min_words)
    full = pending >= pair_count(con)
    report |= write_exact_clusters(con, policy, None if full else pending_table("exact"))
    with transaction(con):
        mark_pending_done(con, "exact", config)
    progress.advance(pending)
    return report


@dataclass(frozen=True)
class LexicalConfig:
    """Settings of the near-duplicate stage ([near] in workbench.toml)."""

    field: str = "qa"
    threshold: float = 0.8
    shingle: int = 1
    num_perm: int = 128
    seed: int = 1
    min_recall: float = 0.97
    linkage: str = "single"

    @classmethod
    def from_options(cls, options: Any) -> LexicalConfig:
        s = options.section("near")
        cfg = cls(
            field=str(s.get("field", cls.field)),
            threshold=float(s.get("threshold", cls.threshold)),
            shingle=int(s.get("shingle", cls.shingle)),
            num_perm=int(s.get("num_perm", cls.num_perm)),
            linkage=str(s.get("linkage", cls.linkage)),
        )
        if cfg.field not in FIELDS:
            raise WorkbenchError(f"[near] field '{cfg.field}': one of {', '.join(FIELDS)}")
        if not 0.0 < cfg.threshold <= 1.0:
            raise WorkbenchError("[near] threshold must be in (0, 1]")
        if cfg.linkage not in clustering.LINKAGES:
            raise WorkbenchError(f"[near] linkage: one of {', '.join(clustering.LINKAGES)}")
        if cfg.shingle < 1 or cfg.num_perm < 8:
            raise WorkbenchError("[near] shingle must be >= 1 and num_perm >= 8")
        return cfg

    @property
    def signature_field(self) -> str:
        """Key of the cached signatures: what was hashed and how."""
        return f"{self.field}:{_SCHEME}:k{self.shingle}:p{self.num_perm}:s{self.seed}:pl{pl.__version__}"

    @property
    def banding(self) -> tuple[int, int]:
        return lsh.params(self.threshold, self.num_perm, self.min_recall)

    @property
    def bands_field(self) -> str:
        """Key of the cached LSH band keys (one uint32 per band) for this threshold's banding."""
        bands, rows = self.banding
        return f"{self.signature_field}:b{bands}x{rows}:k32"

    @property
    def fingerprint(self) -> str:
        return f"{self.bands_field}:t{self.threshold}:{self.linkage}"


def field_text(batch: pa.RecordBatch | pa.Table, field: str) -> pl.Series:
    """The text a field names: question and answer joined by a newline for "qa"."""
    cols = [pl.Series(batch.column(name)).fill_null("") for name in FIELDS[field]]
    return cols[0] if len(cols) == 1 else pl.select(pl.concat_str(cols, separator="\n")).to_series()


def run_lexical(con: duckdb.DuckDBPyConnection, options: Any, progress: Progress) -> dict[str, Any]:
    """MinHash-LSH near-duplicates; new and edited pairs are hashed and compared with all the rest."""
    with memory_cap(con, "1GB"):
        return _lexical(con, options, progress)


def _lexical(con: duckdb.DuckDBPyConnection, options: Any, progress: Progress) -> dict[str, Any]:
    cfg = LexicalConfig.from_options(options)
    policy = _policy(options)
    clock = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(name: str) -> None:
        timings[name] = round(time.perf_counter() - clock - sum(timings.values()), 3)

    config = f"{cfg.fingerprint}:keep={keep.describe(policy)}"
    pending = pending_pairs(con, "near", config)
    if not pending:
        return {"processed": 0, "hashed": 0, "keep": keep.describe(policy)}
    hashed_ids, hashed, todo = _hash_pending(con, cfg, progress)
    lap("hash")

    ids, keys = load_signatures(con, cfg.bands_field, cfg.banding[0])
    u = clustering.universe(con, "near", "near", ids)
    with row_cache(con):
        sets = ShingleSets(ids, _loader(con, cfg, u), cfg.shingle)
        for batch_ids, shingles in zip(hashed_ids, hashed, strict=True):
            sets.add(u.positions(batch_ids), shingles)
        lap("load")
        return _compare(con, cfg, policy, u, keys, sets, progress, config, lap) | {
            "processed": pending,
            "hashed": todo,
            "timings": timings,
        }


def _loader(con: duckdb.DuckDBPyConnection, cfg: LexicalConfig, u: clustering.Universe) -> Loader:
    """Texts of stored pairs for verification. In an incremental run each read also brings into
    the row cache the rows the clustering asks for next: the pending pairs and, of the stored
    near clusters of these and of the asked pairs, the representatives (single linkage ranks
    and compares with those) or every member (star linkage re-reads whole clusters). One read
    of the store per verification instead of one per question."""

    def load(some: pa.Array) -> pl.Series:
        if not u.full:
            cache_near_rows(con, some, pending_table("near"), whole=cfg.linkage != "single")
        return field_text(texts(con, some, FIELDS[cfg.field]), cfg.field)

    return load


def _compare(
    con: duckdb.DuckDBPyConnection,
    cfg: LexicalConfig,
    policy: tuple[str, ...],
    u: clustering.Universe,
    keys: np.ndarray,
    sets: ShingleSets,
    progress: Progress,
    config: str,
    lap: Callable[[str], None],
) -> dict[str, Any]:
    """LSH search, verification, clustering and the writes: the rest of a near run."""
    progress.start("near duplicates: comparing", int(u.dirty.sum()))
    empty = keys[:, 0] == _empty_key(cfg)

    def verify(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return sets.jaccard(a, b) >= cfg.threshold

    if u.full:
        found = lsh.search(keys, empty, verify)
    elif cfg.linkage == "single":
        # Stored clusters join whole (clustering.write): a few members of each suffice.
        found = lsh_incremental.search(keys, empty, verify, u.dirty)
    else:
        found = lsh.search(keys, empty, verify, u.dirty)
    lap("search")
    result = clustering.write(
        con, "near", u, found.edges(), sets.jaccard, policy, cfg.linkage, cfg.threshold
    )
    with transaction(con):
        mark_pending_done(con, "near", config)
    progress.advance(int(u.dirty.sum()))
    lap("cluster")
    bands, rows = cfg.banding
    return {
        "compared": int(u.dirty.sum()),
        "bands": bands,
        "rows": rows,
        "candidates": found.tested,
        "verified": len(found.edges()[0]),
        "clusters_written": result.clusters,
        "pairs_written": result.pairs,
        "keep": keep.describe(policy),
    }


def _hash_pending(
    con: duckdb.DuckDBPyConnection, cfg: LexicalConfig, progress: Progress
) -> tuple[list[pa.Array], list[minhash.Shingles], int]:
    """Signatures and band keys of pending pairs that lack band keys for their text. A stored
    signature of the same text is reused (a new threshold only re-bands); otherwise the text is
    shingled and hashed, and its shingles are kept for verification."""
    bands, rows = cfg.banding
    fields = [cfg.signature_field, cfg.bands_field]
    known_rows(con, "near", fields)
    todo_sql = signature_todo_sql("near", cfg.bands_field)
    todo = build_work(
        con, todo_sql, FIELDS[cfg.field], reuse_field=cfg.signature_field, reuse_from=KNOWN
    )
    progress.start("near duplicates: hashing", todo)
    hashed_ids: list[pa.Array] = []
    hashed: list[minhash.Shingles] = []
    replace = bool(todo) and stored_rows(con, fields, KNOWN) > 0
    try:
        for start in range(0, todo, _BATCH):
            batch = work_batch(con, start, _BATCH)
            cached = batch.column("cached").combine_chunks()
            if cached.null_count == 0 and len(cached):
                sigs = cached.flatten().to_numpy().astype(np.uint32).reshape(len(batch), -1)
                write_signatures(con, batch, {cfg.bands_field: _packed(sigs, bands, rows)}, replace)
            else:
                shingles = minhash.shingle(field_text(batch, cfg.field), cfg.shingle)
                sigs = minhash.signatures(shingles, cfg.num_perm, cfg.seed)
                write_signatures(
                    con,
                    batch,
                    {cfg.signature_field: sigs, cfg.bands_field: _packed(sigs, bands, rows)},
                    replace,
                )
                hashed_ids.append(batch.column("id").combine_chunks())
                hashed.append(shingles)
            progress.advance(batch.num_rows)
    finally:
        drop_work(con)
    return hashed_ids, hashed, todo


def _packed(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """Band keys folded to 32 bits, as `minhashes.signature` stores them: half the bytes to load
    on every run, for a few thousand chance collisions in a million texts (verification drops
    them)."""
    keys = lsh.band_keys(sigs, bands, rows)
    return (keys ^ (keys >> np.uint64(32))).astype(np.uint32)


def _empty_key(cfg: LexicalConfig) -> np.uint32:
    """The first band key of a text with no words (every signature value at its maximum)."""
    blank = np.full((1, cfg.num_perm), minhash.MAX32, dtype=np.uint32)
    return _packed(blank, *cfg.banding)[0, 0]

"""eval_contamination: a training pair that repeats a held-out eval item leaks the test set.

Question + answer of both sides, normalised to words, are compared by word n-grams (n = 13, as
in the GPT-3 contamination study): one shared n-gram flags the pair. Short QA items have fewer
than n words, so an item of min_words..n-1 words counts as one gram of its own length (the whole
item must appear in the pair, in order), and a shorter item only matches a pair whose normalised
question + answer equal it exactly. Contexts are left out: pairs and eval items often share
source documents, and that alone is not a leak.
"""

from __future__ import annotations

from typing import Any, ClassVar

import duckdb
import polars as pl

from storage import evalset
from workbench.curate.rules.base import BuiltinRule, findings, no_findings
from workbench.curate.rules.text import words

_EXACT = 0


def _qa_words(question: str, answer: str) -> pl.Expr:
    return words(
        pl.concat_str(pl.col(question).fill_null(""), pl.col(answer).fill_null(""), separator=" ")
    )


def _grams(frame: pl.DataFrame, sizes: list[int]) -> pl.DataFrame:
    """(id, size, gram) for every word gram of the given sizes; size 0 is the whole text."""
    tokens = frame.select("id", "w", n=pl.col("w").list.len()).filter(pl.col("n") > 0)
    out = []
    if _EXACT in sizes:
        out.append(
            tokens.select("id", size=pl.lit(_EXACT, pl.Int32), gram=pl.col("w").list.join(" "))
        )
    flat = tokens.select("id", "w").explode("w")
    for k in (s for s in sizes if s != _EXACT):
        shifted = [pl.col("w").shift(-j) for j in range(k)]
        same = pl.col("id").shift(-(k - 1)) == pl.col("id")
        out.append(
            flat.filter(pl.lit(True))
            .with_columns(same=same, gram=pl.concat_str(shifted, separator=" "))
            .filter(pl.col("same"))
            .select("id", size=pl.lit(k, pl.Int32), gram="gram")
        )
    return (
        pl.concat(out)
        if out
        else pl.DataFrame(schema={"id": pl.String, "size": pl.Int32, "gram": pl.String})
    )


class EvalContamination(BuiltinRule):
    """Training pairs that overlap a registered eval item (see `workbench evalset add`)."""

    code = "eval_contamination"
    default_severity = "error"
    stage = "flags_eval"
    columns = ("id", "question", "answer")
    summary = (
        "question + answer shares a word n-gram (n words, normalised) with a registered eval "
        "item's question + answer; items of min_words..n-1 words must appear whole, shorter ones "
        "must equal the pair's text. Evidence: eval_id, the shared n-gram, the share of the item's "
        "n-grams found."
    )
    defaults: ClassVar[dict[str, Any]] = {"n": 13, "min_words": 6, "min_shared": 1}

    def __init__(self, section: dict[str, Any] | None = None) -> None:
        super().__init__(section)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._digest = ""
        self._index: pl.DataFrame | None = None

    def prepare(self, con: duckdb.DuckDBPyConnection) -> None:
        """Note the eval set's state (part of the fingerprint); the index is built on first use."""
        count, self._digest = evalset.digest(con)
        self._con, self._index = con, None
        self.active = self.enabled and count > 0

    def fingerprint(self) -> dict[str, Any]:
        return {**super().fingerprint(), "evalset": self._digest}

    def _item_size(self, n_words: pl.Expr) -> pl.Expr:
        n, low = self.config["n"], self.config["min_words"]
        return pl.when(n_words >= n).then(n).when(n_words >= low).then(n_words).otherwise(_EXACT)

    def _build_index(self) -> pl.DataFrame:
        assert self._con is not None
        parts = []
        for batch in evalset.iter_items(self._con):
            items = pl.from_arrow(batch).rename({"eval_id": "id"})
            items = items.with_columns(w=_qa_words("question", "answer"))
            items = items.with_columns(size=self._item_size(pl.col("w").list.len()).cast(pl.Int32))
            for size in items["size"].unique().to_list():
                grams = _grams(items.filter(pl.col("size") == size), [size])
                parts.append(grams)
        if not parts:
            return pl.DataFrame(
                schema={
                    "eval_id": pl.String,
                    "size": pl.Int32,
                    "gram": pl.String,
                    "total": pl.UInt32,
                }
            )
        index = pl.concat(parts).unique().rename({"id": "eval_id"})
        totals = index.group_by("eval_id").agg(total=pl.len())
        return index.join(totals, on="eval_id")

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        if self._index is None:
            self._index = self._build_index()
        if self._index.is_empty():
            return no_findings()
        sizes = self._index["size"].unique().to_list()
        pairs = batch.select("id", w=_qa_words("question", "answer"))
        shared = _grams(pairs, sizes).unique().join(self._index, on=["size", "gram"])
        best = (
            shared.group_by("id", "eval_id")
            .agg(
                shared=pl.len(),
                total=pl.col("total").first(),
                gram=pl.col("gram").first(),
                size=pl.col("size").first(),
            )
            .with_columns(score=(pl.col("shared") / pl.col("total")).round(3))
            .sort("score", "shared", "eval_id", descending=[True, True, False])
            .group_by("id", maintain_order=True)
            .first()
            .filter(pl.col("shared") >= self.config["min_shared"])
        )
        n = self.config["n"]
        return findings(
            best,
            pl.lit(True),
            pl.format(
                "overlaps eval item {} ({} shared {}-word grams, {} of the item's)",
                "eval_id",
                "shared",
                pl.when(pl.col("size") == _EXACT)
                .then(pl.lit("whole"))
                .otherwise(pl.col("size").cast(pl.String)),
                pl.col("score"),
            ),
            {
                "eval_id": pl.col("eval_id"),
                "ngram": pl.col("gram"),
                "n": pl.col("size"),
                "shared": pl.col("shared"),
                "score": pl.col("score"),
                "threshold": pl.lit(self.config["min_shared"]),
                "configured_n": pl.lit(n),
            },
        )

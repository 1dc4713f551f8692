"""eval_contamination: a training pair that repeats a held-out eval item leaks the test set.

Question + answer of both sides are normalised to words. Two tests, both vectorised joins:
- one shared word n-gram (n = 13, as in the GPT-3 contamination study) flags the pair;
- short QA items have fewer than 13 words and copies get lightly edited ("the" dropped, a typo,
  a synonym), so an item also matches when at least min_overlap of its word 3-grams occur in
  the pair and the two answers agree (one's content words contain the other's). The answer
  condition keeps common phrasing ("what is the name of") from matching on its own.
3-grams of function words only, and 3-grams shared by many eval items, are ignored. Contexts
are left out: pairs and eval items may share source documents, and that alone is not a leak.
"""

from __future__ import annotations

from typing import Any, ClassVar

import duckdb
import polars as pl

from storage import evalset
from workbench.curate.rules.base import BuiltinRule, findings, no_findings
from workbench.curate.rules.text import STOPWORDS, words

_STOP = sorted(STOPWORDS)
_GRAMS = {"id": pl.String, "size": pl.Int32, "gram": pl.String}


def _qa_words(frame: pl.DataFrame) -> pl.DataFrame:
    """id, words of question + answer, and the answer's content words."""
    both = pl.concat_str(
        pl.col("question").fill_null(""), pl.col("answer").fill_null(""), separator=" "
    )
    answer = words("answer").list.eval(pl.element().filter(~pl.element().is_in(_STOP)))
    return frame.select("id", w=words(both), a=answer)


def _grams(frame: pl.DataFrame, size: int) -> pl.DataFrame:
    """(id, size, gram) for every distinct word `size`-gram, skipping function-word-only grams."""
    flat = frame.select("id", "w").explode("w").drop_nulls("w")
    if flat.is_empty():
        return pl.DataFrame(schema=_GRAMS)
    same = pl.col("id").shift(-(size - 1)) == pl.col("id")
    content = pl.any_horizontal([~pl.col("w").shift(-j).is_in(_STOP) for j in range(size)])
    gram = pl.concat_str([pl.col("w").shift(-j) for j in range(size)], separator=" ")
    return (
        flat.with_columns(gram=gram, keep=same.fill_null(False) & content.fill_null(False))
        .filter("keep")
        .select("id", "gram", size=pl.lit(size, pl.Int32))
        .unique()
    )


class EvalContamination(BuiltinRule):
    """Training pairs that overlap a registered eval item (see `workbench evalset add`)."""

    code = "eval_contamination"
    default_severity = "error"
    stage = "flags_eval"
    summary = (
        "question + answer shares a word n-gram (n words) with a registered eval item's question + "
        "answer, or contains min_overlap of the item's word 3-grams with an answer that agrees "
        "with the item's. Evidence: eval_id, the shared gram, the share of the item's grams found."
    )
    defaults: ClassVar[dict[str, Any]] = {"n": 13, "min_overlap": 0.6, "max_gram_items": 0.01}

    def __init__(self, section: dict[str, Any] | None = None) -> None:
        super().__init__(section)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._digest = ""
        self._index: dict[str, pl.DataFrame] | None = None

    def prepare(self, con: duckdb.DuckDBPyConnection) -> None:
        """Note the eval set's state (part of the fingerprint); the index is built on first use."""
        count, self._digest = evalset.digest(con)
        self._con, self._index = con, None
        self.active = self.enabled and count > 0

    def fingerprint(self) -> dict[str, Any]:
        return {**super().fingerprint(), "evalset": self._digest}

    def _build_index(self) -> dict[str, pl.DataFrame]:
        """Eval items' n-grams, 3-grams (minus phrasing shared by many items) and answers."""
        assert self._con is not None
        items = pl.concat(
            [
                _qa_words(pl.from_arrow(b).rename({"eval_id": "id"}))
                for b in evalset.iter_items(self._con)
            ]
        )
        n = self.config["n"]
        common = max(20, int(self.config["max_gram_items"] * items.height))
        tri = _grams(items, 3)
        tri = tri.filter(pl.len().over("gram") <= common)
        totals = tri.group_by("id").agg(total=pl.len())
        return {
            "long": _grams(items, n).rename({"id": "eval_id"}).drop("size"),
            "tri": tri.join(totals, on="id").rename({"id": "eval_id"}).drop("size"),
            "answers": items.select(eval_id="id", item_answer="a"),
            "long_totals": _grams(items, n)
            .group_by("id")
            .agg(total=pl.len())
            .rename({"id": "eval_id"}),
        }

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        if self._index is None:
            self._index = self._build_index()
        pairs = _qa_words(batch)
        long = self._long(pairs)
        near = self._near(pairs)
        best = (
            pl.concat([long, near], how="diagonal_relaxed")
            .sort("rank", "score", "eval_id", descending=[False, True, False])
            .group_by("id", maintain_order=True)
            .first()
        )
        if best.is_empty():
            return no_findings()
        return findings(
            best,
            pl.lit(True),
            pl.format(
                "overlaps eval item {} ({}: {} of its {}-word grams, '{}')",
                "eval_id",
                "method",
                pl.col("score"),
                "n",
                "gram",
            ),
            {
                "eval_id": pl.col("eval_id"),
                "method": pl.col("method"),
                "ngram": pl.col("gram"),
                "n": pl.col("n"),
                "shared": pl.col("shared"),
                "score": pl.col("score"),
                "threshold": pl.col("threshold"),
            },
        )

    def _long(self, pairs: pl.DataFrame) -> pl.DataFrame:
        """Pairs sharing a whole n-gram with an item."""
        assert self._index is not None
        n = self.config["n"]
        shared = _grams(pairs, n).drop("size").join(self._index["long"], on="gram")
        return (
            shared.group_by("id", "eval_id")
            .agg(shared=pl.len(), gram=pl.col("gram").min())
            .join(self._index["long_totals"], on="eval_id")
            .select(
                "id",
                "eval_id",
                "shared",
                "gram",
                rank=pl.lit(0),
                method=pl.lit("shared n-gram"),
                n=pl.lit(n),
                score=(pl.col("shared") / pl.col("total")).round(3),
                threshold=pl.lit(1.0),
            )
        )

    def _near(self, pairs: pl.DataFrame) -> pl.DataFrame:
        """Pairs holding most of an item's 3-grams with an agreeing answer."""
        assert self._index is not None
        shared = _grams(pairs, 3).drop("size").join(self._index["tri"], on="gram")
        close = (
            shared.group_by("id", "eval_id")
            .agg(shared=pl.len(), total=pl.col("total").first(), gram=pl.col("gram").min())
            .with_columns(score=(pl.col("shared") / pl.col("total")).round(3))
            .filter(pl.col("score") >= self.config["min_overlap"])
            .join(self._index["answers"], on="eval_id")
            .join(pairs.select("id", "a"), on="id")
        )
        agree = (pl.col("item_answer").list.len() > 0) & (
            (pl.col("item_answer").list.set_difference("a").list.len() == 0)
            | (
                (pl.col("a").list.len() > 0)
                & (pl.col("a").list.set_difference("item_answer").list.len() == 0)
            )
        )
        return close.filter(agree).select(
            "id",
            "eval_id",
            "shared",
            "gram",
            rank=pl.lit(1),
            method=pl.lit("3-gram overlap"),
            n=pl.lit(3),
            score="score",
            threshold=pl.lit(self.config["min_overlap"]),
        )

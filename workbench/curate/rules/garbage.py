"""garbage_text: degenerate generations, control characters and broken (double-decoded) encoding.

Each distinct text is checked once per batch (contexts are shared by many pairs), vectorised:
control characters, mojibake and character runs by regex; loops by word n-gram statistics.
"""

from __future__ import annotations

import string
from typing import Any, ClassVar

import polars as pl

from workbench.curate.rules.base import BuiltinRule, no_findings
from workbench.curate.rules.text import find_chars

CONTROL = r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\x{FFFD}]"
# UTF-8 read as Latin-1/cp1252: "Ã©" for "é", "â€™" for "’", a stray BOM.
MOJIBAKE = r"Ã[\x{80}-\x{BF}\x{152}-\x{178}\x{2013}-\x{203A}\x{2122}]|Â[\x{80}-\x{BF}]|â€|ï»¿"
_LOOP_N = 6
_PRIME = 1_000_003


def _runs(length: int) -> str:
    """One character (letters and ASCII symbols, not digits) repeated `length`+ times."""
    chars = string.ascii_letters + string.punctuation
    return "|".join(f"{_escape(c)}{{{length},}}" for c in chars)


def _escape(ch: str) -> str:
    return "\\" + ch if ch in r"\.^$|?*+()[]{}-&~#" else ch


class GarbageText(BuiltinRule):
    """Text no one would train on: loops, control bytes, mojibake."""

    code = "garbage_text"
    default_severity = "error"
    summary = (
        "a listed field holds control characters or U+FFFD, mojibake ('Ã©', 'â€™'), one character "
        "repeated min_char_run+ times, the same word more than max_word_run times in a row, a word "
        "6-gram more than max_ngram_repeats times (a repeated sentence), or (with min_words+ words) "
        "a share of repeated word 3-grams >= max_repeat_share. A garbled context flags every pair "
        "that uses it."
    )
    defaults: ClassVar[dict[str, Any]] = {
        "fields": ["question", "answer", "context"],
        "min_char_run": 8,
        "max_word_run": 3,
        "max_ngram_repeats": 2,
        "min_words": 8,
        "max_repeat_share": 0.5,
    }

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        parts = [self._field(batch, field) for field in self.config["fields"]]
        return pl.concat(parts) if parts else no_findings()

    def _field(self, batch: pl.DataFrame, field: str) -> pl.DataFrame:
        texts = batch.select(text=pl.col(field)).drop_nulls().unique()
        bad = self._judge(texts)
        return (
            batch.select("id", text=pl.col(field))
            .join(bad, on="text")
            .select(
                pair_id="id",
                message=pl.format("garbage text in {}: {}", pl.lit(field), "detail"),
                evidence=pl.struct(
                    field=pl.lit(field),
                    reason="reason",
                    matched="shown",
                    offset="offset",
                    repeat_share=pl.col("repeat_share").round(3),
                    max_word_run="max_run",
                    max_ngram_count="max_gram",
                    threshold=pl.lit(self.config["max_repeat_share"]),
                ).struct.json_encode(),
            )
        )

    def _judge(self, texts: pl.DataFrame) -> pl.DataFrame:
        """Per distinct text: why it is garbage (null when it is not), with the details."""
        cfg = self.config
        text = pl.col("text")
        stats = _repetition(texts).with_columns(
            pl.col("grams", "max_run", "max_gram").fill_null(0),
            pl.col("repeat_share").fill_null(0.0),
        )
        found = stats.with_columns(
            control=text.str.extract(f"({CONTROL})", 1),
            mojibake=text.str.extract(f"({MOJIBAKE})", 1),
            run=text.str.extract(f"({_runs(cfg['min_char_run'])})", 1),
        )
        control, mojibake, run = pl.col("control"), pl.col("mojibake"), pl.col("run")
        looping = (pl.col("grams") >= cfg["min_words"] - 2) & (
            pl.col("repeat_share") >= cfg["max_repeat_share"]
        )
        reason = (
            pl.when(control.is_not_null())
            .then(pl.lit("control_character"))
            .when(mojibake.is_not_null())
            .then(pl.lit("broken_encoding"))
            .when(run.is_not_null())
            .then(pl.lit("character_run"))
            .when(pl.col("max_run") > cfg["max_word_run"])
            .then(pl.lit("word_run"))
            .when(pl.col("max_gram") > cfg["max_ngram_repeats"])
            .then(pl.lit("repeated_passage"))
            .when(looping)
            .then(pl.lit("repeated_ngrams"))
        )
        # Details only for the few garbage texts.
        found = found.with_columns(reason=reason).filter(pl.col("reason").is_not_null())
        why = pl.col("reason")
        shown = pl.coalesce(
            control.map_elements(lambda c: f"U+{ord(c):04X}", return_dtype=pl.String),
            mojibake,
            run,
        )
        detail = (
            pl.when(why == "repeated_ngrams")
            .then(
                pl.format(
                    "{} of word 3-grams repeated (limit {})",
                    pl.col("repeat_share").round(2),
                    pl.lit(cfg["max_repeat_share"]),
                )
            )
            .when(why == "word_run")
            .then(pl.format("a word repeated {} times in a row", pl.col("max_run")))
            .when(why == "repeated_passage")
            .then(pl.format("a {}-word passage repeated {} times", pl.lit(_LOOP_N), "max_gram"))
            .otherwise(pl.format("{} '{}'", why.str.replace("_", " "), shown))
        )
        return found.with_columns(
            shown=shown, detail=detail, offset=find_chars(text, pl.coalesce(control, mojibake, run))
        )


def _repetition(texts: pl.DataFrame) -> pl.DataFrame:
    """Per text: word 3-grams and the share that repeat, longest one-word run, top 6-gram count.

    Words are whitespace tokens, hashed; an n-gram is a polynomial of its words' hashes
    (wrapping u64 arithmetic). One grouping by text gives the 3-gram share; a 6-gram repeats
    only where its first 3-gram does, so 6-grams are hashed for those texts alone, and runs
    and 6-gram counts are taken on the few that repeat a word or a 6-gram.
    """
    numbered = texts.with_row_index("t")
    exploded = (
        numbered.select("t", w=pl.col("text").str.to_lowercase().str.split(" "))
        .explode("w")
        .filter(pl.col("w") != "")
        .select("t", h=pl.col("w").str.strip_chars().hash())
        .with_columns(
            gram=_gram(3),
            repeat=(pl.col("h") == pl.col("h").shift(1)) & (pl.col("t") == pl.col("t").shift(1)),
        )
    )
    stats = (
        exploded.group_by("t")
        .agg(
            grams=pl.col("gram").count(),
            distinct=pl.col("gram").drop_nulls().n_unique(),
            repeats=pl.col("repeat").sum(),
        )
        .with_columns(repeat_share=1 - pl.col("distinct") / pl.col("grams").clip(1))
    )
    echoing = (pl.col("distinct") < pl.col("grams")) | (pl.col("repeats") > 0)
    candidates = exploded.join(stats.filter(echoing).select("t"), on="t").with_columns(
        long=_gram(_LOOP_N)
    )
    echoes = candidates.group_by("t").agg(
        echoes=pl.col("long").count() - pl.col("long").drop_nulls().n_unique()
    )
    stats = stats.join(echoes, on="t", how="left").with_columns(pl.col("echoes").fill_null(0))
    few = candidates.join(
        stats.filter((pl.col("echoes") > 1) | (pl.col("repeats") > 0)).select("t"), on="t"
    )
    runs = (
        few.with_columns(run=(~pl.col("repeat").fill_null(False)).cum_sum())
        .group_by("run")
        .agg(t=pl.col("t").first(), n=pl.len())
        .group_by("t")
        .agg(max_run=pl.col("n").max())
    )
    longs = (
        few.drop_nulls("long")
        .group_by("t", "long")
        .len()
        .group_by("t")
        .agg(max_gram=pl.col("len").max())
    )
    stats = stats.join(runs, on="t", how="left").join(longs, on="t", how="left")
    return numbered.join(stats, on="t", how="left").drop("t")


def _gram(n: int) -> pl.Expr:
    """Hash of the word n-gram starting at each row (null where the text ends first)."""
    h, t = pl.col("h"), pl.col("t")
    value = h
    for j in range(1, n):
        value = value * _PRIME + h.shift(-j)
    return pl.when(t.shift(-(n - 1)) == t).then(value)

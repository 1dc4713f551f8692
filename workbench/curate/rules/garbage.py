"""garbage_text: degenerate generations, control characters and broken (double-decoded) encoding."""

from __future__ import annotations

import string
from typing import Any, ClassVar

import polars as pl

from workbench.curate.rules.base import BuiltinRule, findings, no_findings
from workbench.curate.rules.text import find_chars, words

CONTROL = r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\x{FFFD}]"
# UTF-8 read as Latin-1/cp1252: "Ã©" for "é", "â€™" for "’", a stray BOM.
MOJIBAKE = r"Ã[\x{80}-\x{BF}\x{152}-\x{178}\x{2013}-\x{203A}\x{2122}]|Â[\x{80}-\x{BF}]|â€|ï»¿"


def _runs(length: int) -> str:
    """One character (letters and ASCII symbols, not digits) repeated `length`+ times."""
    chars = string.ascii_letters + "".join(c for c in string.punctuation)
    return "|".join(f"{_escape(c)}{{{length},}}" for c in chars)


def _escape(ch: str) -> str:
    return "\\" + ch if ch in r"\.^$|?*+()[]{}-&~#" else ch


class GarbageText(BuiltinRule):
    """Text no one would train on: loops, control bytes, mojibake."""

    code = "garbage_text"
    default_severity = "error"
    summary = (
        "a listed field holds control characters or U+FFFD, mojibake ('Ã©', 'â€™'), one character "
        "repeated min_char_run+ times, the same word more than max_word_run times in a row, or (with "
        "min_words+ words) a share of repeated word 3-grams >= max_repeat_share."
    )
    defaults: ClassVar[dict[str, Any]] = {
        "fields": ["question", "answer"],
        "min_char_run": 8,
        "max_word_run": 3,
        "min_words": 8,
        "max_repeat_share": 0.5,
    }

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        parts = [self._field(batch, field) for field in self.config["fields"]]
        return pl.concat(parts) if parts else no_findings()

    def _field(self, batch: pl.DataFrame, field: str) -> pl.DataFrame:
        cfg = self.config
        text = pl.col(field).fill_null("")
        stats = _repetition(batch, field)
        frame = batch.select("id", field).join(stats, on="id", how="left")
        control = text.str.extract(f"({CONTROL})", 1)
        mojibake = text.str.extract(f"({MOJIBAKE})", 1)
        run = text.str.extract(f"({_runs(cfg['min_char_run'])})", 1)
        looping = (pl.col("grams") >= cfg["min_words"] - 2) & (
            pl.col("repeat_share") >= cfg["max_repeat_share"]
        )
        stutter = pl.col("max_run") > cfg["max_word_run"]
        reason = (
            pl.when(control.is_not_null())
            .then(pl.lit("control_character"))
            .when(mojibake.is_not_null())
            .then(pl.lit("broken_encoding"))
            .when(run.is_not_null())
            .then(pl.lit("character_run"))
            .when(stutter)
            .then(pl.lit("word_run"))
            .when(looping)
            .then(pl.lit("repeated_ngrams"))
        )
        raw = pl.coalesce(control, mojibake, run)
        matched = pl.coalesce(
            control.map_elements(lambda c: f"U+{ord(c):04X}", return_dtype=pl.String),
            mojibake,
            run,
        )
        detail = (
            pl.when(reason == "repeated_ngrams")
            .then(
                pl.format(
                    "{} of word 3-grams repeated (limit {})",
                    pl.col("repeat_share").round(2),
                    pl.lit(cfg["max_repeat_share"]),
                )
            )
            .when(reason == "word_run")
            .then(pl.format("a word repeated {} times in a row", pl.col("max_run")))
            .otherwise(pl.format("{} '{}'", reason.str.replace("_", " "), matched))
        )
        return findings(
            frame,
            reason.is_not_null(),
            pl.format("garbage text in {}: {}", pl.lit(field), detail),
            {
                "field": pl.lit(field),
                "reason": reason,
                "matched": matched,
                "offset": find_chars(text, raw),
                "repeat_share": pl.col("repeat_share").round(3),
                "max_word_run": pl.col("max_run"),
                "threshold": pl.lit(cfg["max_repeat_share"]),
            },
        )


def _repetition(batch: pl.DataFrame, field: str) -> pl.DataFrame:
    """Per pair: word 3-grams, share of them that repeat, longest run of one word."""
    w = pl.col("w")
    exploded = (
        batch.select("id", words(field).alias("w"))
        .explode("w")
        .drop_nulls("w")
        .with_columns(
            gram=pl.concat_str(w, w.shift(-1).over("id"), w.shift(-2).over("id"), separator=" "),
            run_id=(w != w.shift(1).over("id")).fill_null(True).cum_sum().over("id"),
        )
    )
    runs = exploded.group_by("id", "run_id").len().group_by("id").agg(max_run=pl.col("len").max())
    grams = (
        exploded.drop_nulls("gram")
        .group_by("id")
        .agg(grams=pl.len(), distinct=pl.col("gram").n_unique())
        .with_columns(repeat_share=1 - pl.col("distinct") / pl.col("grams"))
    )
    return runs.join(grams, on="id", how="left").with_columns(
        pl.col("grams").fill_null(0), pl.col("repeat_share").fill_null(0.0)
    )

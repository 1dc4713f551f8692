"""empty_field: a question or answer that is blank or a placeholder instead of real text."""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from workbench.curate.rules.base import BuiltinRule, findings, no_findings

# Compared after trimming, lower-casing and dropping surrounding quotes.
PLACEHOLDERS = [
    "",
    "n/a",
    "na",
    "n.a.",
    "null",
    "nil",
    "nan",
    "undefined",
    "none provided",
    "<noinput>",
    "<nooutput>",
    "<no input>",
    "<no output>",
    "noinput",
    "nooutput",
    "<empty>",
    "<blank>",
    "tbd",
    "todo",
    "placeholder",
    "lorem ipsum",
]
# Template slots left unfilled: "[ANSWER]", "<insert answer here>", "{{question}}".
_SLOT = (
    r"^[\[<{(]+\s*(?:insert |your |the )?(?:answer|question|response|output|input|text|"
    r"placeholder|blank|empty)(?: here| goes here)?\s*[\]>})]+$"
)
# Nothing but punctuation or symbols: "?", "...", "--".
_NO_WORDS = r"^[\p{P}\p{S}\s]*$"


def placeholder(col: str, values: list[str]) -> pl.Expr:
    """True where the field is blank, a listed placeholder, an unfilled slot or only punctuation."""
    bare = pl.col(col).fill_null("").str.strip_chars().str.strip_chars("\"'`").str.to_lowercase()
    return bare.is_in(values) | bare.str.contains(_SLOT) | bare.str.contains(_NO_WORDS)


class EmptyField(BuiltinRule):
    """Blank or placeholder question/answer; an unanswerable pair's empty answer is an abstention."""

    code = "empty_field"
    default_severity = "error"
    summary = (
        "question or answer is blank, a placeholder ('N/A', '<noinput>', 'null', '[answer]') or "
        "only punctuation ('?', '...'); an empty answer of an unanswerable pair is fine."
    )
    defaults: ClassVar[dict[str, Any]] = {
        "fields": ["question", "answer"],
        "placeholders": PLACEHOLDERS,
    }

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        parts = []
        for field in self.config["fields"]:
            hit = placeholder(field, self.config["placeholders"])
            if field == "answer":
                hit = hit & pl.col("answerable")
            elif field == "context":
                hit = hit & pl.col("context").is_not_null()
            value = pl.col(field).fill_null("")
            parts.append(
                findings(
                    batch,
                    hit,
                    pl.format(f"{field} is empty or a placeholder: '{{}}'", value.str.slice(0, 40)),
                    {"field": pl.lit(field), "value": value.str.slice(0, 200)},
                )
            )
        return pl.concat(parts) if parts else no_findings()

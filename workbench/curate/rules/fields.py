"""empty_field: a question or answer that is blank or a placeholder instead of real text."""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from workbench.curate.rules.base import BuiltinRule, findings, no_findings
from workbench.curate.rules.text import norm

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
    "none",
    "none provided",
    "no answer",
    "no answer available",
    "not applicable",
    "not available",
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
# Answer slots left unfilled: "[ANSWER]", "<insert answer here>", "{{output}}". (An unfilled
# "<question>" is the generator echoing its template: junk_question's finding.)
_SLOT = (
    r"^[\[<{(]+\s*(?:insert |your |the )?(?:answer|response|output|placeholder|blank|empty)"
    r"(?: here| goes here)?\s*[\]>})]+$"
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
        "only punctuation ('?', '...'); an empty answer of an unanswerable pair is fine, and so is "
        "a placeholder-like answer the context itself contains ('NULL' in a passage about SQL)."
    )
    defaults: ClassVar[dict[str, Any]] = {
        "fields": ["question", "answer"],
        "placeholders": PLACEHOLDERS,
    }

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        parts = []
        for field in self.config["fields"]:
            found = batch.filter(placeholder(field, self.config["placeholders"]))
            if field == "answer":
                found = found.filter(pl.col("answerable") & ~_grounded(found))
            elif field == "context":
                found = found.filter(pl.col("context").is_not_null())
            value = pl.col(field).fill_null("")
            parts.append(
                findings(
                    found,
                    pl.lit(True),
                    pl.format(f"{field} is empty or a placeholder: '{{}}'", value.str.slice(0, 40)),
                    {"field": pl.lit(field), "value": value.str.slice(0, 200)},
                )
            )
        return pl.concat(parts) if parts else no_findings()


def _grounded(found: pl.DataFrame) -> pl.Series:
    """ "NULL" is a real answer when the context says NULL (a passage about SQL)."""
    padded = pl.concat_str(pl.lit(" "), norm("context"), pl.lit(" "))
    inside = padded.str.contains(
        pl.concat_str(pl.lit(" "), norm("answer"), pl.lit(" ")), literal=True
    )
    mask = pl.col("answer").str.contains(r"\p{L}") & inside
    return found.select(mask.fill_null(False)).to_series()

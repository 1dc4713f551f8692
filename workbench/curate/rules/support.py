"""answer_not_in_context: the answer of an extractive pair should be found in its own context.

Cheap to expensive: exact substring, then normalised (case, accents, punctuation, whitespace,
lead-ins like "Based on the passage,"), vectorised; only the rest go through rapidfuzz, whose
best-matching span is the evidence. Long answers may paraphrase, so they also pass when nearly all
their content words (and every number) occur in the context.
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from workbench.curate.rules.base import BuiltinRule, rows_to_findings
from workbench.curate.rules.fields import PLACEHOLDERS, placeholder
from workbench.curate.rules.style import LEAD_IN
from workbench.curate.rules.text import content_words, norm, norm_text, snippet, word_list

_ARTICLE = r"^(?:the|a|an) "


def core_answer(col: str = "answer") -> pl.Expr:
    """The answer without a lead-in or a final full stop: the claim to look for."""
    return (
        pl.col(col)
        .fill_null("")
        .str.replace(LEAD_IN, "")
        .str.strip_chars()
        .str.strip_chars_end(".")
    )


class AnswerNotInContext(BuiltinRule):
    """Extractive answers that the context does not contain, even approximately."""

    code = "answer_not_in_context"
    default_severity = "error"
    summary = (
        "for answerable pairs of the listed kinds that have a context: the answer is not in the "
        "context exactly, nor after normalising case, accents, punctuation and whitespace, nor "
        "fuzzily (rapidfuzz partial ratio >= min_fuzzy); answers of min_tokens+ content words also "
        "pass when min_token_support of them and every number occur in the context. Unanswerable "
        "pairs are never flagged."
    )
    defaults: ClassVar[dict[str, Any]] = {
        "kinds": ["qa"],
        "min_fuzzy": 90.0,
        "min_tokens": 2,
        "min_token_support": 0.75,
    }

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        todo = batch.filter(
            pl.col("answerable")
            & pl.col("context").is_not_null()
            & pl.col("kind").is_in(self.config["kinds"])
            & ~placeholder("answer", PLACEHOLDERS)
            & ~pl.col("context").str.contains(pl.col("answer"), literal=True)
        )
        core = core_answer()
        todo = todo.with_columns(core=core, n_core=norm(core), n_ctx=norm("context")).filter(
            (pl.col("n_core") != "")
            & ~pl.col("context").str.contains(pl.col("core"), literal=True)
            & ~pl.concat_str(pl.lit(" "), "n_ctx", pl.lit(" ")).str.contains(
                pl.concat_str(pl.lit(" "), pl.col("n_core").str.replace(_ARTICLE, ""), pl.lit(" ")),
                literal=True,
            )
        )
        rows = []
        for pair_id, answer, core_text, context in todo.select(
            "id", "answer", "core", "context"
        ).iter_rows():
            evidence = self._fuzzy(core_text, context)
            if evidence is not None:
                message = (
                    f"answer not found in its context (best fuzzy match {evidence['score']:.0f} < "
                    f"{evidence['threshold']:.0f}: '{snippet(evidence['best_match'], 40)}')"
                )
                rows.append((pair_id, message, {"answer": snippet(answer, 200), **evidence}))
        return rows_to_findings(rows)

    def _fuzzy(self, answer: str, context: str) -> dict[str, Any] | None:
        """None when the answer is supported; else the evidence of the best near-miss."""
        from rapidfuzz import fuzz

        threshold = self.config["min_fuzzy"]
        score = fuzz.partial_ratio(norm_text(answer), norm_text(context))
        if score >= threshold:
            return None
        support = _token_support(answer, context)
        enough = len([w for w in content_words(answer) if len(w) > 1]) >= self.config["min_tokens"]
        if enough and support is not None and support >= self.config["min_token_support"]:
            return None
        # Offsets into the original context: align on case-folded text of the same length.
        a, c = answer.lower(), context.lower()
        if len(c) != len(context):
            a, c = answer, context
        span = fuzz.partial_ratio_alignment(a, c)
        start, end = (span.dest_start, span.dest_end) if span else (0, 0)
        return {
            "method": "fuzzy",
            "score": round(float(score), 1),
            "threshold": threshold,
            "span": [start, end],
            "best_match": context[start:end],
            "token_support": support,
        }


def _token_support(answer: str, context: str) -> float | None:
    """Share of the answer's content words found in the context (spelling variants allowed).

    A number that is not in the context makes it 0: a wrong figure is the typical invention.
    """
    from rapidfuzz import fuzz, process

    claim = [w for w in content_words(answer) if len(w) > 1 or w.isdigit()]
    if not claim:
        return None
    vocabulary = set(word_list(context))
    found = 0
    for word in claim:
        if word in vocabulary:
            found += 1
        elif word.isdigit():
            return 0.0
        elif len(word) >= 5 and process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=85):
            found += 1
    return round(found / len(claim), 3)

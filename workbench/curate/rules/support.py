"""answer_not_in_context: the answer of an extractive pair should be found in its own context.

Cheap to expensive. Vectorised: the answer is a substring of the context, as written or after
normalising case, accents, punctuation and whitespace, or once meta talk and format debris
("Based on the passage, ...", '{"answer": ...}') are removed (verbose_answer reports those).
Per row, only for the rest: every number must occur in the context; a short answer (up to
max_span_words content words) must be a span of the context's content words, in order, allowing a
skipped word and spelling variants of long words; a longer answer may paraphrase, so it passes
when min_token_support of its content words occur. rapidfuzz's best-matching span is the evidence.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import polars as pl

from workbench.curate.rules.base import BuiltinRule, rows_to_findings
from workbench.curate.rules.fields import PLACEHOLDERS, placeholder
from workbench.curate.rules.style import core_answer
from workbench.curate.rules.text import content_words_of, norm, norm_text, snippet

_ARTICLE = r"^(?:the|a|an) "
_REPEATED_WORD = re.compile(r"\b(\w+)(?:\s+\1\b)+", re.IGNORECASE)
_REPEATED_PHRASE = re.compile(r"^\s*(.+?)(?:[\s,.;]+\1)+[\s.]*$", re.IGNORECASE | re.DOTALL)


class AnswerNotInContext(BuiltinRule):
    """Extractive answers that the context does not contain, even approximately."""

    code = "answer_not_in_context"
    default_severity = "error"
    summary = (
        "for answerable pairs of the listed kinds with a context: the answer (meta talk and "
        "repeats removed) is not in the context exactly or normalised (case, accents, punctuation, "
        "whitespace); and one of its numbers is missing, or a short answer (<= max_span_words "
        "content words) has a word missing or its words not in order at most max_gap words apart, "
        "or a longer answer has under min_token_support of its content words in the context. Words "
        "of fuzzy_word_chars+ letters match at min_word_similarity (spelling variants). "
        "Unanswerable pairs are never flagged."
    )
    defaults: ClassVar[dict[str, Any]] = {
        "kinds": ["qa"],
        "max_span_words": 4,
        "max_gap": 1,
        "min_token_support": 0.75,
        "fuzzy_word_chars": 8,
        "min_word_similarity": 85.0,
    }

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        todo = batch.filter(
            pl.col("answerable")
            & pl.col("context").is_not_null()
            & pl.col("task").is_in(self.config["kinds"])
            & ~placeholder("answer", PLACEHOLDERS)
            & ~pl.col("context").str.contains(pl.col("answer"), literal=True)
        )
        todo = todo.with_columns(core=core_answer())
        todo = todo.with_columns(n_core=norm("core"), n_ctx=norm("context")).filter(
            (pl.col("n_core") != "")
            & ~pl.col("context").str.contains(pl.col("core"), literal=True)
            & ~pl.concat_str(pl.lit(" "), "n_ctx", pl.lit(" ")).str.contains(
                pl.concat_str(pl.lit(" "), pl.col("n_core").str.replace(_ARTICLE, ""), pl.lit(" ")),
                literal=True,
            )
        )
        rows = []
        for pair_id, answer, core, context in todo.select(
            "id", "answer", "core", "context"
        ).iter_rows():
            evidence = self.judge(core, context)
            if evidence is not None:
                rows.append(
                    (pair_id, _message(evidence), {"answer": snippet(answer, 200), **evidence})
                )
        return rows_to_findings(rows)

    def judge(self, claim: str, context: str) -> dict[str, Any] | None:
        """None when the context supports the claim; else the evidence of the best near-miss."""
        from rapidfuzz import fuzz

        cfg = self.config
        claim = _collapse_repeats(claim)
        plain_claim, plain_context = norm_text(claim), norm_text(context)
        if f" {plain_claim} " in f" {plain_context} ":
            return None
        claimed = [w for w in content_words_of(plain_claim) if len(w) > 1 or w.isdigit()]
        sequence = content_words_of(plain_context)
        vocabulary = _Vocabulary(sequence, cfg["fuzzy_word_chars"], cfg["min_word_similarity"])
        missing = [w for w in claimed if not vocabulary.has(w)]
        support = round(1 - len(missing) / len(claimed), 3) if claimed else 1.0
        if any(w.isdigit() for w in missing):
            reason = "number not in context"
        elif len(claimed) <= cfg["max_span_words"]:
            if not missing and _in_order(claimed, sequence, vocabulary, cfg["max_gap"]):
                return None
            reason = "word not in context" if missing else "words not together in context"
        elif support >= cfg["min_token_support"]:
            return None
        else:
            reason = "too few words in context"
        start, end = _best_span(claim, context)
        return {
            "reason": reason,
            "missing": missing[:10],
            "token_support": support,
            "min_token_support": cfg["min_token_support"],
            "score": round(float(fuzz.partial_ratio(" ".join(claimed), " ".join(sequence))), 1),
            "span": [start, end],
            "best_match": context[start:end],
        }


def _in_order(words: list[str], sequence: list[str], vocabulary: _Vocabulary, gap: int) -> bool:
    """The words occur in this order in the sequence, at most `gap` other words apart."""
    if not words:
        return True
    for start, first in enumerate(sequence):
        if not vocabulary.same(words[0], first):
            continue
        at, ok = start, True
        for word in words[1:]:
            window = range(at + 1, min(at + 2 + gap, len(sequence)))
            at = next((i for i in window if vocabulary.same(word, sequence[i])), -1)
            if at < 0:
                ok = False
                break
        if ok:
            return True
    return False


class _Vocabulary:
    """The context's words, matched exactly, without a plural 's', or by spelling when long."""

    def __init__(self, words: list[str], fuzzy_chars: int, similarity: float) -> None:
        self.words = set(words)
        self.stems = {_stem(w) for w in words}
        self.long = [w for w in self.words if len(w) >= fuzzy_chars - 1]
        self.fuzzy_chars, self.similarity = fuzzy_chars, similarity

    def same(self, word: str, other: str) -> bool:
        """One answer word against one context word, by the same tests as `has`."""
        if word == other or (not word.isdigit() and _stem(word) == _stem(other)):
            return True
        if word.isdigit() or len(word) < self.fuzzy_chars:
            return False
        from rapidfuzz import fuzz

        return fuzz.ratio(word, other) >= self.similarity

    def has(self, word: str) -> bool:
        if word in self.words or (not word.isdigit() and _stem(word) in self.stems):
            return True
        if word.isdigit() or len(word) < self.fuzzy_chars:
            return False
        from rapidfuzz import fuzz, process

        return (
            process.extractOne(word, self.long, scorer=fuzz.ratio, score_cutoff=self.similarity)
            is not None
        )


def _collapse_repeats(text: str) -> str:
    """ "Verden Verden Verden" → "Verden": a loop is garbage_text's finding, not a new claim."""
    text = _REPEATED_WORD.sub(r"\1", text)
    whole = _REPEATED_PHRASE.match(text)
    return whole.group(1) if whole else text


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _best_span(claim: str, context: str) -> tuple[int, int]:
    """Offsets of the context span most like the claim (case-folded when lengths allow)."""
    from rapidfuzz import fuzz

    a, c = claim.lower(), context.lower()
    if len(c) != len(context):
        a, c = claim, context
    span = fuzz.partial_ratio_alignment(a, c)
    return (span.dest_start, span.dest_end) if span else (0, 0)


def _message(evidence: dict[str, Any]) -> str:
    missing = ", ".join(repr(w) for w in evidence["missing"][:3])
    detail = f"{missing} missing; " if missing else ""
    return (
        f"answer not found in its context ({evidence['reason']}; {detail}nearest: "
        f"'{snippet(evidence['best_match'], 40)}')"
    )

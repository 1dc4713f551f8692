"""How pairs are written: verbose or meta answers, long answers, junk, vague or leaky questions."""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from workbench.curate.rules.base import BuiltinRule, findings
from workbench.curate.rules.fields import PLACEHOLDERS, placeholder
from workbench.curate.rules.text import STOPWORDS, find_chars, norm, word_count, words

_SOURCE_WORDS = (
    "passage|text|context|article|document|paragraph|excerpt|extract|snippet|source text|transcript"
)
_SOURCE = f"(?:{_SOURCE_WORDS})"
_DET = r"(?:the|this|that|these)\s+(?:given\s+|provided\s+|above\s+|following\s+|supplied\s+)?"
# Lead-ins that talk about the answer instead of giving it ("Based on the passage, …").
LEAD_IN = (
    r"(?i)^\W*(?:"
    rf"(?:based on|according to|as (?:stated|mentioned|described|noted|indicated) in)\s+{_DET}{_SOURCE}\b[\s,:;-]*"
    rf"|(?:from|per|in)\s+{_DET}{_SOURCE}\s*[,:]\s*"
    r"|(?:the\s+)?(?:correct\s+|final\s+|short\s+)?answer(?:\s+to\s+(?:the|this|your)\s+question)?\s+(?:is|would be|will be)\b[\s:]*"
    r"|answer\s*[:\-]\s*"
    rf"|{_DET}{_SOURCE}\s+(?:states|says|mentions|indicates|suggests|notes|explains|tells us)(?:\s+that)?\b[\s,:]*"
    r"|(?:sure|certainly|of course|absolutely|great question|good question|okay|ok)\b[!.,]\s*"
    r"|here(?:'s| is)\s+(?:the|an|your|my)\s+answer\b[\s:,.]*"
    r")"
)
# Meta remarks anywhere in the answer, and text the generator left behind.
_META_ANYWHERE = (
    rf"(?i)\b(?:as (?:stated|mentioned|described|noted|indicated|shown) in|according to) {_DET}{_SOURCE}\b"
    r"|\bas an ai\b|\bi(?:'m| am) (?:sorry|unable)|\bi (?:cannot|can't|can not) (?:answer|determine|find)"
)
_LEFTOVER = (
    r"```|^\s*[\[{]\s*\"(?:answer|question|response|output|text)\"\s*:"
    r"|\"(?:answer|question)\"\s*:\s*\""
    r"|(?m)^\s*(?:Q|Question|A|Answer)\s*\d*\s*[:.]\s"
    r"|(?m)^\s*#{1,6}\s|\*\*[^*\n]+\*\*|(?m)^\s*[-*]\s+\S.*\n\s*[-*]\s+\S"
)
_SELF_TALK = (
    r"(?i)\bas an ai\b|\bas a language model\b|\bi(?:'m| am) (?:sorry|unable|not able)\b"
    r"|\bi apologi[sz]e\b|\bi (?:cannot|can't|can not|won't) (?:help|provide|answer|generate|create|assist)\b"
    r"|^\W*(?:sure|certainly|of course|okay|ok)\b[!.,]|\bhere (?:are|is) (?:some|a few|the|\d+|a list of|a set of)\b"
    r"|\b(?:let me|i will|i'll|i would like to) (?:generate|create|write|think|come up|provide|make)\b"
    r"|\b(?:generate|create|write) (?:\d+ |some |a few )?(?:questions|question-answer|qa pairs)\b"
    r"|^\W*(?:question|q)\s*\d+\s*[:.)]"
)
_INTERROGATIVE = (
    r"(?i)^\W*(?:\w+\W+){0,4}?(?:what|which|who|whom|whose|when|where|why|how)\b"
    r"|^\W*(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have|had|may|might|must|shall)\b"
    r"|^\W*(?:name|list|give|identify|state|describe|explain|define|summari[sz]e|compare|calculate|"
    r"find|tell|provide|outline|translate|write|classify|determine|estimate|suggest|discuss|mention|"
    r"specify|indicate|enumerate|select|choose|rewrite|convert|generate|create)\b"
)


def _vague_pattern() -> str:
    """Group 1: the reference; group 2: a following 'of' ("in the context of X" names X)."""
    preps = (
        r"(?:in|from|by|according to|based on|within|throughout|per|mentioned in|described in|"
        r"discussed in|stated in|given in|presented in|covered in|referred to in|cited in|named in|"
        r"listed in|noted in|outlined in|shown in|of)"
    )
    verbs = (
        r"(?:say|says|said|state|states|stated|mention|mentions|mentioned|describe|describes|"
        r"described|suggest|suggests|discuss|discusses|indicate|indicates|imply|implies|refer|refers|"
        r"claim|claims|note|notes|explain|explains|argue|argues|tell|tells|focus|focuses|highlight|"
        r"highlights|emphasi[sz]e|emphasi[sz]es|believe|believes|think|thinks|use|uses|want|wants)"
    )
    writer = r"(?:the|this) (?:author|writer|narrator|speaker)"
    alternatives = "|".join(
        [
            rf"\b{preps}\s+{_DET}{_SOURCE}\b",
            rf"\b{_DET}{_SOURCE}\s+{verbs}\b",
            rf"\b(?:does|did|do|is|was)\s+{_DET}{_SOURCE}\b",
            rf"\baccording to {writer}\b|\b{writer}\s+{verbs}\b|\b(?:does|did) {writer}\b",
            r"\b(?:mentioned|described|discussed|stated|given|listed) (?:above|earlier|previously)\b",
            rf"\b(?:the|this|these) (?:given|above|provided|aforementioned) (?:{_SOURCE_WORDS}|"
            r"statement|sentence|example|list|table|figure|data)\b",
        ]
    )
    return rf"(?i)({alternatives})(\s+of\b)?"


class VerboseAnswer(BuiltinRule):
    """Answers that talk about answering, or carry leftovers of the generator's output format."""

    code = "verbose_answer"
    summary = (
        "answer opens with a lead-in ('The answer to the question is', 'Based on the passage,'), "
        "makes meta remarks ('as stated in the text', 'As an AI'), or carries leftover JSON or "
        "markdown (fences, '\"answer\":', headings, bold, a trailing 'Question:'); markup only "
        "counts for the listed kinds."
    )
    defaults: ClassVar[dict[str, Any]] = {"markup_kinds": ["qa"]}

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        answer = pl.col("answer").fill_null("")
        lead = answer.str.extract(LEAD_IN, 0)
        meta = answer.str.extract(_META_ANYWHERE, 0)
        markup = pl.when(pl.col("kind").is_in(self.config["markup_kinds"])).then(
            answer.str.extract(_LEFTOVER, 0)
        )
        matched = pl.coalesce(lead, meta, markup)
        why = (
            pl.when(lead.is_not_null())
            .then(pl.lit("lead-in"))
            .when(meta.is_not_null())
            .then(pl.lit("meta remark"))
            .otherwise(pl.lit("leftover markup"))
        )
        hit = matched.is_not_null() & pl.col("answerable")
        return findings(
            batch,
            hit,
            pl.format("verbose or meta answer ({}): '{}'", why, matched.str.strip_chars()),
            {
                "kind": why,
                "matched": matched,
                "offset": find_chars(answer, matched),
            },
        )


class LongAnswer(BuiltinRule):
    """Answers past a word limit: for extractive QA they are rarely the answer and often a copy."""

    code = "long_answer"
    summary = "answer has more words than max_words (for the listed kinds only)."
    defaults: ClassVar[dict[str, Any]] = {"max_words": 60, "kinds": ["qa"]}

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        limit = self.config["max_words"]
        n = word_count("answer")
        hit = (n > limit) & pl.col("kind").is_in(self.config["kinds"])
        return findings(
            batch,
            hit,
            pl.format("answer has {} words (limit {})", n, pl.lit(limit)),
            {"words": n, "threshold": pl.lit(limit)},
        )


class JunkQuestion(BuiltinRule):
    """Questions that are not questions: generator self-talk, refusals, statements, fragments."""

    code = "junk_question"
    default_severity = "error"
    summary = (
        "question is LLM self-talk or a refusal ('As an AI language model', 'I'm sorry', 'Here are "
        "5 questions'), has fewer than min_words words, or (for question_kinds) is a statement: "
        "no '?', no question word, no imperative."
    )
    defaults: ClassVar[dict[str, Any]] = {"min_words": 3, "question_kinds": ["qa"]}

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        q = pl.col("question").fill_null("")
        talk = q.str.extract(_SELF_TALK, 0)
        n = word_count("question")
        short = n < self.config["min_words"]
        statement = (
            pl.col("kind").is_in(self.config["question_kinds"])
            & ~q.str.contains(r"\?")
            & ~q.str.contains(_INTERROGATIVE)
        )
        # An empty or placeholder question is empty_field's finding, not this one.
        blank = placeholder("question", PLACEHOLDERS)
        why = (
            pl.when(talk.is_not_null())
            .then(pl.format("self-talk or refusal: '{}'", talk))
            .when(short)
            .then(
                pl.format("too short: {} words (minimum {})", n, pl.lit(self.config["min_words"]))
            )
            .otherwise(pl.lit("not a question: no '?', question word or instruction verb"))
        )
        reason = (
            pl.when(talk.is_not_null())
            .then(pl.lit("self_talk"))
            .when(short)
            .then(pl.lit("too_short"))
            .otherwise(pl.lit("not_a_question"))
        )
        hit = (talk.is_not_null() | short | statement) & ~blank
        return findings(
            batch,
            hit,
            pl.format("junk question ({})", why),
            {"reason": reason, "matched": talk, "words": n},
        )


class VagueReference(BuiltinRule):
    """Questions that point at "the passage" instead of naming their subject: useless without it."""

    code = "vague_reference"
    summary = (
        "question refers to its source instead of its subject: 'in the passage', 'according to the "
        "text', 'what does the article say', 'the author' (not 'the author of X'), 'mentioned "
        "above'; for the listed kinds."
    )
    defaults: ClassVar[dict[str, Any]] = {"kinds": ["qa"]}

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        q = pl.col("question").fill_null("")
        pattern = _vague_pattern()
        matched = q.str.extract(pattern, 1)
        names_subject = q.str.extract(pattern, 2).is_not_null()
        hit = matched.is_not_null() & ~names_subject & pl.col("kind").is_in(self.config["kinds"])
        return findings(
            batch,
            hit,
            pl.format("question refers to its source instead of its subject: '{}'", matched),
            {"matched": matched, "offset": find_chars(q, matched)},
        )


class AnswerInQuestion(BuiltinRule):
    """The question gives its own answer away, so the pair teaches nothing."""

    code = "answer_in_question"
    summary = (
        "the normalised answer appears as whole words in the normalised question; answers shorter "
        "than min_chars, made only of function words, or one of the options of an 'X or Y' "
        "question (when skip_choice is on) are not flagged."
    )
    defaults: ClassVar[dict[str, Any]] = {"min_chars": 3, "skip_choice": True}

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        a, q = norm("answer"), norm("question")
        answer_words = words("answer")
        has_content = answer_words.list.eval(pl.element().is_in(list(STOPWORDS)).not_()).list.any()
        inside = pl.concat_str(pl.lit(" "), q, pl.lit(" ")).str.contains(
            pl.concat_str(pl.lit(" "), a, pl.lit(" ")), literal=True
        )
        choice = pl.lit(bool(self.config["skip_choice"])) & pl.col("question").str.contains(
            r"(?i)\bor\b"
        )
        hit = (
            pl.col("answerable")
            & (a.str.len_chars() >= self.config["min_chars"])
            & has_content
            & inside
            & ~choice
            & ~placeholder("answer", PLACEHOLDERS)
        )
        return findings(
            batch,
            hit,
            pl.format("question contains its answer: '{}'", pl.col("answer").str.slice(0, 60)),
            {"answer": a, "question": q},
        )

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
_REFERS = (
    r"(?:as (?:stated|mentioned|described|noted|indicated|shown|given) in|according to|based on)"
)
# Talk about the answer instead of the answer: lead-ins, "the answer is", sign-offs. Anywhere.
META = (
    r"(?i)"
    rf"\b{_REFERS}\s+{_DET}{_SOURCE}(?:\s+(?:provided|given|above))?\b[\s,:;-]*"
    rf"|^\W*(?:from|per|in)\s+{_DET}{_SOURCE}(?:\s+(?:provided|given|above))?\s*[,:]\s*"
    r"|\b(?:the\s+)?(?:correct\s+|final\s+|short\s+|right\s+)?answer(?:\s+to\s+(?:the|this|your)\s+question)?\s+(?:is|would be|will be)\b[\s:]*"
    r"|^\W*(?:\*\*)?answer\s*(?:\*\*)?\s*[:\-]\s*(?:\*\*)?\s*"
    rf"|\b{_DET}{_SOURCE}\s+(?:states|says|mentions|indicates|suggests|notes|explains|tells us)(?:\s+that)?\b[\s,:]*"
    r"|\b(?:we|you|one) can (?:see|tell|infer|conclude|say)(?: that)?\b\s*"
    r"|\bit (?:is clear|can be seen|can be inferred|is evident)(?: that)?\b\s*"
    r"|^\W*(?:sure|certainly|of course|absolutely|great question|good question|okay|ok)\b[!.,]\s*"
    r"|\bhere(?:'s| is)\s+(?:the|an|your|my)\s+answer\b[\s:,.]*"
    r"|[\s.,!]*\b(?:i hope (?:this|that) helps|hope this helps|let me know if\b[^.!\n]*|feel free to\b[^.!\n]*)[.!]*\s*$"
)
# Refusals and assistant talk in an answer.
_ASSISTANT = (
    r"(?i)\bas an ai\b|\bas a language model\b|\bi(?:'m| am) (?:sorry|unable|not able)\b"
    r"|\bi apologi[sz]e\b|\b(?:i|we) (?:cannot|can't|can not|don't have|do not have) (?:answer|determine|find|provide|help|access|verify|browse)"
)
# Output-format debris: code fences, JSON keys, markdown, a next "Question:" the model ran on into.
_LEFTOVER = (
    r"```|^\s*[\[{]\s*\"(?:answer|question|response|output|text)\"\s*:"
    r"|\"(?:answer|question)\"\s*:\s*\""
    r"|(?m)^\s*(?:Q|Question|A|Answer)\s*\d*\s*[:.]\s"
    r"|(?m)^\s*#{1,6}\s|\*\*[^*\n]+\*\*|(?m)^\s*[-*]\s+\S.*\n\s*[-*]\s+\S"
)
_JSON_VALUE = r"\"(?:answer|output|response|text)\"\s*:\s*\"((?:[^\"\\]|\\.)*)\""


def core_answer(col: str = "answer") -> pl.Expr:
    """What an answer claims once format debris and meta talk are gone: the text to ground."""
    text = pl.col(col).fill_null("")
    unwrapped = pl.coalesce(text.str.extract(_JSON_VALUE, 1), text)
    return (
        unwrapped.str.replace_all(r"\x1b\[[0-9;]*[A-Za-z]|[\x00-\x08\x0B-\x1F\x7F]", "")
        .str.replace_all(r"```[A-Za-z]*", " ")
        .str.replace_all(r"\*\*|__", "")
        .str.replace_all(META, " ")
        .str.replace_all(r"^[\s{}\[\]\"'`:,.!-]+|[\s{}\[\]\"'`:,.!-]+$", "")
    )


_SELF_TALK = (
    r"(?i)\bas an ai\b|\bas a language model\b|\bi(?:'m| am) (?:sorry|unable|not able)\b"
    r"|\bi apologi[sz]e\b|\bi (?:cannot|can't|can not|won't) (?:help|provide|answer|generate|create|assist)\b"
    r"|^\W*(?:sure|certainly|of course|okay|ok)\b[!.,]|\bhere (?:are|is) (?:some|a few|the|\d+|a list of|a set of)\b"
    r"|\bhere(?:'s| is| are)\s+(?:\w+\s+){0,3}?questions?\b"
    r"|\b(?:let me|i will|i'll|i would like to) (?:generate|create|write|think|come up|provide|make)\b"
    r"|\b(?:generate|create|write|ask) (?:\d+ |some |a few |a |one |another |more )?(?:questions?|question-answer|qa pairs?)\b"
    r"|^\W*(?:question|q)\s*\d+\s*[:.)]|^\W*(?:question|q)\s*\d*\s*[:.)]\s*(?:question|q)\s*\d*\s*[:.)]"
    r"|^\s*[\[<{]+\s*(?:question|query|prompt|instruction)\s*[\]>}]+\s*$"
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
            rf"\b(?:according to|by|from) {writer}\b|\b{writer}\s+{verbs}\b|\b(?:does|did) {writer}\b",
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
        "answer talks about answering ('The answer to the question is', 'Based on the passage,', "
        "'I hope this helps'), refuses or speaks as an assistant ('As an AI', 'I'm sorry'), or "
        "carries leftover JSON or markdown (fences, '\"answer\":', headings, bold, a trailing "
        "'Question:'); markup counts only for markup_kinds (code and lists are normal elsewhere)."
    )
    defaults: ClassVar[dict[str, Any]] = {"markup_kinds": ["qa"]}

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        answer = pl.col("answer").fill_null("")
        json_key = r"^\s*(?:```\w*\s*)?[\[{]\s*\"(?:answer|question|response|output|text)\"\s*:"
        parts = {
            "meta": answer.str.extract(META, 0),
            "assistant": answer.str.extract(_ASSISTANT, 0),
            "json": answer.str.extract(json_key, 0),
            "markup": pl.when(pl.col("task").is_in(self.config["markup_kinds"])).then(
                answer.str.extract(_LEFTOVER, 0)
            ),
        }
        matched = pl.coalesce(*parts.values())
        why = pl.coalesce(
            *(pl.when(expr.is_not_null()).then(pl.lit(name)) for name, expr in parts.items())
        )
        hit = matched.is_not_null() & pl.col("answerable")
        return findings(
            batch,
            hit,
            pl.format("verbose or meta answer ({}): '{}'", why, matched.str.strip_chars()),
            {"kind": why, "matched": matched, "offset": find_chars(answer, matched)},
        )


class LongAnswer(BuiltinRule):
    """Answers past a word limit: for extractive QA they are rarely the answer and often a copy."""

    code = "long_answer"
    summary = "answer has more words than max_words (for the listed kinds only)."
    defaults: ClassVar[dict[str, Any]] = {"max_words": 60, "kinds": ["qa"]}

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        limit = self.config["max_words"]
        n = word_count("answer")
        hit = (n > limit) & pl.col("task").is_in(self.config["kinds"])
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
            pl.col("task").is_in(self.config["question_kinds"])
            & ~q.str.contains(r"\?")
            & ~q.str.contains(_INTERROGATIVE)
        )
        # An empty or placeholder question is empty_field's finding, not this one.
        blank = placeholder("question", PLACEHOLDERS) & talk.is_null()
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
        # Self-talk ("Here are questions based on the text") is junk_question's finding.
        talk = q.str.contains(_SELF_TALK)
        hit = (
            matched.is_not_null()
            & ~names_subject
            & ~talk
            & pl.col("task").is_in(self.config["kinds"])
        )
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
        "than min_chars or made only of function words are not flagged; an 'X or Y' question that "
        "offers the answer as an option counts (skip_choice = true exempts it)."
    )
    defaults: ClassVar[dict[str, Any]] = {"min_chars": 3, "skip_choice": False, "kinds": ["qa"]}

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
            & pl.col("task").is_in(self.config["kinds"])
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
            {
                "answer": a,
                "question": q,
                "offset": find_chars(
                    pl.col("question").str.to_lowercase(),
                    pl.col("answer").str.to_lowercase().str.strip_chars(),
                ),
            },
        )

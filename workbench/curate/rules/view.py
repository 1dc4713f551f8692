"""How the built-in rules see a pair: inline chat context split off, and each pair's task.

Chat data for reading comprehension often carries the passage inside the user turn
("Context: … Question: …", or the passage, a blank line, then the question). Rules about
questions and grounding need the two apart, so the view splits such a turn at its last
"Question:" label, else at its last blank line when a passage (min 15 words) precedes it; a
turn that ends right after its passage has an empty question.

`task` is what rules with a `kinds` setting match: "qa" for qa pairs and for instruction or
chat pairs that ask about a context (their instruction does not start with a task verb such as
"Summarise" or "Translate"); otherwise the pair's kind.
"""

from __future__ import annotations

import polars as pl

_LABELLED = r"(?is)^(.*\S)\s*\n[ \t]*(?:question|q)[ \t]*:[ \t]*(.*)$"
_PARAGRAPHS = r"(?s)^(.*\S)[ \t]*\n[ \t]*\n\s*(.*)$"
_CONTEXT_LABEL = r"(?i)^\s*(?:context|passage|text|document|article)\s*:\s*"
TASK_VERBS = (
    r"(?i)^\W*(?:summari[sz]e|translate|rewrite|paraphrase|classify|categori[sz]e|write|generate|"
    r"create|compose|convert|correct|edit|format|simplify|shorten|expand|continue|complete|sort|"
    r"tag|label|proofread|draft)\b"
)


def pair_view(batch: pl.DataFrame) -> pl.DataFrame:
    """The batch with question/context split for inline-context chat turns, plus `task`."""
    q = pl.col("question").fill_null("")
    inline = pl.col("context").is_null() & (pl.col("kind") == "chat")
    labelled = q.str.extract_groups(_LABELLED)
    paragraphs = q.str.extract_groups(_PARAGRAPHS)
    long_enough = paragraphs.struct.field("1").str.count_matches(r"\S+") >= 15
    split_ctx = pl.coalesce(
        labelled.struct.field("1"),
        pl.when(long_enough).then(paragraphs.struct.field("1")),
    )
    split_q = pl.coalesce(
        labelled.struct.field("2"),
        pl.when(long_enough).then(paragraphs.struct.field("2")),
    )
    use = inline & split_q.is_not_null()
    viewed = batch.with_columns(
        question=pl.when(use).then(split_q.str.strip_chars()).otherwise(pl.col("question")),
        context=pl.when(use)
        .then(split_ctx.str.replace(_CONTEXT_LABEL, "").str.strip_chars())
        .otherwise(pl.col("context")),
    )
    reading = pl.col("context").is_not_null() & ~pl.col("question").fill_null("").str.contains(
        TASK_VERBS
    )
    return viewed.with_columns(
        task=pl.when((pl.col("kind") == "qa") | reading)
        .then(pl.lit("qa"))
        .otherwise(pl.col("kind"))
    )

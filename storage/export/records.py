"""How one exported row becomes a record of each JSON format (the field layouts live here).

Prompt templates, documented once (the same plain template and user turn training uses):
- a pair with a context:   prompt "Context: {context}\n\nQuestion: {question}\nAnswer:"
                           completion " {answer}" (the leading space keeps the tokens natural)
- a pair without context:  prompt "{question}", completion "{answer}"
- chat `messages`: the pair's earlier turns (meta.history), then the user turn (with a context:
  "Context:\n{context}\n\nQuestion: {question}") and the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import orjson
import pyarrow as pa

from storage.export.query import Column
from storage.formats.shapes import _ASSISTANT_ROLES, _USER_ROLES, PairError, _content

Row = dict[str, Any]
USER_TEMPLATE = "Context:\n{context}\n\nQuestion: {question}"
PROMPT_TEMPLATE = "Context: {context}\n\nQuestion: {question}\nAnswer:"
# Named fields of a native record: meta keys with these names (or names that would make the
# importer read the file as another shape) are kept under "meta" instead of at the top level.
NATIVE_FIELDS = ("question", "answer", "context", "kind", "doc_id", "chunk_id")
_RESERVED = frozenset(
    (
        *NATIVE_FIELDS,
        "is_impossible",
        "answerable",
        "meta",
        "messages",
        "conversations",
        "instruction",
    )
)
# Chat roles as the importer reads them (ShareGPT's human/gpt too), written the OpenAI way.
_ROLES = {**dict.fromkeys(_USER_ROLES, "user"), **dict.fromkeys(_ASSISTANT_ROLES, "assistant")}
# Analysis fields that only make sense when set (the original text of an edited pair).
_OMIT_WHEN_NULL = ("original_question", "original_answer")


def rows(batch: pa.RecordBatch, columns: Sequence[Column]) -> list[Row]:
    """A batch's rows as dicts, with JSON-text columns parsed into values."""
    parsed = [c.name for c in columns if c.json]
    out = batch.to_pylist()
    for row in out:
        for name in parsed:
            if row.get(name) is not None:
                row[name] = orjson.loads(row[name])
    return out


def _analysis(row: Row, names: Sequence[str]) -> Row:
    return {n: row[n] for n in names if not (n in _OMIT_WHEN_NULL and row.get(n) is None)}


def _user_turn(row: Row) -> str:
    if row["context"]:
        return USER_TEMPLATE.format(context=row["context"], question=row["question"])
    return row["question"]


def native(row: Row, extra: Sequence[str]) -> Row:
    """The flat record `workbench import` reads back exactly: named fields, then meta's own."""
    rec: Row = {name: row[name] for name in NATIVE_FIELDS}
    if not row["answerable"]:
        rec["is_impossible"] = True
    kept: Row = {}
    reserved = _RESERVED.union(extra)
    for key, value in (row["meta"] or {}).items():
        if key in reserved:
            kept[key] = value
        else:
            rec[key] = value
    if kept:
        rec["meta"] = kept
    rec.update(_analysis(row, extra))
    return rec


def prompt_completion(row: Row, extra: Sequence[str]) -> Row:
    """{"prompt", "completion"} with the template in the module docstring."""
    if row["context"]:
        prompt = PROMPT_TEMPLATE.format(context=row["context"], question=row["question"])
        rec: Row = {"prompt": prompt, "completion": f" {row['answer']}" if row["answer"] else ""}
    else:
        rec = {"prompt": row["question"], "completion": row["answer"]}
    rec.update(_analysis(row, extra))
    return rec


def _history(meta: Any) -> list[Row]:
    """Earlier chat turns the importer kept in meta, read the way it read them, as role/content."""
    history = meta.get("history") if isinstance(meta, dict) else None
    turns: list[Row] = []
    for message in history if isinstance(history, list) else []:
        try:
            role, content = _content(message, "history")
        except PairError:
            continue
        turns.append({"role": _ROLES.get(role, role), "content": content})
    return turns


def messages(row: Row, extra: Sequence[str]) -> Row:
    """{"messages": [...]}: chat history (for chat pairs), the user turn, the answer."""
    turns = _history(row["meta"]) if row["kind"] == "chat" else []
    turns += [
        {"role": "user", "content": _user_turn(row)},
        {"role": "assistant", "content": row["answer"]},
    ]
    rec: Row = {"messages": turns}
    rec.update(_analysis(row, extra))
    return rec


def alpaca(row: Row, extra: Sequence[str]) -> Row:
    """{"instruction", "input", "output"}: the context is the input."""
    rec: Row = {
        "instruction": row["question"],
        "input": row["context"] or "",
        "output": row["answer"],
    }
    rec.update(_analysis(row, extra))
    return rec


def squad_qa(row: Row, extra: Sequence[str]) -> Row:
    """One SQuAD v2 question: id = pair id; answer_start is the answer's offset or -1.

    SQuAD v2 gives an unanswerable question no answers; a text the pair still carries goes to
    `plausible_answers`, as in the SQuAD v2 files.
    """
    answer = row["answer"]
    found = [{"text": answer, "answer_start": row["context"].find(answer) if answer else -1}]
    rec: Row = {"id": row["pair_id"], "question": row["question"]}
    if row["answerable"]:
        rec.update(answers=found, is_impossible=False)
    else:
        rec.update(answers=[], is_impossible=True)
        if answer:
            rec["plausible_answers"] = found
    rec.update(_analysis(row, extra))
    return rec


SHAPERS: dict[str, Callable[[Row, Sequence[str]], Row]] = {
    "jsonl": native,
    "prompt-completion": prompt_completion,
    "messages": messages,
    "alpaca": alpaca,
    "squad": squad_qa,
}

"""Record shapes: how the fields of a record become a pair (question, answer, context, kind, meta).

A file's shape is detected once from a sample of its records, so every record of the file is read
the same way; a record that does not fit becomes an error that names the missing field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from storage.errors import FormatError
from storage.formats.chatsplit import split_chat
from storage.formats.jsontext import ArrayError, Piece, dumps, iter_items
from storage.formats.records import Record, describe_type

SHAPES = ("qa", "alpaca", "messages", "sharegpt", "generator")
TARGETS = ("question", "answer", "context", "doc_id", "chunk", "kind")
ALIASES: dict[str, tuple[str, ...]] = {
    "question": ("question", "query", "q", "prompt", "input_question"),
    "answer": (
        "answer",
        "answers",
        "response",
        "completion",
        "output",
        "a",
        "target",
        "answer_text",
    ),
    "context": ("context", "passage", "document", "paragraph", "text", "source_text", "chunk_text"),
    "doc_id": ("doc_id", "document_id", "doc", "title", "source_id"),
    "chunk": ("chunk_id", "chunk", "chunk_index", "paragraph_id"),
    "kind": ("kind",),
}
GENERATOR_FIELDS = (
    "output",
    "response",
    "generation",
    "completion",
    "pairs",
    "qa_pairs",
    "questions",
    "text",
)
KINDS = ("qa", "instruction", "chat")
_FENCE_OPEN = re.compile(r"```[A-Za-z0-9_-]*[ \t]*\n?")
_OBJECT_START = re.compile(r'\{\s*"(?:question|query|q|prompt)"')
_USER_ROLES = {"user", "human"}
_ASSISTANT_ROLES = {"assistant", "gpt", "bot", "model", "chatgpt"}


@dataclass(slots=True)
class Pair:
    """A canonical pair, ready for the staging table."""

    line: int | None
    location: str
    question: str
    answer: str
    context: str | None
    answerable: bool
    kind: str
    doc_id: str | None
    chunk: str | None
    meta: dict[str, Any]


@dataclass
class Shape:
    """The shape of a file's records plus the field mapping that reads them."""

    name: str
    mapping: dict[str, str] = field(default_factory=dict)
    generator_field: str | None = None


def _classify(rec: dict[str, Any], mapping: dict[str, str]) -> str | None:
    if "question" in mapping or "answer" in mapping:
        return "qa"
    if isinstance(rec.get("messages"), list):
        return "messages"
    if isinstance(rec.get("conversations"), list):
        return "sharegpt"
    if "instruction" in rec:
        return "alpaca"
    has_q = any(k in rec for k in ALIASES["question"])
    has_a = any(k in rec for k in ALIASES["answer"])
    if has_q and has_a:
        return "qa"
    if _generator_field(rec) is not None:
        return "generator"
    return None


def _generator_field(rec: dict[str, Any]) -> str | None:
    for key in GENERATOR_FIELDS:
        value = rec.get(key)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return key
        if isinstance(value, str):
            body = _json_body(value)
            if body.startswith("[") or _OBJECT_START.match(body):
                return key
    return None


def _json_body(text: str) -> str:
    """The JSON in a model's reply: the text itself, or what a ```json fence holds, wherever the
    fence sits and even when the reply was cut off before the closing fence."""
    body = text.strip()
    if body.startswith(("[", "{")):
        return body
    match = _FENCE_OPEN.search(body)
    if match is None:
        return body
    inner = body[match.end() :]
    end = inner.find("```")
    return (inner if end < 0 else inner[:end]).strip()


def detect_shape(
    sample: list[dict[str, Any]],
    where: str,
    forced: str | None = None,
    mapping: dict[str, str] | None = None,
) -> Shape:
    """Pick the shape of a file from its first records; refuse clearly when they disagree."""
    mapping = dict(mapping or {})
    if forced is not None:
        name = forced
    else:
        votes = Counter(_classify(rec, mapping) for rec in sample)
        known = {k: v for k, v in votes.items() if k is not None}
        if not known:
            keys = sorted({k for rec in sample[:20] for k in rec})
            raise FormatError(
                f"{where}: cannot tell which fields hold the question and answer (fields: "
                f"{', '.join(keys) or 'none'}); pass --map question=FIELD --map answer=FIELD"
            )
        ranked = sorted(known.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[1][1] >= max(2, 0.1 * len(sample)):
            found = ", ".join(f"{k} ({v} records)" for k, v in ranked)
            raise FormatError(f"{where}: records have mixed shapes: {found}; pass --format SHAPE")
        name = ranked[0][0]
    shape = Shape(name)
    if name == "qa":
        keys = {k for rec in sample for k in rec}
        for target, aliases in ALIASES.items():
            if target in mapping:
                if sample and mapping[target] not in keys:
                    raise FormatError(
                        f"{where}: --map {target}={mapping[target]}: no field '{mapping[target]}' "
                        f"(fields: {', '.join(sorted(keys))})"
                    )
                continue
            taken = set(mapping.values())
            found = next((a for a in aliases if a in keys and a not in taken), None)
            if found is not None:
                mapping[target] = found
        shape.mapping = mapping
    elif name == "generator":
        shape.generator_field = next(
            (f for rec in sample if (f := _generator_field(rec))), "output"
        )
        shape.mapping = {
            t: next(
                (
                    a
                    for a in ALIASES[t]
                    if any(a in r for r in sample) and a != shape.generator_field
                ),
                "",
            )
            for t in ("context", "doc_id", "chunk")
        }
    return shape


class PairError(Exception):
    """A record that cannot become a pair; carries the field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _text(value: Any, name: str, required: bool = True, numbers: bool = False) -> str | None:
    if value is None:
        if required:
            raise PairError(f"missing required field '{name}'", name)
        return None
    if isinstance(value, str):
        return value
    if numbers and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise PairError(f"field '{name}' must be text, got {describe_type(value)}", name)


def _opt_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def _merge_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Merge a `meta` field holding an object (or its JSON text, as `workbench export` writes it
    in tables) into meta instead of nesting it, so an export re-imports exactly."""
    value = meta.get("meta")
    if isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            return meta
    if not isinstance(value, dict):
        return meta
    return {**{k: v for k, v in meta.items() if k != "meta"}, **value}


def to_pairs(rec: Record, shape: Shape) -> Iterator[Pair | Record]:
    """Turn one record into pairs, or into error records that keep the raw text."""
    data = rec.data or {}
    try:
        if shape.name == "qa":
            yield _qa(rec, data, shape.mapping)
        elif shape.name == "alpaca":
            yield _alpaca(rec, data)
        elif shape.name in ("messages", "sharegpt"):
            yield _chat(rec, data, "messages" if shape.name == "messages" else "conversations")
        else:
            yield from _generator(rec, data, shape)
    except PairError as exc:
        yield Record(rec.line, rec.location, raw=_raw(data), error=str(exc), field=exc.field)


def _raw(value: Any) -> str:
    return dumps(value)


def _answer_value(value: Any) -> tuple[Any, bool, dict[str, Any]]:
    """Read SQuAD-style `answers` ({text: [...]} or [{text}]) as well as plain text."""
    if isinstance(value, dict) and "text" in value:
        texts = value.get("text") or []
        extra = {"answer_start": (value.get("answer_start") or [None])[0]} if texts else {}
        return (texts[0] if texts else ""), bool(texts), extra
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return value[0].get("text"), True, {}
    if isinstance(value, list) and not value:
        return "", False, {}
    return value, True, {}


def _flag(value: Any) -> bool | None:
    """A true/false column as JSON, CSV text ("false", "0", "no") or a number writes it."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "1", "yes", "y", "t"):
            return True
        if word in ("false", "0", "no", "n", "f"):
            return False
    return None


def _unplaced(data: dict[str, Any], context: str | None, mapping: dict[str, str]) -> dict[str, Any]:
    """Doc id and chunk are stored on the context; a pair without one keeps them in meta."""
    if context and context.strip():
        return {}
    keys = (mapping.get("doc_id"), mapping.get("chunk"))
    return {k: data[k] for k in keys if k and data.get(k) not in (None, "")}


def _qa(rec: Record, data: dict[str, Any], mapping: dict[str, str]) -> Pair:
    qkey, akey = mapping.get("question"), mapping.get("answer")
    if qkey is None or qkey not in data:
        raise PairError(f"missing required field '{qkey or 'question'}'", qkey or "question")
    raw_answer, answerable, extra = _answer_value(data.get(akey) if akey else None)
    if _flag(data.get("is_impossible")) is True or _flag(data.get("answerable")) is False:
        answerable = False
    if not answerable and raw_answer is None:
        raw_answer = ""
    used = {v for v in mapping.values()} | {"is_impossible", "answerable"}
    meta = _merge_meta({k: v for k, v in data.items() if k not in used})
    meta.update({k: v for k, v in extra.items() if v is not None})
    context = _text(
        data.get(mapping.get("context", "")), mapping.get("context", "context"), required=False
    )
    kind = data.get(mapping.get("kind", "kind"))
    if kind not in KINDS:
        if kind is not None:
            meta["kind"] = kind
        kind = "qa" if context else "instruction"
    meta.update(_unplaced(data, context, mapping))
    return Pair(
        rec.line,
        rec.location,
        _text(data.get(qkey), qkey),
        _text(raw_answer, akey or "answer", numbers=True),
        context,
        answerable,
        kind,
        _opt_text(data.get(mapping.get("doc_id", ""))),
        _opt_text(data.get(mapping.get("chunk", ""))),
        meta,
    )


def _alpaca(rec: Record, data: dict[str, Any]) -> Pair:
    out_key = "output" if "output" in data else "response"
    meta = {k: v for k, v in data.items() if k not in ("instruction", "input", out_key)}
    context = _text(data.get("input"), "input", required=False) or None
    return Pair(
        rec.line,
        rec.location,
        _text(data.get("instruction"), "instruction"),
        _text(data.get(out_key), out_key, numbers=True),
        context,
        True,
        "instruction",
        None,
        None,
        meta,
    )


def _content(message: Any, where: str) -> tuple[str, str]:
    if not isinstance(message, dict):
        raise PairError(
            f"{where}: each message must be an object, got {describe_type(message)}", where
        )
    role = message.get("role", message.get("from"))
    content = message.get("content", message.get("value"))
    if isinstance(content, list):
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    if not isinstance(role, str) or not isinstance(content, str):
        raise PairError(f"{where}: each message needs a text 'role' and 'content'", where)
    return role.lower(), content


def _chat(rec: Record, data: dict[str, Any], key: str) -> Pair:
    messages = data.get(key)
    if not isinstance(messages, list):
        raise PairError(f"missing required field '{key}'", key)
    turns = [_content(m, key) for m in messages]
    last_a = max((i for i, (role, _) in enumerate(turns) if role in _ASSISTANT_ROLES), default=None)
    if last_a is None:
        raise PairError(f"field '{key}' has no assistant message", key)
    last_u = max(
        (i for i, (role, _) in enumerate(turns[:last_a]) if role in _USER_ROLES), default=None
    )
    if last_u is None:
        raise PairError(f"field '{key}' has no user message before the assistant's", key)
    meta = {k: v for k, v in data.items() if k != key}
    if last_u > 0:
        meta["history"] = messages[:last_u]
    if last_a + 1 < len(messages):
        meta["after"] = messages[last_a + 1 :]
    meta["chat_format"] = key
    user = turns[last_u][1]
    context, question = split_chat(
        user, [text for role, text in turns[:last_u] if role == "system"]
    )
    if question != user:
        meta["user_message"] = user
    return Pair(
        rec.line,
        rec.location,
        question,
        turns[last_a][1],
        context,
        True,
        "chat",
        None,
        None,
        meta,
    )


def _generator(rec: Record, data: dict[str, Any], shape: Shape) -> Iterator[Pair | Record]:
    gen_key = shape.generator_field or "output"
    value = data.get(gen_key)
    base = {k: v for k, v in data.items() if k != gen_key and k not in shape.mapping.values()}
    context = _text(data.get(shape.mapping.get("context") or ""), "context", required=False)
    doc_id = _opt_text(data.get(shape.mapping.get("doc_id") or ""))
    chunk = _opt_text(data.get(shape.mapping.get("chunk") or ""))
    base.update(_unplaced(data, context, shape.mapping))
    if isinstance(value, list):
        pieces = [Piece(0, item) for item in value]
    elif isinstance(value, str):
        try:
            pieces = list(iter_items(_json_body(value)))
        except ArrayError:
            raise PairError(
                f"field '{gen_key}' is not a JSON list of question/answer objects", gen_key
            ) from None
    else:
        raise PairError(
            f"field '{gen_key}' must be a JSON list of question/answer objects", gen_key
        )
    qa_keys = {"question": ALIASES["question"], "answer": ALIASES["answer"]}
    for index, piece in enumerate(pieces, start=1):
        where = f"{rec.location}, {gen_key} item {index}"
        item = piece.value
        if piece.error is not None:
            yield Record(
                rec.line,
                where,
                raw=piece.raw,
                error=f"field '{gen_key}' item {index}: {piece.error}",
                field=gen_key,
            )
            continue
        if not isinstance(item, dict):
            yield Record(
                rec.line,
                where,
                raw=_raw(item),
                error="expected a question/answer object",
                field=gen_key,
            )
            continue
        found = {t: next((a for a in aliases if a in item), None) for t, aliases in qa_keys.items()}
        try:
            question = _text(item.get(found["question"] or ""), "question")
            answer = _text(item.get(found["answer"] or ""), "answer", numbers=True)
        except PairError as exc:
            yield Record(rec.line, where, raw=_raw(item), error=str(exc), field=exc.field)
            continue
        extra = {k: v for k, v in item.items() if k not in found.values()}
        meta = {**base, **extra, "item": index}
        yield Pair(rec.line, where, question, answer, context, True, "qa", doc_id, chunk, meta)

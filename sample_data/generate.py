"""Build the workbench sample data: QA pairs with planted defects, their ground truth and an eval set.

``python sample_data/generate.py`` rewrites every data file under sample_data/ byte-identically.
``python sample_data/generate.py --scale N --out DIR`` streams N pairs to DIR/generated.jsonl.
``python sample_data/generate.py --check`` rebuilds in memory and compares with the files on disk.

Only the standard library is used. Passages and facts are hand-written in passages_*.py,
eval_passages.py and planted.py; everything else is derived here with seeded random.Random
instances, so the output depends only on this code and that data.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 20250611

GEN = "pairs/generated.jsonl"
SQUAD = "pairs/squad_style.json"
ALPACA = "pairs/alpaca_style.json"
RAW = "pairs/generator_raw.jsonl"
CHAT = "pairs/chat.jsonl"
PAIR_FILES = (GEN, SQUAD, ALPACA, RAW, CHAT)
ANY_FILE = frozenset(PAIR_FILES)
NOT_SQUAD_RAW = frozenset({GEN, ALPACA, CHAT})

SQUAD_DOCS = (
    "doc-002",
    "doc-009",
    "doc-011",
    "doc-014",
    "doc-017",
    "doc-020",
    "doc-025",
    "doc-030",
    "doc-038",
    "doc-043",
)
SQUAD_QUOTA = 13
OVERGENERATED = ("doc-004", "doc-039", "doc-046")
UNCOVERED = {"doc-019": 0, "doc-024": 1, "doc-032": 0, "doc-036": 1, "doc-048": 0}
RAW_RECORDS = 38
CHAT_RECORDS = 60
ALPACA_ITEMS = 120

DUP_CODES = ("exact_duplicate", "near_duplicate", "paraphrase")
CONTROL_CODES = ("unanswerable", "answer_normalised_match", "pii_lookalike")
MODELS = (
    ("gen-large-v2", "qa-extract-v4", True),
    ("gen-large-v2", "qa-extract-v4.1", True),
    ("gen-small-v1", "qa-extract-v3", False),
    ("qa-distill-7b", "qa-extract-v4", True),
)
TEMPERATURES = (0.2, 0.5, 0.7, 1.0)
CHAT_SYSTEMS = (
    "You are a helpful assistant that answers questions using only the provided context.",
    "Answer the user's question with a short span copied from the context.",
    "You are a reading-comprehension assistant. Be brief.",
)

TOKEN = re.compile(r"[^\W_]+")
SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)\s+(?=[A-Z0-9'])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
PHONE = re.compile(r"\+?\(?\d[\d\s().-]{7,}\d")
CARD = re.compile(r"\b\d(?:[ -]?\d){12,18}\b")
VAGUE = re.compile(
    r"\b(passage|the text|this text|this article|the article|the author|paragraph|the document|"
    r"this document|excerpt|the context|described here|described above|mentioned above)\b",
    re.IGNORECASE,
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]|Ã|â€")


# --------------------------------------------------------------------------- text helpers


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (letters and digits, any script)."""
    return TOKEN.findall(text.lower())


def norm(text: str) -> str:
    """Case-, punctuation- and whitespace-insensitive form used for normalised matching."""
    return " ".join(tokens(text))


def shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    """Word n-gram shingles; a text shorter than n is one shingle."""
    words = tokens(text)
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def jaccard(a: set[Any], b: set[Any]) -> float:
    """Jaccard similarity of two sets (0 for two empty sets)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def word_jaccard(a: str, b: str) -> float:
    """Unigram (word-set) Jaccard similarity."""
    return jaccard(set(tokens(a)), set(tokens(b)))


def sentences(text: str) -> list[str]:
    """Split a passage into sentences without breaking initials such as 'J. Presper'."""
    return SENTENCE_END.split(text)


def luhn_ok(number: str) -> bool:
    """True when the digits of number pass the Luhn checksum."""
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def make_card(rng: random.Random, prefix: str, length: int) -> str:
    """A card number with the given prefix and length whose last digit satisfies Luhn."""
    body = prefix + "".join(str(int(rng.random() * 10)) for _ in range(length - len(prefix) - 1))
    check = next(str(d) for d in range(10) if luhn_ok(body + str(d)))
    digits = body + check
    if length == 15:
        return f"{digits[:4]} {digits[4:10]} {digits[10:]}"
    return " ".join(digits[i : i + 4] for i in range(0, length, 4))


def mojibake(text: str) -> str:
    """Simulate UTF-8 bytes decoded as Windows-1252."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


def pick(rng: random.Random, items: list[Any]) -> Any:
    """One element chosen with rng (kept explicit so every draw is visible)."""
    return items[int(rng.random() * len(items))]


def dumps(obj: Any) -> str:
    """Compact JSON with UTF-8 characters kept readable."""
    return json.dumps(obj, ensure_ascii=False)


# --------------------------------------------------------------------------- data model


@dataclass
class Defect:
    """One planted defect (or negative control) carried by a pair."""

    code: str
    group: str | None = None
    eval_id: str | None = None
    note: str = ""


@dataclass
class Pair:
    """An abstract QA pair before it is written into one of the pair files."""

    doc_id: str | None
    chunk_id: str | None
    context: str
    question: str
    answer: str
    defects: list[Defect] = field(default_factory=list)
    allowed: frozenset[str] = ANY_FILE
    prefer: str | None = None
    impossible: bool = False
    plausible: str | None = None
    file: str | None = None
    uid: str | None = None
    line: int | None = None
    lost: bool = False

    def codes(self) -> set[str]:
        """The defect codes on this pair."""
        return {d.code for d in self.defects}

    def add(self, code: str, **kwargs: Any) -> Pair:
        """Attach a defect and return self for chaining."""
        self.defects.append(Defect(code, **kwargs))
        return self


@dataclass
class Doc:
    """A hand-written passage with its chunks and resolved facts."""

    doc_id: str
    title: str
    topic: str
    chunks: list[str]
    facts: list[tuple[int, str, str]]

    def chunk_id(self, index: int) -> str:
        """Stable chunk id such as doc-017-c2."""
        return f"{self.doc_id}-c{index + 1}"


@dataclass
class Sample:
    """Everything the default run writes, plus what --scale needs."""

    files: dict[str, bytes]
    gen_lines: list[tuple[bytes, Pair | None]]
    titles: dict[str, str]
    chunks: dict[str, list[str]]
    summary: list[str]


def load_module(name: str) -> ModuleType:
    """Import one of the data modules that sit next to this script."""
    sys.dont_write_bytecode = True  # keep sample_data/ free of __pycache__
    spec = importlib.util.spec_from_file_location(f"sample_data_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_docs(raw: Iterable[dict[str, Any]]) -> list[Doc]:
    """Validate passages and resolve which chunk holds each fact's answer."""
    docs = []
    for item in raw:
        chunks = item["chunks"]
        words = sum(len(c.split()) for c in chunks)
        assert 120 <= words <= 250, (item["doc_id"], words)
        facts = []
        for fact in item["facts"]:
            question, answer = fact[0], fact[1]
            hits = [i for i, c in enumerate(chunks) if answer in c]
            index = fact[2] if len(fact) > 2 else hits[0]
            assert hits and (len(hits) == 1 or len(fact) > 2), (item["doc_id"], question)
            assert answer in chunks[index], (item["doc_id"], question)
            facts.append((index, question, answer))
        docs.append(Doc(item["doc_id"], item["title"], item["topic"], chunks, facts))
    ids = [d.doc_id for d in docs]
    assert len(ids) == len(set(ids)), "duplicate doc_id"
    return docs


# --------------------------------------------------------------------------- variants

SYNONYMS = {
    "first": "earliest",
    "largest": "biggest",
    "built": "constructed",
    "begin": "start",
    "began": "started",
    "city": "town",
    "founded": "established",
    "called": "named",
    "country": "nation",
    "ship": "vessel",
    "invented": "devised",
    "made": "produced",
    "used": "employed",
    "develop": "create",
    "developed": "created",
    "discovered": "found",
    "published": "released",
    "won": "claimed",
    "led": "headed",
    "carry": "transport",
    "located": "situated",
    "show": "demonstrate",
    "happened": "occurred",
    "today": "now",
    "famous": "well-known",
}
ADVERBS = {"When": "exactly", "Where": "exactly", "Who": "exactly", "Why": "exactly"}


def near_edits(question: str) -> list[tuple[str, str]]:
    """Candidate one- or two-word lexical edits of a question, as (op name, new question)."""
    words = question.split(" ")
    out: list[tuple[str, str]] = []
    first = words[0]
    if first in ADVERBS and len(words) > 3:
        out.append(("insert adverb", " ".join([first, ADVERBS[first], *words[1:]])))
    if first == "What":
        out.append(("What->Which", "Which" + question[4:]))
    if first == "Which":
        out.append(("Which->What", "What" + question[5:]))
    if question.startswith("In what year"):
        out.append(("what->which year", "In which year" + question[12:]))
    if question.startswith("In which year"):
        out.append(("which->what year", "In what year" + question[13:]))
    for i, w in enumerate(words[1:], start=1):
        if w == "the" and i < len(words) - 2:
            out.append(("drop 'the'", " ".join(words[:i] + words[i + 1 :])))
            break
    for i, w in enumerate(words):
        if w in SYNONYMS:
            out.append((f"synonym {w}", " ".join([*words[:i], SYNONYMS[w], *words[i + 1 :]])))
            break
    longest = max(range(len(words)), key=lambda i: (len(words[i].strip("?")), -i))
    w = words[longest].rstrip("?")
    if len(w) >= 6 and w.isalpha():
        typo = w[:2] + w[3] + w[2] + w[4:]
        out.append(
            (
                "typo",
                " ".join(
                    [*words[:longest], words[longest].replace(w, typo, 1), *words[longest + 1 :]]
                ),
            )
        )
    if question.startswith(("What is ", "Who is ", "Where is ")):
        head, rest = question.split(" is ", 1)
        out.append(("contraction", f"{head}'s {rest}"))
    out.append(("tell me prefix", "Tell me, " + question[0].lower() + question[1:]))
    out.append(("trailing filler", question[:-1] + " then?"))
    return out


def exact_variant(op: str, pair: Pair) -> Pair:
    """Copy a pair changing only case, punctuation or whitespace (or nothing but the uid)."""
    q, a, ctx = pair.question, pair.answer, pair.context
    if op == "lower-case question":
        q = q.lower()
    elif op == "upper-case question":
        q = q.upper()
    elif op == "question without '?'":
        q = q.rstrip("?")
    elif op == "doubled '??'":
        q = q + "?"
    elif op == "extra spaces in question":
        q = "  " + q.replace(" ", "  ", 2) + " "
    elif op == "answer case changed":
        a = a.upper() if a != a.upper() else a.lower()
    elif op == "trailing period on answer":
        a = a + "."
    elif op == "context line breaks":
        ctx = ctx.replace(". ", ".\n", 2)
    elif op == "context double spaces":
        ctx = ctx.replace(". ", ".  ")
    allowed = pair.allowed if ctx == pair.context else NOT_SQUAD_RAW
    if a not in ctx:
        allowed = allowed - {SQUAD}
    return Pair(pair.doc_id, pair.chunk_id, ctx, q, a, allowed=allowed)


EXACT_OPS = (
    "identical copy",
    "lower-case question",
    "question without '?'",
    "extra spaces in question",
    "answer case changed",
    "context double spaces",
    "doubled '??'",
    "trailing period on answer",
    "upper-case question",
    "context line breaks",
)


# --------------------------------------------------------------------------- build


def any_pair(_: Pair) -> bool:
    """Accept every fact."""
    return True


def long_enough(p: Pair) -> bool:
    """Question plus answer long enough for a one-word edit to keep word Jaccard >= 0.8."""
    return len(tokens(p.question + " " + p.answer)) >= 9


def has_accent(p: Pair) -> bool:
    """Context has non-ASCII letters while the answer is plain ASCII."""
    return any(ord(c) > 127 for c in p.context) and all(ord(c) < 128 for c in p.answer)


class Builder:
    """Turns the hand-written data into pairs with planted defects."""

    def __init__(self) -> None:
        self.docs = []
        for name in ("passages_a", "passages_b", "passages_c", "passages_d", "passages_e"):
            module = load_module(name)
            for attr in sorted(dir(module)):
                if attr.startswith("PASSAGES"):
                    self.docs += load_docs(getattr(module, attr))
        self.eval_docs = load_docs(load_module("eval_passages").EVAL_PASSAGES)
        self.planted = load_module("planted")
        self.by_id = {d.doc_id: d for d in self.docs}
        assert not set(self.by_id) & {d.doc_id for d in self.eval_docs}
        self.pool: dict[tuple[str, str], Pair] = {}
        for doc in self.docs:
            for index, question, answer in doc.facts:
                key = (doc.doc_id, question)
                assert key not in self.pool, key
                self.pool[key] = Pair(
                    doc.doc_id, doc.chunk_id(index), doc.chunks[index], question, answer
                )
        self.used: set[tuple[str, str]] = set()
        self.rejected: set[tuple[str, str]] = (
            set()
        )  # facts that could not seed a near-duplicate group
        self.pairs: list[Pair] = []
        self.groups: Counter[str] = Counter()

    def rng(self, phase: str) -> random.Random:
        """An independent, stable random stream per build phase."""
        return random.Random(f"{SEED}:{phase}")

    def take(self, doc_id: str, question: str) -> Pair:
        """Reserve one fact for a planted record."""
        key = (doc_id, question)
        assert key in self.pool, f"unknown fact {key}"
        assert key not in self.used, f"fact used twice {key}"
        self.used.add(key)
        return self.pool[key]

    def free(self, ok: Callable[[Pair], bool] = any_pair) -> list[tuple[str, str]]:
        """Unused fact keys, in a stable order, passing ok and outside uncovered docs."""
        return [
            k
            for k, p in self.pool.items()
            if k not in self.used and k not in self.rejected and k[0] not in UNCOVERED and ok(p)
        ]

    def spread(
        self,
        rng: random.Random,
        n: int,
        ok: Callable[[Pair], bool],
        docs: Iterable[str] | None = None,
    ) -> list[Pair]:
        """Take n unused facts round-robin over shuffled documents so defects are spread out."""
        wanted = set(docs) if docs is not None else None
        by_doc: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key in self.free(ok):
            if wanted is None or key[0] in wanted:
                by_doc[key[0]].append(key)
        order = sorted(by_doc)
        rng.shuffle(order)
        for d in order:
            rng.shuffle(by_doc[d])
        out: list[Pair] = []
        while len(out) < n:
            before = len(out)
            for d in order:
                if by_doc[d] and len(out) < n:
                    out.append(self.take(*by_doc[d].pop()))
            assert len(out) > before, f"ran out of facts ({len(out)}/{n})"
        return out

    def group_id(self, prefix: str) -> str:
        """Next group id such as near-017."""
        self.groups[prefix] += 1
        return f"{prefix}-{self.groups[prefix]:03d}"

    # ----------------------------------------------------------------- hand-written defects

    def add_handwritten(self) -> None:
        """Paraphrases, vague references, answer-in-question, wrong answers, PII and controls."""
        p = self.planted
        for doc_id, question, rewordings in p.PARAPHRASES:
            gid = self.group_id("para")
            orig = self.take(doc_id, question).add("paraphrase", group=gid, note="original wording")
            members = [orig]
            for text in rewordings:
                assert word_jaccard(text, question) < 0.5, text
                assert orig.answer.lower() not in text.lower(), text
                members.append(
                    Pair(orig.doc_id, orig.chunk_id, orig.context, text, orig.answer).add(
                        "paraphrase", group=gid, note="reworded question, same meaning and answer"
                    )
                )
            for m in members:
                m.prefer = SQUAD if doc_id in SQUAD_DOCS else None
            self.pairs += members
        for doc_id, question, vague in p.VAGUE:
            pair = self.take(doc_id, question)
            assert VAGUE.search(vague), vague
            pair.question = vague
            pair.add(
                "vague_reference", note=f"subject replaced by a vague reference (was: {question})"
            )
            pair.prefer = SQUAD if doc_id in SQUAD_DOCS else None
            self.pairs.append(pair)
        for doc_id, question, leaky in p.ANSWER_IN_QUESTION:
            pair = self.take(doc_id, question)
            assert pair.answer.lower() in leaky.lower(), leaky
            pair.question = leaky
            pair.add("answer_in_question", note="the question states its own answer")
            pair.prefer = SQUAD if doc_id in SQUAD_DOCS else None
            self.pairs.append(pair)
        for doc_id, question, wrong, kind in p.ANSWER_NOT_IN_CONTEXT:
            pair = self.take(doc_id, question)
            assert wrong not in pair.context and norm(wrong) not in norm(pair.context), wrong
            note = f"{kind}; the context says: {pair.answer}"
            pair.answer = wrong
            pair.allowed = NOT_SQUAD_RAW | {RAW}
            self.pairs.append(pair.add("answer_not_in_context", note=note))
        rng = self.rng("pii")
        card_specs = [("4", 16), ("51", 16), ("37", 15), ("6011", 16), ("4", 16)]
        cards = [make_card(rng, *spec) for spec in card_specs]
        for number in cards:
            assert luhn_ok(number), number
        for i, (doc_id, sentence, question, answer, kind) in enumerate(p.PII):
            if "{card}" in sentence:
                card = cards.pop(0)
                sentence, answer = sentence.replace("{card}", card), answer.replace("{card}", card)
            pair = self.extra_sentence_pair(doc_id, sentence, question, answer)
            pair.prefer = CHAT if i % 7 == 3 else None
            self.pairs.append(pair.add("pii", note=kind))
        for doc_id, question, leaky, kind in p.PII_IN_QUESTION:
            pair = self.take(doc_id, question)
            pair.question = leaky
            self.pairs.append(pair.add("pii", note=f"{kind} in the question"))
        bad = []
        for spec in (("4", 16), ("52", 16)):
            good = make_card(rng, *spec)
            wrong = good[:-1] + str((int(good[-1]) + 3) % 10)
            assert not luhn_ok(wrong)
            bad.append(wrong)
        for doc_id, sentence, question, answer, kind in p.PII_LOOKALIKE:
            if "{bad16}" in sentence:
                number = bad.pop(0)
                sentence, answer = (
                    sentence.replace("{bad16}", number),
                    answer.replace("{bad16}", number),
                )
            pair = self.extra_sentence_pair(doc_id, sentence, question, answer)
            self.pairs.append(
                pair.add("pii_lookalike", note=f"{kind}; not personal data, must not be flagged")
            )
        for doc_id, question, plausible in p.UNANSWERABLE:
            doc = self.by_id[doc_id]
            assert len(doc.chunks) == 1 and doc_id in SQUAD_DOCS
            assert plausible is None or plausible in doc.chunks[0]
            pair = Pair(
                doc_id, doc.chunk_id(0), doc.chunks[0], question, "", allowed=frozenset({SQUAD})
            )
            pair.impossible, pair.plausible = True, plausible
            self.pairs.append(
                pair.add("unanswerable", note="SQuAD v2 is_impossible: valid, not a defect")
            )

    def extra_sentence_pair(self, doc_id: str, sentence: str, question: str, answer: str) -> Pair:
        """A pair whose context is a real chunk with one planted sentence appended."""
        doc = self.by_id[doc_id]
        context = doc.chunks[0] + " " + sentence
        assert answer in sentence and question.endswith("?"), (doc_id, question)
        return Pair(doc_id, doc.chunk_id(0), context, question, answer, allowed=NOT_SQUAD_RAW)

    # ----------------------------------------------------------------- duplicate groups

    def add_duplicates(self) -> None:
        """Exact-duplicate and near-duplicate groups; overgenerated docs get the biggest ones."""
        rng = self.rng("duplicates")
        plan: list[tuple[str | None, str, int]] = []
        for doc_id in OVERGENERATED:
            plan += [(doc_id, "near", 6), (doc_id, "near", 5), (doc_id, "near", 4)]
            plan += [(doc_id, "exact", 3), (doc_id, "exact", 3)]
        sizes = [2, 2, 3, 3, 4, 2, 3, 5]
        plan += [(None, "near", sizes[i % len(sizes)]) for i in range(42)]
        plan += [(None, "exact", (2, 2, 3)[i % 3]) for i in range(26)]
        op_cursor = 0
        for doc_id, kind, size in plan:
            docs = [doc_id] if doc_id else None
            if kind == "near":
                for _ in range(60):
                    orig = self.spread(rng, 1, long_enough, docs)[0]
                    variants = self.near_variants(orig, size - 1)
                    if len(variants) == size - 1:
                        break
                    self.used.discard((orig.doc_id, orig.question))
                    self.rejected.add((orig.doc_id, orig.question))
                else:
                    raise AssertionError(f"no fact yields a near-duplicate group of {size}")
                gid = self.group_id("near")
                orig.add("near_duplicate", group=gid, note="original")
                self.pairs.append(orig)
                for op, text in variants:
                    copy = Pair(
                        orig.doc_id,
                        orig.chunk_id,
                        orig.context,
                        text,
                        orig.answer,
                        allowed=orig.allowed,
                    )
                    score = word_jaccard(
                        orig.question + " " + orig.answer, text + " " + orig.answer
                    )
                    self.pairs.append(
                        copy.add(
                            "near_duplicate",
                            group=gid,
                            note=f"{op}; word Jaccard of question+answer {score:.2f}",
                        )
                    )
            else:
                orig = self.spread(rng, 1, any_pair, docs)[0]
                gid = self.group_id("exact")
                orig.add("exact_duplicate", group=gid, note="original")
                self.pairs.append(orig)
                for _ in range(size - 1):
                    op = EXACT_OPS[op_cursor % len(EXACT_OPS)]
                    op_cursor += 1
                    copy = exact_variant(op, orig)
                    assert (norm(copy.question), norm(copy.answer), norm(copy.context)) == (
                        norm(orig.question),
                        norm(orig.answer),
                        norm(orig.context),
                    )
                    copy.add("exact_duplicate", group=gid, note=op)
                    if copy.answer not in copy.context:
                        copy.add(
                            "answer_normalised_match",
                            note="answer differs from the context only by case/punctuation",
                        )
                    self.pairs.append(copy)

    def near_variants(self, orig: Pair, count: int) -> list[tuple[str, str]]:
        """Up to count distinct lexical near-copies with question+answer word Jaccard >= 0.8."""
        seen = {norm(orig.question)}
        out = []
        base = orig.question + " " + orig.answer
        for op, text in near_edits(orig.question):
            if len(out) == count:
                break
            if norm(text) in seen or orig.answer.lower() in text.lower():
                continue
            if word_jaccard(base, text + " " + orig.answer) < 0.8:
                continue
            seen.add(norm(text))
            out.append((op, text))
        return out

    # ----------------------------------------------------------------- single-pair defects

    def add_singles(self) -> None:
        """Verbose, long, empty, garbage, junk and normalised-match pairs from unused facts."""
        p = self.planted
        rng = self.rng("singles")
        not_squad = [d.doc_id for d in self.docs if d.doc_id not in SQUAD_DOCS]
        for i, pair in enumerate(self.spread(rng, 22, any_pair, not_squad)):
            template = p.VERBOSE_TEMPLATES[i % len(p.VERBOSE_TEMPLATES)]
            pair.answer = template.format(a=pair.answer, aj=dumps(pair.answer))
            pair.allowed = ANY_FILE - {SQUAD}
            pair.prefer = {5: CHAT, 13: CHAT, 2: ALPACA, 10: ALPACA}.get(i)
            self.pairs.append(pair.add("verbose_answer", note=f"template: {template!r}"))
        for pair in self.spread(rng, 15, any_pair, not_squad):
            pair.answer = long_span(pair.context, pair.answer)
            self.pairs.append(
                pair.add(
                    "long_answer", note=f"{len(pair.answer.split())} words copied from the context"
                )
            )
        transforms = (
            ("upper case", str.upper),
            ("lower case", str.lower),
            ("trailing period", lambda a: a + "."),
            ("surrounding whitespace", lambda a: f"  {a} "),
            ("doubled inner spaces", lambda a: a.replace(" ", "  ")),
            ("wrapped in quotes", lambda a: f'"{a}"'),
        )
        made = 0
        for pair in self.spread(rng, 40, any_pair, not_squad):
            name, fn = transforms[made % len(transforms)]
            new = fn(pair.answer)
            if made >= 15 or new in pair.context or norm(new) != norm(pair.answer):
                self.used.discard((pair.doc_id, pair.question))
                continue
            made += 1
            pair.answer = new
            pair.allowed = ANY_FILE - {SQUAD}
            self.pairs.append(
                pair.add(
                    "answer_normalised_match",
                    note=f"{name}; matches the context after normalisation",
                )
            )
        assert made == 15
        for i, pair in enumerate(self.spread(rng, len(p.EMPTY_ANSWERS), any_pair, not_squad)):
            pair.answer = p.EMPTY_ANSWERS[i]
            pair.allowed = ANY_FILE - {SQUAD}
            pair.prefer = ALPACA if i in (0, 2) else None
            self.pairs.append(pair.add("empty_field", note=f"answer is {pair.answer!r}"))
        self.add_garbage(rng, not_squad)
        for i, pair in enumerate(self.spread(rng, len(p.JUNK_PREFIXES), any_pair, not_squad)):
            pair.question = p.JUNK_PREFIXES[i] + pair.question
            self.pairs.append(
                pair.add("junk_question", note="LLM self-talk prefix before the question")
            )
        for i, pair in enumerate(self.spread(rng, len(p.REFUSALS) + 2, any_pair, not_squad)):
            pair.answer = p.REFUSALS[i % len(p.REFUSALS)]
            pair.allowed = frozenset({ALPACA, CHAT})
            pair.prefer = ALPACA if i < len(p.REFUSALS) else CHAT
            pair.add("junk_answer", note="refusal / self-talk instead of an answer")
            self.pairs.append(
                pair.add("answer_not_in_context", note="refusal: no supported answer")
            )

    def add_garbage(self, rng: random.Random, docs: list[str]) -> None:
        """Repeated n-grams, control characters and mojibake (18 pairs over 10 kinds)."""
        kinds: list[tuple[str, Callable[[Pair], bool]]] = [
            ("repeated word in answer", any_pair),
            ("repeated 'the' in question", lambda p: " the " in p.question),
            ("sentence repeated 4 times in context", any_pair),
            ("answer repeated 4 times", lambda p: len(p.answer.split()) <= 3),
            ("bell character in question", any_pair),
            ("ANSI escape codes in answer", any_pair),
            (
                "mojibake (UTF-8 read as cp1252) in every field",
                lambda p: any(ord(c) > 127 for c in p.context),
            ),
            ("mojibake apostrophe in question", lambda p: "'" in p.question),
            ("NUL byte in answer", any_pair),
            ("replacement characters in context", has_accent),
        ]
        for name, ok in kinds:
            count = 1 if name in ("NUL byte in answer", "replacement characters in context") else 2
            for pair in self.spread(rng, count, ok, docs):
                self.pairs.append(garble(name, pair, rng).add("garbage_text", note=name))

    def add_eval_contamination(self) -> list[dict[str, Any]]:
        """Write the eval set and copy some of its items into the pair files."""
        items = []
        for doc in self.eval_docs:
            assert len(doc.chunks) == 1
            for _, question, answer in doc.facts:
                items.append(
                    {
                        "id": f"eval-{len(items) + 1:03d}",
                        "context": doc.chunks[0],
                        "question": question,
                        "answer": answer,
                        "doc_id": doc.doc_id,
                    }
                )
        rng = self.rng("eval")
        by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for item in items:
            by_doc[item["doc_id"]].append(item)
        chosen = []
        for doc_id in sorted(by_doc):
            group = list(by_doc[doc_id])
            rng.shuffle(group)
            chosen += group[: 3 if doc_id in ("doc-101", "doc-104") else 2]
        modes = (
            ["verbatim"] * 8
            + ["question edited"] * 5
            + ["answer case/punctuation edited"] * 3
            + ["whole eval passage"] * 2
        )
        rng.shuffle(modes)
        targets = [GEN] * 12 + [CHAT] * 3 + [ALPACA] * 3
        for i, (item, mode) in enumerate(zip(chosen, modes, strict=True)):
            question, answer, context = (
                item["question"],
                item["answer"],
                excerpt(item["context"], item["answer"]),
            )
            if mode == "question edited":
                question = next(t for op, t in near_edits(question) if op != "tell me prefix")
            elif mode == "answer case/punctuation edited":
                answer = answer.lower() + "." if answer != answer.lower() else answer.upper()
            elif mode == "whole eval passage":
                context = item["context"]
            pair = Pair(
                f"web-{3100 + 7 * i}",
                f"web-{3100 + 7 * i}-c1",
                context,
                question,
                answer,
                allowed=NOT_SQUAD_RAW,
                prefer=targets[i],
            )
            pair.add("eval_contamination", eval_id=item["id"], note=mode)
            if answer not in context:
                pair.add(
                    "answer_normalised_match",
                    note="edited answer still matches the context after normalisation",
                )
            self.pairs.append(pair)
        return items

    def add_clean_and_reused(self) -> None:
        """Remaining facts become clean pairs; junk/empty questions reuse their contexts."""
        for key, pair in self.pool.items():
            if key in self.used:
                continue
            doc_id = key[0]
            if doc_id in UNCOVERED:
                kept = sum(1 for p in self.pairs if p.doc_id == doc_id)
                if kept >= UNCOVERED[doc_id]:
                    continue
            self.used.add(key)
            self.pairs.append(pair)
        rng = self.rng("reuse")
        clean = [p for p in self.pairs if not p.defects and p.doc_id not in UNCOVERED]
        rng.shuffle(clean)
        p = self.planted
        for text in p.JUNK_QUESTIONS:
            base = clean.pop()
            self.pairs.append(
                Pair(base.doc_id, base.chunk_id, base.context, text, base.answer).add(
                    "junk_question", note="not a real question"
                )
            )
        made = 0
        while made < 4:
            base = clean.pop()
            sent = pick(rng, sentences(base.context)).split()
            fragment = " ".join(sent[: 5 + made]).rstrip(",;:")
            if base.answer.lower() in fragment.lower() or fragment.endswith("?"):
                continue
            made += 1
            self.pairs.append(
                Pair(base.doc_id, base.chunk_id, base.context, fragment, base.answer).add(
                    "junk_question", note="statement fragment, not a question"
                )
            )
        for text in p.EMPTY_QUESTIONS:
            base = clean.pop()
            pair = Pair(
                base.doc_id,
                base.chunk_id,
                base.context,
                text,
                base.answer,
                allowed=ANY_FILE - {SQUAD},
            )
            self.pairs.append(pair.add("empty_field", note=f"question is {text!r}"))


def long_span(context: str, answer: str) -> str:
    """Whole sentences around the answer, extended until they exceed 60 words."""
    parts = sentences(context)
    start = next(i for i, s in enumerate(parts) if answer in s)
    end = start + 1
    while len(" ".join(parts[start:end]).split()) <= 60:
        if end < len(parts):
            end += 1
        else:
            start -= 1
    span = " ".join(parts[start:end])
    assert span in context and len(span.split()) > 60
    return span


def excerpt(context: str, answer: str) -> str:
    """The sentence holding the answer plus its neighbour, copied verbatim."""
    parts = sentences(context)
    i = next(i for i, s in enumerate(parts) if answer in s)
    span = " ".join(parts[i : i + 2]) if i + 1 < len(parts) else " ".join(parts[i - 1 : i + 1])
    assert span in context
    return span


def garble(name: str, pair: Pair, rng: random.Random) -> Pair:
    """Apply one garbage-text corruption in place and return the pair."""
    q, a, ctx = pair.question, pair.answer, pair.context
    if name == "repeated word in answer":
        last = a.split()[-1]
        a = " ".join([a, *[last] * 5])
    elif name == "repeated 'the' in question":
        q = q.replace(" the ", " the the the the the ", 1)
    elif name == "sentence repeated 4 times in context":
        parts = sentences(ctx)
        i = int(rng.random() * len(parts))
        ctx = ctx.replace(parts[i], " ".join([parts[i]] * 4), 1)
    elif name == "answer repeated 4 times":
        a = " ".join([a] * 4)
    elif name == "bell character in question":
        words = q.split(" ")
        words.insert(len(words) // 2, "\x07")
        q = " ".join(words)
    elif name == "ANSI escape codes in answer":
        a = f"\x1b[1;31m{a}\x1b[0m"
    elif name == "mojibake (UTF-8 read as cp1252) in every field":
        q, a, ctx = mojibake(q), mojibake(a), mojibake(ctx)
    elif name == "mojibake apostrophe in question":
        q = q.replace("'", "â€™")
    elif name == "NUL byte in answer":
        a = a + "\x00\x00"
    elif name == "replacement characters in context":
        ctx = "".join("\ufffd" if ord(c) > 127 else c for c in ctx)
    pair.allowed = NOT_SQUAD_RAW if ctx != pair.context else ANY_FILE - {SQUAD}
    pair.question, pair.answer, pair.context = q, a, ctx
    return pair


# --------------------------------------------------------------------------- allocation


def allocate(pairs: list[Pair], rng: random.Random) -> list[list[Pair]]:
    """Assign every pair to a file; returns the generator_raw records (lists of pairs)."""
    for p in pairs:
        if p.prefer is not None:
            assert p.prefer in p.allowed, (p.prefer, p.question)
            p.file = p.prefer
        elif len(p.allowed) == 1:
            p.file = next(iter(p.allowed))
    for doc_id in SQUAD_DOCS:
        taken = sum(1 for p in pairs if p.file == SQUAD and p.doc_id == doc_id and not p.impossible)
        cands = [
            p
            for p in pairs
            if p.file is None
            and p.doc_id == doc_id
            and SQUAD in p.allowed
            and p.answer in p.context
        ]
        rng.shuffle(cands)
        for p in cands[: max(0, SQUAD_QUOTA - taken)]:
            p.file = SQUAD
    chunk_ids = sorted({p.chunk_id for p in pairs if p.chunk_id and p.doc_id not in SQUAD_DOCS})
    rng.shuffle(chunk_ids)
    records: list[list[Pair]] = []
    for chunk_id in chunk_ids:
        if len(records) == RAW_RECORDS:
            break
        cands = [p for p in pairs if p.file is None and p.chunk_id == chunk_id and RAW in p.allowed]
        rng.shuffle(cands)
        if len(cands) < 4:
            continue
        size = 3 + int(rng.random() * 5)
        record = cands[:size]
        for p in record:
            p.file = RAW
        records.append(record)
    assert len(records) == RAW_RECORDS
    rest = [p for p in pairs if p.file is None]
    rng.shuffle(rest)
    want = {CHAT: CHAT_RECORDS, ALPACA: ALPACA_ITEMS}
    for target, total in want.items():
        have = sum(1 for p in pairs if p.file == target)
        for p in rest:
            if have >= total:
                break
            if p.file is None and target in p.allowed:
                p.file = target
                have += 1
    for p in pairs:
        if p.file is None:
            assert GEN in p.allowed
            p.file = GEN
    return records


# --------------------------------------------------------------------------- writers


def generated_record(p: Pair, rng: random.Random) -> dict[str, Any]:
    """A generated.jsonl object with consistent field names."""
    model, prompt, has_temp = pick(rng, list(MODELS))
    rec: dict[str, Any] = {
        "uid": p.uid,
        "doc_id": p.doc_id,
        "chunk_id": p.chunk_id,
        "context": p.context,
        "question": p.question,
        "answer": p.answer,
        "model": model,
        "prompt_version": prompt,
    }
    if has_temp:
        rec["temperature"] = pick(rng, list(TEMPERATURES))
    return rec


def malformed_lines(sources: list[Pair], rng: random.Random) -> list[tuple[bytes, str, bool]]:
    """Ten broken generated.jsonl lines: (bytes, description, carries a uid).

    They are built from (copies of) records in sources, which arrive in shuffled order.
    """
    with_accent = next(p for p in sources if any(c in p.context for c in "üéö"))
    recs = [
        generated_record(p, rng)
        for p in [with_accent, *[s for s in sources[:12] if s is not with_accent]]
    ]
    accent = next(
        r for r in recs if "ü" in r["context"] or "é" in r["context"] or "ö" in r["context"]
    )
    plain = [r for r in recs if r is not accent]
    full = dumps(plain[0])
    missing = {k: v for k, v in plain[3].items() if k != "answer"}
    numeric = dict(plain[4], question=1066)
    broken_utf8 = dumps(accent).encode("utf-8")
    for char in ("ü", "é", "ö"):
        broken_utf8 = broken_utf8.replace(char.encode("utf-8"), char.encode("latin-1"), 1)
    small = {"question": plain[6]["question"], "answer": plain[6]["answer"]}
    return [
        (full[: int(len(full) * 0.6)].encode("utf-8"), "truncated JSON object", True),
        (dumps(plain[1]["question"]).encode("utf-8"), "bare JSON string, not an object", False),
        (
            (dumps(plain[2])[:-1] + ",}").encode("utf-8"),
            "trailing comma before the closing brace",
            True,
        ),
        (dumps(missing).encode("utf-8"), "valid JSON but the 'answer' field is missing", True),
        (dumps(numeric).encode("utf-8"), "question is a number, not a string", True),
        (broken_utf8, "invalid UTF-8 bytes (latin-1 encoded characters)", True),
        (b"}", "a lone closing brace", False),
        (dumps([small]).encode("utf-8"), "JSON array instead of an object", False),
        (
            repr(dict(plain[7], uid=None)).encode("utf-8"),
            "Python dict repr with single quotes",
            False,
        ),
        ((dumps(plain[8]) + dumps(plain[9])).encode("utf-8"), "two JSON objects on one line", True),
    ]


def gt_line(
    code: str, file: str | None, p: Pair | None, defect: Defect | None, **extra: Any
) -> dict[str, Any]:
    """One ground-truth object with the documented field order."""
    return {
        "defect": code,
        "file": file,
        "line": extra.get("line", p.line if p else None),
        "uid": extra.get("uid", p.uid if p else None),
        "question": extra.get("question", p.question if p else None),
        "answer": extra.get("answer", (None if p.impossible else p.answer) if p else None),
        "doc_id": extra.get("doc_id", p.doc_id if p else None),
        "group": defect.group if defect else None,
        "eval_id": defect.eval_id if defect else None,
        "note": extra.get("note", defect.note if defect else ""),
    }


def build_sample() -> Sample:
    """Build every sample file in memory and run the self-checks."""
    b = Builder()
    b.add_handwritten()
    b.add_duplicates()
    b.add_singles()
    eval_items = b.add_eval_contamination()
    b.add_clean_and_reused()
    pairs = b.pairs
    rng = b.rng("allocate")
    raw_records = allocate(pairs, rng)
    files: dict[str, bytes] = {}
    gt: list[dict[str, Any]] = []

    # generated.jsonl
    rng = b.rng("generated")
    gen_pairs = [p for p in pairs if p.file == GEN]
    rng.shuffle(gen_pairs)
    clean_gen = [p for p in gen_pairs if not p.defects]
    bad = malformed_lines(clean_gen, rng)
    slots = sorted(int(rng.random() * len(gen_pairs)) for _ in bad)
    gen_lines: list[tuple[bytes, Pair | None]] = []
    bad_meta: list[tuple[int, str, str | None]] = []
    uid_counter = 0
    bad_iter = iter(zip(slots, bad, strict=True))
    pending = next(bad_iter, None)
    for index, p in enumerate(gen_pairs):
        while pending is not None and pending[0] == index:
            content, note, has_uid = pending[1]
            uid = None
            if has_uid:
                uid_counter += 1
                uid = f"g-{uid_counter:06d}"
                content = re.sub(
                    rb'"uid": (null|"g-[0-9]*"|"None")',
                    f'"uid": "{uid}"'.encode(),
                    content,
                    count=1,
                )
            gen_lines.append((content, None))
            bad_meta.append((len(gen_lines), note, uid))
            pending = next(bad_iter, None)
        uid_counter += 1
        p.uid = f"g-{uid_counter:06d}"
        p.line = len(gen_lines) + 1
        gen_lines.append((dumps(generated_record(p, rng)).encode("utf-8"), p))
    files[GEN] = b"".join(line + b"\n" for line, _ in gen_lines)
    for line, note, uid in bad_meta:
        gt.append(
            gt_line(
                "malformed",
                GEN,
                None,
                None,
                line=line,
                uid=uid,
                question=None,
                answer=None,
                doc_id=None,
                note=note,
            )
        )

    # squad_style.json
    rng = b.rng("squad")
    data = []
    qa_count = 0
    for doc_id in SQUAD_DOCS:
        doc = b.by_id[doc_id]
        members = [p for p in pairs if p.file == SQUAD and p.doc_id == doc_id]
        rng.shuffle(members)
        qas = []
        for p in members:
            qa_count += 1
            p.uid = f"sq-{qa_count:04d}"
            qa: dict[str, Any] = {"id": p.uid, "question": p.question}
            if p.impossible:
                qa["answers"] = []
                qa["is_impossible"] = True
                if p.plausible:
                    qa["plausible_answers"] = [
                        {"text": p.plausible, "answer_start": p.context.index(p.plausible)}
                    ]
            else:
                start = p.context.index(p.answer)
                assert p.context[start : start + len(p.answer)] == p.answer
                qa["answers"] = [{"text": p.answer, "answer_start": start}]
                qa["is_impossible"] = False
            qas.append(qa)
        data.append({"title": doc.title, "paragraphs": [{"context": doc.chunks[0], "qas": qas}]})
    files[SQUAD] = (
        json.dumps({"version": "v2.0", "data": data}, ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")

    # alpaca_style.json
    rng = b.rng("alpaca")
    alpaca_pairs = [p for p in pairs if p.file == ALPACA]
    rng.shuffle(alpaca_pairs)
    items = []
    for i, p in enumerate(alpaca_pairs, start=1):
        p.uid = f"a-{i:04d}"
        closed_book = not p.defects and rng.random() < 0.2
        items.append(
            {
                "instruction": p.question,
                "input": "" if closed_book else p.context,
                "output": p.answer,
                "id": p.uid,
            }
        )
    files[ALPACA] = (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    # generator_raw.jsonl
    rng = b.rng("raw")
    rng.shuffle(raw_records)
    clean_records = [
        i
        for i, r in enumerate(raw_records)
        if all(not p.defects for p in r) and r[0].doc_id not in OVERGENERATED
    ]
    broken = set(clean_records[:: max(1, len(clean_records) // 3)][:3])
    fenced = set(
        [i for i in range(len(raw_records)) if i not in broken][:: len(raw_records) // 6][:5]
    )
    raw_lines = []
    for i, record in enumerate(raw_records):
        line = i + 1
        items_out = [{"question": p.question, "answer": p.answer} for p in record]
        if i in broken:
            record = record[:3]
            text = json.dumps(items_out[:3], ensure_ascii=False, indent=2)
            text = text[: int(len(text) * 0.82)]
            for p in raw_records[i][3:]:
                p.file = None  # spare facts of a truncated output are simply not emitted
            for p in record:
                p.lost = True
            raw_records[i] = record
            gt.append(
                gt_line(
                    "malformed",
                    RAW,
                    None,
                    None,
                    line=line,
                    uid=None,
                    question=None,
                    answer=None,
                    doc_id=record[0].doc_id,
                    note="output string is truncated JSON (generation cut off)",
                )
            )
        elif i in fenced:
            text = "```json\n" + json.dumps(items_out, ensure_ascii=False, indent=2) + "\n```"
        else:
            text = dumps(items_out)
        for p in record:
            p.line = line
        raw_lines.append(
            dumps(
                {
                    "doc_id": record[0].doc_id,
                    "chunk_id": record[0].chunk_id,
                    "context": record[0].context,
                    "model": pick(rng, ["gen-large-v2", "gen-small-v1"]),
                    "output": text,
                }
            )
        )
    files[RAW] = "".join(line + "\n" for line in raw_lines).encode("utf-8")

    # chat.jsonl
    rng = b.rng("chat")
    chat_pairs = [p for p in pairs if p.file == CHAT]
    rng.shuffle(chat_pairs)
    chat_lines: list[str] = []
    broken_chat = sorted({5 + int(rng.random() * 20), 35 + int(rng.random() * 20)})
    for i, p in enumerate(chat_pairs, start=1):
        p.uid = f"c-{i:04d}"
        user = (
            f"Context:\n{p.context}\n\nQuestion: {p.question}"
            if i % 3
            else f"{p.context}\n\n{p.question}"
        )
        rec = {
            "messages": [
                {"role": "system", "content": CHAT_SYSTEMS[i % len(CHAT_SYSTEMS)]},
                {"role": "user", "content": user},
                {"role": "assistant", "content": p.answer},
            ],
            "id": p.uid,
        }
        if len(chat_lines) + 1 in broken_chat:
            text = dumps(rec)
            note = (
                "truncated JSON line"
                if len(chat_lines) < 30
                else "trailing comma before the closing brace"
            )
            bad_line = text[: len(text) // 2] if note.startswith("truncated") else text[:-1] + ",}"
            chat_lines.append(bad_line)
            gt.append(
                gt_line(
                    "malformed",
                    CHAT,
                    None,
                    None,
                    line=len(chat_lines),
                    uid=None,
                    question=None,
                    answer=None,
                    doc_id=None,
                    note=note,
                )
            )
        chat_lines.append(dumps(rec))
        p.line = len(chat_lines)
    files[CHAT] = "".join(line + "\n" for line in chat_lines).encode("utf-8")

    # ground truth for pairs
    emitted = [p for p in pairs if p.file is not None]
    order = {f: i for i, f in enumerate(PAIR_FILES)}
    for p in sorted(emitted, key=lambda p: (order[p.file], p.line or 0, p.uid or "", p.question)):
        if p.lost:
            continue
        for d in p.defects:
            gt.append(
                gt_line(d.code, p.file, p, d, line=p.line if p.file in (GEN, RAW, CHAT) else None)
            )
    counts = Counter(p.doc_id for p in emitted if not p.lost)
    for doc in b.docs:
        n = counts.get(doc.doc_id, 0)
        if doc.doc_id in UNCOVERED:
            assert n == UNCOVERED[doc.doc_id], (doc.doc_id, n)
            gt.append(
                gt_line(
                    "uncovered_context",
                    None,
                    None,
                    None,
                    line=None,
                    uid=None,
                    question=None,
                    answer=None,
                    doc_id=doc.doc_id,
                    note=f"{n} pair(s) for a {sum(len(c.split()) for c in doc.chunks)}-word passage",
                )
            )
        elif doc.doc_id in OVERGENERATED:
            assert n >= 50, (doc.doc_id, n)
            gt.append(
                gt_line(
                    "overgenerated_context",
                    None,
                    None,
                    None,
                    line=None,
                    uid=None,
                    question=None,
                    answer=None,
                    doc_id=doc.doc_id,
                    note=f"{n} pairs for one passage",
                )
            )
        else:
            assert 2 <= n < 50, (doc.doc_id, n)
    gt_sorted = [g for g in gt if g["file"] is not None] + [g for g in gt if g["file"] is None]
    files["ground_truth.jsonl"] = "".join(dumps(g) + "\n" for g in gt_sorted).encode("utf-8")
    files["eval.jsonl"] = "".join(dumps(item) + "\n" for item in eval_items).encode("utf-8")
    sources = [
        {
            "doc_id": d.doc_id,
            "title": d.title,
            "topic": d.topic,
            "chunks": [{"chunk_id": d.chunk_id(i), "text": c} for i, c in enumerate(d.chunks)],
        }
        for d in b.docs
    ]
    files["sources.jsonl"] = "".join(dumps(s) + "\n" for s in sources).encode("utf-8")

    summary = self_check(b, pairs, files, gt_sorted, eval_items, raw_records, broken, fenced)
    return Sample(
        files,
        gen_lines,
        {d.doc_id: d.title for d in b.docs},
        {d.doc_id: d.chunks for d in b.docs},
        summary,
    )


# --------------------------------------------------------------------------- checks


def self_check(
    b: Builder,
    pairs: list[Pair],
    files: dict[str, bytes],
    gt: list[dict[str, Any]],
    eval_items: list[dict[str, Any]],
    raw_records: list[list[Pair]],
    broken: set[int],
    fenced: set[int],
) -> list[str]:
    """Assert the quality bar and return the printable summary."""
    live = [p for p in pairs if p.file is not None and not p.lost]
    clean = [p for p in live if not p.defects]
    for p in clean:
        assert p.answer and p.answer in p.context, p.question
        assert p.question.endswith("?") and p.question[0].isupper(), p.question
        assert p.answer.lower() not in p.question.lower(), p.question
        assert not VAGUE.search(p.question), p.question
        assert not CONTROL.search(p.question + p.answer + p.context), p.question
        assert len(p.answer.split()) <= 12, p.answer
        text = p.question + " " + p.answer + " " + p.context
        assert not EMAIL.search(text) and not IPV4.search(text), p.question
        assert not any(
            luhn_ok(m) and len(re.sub(r"\D", "", m)) >= 13 for m in CARD.findall(text)
        ), p.question
    # no unlisted near-duplicates: questions outside duplicate groups must differ (3-gram Jaccard < 0.5)
    checked = [
        p
        for p in live
        if not p.codes() & set(DUP_CODES)
        and not p.codes() & {"junk_question", "empty_field", "eval_contamination", "unanswerable"}
    ]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    sh = [shingles(p.question) for p in checked]
    for i, s in enumerate(sh):
        for g in s:
            index[g].append(i)
    for i, s in enumerate(sh):
        others = {j for g in s for j in index[g] if j > i}
        for j in others:
            score = jaccard(s, sh[j])
            assert score < 0.5, (score, checked[i].question, checked[j].question)
    eval_sh = [shingles(item["question"]) for item in eval_items]
    for p in checked:
        s = shingles(p.question)
        assert all(jaccard(s, e) < 0.5 for e in eval_sh), p.question
    for p in live:
        if "pii" in p.codes():
            kind = next(d.note for d in p.defects if d.code == "pii")
            if kind == "credit-card":
                assert luhn_ok(p.answer), p.answer
        if "pii_lookalike" in p.codes() and "Luhn" in p.defects[0].note:
            assert not luhn_ok(p.answer), p.answer
    # groups
    groups: dict[str, list[Pair]] = defaultdict(list)
    for p in live:
        for d in p.defects:
            if d.group:
                groups[d.group].append(p)
    for gid, members in groups.items():
        assert len(members) >= 2, gid
        first = members[0]
        if gid.startswith("exact"):
            for m in members:
                assert (norm(m.question), norm(m.answer), norm(m.context)) == (
                    norm(first.question),
                    norm(first.answer),
                    norm(first.context),
                ), gid
        elif gid.startswith("near"):
            assert len(members) <= 6
            for m in members[1:]:
                assert (
                    word_jaccard(first.question + " " + first.answer, m.question + " " + m.answer)
                    >= 0.8
                ), gid
        else:
            assert len(members) <= 3 and len({m.answer for m in members}) == 1, gid
    # SQuAD offsets
    squad = json.loads(files[SQUAD])
    qas = [qa for art in squad["data"] for para in art["paragraphs"] for qa in para["qas"]]
    for art in squad["data"]:
        for para in art["paragraphs"]:
            for qa in para["qas"]:
                for ans in qa["answers"] + qa.get("plausible_answers", []):
                    s = ans["answer_start"]
                    assert para["context"][s : s + len(ans["text"])] == ans["text"], qa["id"]
    # uids unique across files
    uids = [p.uid for p in live if p.uid] + [
        g["uid"] for g in gt if g["defect"] == "malformed" and g["uid"]
    ]
    assert len(uids) == len(set(uids)), "duplicate uid"
    gen_uids = re.findall(rb'"uid": "(g-\d+)"', files[GEN])
    assert len(gen_uids) == len(set(gen_uids))
    # counts
    per_file = Counter(p.file for p in live)
    total = sum(per_file.values())
    codes = Counter(g["defect"] for g in gt)
    n_groups = {k: len({g["group"] for g in gt if g["defect"] == k}) for k in DUP_CODES}
    assert len(b.docs) >= 48 and len(b.eval_docs) >= 8 and len(eval_items) >= 80
    assert total >= 1500, total
    assert 130 <= len(qas) <= 170 and sum(qa["is_impossible"] for qa in qas) >= 15
    assert per_file[ALPACA] >= 110 and 55 <= per_file[CHAT] <= 65
    assert len(broken) == 3 and len(fenced) >= 3
    for code in (
        "exact_duplicate",
        "near_duplicate",
        "paraphrase",
        "answer_not_in_context",
        "verbose_answer",
        "long_answer",
        "junk_question",
        "vague_reference",
        "answer_in_question",
        "empty_field",
        "pii",
        "eval_contamination",
        "garbage_text",
        "malformed",
        "unanswerable",
        "answer_normalised_match",
        "pii_lookalike",
    ):
        assert codes[code] >= 10 if code == "pii_lookalike" else codes[code] >= 15, (
            code,
            codes[code],
        )
    assert n_groups["near_duplicate"] >= 40 and n_groups["paraphrase"] >= 25
    size = sum(len(v) for v in files.values())
    assert size < 5_000_000, size
    clean_share = len(clean) / total
    doc_counts = Counter(p.doc_id for p in live)
    per_doc = sorted(doc_counts.get(d.doc_id, 0) for d in b.docs)
    lines = [
        f"pairs: {total} ({len(clean)} clean = {clean_share:.0%}, {total - len(clean)} with at least one ground-truth line)",
        "per file: " + ", ".join(f"{f.split('/')[-1]}={per_file[f]}" for f in PAIR_FILES),
        f"  squad qas={len(qas)} (unanswerable {sum(qa['is_impossible'] for qa in qas)}), "
        f"raw records={len(raw_records)} (fenced {len(fenced)}, broken {len(broken)}), eval items={len(eval_items)}",
        f"groups: exact={n_groups['exact_duplicate']} near={n_groups['near_duplicate']} paraphrase={n_groups['paraphrase']}",
        "ground truth lines per defect:",
        *[f"  {code:<24} {n}" for code, n in sorted(codes.items())],
        "pairs per passage: "
        + f"median {per_doc[len(per_doc) // 2]}, "
        + ", ".join(f"{d}={doc_counts.get(d, 0)}" for d in (*OVERGENERATED, *sorted(UNCOVERED))),
        f"passages: {len(b.docs)} train + {len(b.eval_docs)} eval; bytes written: {size:,}",
    ]
    return lines


# --------------------------------------------------------------------------- scale


def scale(n: int, out_dir: Path, sample: Sample) -> None:
    """Stream n generated.jsonl lines built by recombining the sample's records.

    Records with planted defects (and malformed lines) are copied with a fresh uid, so the defect
    mix and rates match the sample. Clean records vary: numbered chunk variants with shuffled
    sentence order, an optional distractor sentence from another passage, and rephrased questions.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{SEED}:scale")
    distractors: list[tuple[str, bytes]] = []
    for doc_id, chunks in sorted(sample.chunks.items()):
        for chunk in chunks:
            distractors += [(doc_id, b" " + dumps(s).encode()[1:-1]) for s in sentences(chunk)]
    templates: list[tuple[Any, ...]] = []
    ctx_cache: dict[tuple[str, str, str], list[tuple[bytes, bytes]]] = {}
    for raw, pair in sample.gen_lines:
        if pair is None or pair.defects:
            match = re.search(rb'"uid": "g-\d+"', raw)
            if match:
                templates.append(
                    ("fixed", raw[: match.start()] + b'"uid": "s-', raw[match.end() - 1 :])
                )
            else:
                templates.append(("raw", raw))
            continue
        rec = json.loads(raw)
        key = (rec["chunk_id"], rec["context"], rec["answer"])
        if key not in ctx_cache:
            ctx_cache[key] = context_variants(*key)
        title = sample.titles.get(rec["doc_id"], "")
        questions = question_variants(rec["question"], rec["answer"], title)
        head = b'", "doc_id": ' + dumps(rec["doc_id"]).encode() + b', "chunk_id": '
        qfrags = [b'", "question": ' + dumps(q).encode() + b', "answer": ' for q in questions]
        rest = {
            k: v
            for k, v in rec.items()
            if k not in ("uid", "doc_id", "chunk_id", "context", "question")
        }
        tail = dumps(rest)[1:].encode().replace(b'"answer": ', b"", 1) + b"\n"
        templates.append(("clean", head, ctx_cache[key], qfrags, tail, rec["doc_id"]))
    order = list(range(len(templates)))
    width = max(9, len(str(n)))
    with (out_dir / "generated.jsonl").open("wb", buffering=1 << 20) as fh:
        buf: list[bytes] = []
        for i in range(n):
            slot = i % len(order)
            if slot == 0:
                rng.shuffle(order)
            t = templates[order[slot]]
            uid = str(i + 1).zfill(width).encode()
            if t[0] == "clean":
                chunk_frag, ctx = t[2][int(rng.random() * len(t[2]))]
                doc_id, extra = distractors[int(rng.random() * len(distractors))]
                if doc_id == t[5] or rng.random() < 0.5:
                    extra = b""
                question = t[3][int(rng.random() * len(t[3]))]
                buf.append(
                    b"".join((b'{"uid": "s-', uid, t[1], chunk_frag, ctx, extra, question, t[4]))
                )
            elif t[0] == "fixed":
                buf.append(t[1] + uid + t[2] + b"\n")
            else:
                buf.append(t[1] + b"\n")
            if len(buf) >= 8192:
                fh.write(b"".join(buf))
                buf.clear()
        fh.write(b"".join(buf))


def context_variants(
    chunk_id: str, context: str, answer: str, count: int = 16
) -> list[tuple[bytes, bytes]]:
    """Numbered chunk variants whose sentences are shuffled (the answer span is kept intact).

    Returns (chunk_id JSON plus the opening of the context string, escaped context text) pairs.
    """
    parts = sentences(context)
    out = []
    for k in range(count):
        text = context
        if k and len(parts) > 1:
            shuffled = list(parts)
            random.Random(f"{SEED}:{chunk_id}:{k}").shuffle(shuffled)
            candidate = " ".join(shuffled)
            if answer in candidate:
                text = candidate
        frag = dumps(f"{chunk_id}-v{k:02d}").encode() + b', "context": "'
        out.append((frag, dumps(text).encode()[1:-1]))
    return out


def question_variants(question: str, answer: str, title: str) -> list[str]:
    """The question plus rephrasings that name the source's title (never vague, never leaking)."""
    out = [question]
    if title and answer.lower() not in title.lower():
        name = title[0].lower() + title[1:] if title.startswith("The ") else title
        lowered = (
            question[0].lower() + question[1:] if question.split(" ")[0] in WH_WORDS else question
        )
        out += [
            f"Regarding {name}, {lowered}",
            f"In the context of {name}, {lowered}",
            f"{title}: {question}",
            f"Quick question about {name}: {question}",
            f"On {name}, {lowered}",
        ]
    return out


WH_WORDS = {
    "What",
    "Which",
    "Who",
    "Whom",
    "Whose",
    "When",
    "Where",
    "Why",
    "How",
    "In",
    "On",
    "At",
    "From",
    "For",
    "By",
    "To",
    "Is",
    "Was",
    "Were",
    "Are",
    "Does",
    "Did",
    "Do",
    "Has",
    "Have",
    "Under",
    "Through",
    "Into",
    "Over",
    "Around",
    "Since",
    "After",
    "Before",
    "Between",
    "Along",
    "Across",
    "Near",
    "Besides",
    "Roughly",
    "About",
    "Approximately",
    "Of",
    "With",
    "Apart",
    "Towards",
    "Within",
    "Below",
    "During",
    "Against",
    "Out",
    "Alongside",
}


# --------------------------------------------------------------------------- main


def write_sample(sample: Sample, out_dir: Path) -> None:
    """Write all sample files below out_dir."""
    for rel, data in sample.files.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, help="write DIR/generated.jsonl with exactly N pairs")
    parser.add_argument(
        "--out", type=Path, help="output folder (default: sample_data/ for the sample)"
    )
    parser.add_argument(
        "--check", action="store_true", help="compare a fresh build with the files on disk"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    sample = build_sample()
    if args.check:
        out = args.out or HERE
        stale = [
            rel
            for rel, data in sample.files.items()
            if not (out / rel).exists() or (out / rel).read_bytes() != data
        ]
        print("up to date" if not stale else "stale: " + ", ".join(stale))
        return 1 if stale else 0
    if args.scale is not None:
        if args.out is None:
            parser.error("--scale needs --out DIR")
        scale(args.scale, args.out, sample)
        print(
            f"wrote {args.scale:,} lines to {args.out / 'generated.jsonl'} in {time.perf_counter() - start:.1f}s"
        )
        return 0
    write_sample(sample, args.out or HERE)
    print("\n".join(sample.summary))
    print(f"done in {time.perf_counter() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Each built-in rule on hand-made positives and tricky negatives, straight on polars batches."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest

from storage.errors import WorkbenchError
from workbench.curate.rules.base import BuiltinRule
from workbench.curate.rules.fields import EmptyField
from workbench.curate.rules.garbage import GarbageText
from workbench.curate.rules.pii import Pii, luhn_ok
from workbench.curate.rules.registry import CODES, builtin_rules
from workbench.curate.rules.style import (
    AnswerInQuestion,
    JunkQuestion,
    LongAnswer,
    VagueReference,
    VerboseAnswer,
)
from workbench.curate.rules.support import AnswerNotInContext
from workbench.curate.rules.view import pair_view

CONTEXT = (
    "The Peace of Westphalia was signed in 1648 in Osnabrück and Münster. It ended the Thirty "
    "Years' War. Sweden gained Western Pomerania, and roughly 1,200 envoys took part. "
    "Spain recognised the independence of the Dutch Republic."
)


def batch(*rows: dict[str, Any]) -> pl.DataFrame:
    """Pairs with defaults for every column a rule reads; ids are p0, p1, ..."""
    base = {
        "question": "When was the Peace of Westphalia signed?",
        "answer": "1648",
        "context": CONTEXT,
        "doc_id": "doc-1",
        "kind": "qa",
        "answerable": True,
        "source": "test",
    }
    records = [{"id": f"p{i}", **base, **row} for i, row in enumerate(rows)]
    frame = pl.DataFrame(records, schema_overrides={"context": pl.String, "doc_id": pl.String})
    return pair_view(frame)


def flagged(rule: BuiltinRule, *rows: dict[str, Any]) -> list[bool]:
    """For each row, whether the rule flags it."""
    found = set(rule.check(batch(*rows))["pair_id"].to_list())
    return [f"p{i}" in found for i in range(len(rows))]


def evidence(rule: BuiltinRule, row: dict[str, Any]) -> dict[str, Any]:
    found = rule.check(batch(row))
    assert found.height == 1, found
    return json.loads(found["evidence"][0])


def test_empty_field() -> None:
    rule = EmptyField()
    assert (
        flagged(
            rule,
            {"answer": "N/A"},
            {"answer": "<noinput>"},
            {"answer": "?"},
            {"answer": "  null "},
            {"answer": "[ANSWER]"},
            {"question": "..."},
            {"answer": "..."},
        )
        == [True] * 7
    )
    assert (
        flagged(
            rule,
            {"answer": "", "answerable": False},  # an abstention, not a placeholder
            {"answer": "?", "answerable": False},
            {"answer": "None of them"},
            {"answer": "NA-12 road"},
            {"answer": "1648"},
        )
        == [False] * 5
    )
    assert evidence(rule, {"answer": "N/A"}) == {"field": "answer", "value": "N/A"}


def test_answer_not_in_context() -> None:
    rule = AnswerNotInContext()
    assert (
        flagged(
            rule,
            {"answer": "1748"},  # a wrong year
            {"answer": "about 1,300 envoys"},  # a wrong number in otherwise matching words
            {"answer": "Sweden and Denmark"},
            {"answer": "The treaty was signed in Vienna in 1748 by the emperor"},
            {"answer": "Emperor Ferdinand III"},
            {"answer": "Münstar"},  # one letter changed in a short name
            {"answer": "Münster and Osnabrück"},  # both there, but not as a span
            {"answer": "Eastern Pomerania"},
        )
        == [True] * 8
    )
    assert (
        flagged(
            rule,
            {"answer": "1648"},
            {"answer": "the thirty years war"},  # normalised: case and punctuation
            {"answer": "Osnabruck"},  # accents
            {"answer": "Osnabrück, Münster"},  # in order, function words aside
            {"answer": "Osnabrueck"},  # a spelling variant of a long word
            {"answer": "1200 envoys"},  # thousands separator
            {"answer": "Based on the passage, Western Pomerania."},  # meta talk is verbose_answer's
            {"answer": '```json\n{"answer": "Western Pomerania"}\n```'},
            {"answer": "Great question! It is 1648. I hope this helps!"},
            {"answer": "Sweden gained western Pomerania"},
            {"answer": "Spain recognized the Dutch Republic's independence"},  # paraphrase
            {"answer": "", "answerable": False},
            {"answer": "Vienna", "answerable": False},  # unanswerable pairs are fine
            {"answer": "Vienna", "context": None},  # nothing to check against
            {"answer": "Vienna", "kind": "instruction", "question": "Summarise the treaty."},
        )
        == [False] * 15
    )
    ev = evidence(rule, {"answer": "1748"})
    assert ev["reason"] == "number not in context" and ev["missing"] == ["1748"]
    assert ev["min_token_support"] == 0.75
    start, end = ev["span"]
    assert CONTEXT[start:end] == ev["best_match"] and "1648" in ev["best_match"]
    near = evidence(rule, {"answer": "Münstar"})
    assert near["reason"] == "word not in context" and near["missing"] == ["munstar"]
    assert near["best_match"] == "Münster"
    apart = evidence(rule, {"answer": "Münster and Osnabrück"})
    assert apart["reason"] == "words not together in context" and apart["missing"] == []


def test_verbose_answer() -> None:
    rule = VerboseAnswer()
    assert (
        flagged(
            rule,
            {"answer": "The answer to the question is 1648."},
            {"answer": "Based on the passage, the treaty was signed in 1648."},
            {"answer": "According to the text, 1648"},
            {"answer": "Sure! The year was 1648."},
            {"answer": '{"answer": "1648"}'},
            {"answer": "```json\n1648\n```"},
            {"answer": "**1648**"},
            {"answer": "1648\nQuestion: Where was it signed?"},
            {"answer": "It was signed in 1648, as stated in the passage."},
        )
        == [True] * 9
    )
    assert (
        flagged(
            rule,
            {"answer": "1648"},
            {"answer": "According to Grotius, war needs a just cause."},
            {"answer": "The answer lies in the treaty's wording."},  # 'answer' as a normal noun
            # Markdown is normal in an instruction's response.
            {"answer": "**Step 1**: mix the flour", "kind": "instruction", "context": None},
            {"answer": "In the passage of the bill, parliament voted twice."},
        )
        == [False] * 5
    )


def test_long_answer() -> None:
    rule = LongAnswer()
    long = " ".join(["word"] * 61)
    assert flagged(rule, {"answer": long}, {"answer": " ".join(["word"] * 60)}) == [True, False]
    assert flagged(rule, {"answer": long, "kind": "instruction", "context": None}) == [False]
    # An instruction that asks about its input is reading QA: the limit applies.
    assert flagged(rule, {"answer": long, "kind": "instruction"}) == [True]
    assert evidence(rule, {"answer": long}) == {"words": 61, "threshold": 60}
    assert flagged(LongAnswer({"max_words": 100}), {"answer": long}) == [False]


def test_junk_question() -> None:
    rule = JunkQuestion()
    assert (
        flagged(
            rule,
            {"question": "As an AI language model, I cannot create questions about this text."},
            {"question": "I'm sorry, but I can't help with that."},
            {"question": "Here are 5 questions about the Peace of Westphalia:"},
            {"question": "Sure! Here is a question about the passage."},
            {"question": "The treaty was signed in 1648."},  # a statement
            {"question": "Westphalia?"},  # too short
        )
        == [True] * 6
    )
    assert (
        flagged(
            rule,
            {"question": "When was the Peace of Westphalia signed?"},
            {"question": "in what year did the congress open"},  # SQuAD style, no '?'
            {"question": "Name the two cities that hosted the negotiations."},
            {"question": "Summarise the treaty", "kind": "instruction"},
            {"question": "Explain why the war ended"},
            {"question": "Is Calvinism tolerated?"},
        )
        == [False] * 6
    )


def test_vague_reference() -> None:
    rule = VagueReference()
    assert (
        flagged(
            rule,
            {"question": "According to the passage, when was the treaty signed?"},
            {"question": "What does the text say about Sweden?"},
            {"question": "In the given paragraph, which cities hosted the talks?"},
            {"question": "What is the main idea of the passage?"},
            {"question": "What does the author argue about sovereignty?"},
            {"question": "Which war is mentioned above?"},
        )
        == [True] * 6
    )
    assert (
        flagged(
            rule,
            {"question": "Which ships first sailed through the Drake Passage?"},
            {"question": "What led to the passage of the Reform Act?"},
            {"question": "Who is the author of Leviathan?"},
            {"question": "In the context of the Cold War, what was containment?"},
            {"question": "What text did Luther translate into German?"},
            {"question": "When was the Peace of Westphalia signed?"},
        )
        == [False] * 6
    )


def test_answer_in_question() -> None:
    rule = AnswerInQuestion()
    assert (
        flagged(
            rule,
            {"question": "In what year, 1648, was the treaty signed?", "answer": "1648"},
            {"question": "Which country, Sweden, gained Western Pomerania?", "answer": "Sweden"},
            {
                "question": "Did the Dutch Republic win independence?",
                "answer": "the Dutch Republic",
            },
        )
        == [True] * 3
    )
    choice = {"question": "Was it Sweden or Denmark that gained Pomerania?", "answer": "Sweden"}
    assert flagged(rule, choice) == [True]  # the options give the answer away
    assert flagged(AnswerInQuestion({"skip_choice": True}), choice) == [False]
    assert (
        flagged(
            rule,
            {"question": "Did Spain recognise the Dutch Republic?", "answer": "Yes"},
            {"question": "When was the treaty signed?", "answer": "the"},
            {"question": "Which year followed 1647?", "answer": "1648"},
            {"question": "What did Sweden gain?", "answer": "Western Pomerania"},
            {"question": "Who gained Pomerania?", "answer": "Pomeranians", "answerable": False},
        )
        == [False] * 5
    )


@pytest.mark.parametrize(
    "text",
    [
        "Write to jane.doe@example.org for a copy.",
        "Call +44 20 7946 0958 after six.",
        "Her number is (555) 123-4567.",
        "The office line is 555-867-5309.",
        "The server sits at 192.168.10.24 on the LAN.",
        "Route via 2001:0db8:85a3:0000:0000:8a2e:0370:7334 only.",
        "Pay with card 4111 1111 1111 1111 please.",
        "Card number 5500-0000-0000-0004 was charged.",
    ],
)
def test_pii_positive(text: str) -> None:
    assert flagged(Pii(), {"answer": text}) == [True]


@pytest.mark.parametrize(
    "text",
    [
        "ISBN 978-3-16-148410-0 is on the back cover.",
        "ISBN 9780306406157",
        "Upgrade to version 2.14.3 of the library.",
        "Python 3.11.4 was released in 2023.",
        "The war lasted from 1618-1648.",
        "It was signed on 1648-10-24.",
        "The population was 1 234 567 in 1900.",
        "Sales reached 12,345,678 units.",
        "The order id 4111111111111112 failed the checksum.",
        "Use the @ sign before a handle like @westphalia.",
        "The ratio was 3.14159 to 2.71828.",
        "Coordinates 52.2799 N, 8.0472 E.",
        "Serial 1234-5678-9012 printed on the box.",
        "At 12:30:45 the bell rang.",
        "Call the office for details.",
    ],
)
def test_pii_negative(text: str) -> None:
    assert flagged(Pii(), {"answer": text}) == [False]


def test_pii_evidence_and_luhn() -> None:
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    ev = evidence(Pii(), {"answer": "Mail jane@example.org now"})
    assert ev["field"] == "answer"
    assert ev["matches"][0] == {"kind": "email", "match": "jane@example.org", "span": [5, 21]}


def test_garbage_text() -> None:
    rule = GarbageText()
    assert (
        flagged(
            rule,
            {"answer": "signed in 1648. signed in 1648. signed in 1648. signed in 1648."},
            {"answer": "the the the the treaty"},
            {"answer": "Caf\u00c3\u00a9 in M\u00c3\u00bcnster"},  # UTF-8 read as Latin-1
            {"answer": "It\u00e2\u20ac\u2122s 1648"},
            {"answer": "16\x0748"},
            {"question": "What happened in \ufffd1648?"},
            {"answer": "aaaaaaaaaaaa"},
        )
        == [True] * 7
    )
    assert (
        flagged(
            rule,
            {"answer": "1648"},
            {"answer": "SÃO PAULO is in Brazil"},
            {"answer": "The Dutch Republic and the Dutch Republic's allies signed."},
            {"answer": "It had 1000000000 grains."},
            {"answer": "Line one\nLine two\ttabbed"},
            {"answer": "Münster, Osnabrück – façade, naïve, “quoted”"},
        )
        == [False] * 6
    )
    ev = evidence(rule, {"answer": "16\x0748"})
    assert ev["reason"] == "control_character" and ev["matched"] == "U+0007" and ev["offset"] == 2


def test_config_overrides_and_mistakes() -> None:
    rules = builtin_rules({"long_answer": {"max_words": 10, "severity": "info"}})
    long_rule = next(r for r in rules if r.code == "long_answer")
    assert long_rule.config["max_words"] == 10 and long_rule.severity == "info"
    assert "max_words=10" in long_rule.explain()
    assert [r.code for r in rules] == list(CODES)
    with pytest.raises(WorkbenchError, match=r"\[flags.long_answer\]: unknown key 'max_word'"):
        builtin_rules({"long_answer": {"max_word": 10}})
    with pytest.raises(WorkbenchError, match=r"'max_words' must be int"):
        builtin_rules({"long_answer": {"max_words": "ten"}})
    with pytest.raises(WorkbenchError, match=r"no built-in rule 'long_answers'"):
        builtin_rules({"long_answers": {}})
    with pytest.raises(WorkbenchError, match=r"severity 'fatal'"):
        builtin_rules({"pii": {"severity": "fatal"}})


def test_chat_turn_with_inline_context_is_split() -> None:
    turn = f"Context:\n{CONTEXT}\n\nQuestion: When was the Peace of Westphalia signed?"
    plain = f"{CONTEXT}\n\nWhen was the Peace of Westphalia signed?"
    view = batch(
        {"kind": "chat", "context": None, "question": turn},
        {"kind": "chat", "context": None, "question": plain},
        {"kind": "chat", "context": None, "question": "Hi!\n\nWhen was it signed?"},
        {"kind": "instruction", "question": "Summarise the text."},
    )
    rows = view.select("question", "context", "task").rows()
    assert rows[0] == ("When was the Peace of Westphalia signed?", CONTEXT, "qa")
    assert rows[1] == rows[0]
    assert rows[2] == ("Hi!\n\nWhen was it signed?", None, "chat")  # no passage before it
    assert rows[3][2] == "instruction"
    # Grounding and answer-in-question then work on the parts, not on the whole turn.
    assert flagged(
        AnswerNotInContext(),
        {"kind": "chat", "context": None, "question": turn, "answer": "1748"},
        {"kind": "chat", "context": None, "question": turn, "answer": "1648"},
    ) == [True, False]
    assert flagged(
        AnswerInQuestion(), {"kind": "chat", "context": None, "question": turn, "answer": "Sweden"}
    ) == [False]


def test_garbled_answers_are_not_also_ungrounded() -> None:
    assert (
        flagged(
            AnswerNotInContext(),
            {"answer": "Western Pomerania Pomerania Pomerania Pomerania"},
            {"answer": "1648 1648 1648 1648"},
            {"answer": "\x1b[1;31m1648\x1b[0m"},
            {"answer": "Western Pomerania\x00\x00"},
        )
        == [False] * 4
    )


@pytest.mark.parametrize(
    "text",
    [
        "+33 1 42 68 53 07",
        "+91 98450 32176",
        "+61 3 9657 8867",
        "+82 62-381-7788",
        "(718) 555-0199",
    ],
)
def test_pii_international_phones(text: str) -> None:
    assert flagged(Pii(), {"answer": f"Call {text} to book."}, {"answer": text}) == [True, True]


def test_placeholder_the_context_contains_is_an_answer() -> None:
    sql = "An outer join fills the gaps with NULL where no row matches."
    assert flagged(
        EmptyField(),
        {"answer": "NULL", "context": sql},
        {"answer": "NULL"},
        {"answer": "?", "context": "Why? Nobody knows?"},
    ) == [False, True, True]


def test_garbage_in_a_shared_context_flags_its_pairs() -> None:
    sentence = "Sweden gained Western Pomerania and the bishoprics of Bremen and Verden."
    looped = CONTEXT + " " + " ".join([sentence] * 4)
    rule = GarbageText()
    assert flagged(
        rule,
        {"context": looped},
        {"context": looped, "question": "Which bishoprics did Sweden gain?"},
        {"context": CONTEXT.replace("ü", "\ufffd")},
        {"context": CONTEXT.replace("ü", "Ã¼")},
        {"context": CONTEXT + " " + " ".join([sentence] * 2)},  # said twice: still fine
        {"context": CONTEXT},
    ) == [True, True, True, True, False, False]
    ev = evidence(rule, {"context": looped})
    assert ev["field"] == "context" and ev["reason"] == "repeated_passage"
    assert ev["max_ngram_count"] == 4


def test_more_shapes() -> None:
    turn = f"{CONTEXT}\n\n"
    assert flagged(EmptyField(), {"kind": "chat", "context": None, "question": turn}) == [True]
    assert flagged(Pii(), {"question": "I'm Tom, call me on 07700 900123: who won?"}) == [True]
    assert flagged(GarbageText(), {"answer": "443 443 443 443 443 443"}, {"answer": "1 200"}) == [
        True,
        False,
    ]

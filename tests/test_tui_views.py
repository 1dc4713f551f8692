"""storage/views.py: the fast key query agrees with the filter over `current_pairs` (the form
subsets save), pages agree with the view, and saved filters are self-contained SQL."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from storage import views
from storage.db import open_store
from storage.decisions import record, redo, undo
from storage.subsets import freeze
from storage.views import Filter, Sort
from tests.test_tui_fixtures import ids_by_seq, make_store

FILTERS = [
    Filter(),
    Filter(status="pending"),
    Filter(status="accepted"),
    Filter(status="rejected"),
    Filter(tag="hard"),
    Filter(tag="hard", status="accepted"),
    Filter(tag="nobody-used-this"),
    Filter(edited=True),
    Filter(edited=False, status="pending"),
    Filter(search="1648"),  # matches the edit's new text and the original's
    Filter(search="seventeen"),  # only in an edited answer
    Filter(search="thirty years"),  # question of #3 and the Westphalia context
    Filter(search="'"),
    Filter(search="%"),
    Filter(search="_"),
    Filter(search="\\"),
    Filter(flag="*"),
    Filter(flag="short_answer", status="pending"),
    Filter(severity="error", source="gen-b"),
    Filter(method="near"),
    Filter(cluster="q1"),
    Filter(subset="firsts"),
    Filter(kind="instruction", search="a"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = make_store(tmp_path_factory.mktemp("views"))
    with open_store(store) as con:
        ids = ids_by_seq(con)
        record(con, [ids[1], ids[2], ids[3]], "accept")
        record(con, [ids[3]], "reject")
        record(con, [ids[4]], "reject")
        record(con, [ids[4]], "reset")
        record(con, [ids[5]], "edit", {"answer": "seventeen 1648"})
        record(con, [ids[6]], "edit", {"question": "Changed?"})
        record(con, [ids[6]], "edit", {"question": "How tall is Mount Etna?"})  # back to original
        record(con, [ids[7], ids[8]], "tag", {"tag": "hard"})
        record(con, [ids[8]], "untag", {"tag": "hard"})
        freeze(con, "firsts", where="seq <= 5")
        # Undo and redo write inverse batches the status and tag filters must follow.
        record(con, [ids[9], ids[10]], "accept")
        record(con, [ids[10], ids[11]], "tag", {"tag": "hard"})
        undo(con)  # 10 and 11 untagged
        undo(con)  # 9 and 10 pending again
        redo(con)  # 9 and 10 accepted again
        record(con, [ids[12]], "reject")
        record(con, [ids[12]], "tag", {"tag": "hard"})
        undo(con)  # 12 untagged
        undo(con)  # 12 pending
    return store


def view_seqs(con: duckdb.DuckDBPyConnection, flt: Filter) -> list[int]:
    """The filter over the log-derived `current_pairs` view: what `views.keys` must return."""
    where, params = views.predicate(con, flt)
    sql = f"SELECT c.seq FROM current_pairs c WHERE {where} ORDER BY c.seq"
    return [r[0] for r in con.execute(sql, params).fetchall()]


@pytest.mark.parametrize("flt", FILTERS, ids=[f.describe() for f in FILTERS])
def test_keys_match_current_pairs(store: Path, flt: Filter) -> None:
    with open_store(store, read_only=True) as con:
        expected = view_seqs(con, flt)
        assert views.keys(con, flt).tolist() == expected
        saved = views.literal_predicate(con, flt)
        literal = [
            r[0]
            for r in con.execute(
                f"SELECT seq FROM current_pairs WHERE {saved} ORDER BY seq"
            ).fetchall()
        ]
        assert literal == expected


@pytest.mark.parametrize("column", list(views.SORTS))
def test_every_sort_column(store: Path, column: str) -> None:
    with open_store(store, read_only=True) as con:
        for descending in (False, True):
            got = views.keys(con, Filter(), Sort(column, descending)).tolist()
            assert sorted(got) == list(range(1, 21))
    assert views.keys  # the sort is total: ties break on seq


def test_rows_match_the_view(store: Path) -> None:
    with open_store(store, read_only=True) as con:
        got = {r["seq"]: r for r in views.rows(con, list(range(1, 21)))}
        for seq, status, question, answer, edited, tags in con.execute(
            "SELECT seq, status, question, answer, edited, tags FROM current_pairs"
        ).fetchall():
            row = got[seq]
            assert (row["status"], row["edited"], row["tags"]) == (status, edited, tags)
            assert row["question"] == question[: views.ROW_TEXT_CHARS]
            assert row["answer"] == answer[: views.ROW_TEXT_CHARS]
        detail = views.detail(con, views.id_of(con, 5))
        assert detail is not None
        assert detail["answer"] == "seventeen 1648" and detail["original_answer"] == "3,357 metres"
        assert [h["action"] for h in detail["history"]] == ["edit"]


def test_search_without_contexts_is_a_subset(store: Path) -> None:
    with open_store(store, read_only=True) as con:
        quick = views.keys(con, Filter(search="thirty years"), contexts=False).tolist()
        full = views.keys(con, Filter(search="thirty years")).tolist()
    assert quick == [3] and full == [1, 2, 3, 4]


@pytest.mark.parametrize("flt", FILTERS, ids=[f.describe() for f in FILTERS])
def test_limited_keys_are_the_first_of_the_view(store: Path, flt: Filter) -> None:
    """The early first page (a top-N) is exactly the start of the full key list, in any order."""
    with open_store(store, read_only=True) as con:
        for sort in (Sort(), Sort("question"), Sort("status", descending=True), Sort("tags")):
            full = views.keys(con, flt, sort).tolist()
            assert views.keys(con, flt, sort, limit=3).tolist() == full[:3]


def test_status_filters_follow_undo_and_redo(store: Path) -> None:
    with open_store(store, read_only=True) as con:
        accepted = views.keys(con, Filter(status="accepted")).tolist()
        pending = views.keys(con, Filter(status="pending")).tolist()
        tagged = views.keys(con, Filter(tag="hard")).tolist()
    assert 9 in accepted and 10 in accepted and 12 in pending
    assert tagged == [7]


def test_a_search_alone_in_either_direction(store: Path) -> None:
    """A search alone takes a shorter path than a search with other filters: same answers."""
    with open_store(store, read_only=True) as con:
        for text in ("1648", "thirty years", "'", "%", "a"):
            flt = Filter(search=text)
            forward = views.keys(con, flt, contexts=False).tolist()
            backward = views.keys(con, flt, Sort("seq", descending=True), contexts=False)
            assert backward.tolist() == forward[::-1]
            combined = views.keys(con, flt.with_(kind="instruction"), contexts=False).tolist()
            assert combined == [
                s for s in forward if s in set(view_seqs(con, Filter(kind="instruction")))
            ]
            assert set(forward) <= set(view_seqs(con, flt))

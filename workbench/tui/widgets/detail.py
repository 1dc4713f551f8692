"""The detail pane: one pair in full, with the answer marked in its context, flags with their
evidence, cluster membership and the pair's decision history."""

from __future__ import annotations

import json
from typing import Any

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from workbench.tui.highlight import answer_span

STATUS_STYLE = {"accepted": "$success bold", "rejected": "$error bold", "pending": "$text-muted"}
SEVERITY_STYLE = {"error": "$error bold", "warning": "$warning", "info": "$text-muted"}
SEVERITY_GLYPH = {"error": "✗", "warning": "!", "info": "i"}
CONTEXT_CHARS = 6000  # a runaway context is cut; the full text is one `y` (copy) away


def _heading(title: str) -> Content:
    return Content.assemble(("\n" + title + "\n", "bold $accent"))


def _json(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def render_detail(d: dict[str, Any]) -> Content:
    """The whole pane as one Content (built off the event loop by the caller's worker)."""
    parts: list[Content | str | tuple[str, str]] = []
    status = d["status"]
    where = "/".join(str(x) for x in (d.get("doc_id"), d.get("chunk")) if x not in (None, ""))
    parts.append((f"#{d['seq']} ", "bold"))
    parts.append((status, STATUS_STYLE.get(status, "")))
    parts.append((f"  {d['kind']} · {d['source']}", "$text-muted"))
    if where:
        parts.append((f" · {where}", "$text-muted"))
    if d.get("edited"):
        parts.append(("  ✎ edited", "$warning"))
    if not d.get("answerable", True):
        parts.append(("  unanswerable", "$warning"))
    parts.append((f"\n{d['id']}", "$text-muted"))
    if d.get("tags"):
        parts.append(("\ntags: ", "$text-muted"))
        parts.append((", ".join(d["tags"]), "$secondary"))
    parts.append(_heading("Question"))
    parts.append(d["question"])
    if d.get("edited") and d.get("original_question") != d["question"]:
        parts.append(("\nwas: " + str(d.get("original_question")), "$text-muted italic"))
    parts.append(_heading("Answer"))
    parts.append(d["answer"])
    if d.get("edited") and d.get("original_answer") != d["answer"]:
        parts.append(("\nwas: " + str(d.get("original_answer")), "$text-muted italic"))
    parts.extend(_context(d.get("context"), d["answer"]))
    parts.extend(_flags(d.get("flags") or []))
    parts.extend(_clusters(d.get("clusters") or [], d["id"]))
    parts.extend(_history(d.get("history") or []))
    return Content.assemble(*parts)


def _context(context: str | None, answer: str) -> list[Content | str | tuple[str, str]]:
    if not context:
        return [_heading("Context"), ("(no context)", "$text-muted")]
    shown = context[:CONTEXT_CHARS]
    span = answer_span(shown, answer)
    out: list[Content | str | tuple[str, str]] = []
    if span is None:
        out.append(_heading("Context  — answer not found"))
        out.append(shown)
    elif span.exact:
        out.append(_heading("Context"))
        out += [shown[: span.start], (shown[span.start : span.end], "bold reverse $success")]
        out.append(shown[span.end :])
    else:
        out.append(_heading(f"Context  — answer not found; ≈ nearest match {span.score:.0f}%"))
        out += [shown[: span.start], (shown[span.start : span.end], "underline bold $warning")]
        out.append(shown[span.end :])
    if len(context) > CONTEXT_CHARS:
        out.append((f"\n… {len(context) - CONTEXT_CHARS:,} more characters", "$text-muted"))
    return out


def _flags(flags: list[dict[str, Any]]) -> list[Content | str | tuple[str, str]]:
    if not flags:
        return []
    out: list[Content | str | tuple[str, str]] = [_heading(f"Flags ({len(flags)})")]
    for f in flags:
        sev = f["severity"]
        out.append((f"{SEVERITY_GLYPH.get(sev, '?')} {sev} ", SEVERITY_STYLE.get(sev, "")))
        out.append((f["code"], "bold"))
        out.append(f"  {f['message']}\n")
        evidence = _json(f.get("evidence"))
        if evidence:
            out.append((f"    evidence: {evidence}\n", "$text-muted"))
    return out


def _clusters(
    clusters: list[dict[str, Any]], pair_id: str
) -> list[Content | str | tuple[str, str]]:
    if not clusters:
        return []
    out: list[Content | str | tuple[str, str]] = [_heading("Clusters")]
    for c in clusters:
        role = "representative" if c["is_representative"] else f"rep {c['representative'] or '?'}"
        sim = f" · similarity {c['similarity']:.2f}" if c.get("similarity") is not None else ""
        out.append(f"{c['method']} {c['cluster_id']} · {c['size']} members · {role}{sim}\n")
    return out


def _history(history: list[dict[str, Any]]) -> list[Content | str | tuple[str, str]]:
    if not history:
        return [_heading("History"), ("no decisions yet", "$text-muted")]
    out: list[Content | str | tuple[str, str]] = [_heading(f"History ({len(history)})")]
    for h in history[-30:]:
        when = h["at"].strftime("%Y-%m-%d %H:%M:%S") if hasattr(h["at"], "strftime") else h["at"]
        payload = _json(h.get("payload"))
        if h["action"] == "edit":
            payload = "question/answer changed"
        out.append((f"{when} ", "$text-muted"))
        out.append((h["action"], "bold"))
        out.append(f" {payload} " if payload else " ")
        out.append((f"by {h['by']} (batch {h['batch']})\n", "$text-muted"))
    if len(history) > 30:
        out.insert(1, (f"… {len(history) - 30} older decisions\n", "$text-muted"))
    return out


class PairDetail(VerticalScroll, can_focus=True):
    """Scrollable detail of the pair under the cursor."""

    DEFAULT_CSS = """
    PairDetail { padding: 0 1; }
    PairDetail > Static { width: 1fr; }
    """

    def compose(self):  # type: ignore[override]
        yield Static("", id="detail-body")

    def show(self, content: Content | str, keep_scroll: bool = False) -> None:
        """Show a pair; a refresh of the same pair keeps the scroll position."""
        self.query_one("#detail-body", Static).update(content)
        if not keep_scroll:
            self.scroll_home(animate=False)

"""Review pages: one self-contained HTML file per brief, and an index page for a batch.

A reviewer checks a brief against its article, so the brief page shows the
cleaned text with every item's span highlighted and the items beside it. The
pages load nothing from anywhere (inline CSS and JS, a Content-Security-Policy
that allows only those two blocks by hash), so they open from a folder, a mail
attachment or an air-gapped machine alike. Every string from an article or a
brief is escaped by Jinja's autoescaping; the script reads no data from the
page except our own anchors, so no article text ever reaches it as code.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Protocol

import jinja2
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from summarise.output.schema import Actor, Brief, BriefRecord, Casualty, Claim, Displacement, Figure, Location

# (brief field, anchor prefix, singular label). Anchors are `<prefix>-<index in the field's list>`,
# so index pages and people can link to one item: 89ebde8332c7.html#cas-0.
FIELDS = (("actors", "act", "actor"), ("locations", "loc", "location"), ("claims", "clm", "claim"),
          ("casualties", "cas", "casualty"), ("displacement", "dis", "displacement"))
PREFIX = {name: prefix for name, prefix, _ in FIELDS}


def item_anchor(field_name: str, index: int) -> str:
    return f"{PREFIX[field_name]}-{index}"


@dataclass
class ItemView:
    anchor: str
    field: str
    label: str
    title: str
    details: list[tuple[str, str]]
    evidence: str
    span: tuple[int, int] | None  # None when the item has no usable span in this text


@dataclass
class Segment:
    """A run of text between two span boundaries, with every item that covers all of it."""

    text: str
    items: list[ItemView] = field(default_factory=list)  # shortest first

    @property
    def ids(self) -> str:
        return " ".join(i.anchor for i in self.items)

    @property
    def tip(self) -> str:
        return " · ".join(f"{i.label}: {i.title}" for i in self.items)


@cache
def _environment() -> Environment:
    # auto_reload off: templates ship with the package, so the stat of the file on every page is waste.
    env = Environment(loader=PackageLoader("summarise.output", "templates"), autoescape=True, auto_reload=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["num"] = lambda n: "" if n is None else f"{n:,}"
    return env


@cache
def _assets() -> dict[str, Any]:
    """The page's CSS and JS, and their CSP hashes: the browser runs only these exact blocks."""
    folder = files("summarise.output") / "templates"
    css, js = (folder / "review.css").read_text("utf-8"), (folder / "review.js").read_text("utf-8")

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    csp = f"default-src 'none'; style-src {digest(css)}; script-src {digest(js)}; base-uri 'none'; form-action 'none'"
    return {"css": Markup(css), "js": Markup(js), "csp": csp}


def _bounds(figure: Figure) -> list[tuple[str, str]]:
    return [("low", f"{figure.low:,}"), ("high", "none stated" if figure.high is None else f"{figure.high:,}"),
            ("qualifier", figure.qualifier)]


def _people(d: Displacement) -> str:
    if d.people_estimate is not None:
        per = {"families": "family", "households": "household"}.get(d.unit)
        return f"{d.people_estimate:,}" + (f" ({d.household_size:g} per {per})" if per and d.household_size else "")
    return "not estimated (no --household-size)" if d.unit != "people" else "none"


def _describe(it: Actor | Location | Claim | Casualty | Displacement) -> tuple[str, list[tuple[str, str]]]:
    """The side list's title for an item and its other fields, empty ones left out."""
    def opt(*pairs: tuple[str, str | None]) -> list[tuple[str, str]]:
        return [(k, v) for k, v in pairs if v]

    if isinstance(it, Actor):
        return it.name, opt(("kind", it.kind), ("role", it.role), ("affiliation", it.affiliation),
                            ("aliases", ", ".join(it.aliases)))
    if isinstance(it, Location):
        return it.name, opt(("kind", it.kind), ("in", it.parent), ("country", it.country),
                            ("aliases", ", ".join(it.aliases)))
    if isinstance(it, Claim):
        return it.claimant, opt(("statement", it.statement), ("status", it.status), ("disputed by", it.disputed_by),
                                ("via", it.reported_via))
    if isinstance(it, Casualty):
        return f"{it.kind}: {it.figure.text}", _bounds(it.figure) + opt(
            ("victims", it.victims), ("by", it.perpetrator), ("where", it.location), ("when", it.when),
            ("source", it.source))
    return f"displaced: {it.figure.text} {it.unit}", _bounds(it.figure) + [("people", _people(it))] + opt(
        ("from", it.origin), ("to", it.destination), ("period", it.period), ("source", it.source))


def _views(brief: Brief, text: str | None) -> dict[str, list[ItemView]]:
    def usable(span: tuple[int, int] | None) -> tuple[int, int] | None:
        return span if text is not None and span and 0 <= span[0] < span[1] <= len(text) else None

    return {name: [ItemView(item_anchor(name, i), name, label, *_describe(it), evidence=it.evidence,
                            span=usable(it.span)) for i, it in enumerate(getattr(brief, name))]
            for name, _, label in FIELDS}


def segments(text: str, items: list[ItemView]) -> list[Segment]:
    """Split the text at every span boundary: overlapping and nested spans need no tree, only cuts.

    Each segment lists the items covering it, shortest first, so the innermost
    item (an actor inside a claim sentence) gives the colour. One sweep keeps
    the items open at each cut, so a long report with thousands of items stays fast.
    """
    located = [(i.span[0], i.span[1], i) for i in items if i.span]
    starts: dict[int, list[tuple[int, int, ItemView]]] = {}
    for entry in located:
        starts.setdefault(entry[0], []).append(entry)
    cuts = sorted({0, len(text), *(s for s, _, _ in located), *(e for _, e, _ in located)})
    covering: list[tuple[int, int, ItemView]] = []
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [c for c in covering if c[1] > a] + starts.get(a, [])
        parts.append(Segment(text[a:b], [i for _, _, i in sorted(covering, key=lambda c: c[1] - c[0])]))
    return parts


class ViewStore(Protocol):
    """Where rendered page bodies are kept between runs (the response cache), by `body_key`."""

    def get_view(self, key: str) -> str | None: ...

    def put_view(self, key: str, html: str) -> None: ...


@cache
def _renderer_hash() -> str:
    """Everything but the brief and the text that shapes a page body: this module, the body template, Jinja."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update((files("summarise.output") / "templates" / "brief_body.html.j2").read_bytes())
    digest.update(jinja2.__version__.encode())
    return digest.hexdigest()


def body_key(brief: Brief, text: str) -> str:
    """What a page body is kept under: its inputs themselves, so a kept body is never stale.

    The record's own key would not do: it leaves out the templates, and a
    record from another source with the same text and brief shares the body.
    """
    digest = hashlib.sha256(_renderer_hash().encode())
    digest.update(hashlib.sha256(text.encode()).digest())
    digest.update(brief.model_dump_json().encode())
    return digest.hexdigest()


def _render_body(brief: Brief, text: str | None, source: str) -> str:
    views = _views(brief, text)
    flat = [v for rows in views.values() for v in rows]
    return _environment().get_template("brief_body.html.j2").render(
        b=brief, fields=FIELDS, views=views, source=source,
        segments=segments(text, flat) if text is not None else None)


def render_brief_html(record: BriefRecord, text: str | None, store: ViewStore | None = None) -> str:
    """The review page for one brief; `text` is the cleaned article its spans point into (None: not at hand).

    The body (the highlighted text and the items, most of the rendering) depends
    on the brief and the text only; with a `store` it is rendered once and kept,
    so a brief served again from the cache costs only the page around it, whose
    file name, times and cache status are this run's.
    """
    brief = record.brief
    body = key = None
    if store is not None and text is not None:  # without the text the body names the source: not shared
        key = body_key(brief, text)
        body = store.get_view(key)
    if body is None:
        body = _render_body(brief, text, record.article["source"])
        if key is not None and store is not None:
            store.put_view(key, body)
    return _environment().get_template("brief.html.j2").render(
        r=record, b=brief, fields=FIELDS, counts={name: len(getattr(brief, name)) for name, _, _ in FIELDS},
        body=Markup(body), **_assets())  # noqa: S704 - our own rendering, autoescaped when it was made


def render_index_html(records: list[BriefRecord], summary: dict[str, Any], failures: dict[str, str]) -> str:
    """The batch page: every article, every figure (sortable, filterable), actors, places, contested claims."""
    articles = sorted(records, key=lambda r: (r.brief.published or "9999", r.article["source"]))
    headlines = {r.article["id"]: r.brief.headline for r in records}
    figures = [{**f, "anchor": item_anchor(f["field"], f["index"])} for f in summary["figures"]]

    def choices(key: str) -> list[str]:
        return sorted({f[key] for f in figures if f[key]})

    return _environment().get_template("index.html.j2").render(
        articles=articles, fields=FIELDS, summary=summary, figures=figures, headlines=headlines,
        failures=sorted(failures.items()), item_anchor=item_anchor, **_assets(),
        filters=[(k, choices(k)) for k in ("field", "kind", "location", "source")])


__all__ = ["FIELDS", "ViewStore", "body_key", "item_anchor", "render_brief_html", "render_index_html", "segments"]

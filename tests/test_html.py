"""Review pages as files: escaping, overlapping spans, what is written where (the browser tests are in test_browser)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from fakes import FakeClient
from summarise.output.html import ItemView, render_brief_html, render_index_html, segments
from summarise.output.schema import (
    Actor, Brief, BriefRecord, Casualty, Claim, Displacement, Figure, Location, Rejected, SummaryDraft,
)
from summarise.output.summary import build_summary, write_summary
from summarise.pipeline import Summariser, write_record
from summarise.text.article import load_article

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
HOSTILE = f"Clashes in Dara {SCRIPT}\nAt least 4 civilians were killed in Dara, officials said {BREAKOUT}."


def span_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def hostile_record() -> BriefRecord:
    """Every string a page shows carries markup: names, claims, figures, rejections, notes, provenance."""
    text = HOSTILE
    brief = Brief(
        headline=f"Headline {SCRIPT}", summary=f"Summary {BREAKOUT}", published="2024-05-01",
        actors=[Actor(name=BREAKOUT, kind="other", evidence=BREAKOUT, span=span_of(text, BREAKOUT))],
        locations=[Location(name="Dara", kind="town", evidence="Dara", span=span_of(text, "Dara"))],
        claims=[Claim(claimant="officials", statement=SCRIPT, status="denied", disputed_by=BREAKOUT,
                      evidence=text.split("\n")[1], span=span_of(text, text.split("\n")[1]))],
        casualties=[Casualty(kind="killed", figure=Figure(text="At least 4", low=4, qualifier="at_least"),
                             victims="civilians", source=BREAKOUT, location=SCRIPT,
                             evidence="At least 4 civilians were killed",
                             span=span_of(text, "At least 4 civilians were killed"))],
        displacement=[Displacement(figure=Figure(text="200", low=200, high=200, qualifier="exact"), unit="families",
                                   evidence="not in the text")],
        rejected=[Rejected(field="casualties", item={"evidence": SCRIPT}, reason=BREAKOUT)],
        notes=[f"note {SCRIPT}"])
    return BriefRecord(
        tool_version="9.9", article={"id": "abc123", "source": f"news/{BREAKOUT}.txt"},
        prompt={"id": "brief/v2", "sha256": "0" * 64}, schema={"version": "v1", "sha256": "1" * 64},
        model={"requested": SCRIPT, "answered": "m", "backend": "replay", "mode": "tools"}, params={},
        usage={"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}, attempts=1, cache_key=None,
        cache_hit=True, passes=[], started_at="s", finished_at="f", elapsed_s=0.5, brief=brief)


def assert_inert(page: str) -> None:
    assert "<script>alert" not in page and "<img" not in page and "onerror=alert(1)>" not in page
    assert page.count("<script") == 1  # the page's own script only
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_brief_page_escapes_article_and_item_text() -> None:
    page = render_brief_html(hostile_record(), HOSTILE)
    assert_inert(page)
    # the scalars a reviewer checks are all there
    for shown in ("abc123", "brief/v2", "cache hit", "yes", "9.9", "not in the text", "not located in the text",
                  "not estimated (no --household-size)", "at_least", "none stated"):
        assert shown in page, shown


def test_index_page_escapes_failures_figures_and_claims() -> None:
    record = hostile_record()
    summary = build_summary([record])
    page = render_index_html([record], summary, {f"{BREAKOUT}.txt": SCRIPT})
    assert_inert(page)
    assert 'href="abc123.html#cas-0"' in page and 'href="abc123.html#dis-0"' in page
    assert 'href="abc123.html#clm-0"' in page  # the denied claim, under contested claims


def test_content_security_policy_allows_only_the_pages_own_blocks() -> None:
    page = render_brief_html(hostile_record(), HOSTILE)
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", policy)


def view(anchor: str, span: tuple[int, int] | None) -> ItemView:
    return ItemView(anchor, "claims", "claim", anchor, [], "", span)


def test_segments_split_nested_and_crossing_spans() -> None:
    text = "abcdefghij"
    claim, actor, place = view("clm-0", (0, 6)), view("act-0", (2, 4)), view("loc-0", (5, 8))
    parts = segments(text, [claim, actor, place, view("act-1", None)])
    assert "".join(s.text for s in parts) == text
    assert [(s.text, s.ids) for s in parts] == [
        ("ab", "clm-0"), ("cd", "act-0 clm-0"), ("e", "clm-0"), ("f", "loc-0 clm-0"), ("gh", "loc-0"), ("ij", "")]


def test_batch_writes_a_page_per_brief_and_an_index(tmp_path: Path) -> None:
    from batch_helpers import run_fake_batch

    (tmp_path / "a.txt").write_text("Clashes in Dara\nAt least 4 civilians were killed in Dara, officials said.")
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01")
    out = tmp_path / "out"
    result = run_fake_batch([tmp_path / "a.txt", tmp_path / "broken.txt"], out)
    (record,) = result.records
    write_summary(result.all_records, out, result.failures)
    page = (out / f"{record.article['id']}.html").read_text()
    assert 'data-items="cas-0' in page and "At least 4 civilians were killed" in page
    index = (out / "index.html").read_text()
    assert f'href="{record.article["id"]}.html#cas-0"' in index
    assert "broken.txt" in index and "binary" in index  # the failure and its reason


def test_resumed_batch_adds_the_page_to_a_brief_kept_from_before(tmp_path: Path) -> None:
    from batch_helpers import run_fake_batch

    (tmp_path / "a.txt").write_text("Clashes in Dara\nAt least 4 civilians were killed in Dara, officials said.")
    (record,) = run_fake_batch([tmp_path / "a.txt"], tmp_path / "out").records
    page = tmp_path / "out" / f"{record.article['id']}.html"
    page.unlink()
    again = run_fake_batch([tmp_path / "a.txt"], tmp_path / "out")
    assert not again.records and len(again.skipped) == 1  # kept, not briefed again
    assert 'data-items="cas-0' in page.read_text()


def test_write_record_without_text_rereads_the_source_or_says_it_cannot(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Clashes in Dara\nAt least 4 civilians were killed in Dara, officials said.")
    client = FakeClient(lambda _m, _msgs: SummaryDraft(headline="Clashes", summary="Civilians were killed."))
    record = Summariser(client, None).summarise(load_article(source))
    paths = write_record(record, tmp_path / "out")
    assert [p.suffix for p in paths] == [".json", ".md", ".html"]
    assert 'class="hl f-casualties' in paths[2].read_text()
    source.write_text("A different story altogether.")  # spans no longer point into this text
    write_record(record, tmp_path / "out")
    page = paths[2].read_text()
    assert "The article text is not available" in page and 'class="hl' not in page
    assert "At least 4 civilians were killed" in page  # the evidence is still quoted beside the item


class DictStore:
    """A ViewStore in memory, counting what was asked for and kept."""

    def __init__(self) -> None:
        self.kept: dict[str, str] = {}
        self.gets = 0

    def get_view(self, key: str) -> str | None:
        self.gets += 1
        return self.kept.get(key)

    def put_view(self, key: str, html: str) -> None:
        self.kept[key] = html


def test_a_kept_page_body_gives_the_same_page_and_is_used(monkeypatch) -> None:  # noqa: ANN001
    from summarise.output import html as pages

    record, store = hostile_record(), DictStore()
    plain = render_brief_html(record, HOSTILE)
    assert render_brief_html(record, HOSTILE, store) == plain  # rendered and kept
    assert len(store.kept) == 1
    monkeypatch.setattr(pages, "_render_body", lambda *_a: (_ for _ in ()).throw(AssertionError("rendered again")))
    assert render_brief_html(record, HOSTILE, store) == plain  # the kept body, not rendered again
    # The page around it is this run's: another file name and time, same body.
    served = record.model_copy(update={"article": {**record.article, "source": "elsewhere.txt"}, "finished_at": "later"})
    page = render_brief_html(served, HOSTILE, store)
    assert "elsewhere.txt" in page and "later" in page and f"news/{html.escape(BREAKOUT)}" not in page
    (key,) = store.kept
    store.kept[key] = '<main class="brief">KEPT</main>\n'
    assert "KEPT" in render_brief_html(record, HOSTILE, store)


def test_a_kept_body_is_never_used_for_other_inputs(monkeypatch) -> None:  # noqa: ANN001
    from summarise.output import html as pages

    record, store = hostile_record(), DictStore()
    render_brief_html(record, HOSTILE, store)
    changed = record.model_copy(update={"brief": record.brief.model_copy(update={"notes": ["another note"]})})
    assert "another note" in render_brief_html(changed, HOSTILE, store)  # another brief: its own body
    assert "another text" in render_brief_html(record, HOSTILE + " another text", store)  # another text
    keys = set(store.kept)
    monkeypatch.setattr(pages, "_renderer_hash", lambda: "an edited template")
    assert pages.body_key(record.brief, HOSTILE) not in keys  # an edited template or html.py: a new key
    # Without the text the body names the source file, so it is neither kept nor looked up.
    store.gets = 0
    render_brief_html(record, None, store)
    assert store.gets == 0 and len(store.kept) == len(keys)


def test_a_batch_served_from_the_cache_writes_the_same_pages_without_rendering_bodies(tmp_path: Path,
                                                                                      monkeypatch) -> None:  # noqa: ANN001
    from summarise.batch import run_batch
    from summarise.model.cache import ResponseCache
    from summarise.output import html as pages

    (tmp_path / "a.txt").write_text("Clashes in Dara\nAt least 4 civilians were killed in Dara, officials said.")
    client = FakeClient(lambda _m, _msgs: SummaryDraft(headline="Clashes", summary="Officials said civilians were killed."))

    def run(out: Path) -> str:
        (record,) = run_batch([tmp_path / "a.txt"], Summariser(client, ResponseCache(tmp_path / "cache")), out,
                              resume=False).records
        page = (out / f"{record.article['id']}.html").read_text()
        return re.sub(r"<footer>.*</footer>", "", page, flags=re.DOTALL)  # this run's times and cache status

    first = run(tmp_path / "one")
    monkeypatch.setattr(pages, "_render_body", lambda *_a: (_ for _ in ()).throw(AssertionError("rendered again")))
    assert run(tmp_path / "two") == first
    assert 'data-items="cas-0' in first

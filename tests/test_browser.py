"""The review pages in headless Chromium: marking, sorting, filtering, links, no script from the article.

The seed batch is briefed offline from the recordings. Without Chromium or
Playwright these tests skip, naming what to install; under CI=true that is a
failure, so CI cannot pass without running them (`make test` installs both).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fakes import FakeClient
from screenshots import SHOWCASE, browser, missing, png_colours, seed_batch, shoot_brief_page
from summarise.output.schema import SummaryDraft
from summarise.pipeline import Summariser, write_record
from summarise.text.article import load_article

pytestmark = pytest.mark.browser
# The field colours in review.css: a screenshot that shows them rendered the highlights.
COLOURS = {"actors": "d6e6ff", "locations": "d3f2d3", "claims": "fff0b0", "casualties": "ffd6d6"}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if reason := missing():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    (folder / "broken.txt").write_bytes(b"\x00\x01 not text")
    out = folder / "briefs"
    result = seed_batch(out, [*sorted((Path(__file__).parent.parent / "seeds").glob("*.txt")), folder / "broken.txt"])
    assert len(result.records) == 5 and list(result.failures) == [str(folder / "broken.txt")]
    return out


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A page that collects console errors, uncaught exceptions and dialogs; each test asserts there were none."""
    tab = chromium.new_page(viewport={"width": 1280, "height": 900})
    tab.set_default_timeout(15_000)
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    tab.on("dialog", lambda d: (tab.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield tab
    tab.close()


def assert_not_blank(png: bytes, fields: list[str]) -> None:
    colours = png_colours(png)
    assert len(colours) > 100, f"only {len(colours)} colours: a blank page?"
    for name in fields:
        assert bytes.fromhex(COLOURS[name]) in colours, f"no {name} highlight rendered"


def marked_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all(".item[aria-current]", "els => els.map(e => e.id)")


def test_clicking_a_side_list_item_marks_its_span(page: Any, batch: Path, tmp_path: Path) -> None:
    article = load_article(SHOWCASE)
    brief = json.loads((batch / f"{article.id}.json").read_text())["brief"]
    page.goto((batch / f"{article.id}.html").as_uri())
    assert page.locator(".hl.marked").count() == 0
    page.click("#cas-0 button")
    assert marked_ids(page) == ["cas-0"]
    marked = page.locator(".hl.marked").all_inner_texts()
    assert "".join(marked) == brief["casualties"][0]["evidence"]
    assert page.evaluate("location.hash") == "#cas-0"
    page.click("#act-0 button")  # marking another item unmarks the first
    assert marked_ids(page) == ["act-0"]
    assert "".join(page.locator(".hl.marked").all_inner_texts()) == brief["actors"][0]["evidence"]
    page.click(".hl.f-casualties")  # and a click in the text finds the item in the list
    assert marked_ids(page) == ["cas-0"]
    png = page.screenshot(path=str(tmp_path / "brief.png"))
    assert_not_blank(png, ["actors", "locations", "claims", "casualties"])
    assert page.problems == []


def test_index_sorts_filters_and_links_to_the_item(page: Any, batch: Path, tmp_path: Path) -> None:
    summary = json.loads((batch / "summary.json").read_text())
    page.goto((batch / "index.html").as_uri())
    assert page.locator("#articles tbody tr").count() == 5
    assert "broken.txt" in page.inner_text("#failures") and "binary" in page.inner_text("#failures")

    def lows() -> list[int]:
        return [int(v.replace(",", "")) for v in page.locator("#figures tbody tr td:nth-child(6)").all_inner_texts()]

    before = lows()
    assert before == [f["low"] for f in summary["figures"]] and before != sorted(before)
    page.click("#figures th:nth-child(6) button")
    assert lows() == sorted(before)
    assert page.get_attribute("#figures th:nth-child(6)", "aria-sort") == "ascending"
    page.click("#figures th:nth-child(6) button")
    assert lows() == sorted(before, reverse=True)

    page.select_option("[data-filter=field]", "displacement")
    shown = page.locator("#figures tbody tr:visible")
    wanted = [f for f in summary["figures"] if f["field"] == "displacement"]
    assert shown.count() == len(wanted) >= 1
    assert page.inner_text("#shown") == f"{len(wanted)} of {len(summary['figures'])}"
    png = page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
    assert_not_blank(png, [])

    page.select_option("[data-filter=field]", "")  # follow a casualty link: the brief page marks that item
    figure = next(f for f in summary["figures"] if f["field"] == "casualties" and f["index"] > 0)
    page.click(f'a[href="{figure["article"]}.html#cas-{figure["index"]}"]')
    page.wait_for_url(f"**/{figure['article']}.html#cas-{figure['index']}")
    assert marked_ids(page) == [f"cas-{figure['index']}"]
    assert "".join(page.locator(".hl.marked").all_inner_texts()) == figure["evidence"]
    assert page.problems == []


def test_hostile_article_shows_as_text_and_runs_nothing(page: Any, tmp_path: Path) -> None:
    text = ('Clashes in Dara <script>alert(1)</script>\nAt least 4 civilians were killed in Dara, '
            'officials said "><img src=x onerror=alert(1)>.')
    source = tmp_path / "hostile.txt"
    source.write_text(text, encoding="utf-8")
    client = FakeClient(lambda _m, _msgs: SummaryDraft(headline="Clashes in Dara", summary="Civilians were killed."))
    article = load_article(source)
    _, _, html_path = write_record(Summariser(client, None).summarise(article), tmp_path / "out", article.text)
    page.goto(html_path.as_uri())
    assert page.inner_text("#text") == article.text  # every character shown, as text
    assert page.locator("img").count() == 0 and page.locator("script").count() == 1
    page.click("#cas-0 button")
    assert marked_ids(page) == ["cas-0"]
    assert page.problems == []  # no alert dialog, no error


def test_readme_screenshot_command_writes_a_real_picture(chromium: Any, batch: Path, tmp_path: Path) -> None:
    png = shoot_brief_page(chromium, batch / f"{load_article(SHOWCASE).id}.html", tmp_path / "review-page.png")
    assert (tmp_path / "review-page.png").read_bytes() == png
    assert_not_blank(png, ["actors", "locations", "claims", "casualties"])

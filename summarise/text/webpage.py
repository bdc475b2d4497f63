"""A saved web page as an article: trafilatura finds the main text and the page's metadata.

Everything runs on the HTML in hand: trafilatura is given no URL to fetch and
this module never opens a connection. The main text then goes through the
same cleaning as a .txt file, so a page and the plain text of the same story
are the same article (same cleaned text, same id, same brief).

Only what the page's markup states is kept: the title (og:title, <title>,
the headline), the canonical URL (<link rel="canonical">, og:url) and the
publication date. The date comes from htmldate run on the page's markup
alone (<head>, every <meta>, JSON-LD, <time> elements) and its URL: even in
its fast mode htmldate falls back to any date written in the text, and a
date the body mentions is not the date the page was published.
"""

from __future__ import annotations

import codecs
import re
from datetime import date

from htmldate import find_date
from lxml.html import HtmlElement, fromstring, tostring
from trafilatura import bare_extraction, load_html

from summarise.errors import ArticleError
from summarise.text.article import Article, article_from_text, check_length

# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">, near the top.
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def decode_page(data: bytes, name: str) -> str:
    """UTF-8, or the encoding the page itself declares; never a guess.

    Browsers save pages in the encoding they were served in, and the page says
    which in a <meta> tag; a page that is not UTF-8 and declares nothing (or
    something it does not decode as) is refused with one line.
    """
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{name}: looks like a binary file, not an HTML page")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        utf8_error = e
    declared = _CHARSET.search(data[:4096])
    if declared:
        encoding = declared.group(1).decode("ascii")
        try:
            codecs.lookup(encoding)
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            raise ArticleError(f"{name}: declares charset {encoding!r} but does not decode as it") from None
    raise ArticleError(f"{name}: not valid UTF-8 (byte {utf8_error.start}) and declares no charset; "
                       "re-save it as UTF-8") from None


def article_from_html(html: str, *, source: str, max_chars: int, label: str | None = None) -> Article:
    """The page's main text, title, canonical URL and date as an Article, or ArticleError naming it."""
    label = label or source
    try:
        tree = load_html(html)
        doc = None if tree is None else bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
            include_links=False)
    except Exception as e:  # noqa: BLE001 - lxml and trafilatura raise many kinds on malformed markup
        raise ArticleError(f"{label}: cannot parse the HTML ({type(e).__name__})") from e
    text = (doc.text or "") if doc is not None else ""
    if not text.strip():
        raise ArticleError(f"{label}: no article text found in the page")
    check_length(text, label, max_chars)
    return article_from_text(text, source=source, label=label, url=doc.url or None, title=doc.title or None,
                             published=_markup_date(tree, doc.url))


def _markup_date(tree: HtmlElement, url: str | None) -> str | None:
    """The publication date the page's markup or URL states, as YYYY-MM-DD, or None."""
    parts = tree.xpath("//head | //meta | //script[@type='application/ld+json'] | //time")
    markup = "<html><body>" + "".join(tostring(p, encoding="unicode") for p in parts) + "</body></html>"
    try:
        found = find_date(fromstring(markup), url=url, original_date=True, extensive_search=False)
    except Exception:  # noqa: BLE001 - a date is optional: an odd page keeps its text, without a date
        return None
    return _page_date(found)


def _page_date(value: str | None) -> str | None:
    """YYYY-MM-DD, and only a real calendar date (htmldate returns ISO dates; anything else is dropped)."""
    if not value or not _ISO_DATE.match(value[:10]):
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


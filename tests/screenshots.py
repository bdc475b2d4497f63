"""Review pages in a real browser: Debian's headless Chromium driven by Playwright.

Shared by tests/test_browser.py and by `make screenshots`, which rebuilds the
README's picture from the seeds, replayed offline from tests/recordings:

    python tests/screenshots.py docs/review-page.png

Playwright's own browser download (`playwright install`) cannot work without
the internet, so Chromium comes from apt and is launched by path.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a source tree, like the benchmarks

from summarise.batch import BatchResult, run_batch  # noqa: E402
from summarise.config import Settings, make_client  # noqa: E402
from summarise.output.summary import write_summary  # noqa: E402
from summarise.pipeline import Summariser  # noqa: E402
from summarise.text.article import load_article  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
RECORDINGS = ROOT / "tests" / "recordings"
CHROMIUM = Path("/usr/bin/chromium")
# Root has no sandbox; no GPU here; and nothing may try the network (updates, sync, QUIC probes).
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INSTALL_PLAYWRIGHT = "pip install -e '.[dev]' (Playwright 1.63.0; never `playwright install`)"
INSTALL_CHROMIUM = "apt-get install -y --no-install-recommends chromium (Debian's package, /usr/bin/chromium)"
# The seed whose page is the README's picture: short, with actors, places, claims and casualties.
SHOWCASE = ROOT / "seeds" / "004_362068bbac3e72bc.txt"


def missing() -> str | None:
    """What to install before the browser can run, or None when both parts are there."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"Playwright is not installed: {INSTALL_PLAYWRIGHT}"
    if not CHROMIUM.is_file():
        return f"Chromium is not installed: {INSTALL_CHROMIUM}"
    return None


@contextmanager
def browser() -> Iterator[Any]:
    """A headless Chromium with a fresh, empty profile (Playwright makes one per launch)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def seed_batch(out: Path, paths: Sequence[Path] = SEEDS) -> BatchResult:
    """The seeds (or any recorded articles and broken files) briefed offline, with the batch summary."""
    client = make_client(Settings(offline=True, recordings=RECORDINGS))
    result = run_batch(list(paths), Summariser(client, None), out, concurrency=2)
    write_summary(result.all_records, out, result.failures)
    return result


def png_colours(data: bytes) -> set[bytes]:
    """Every distinct pixel colour of an 8-bit RGB(A) PNG, decoded with zlib alone (no imaging library)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data[pos + 8:pos + 21])
        elif kind == b"IDAT":
            idat.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    width, height, depth, ctype, _, _, interlace = header or (0,) * 7
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG layout {header}")
    bpp, raw = (3 if ctype == 2 else 4), zlib.decompress(b"".join(idat))
    stride, prev, colours = width * bpp, bytearray(width * bpp), set()
    for y in range(height):  # undo each row's filter (PNG spec, section 9)
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride) if kind else ():
            a = row[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if kind == 1:
                row[i] = (row[i] + a) & 255
            elif kind == 2:
                row[i] = (row[i] + b) & 255
            elif kind == 3:
                row[i] = (row[i] + ((a + b) >> 1)) & 255
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        colours.update(bytes(row[i:i + 3]) for i in range(0, stride, bpp))
        prev = row
    return colours


def shoot_brief_page(chromium: Any, page_path: Path, png: Path, item: str = "cas-0") -> bytes:
    """The brief page with one item clicked in the side list (its span outlined in the text)."""
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(page_path.resolve().as_uri())
        page.click(f"#{item} button")
        page.evaluate("window.scrollTo(0, 0)")  # the headline and legend in view, with the mark
        return page.screenshot(path=str(png))
    finally:
        page.close()


def main(argv: list[str]) -> int:
    target = Path(argv[0]).resolve() if argv else ROOT / "docs" / "review-page.png"
    if reason := missing():
        print(f"cannot take screenshots: {reason}", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="review-pages-"))
    os.chdir(ROOT)  # the page names its source file as `make run` would: seeds/...
    try:
        seed_batch(work, [s.relative_to(ROOT) for s in SEEDS])
        target.parent.mkdir(parents=True, exist_ok=True)
        with browser() as chromium:
            shoot_brief_page(chromium, work / f"{load_article(SHOWCASE).id}.html", target)
    finally:
        shutil.rmtree(work)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

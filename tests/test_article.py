from pathlib import Path

import pytest

from summarise.text.article import clean_text, load_article
from summarise.errors import ArticleError


def test_date_header_and_boilerplate(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(" date 2021-09-01 Headline here\nBody line one.\n\nSHARE THIS ARTICLE\nPress TV News Roku\n",
                 encoding="utf-8")
    a = load_article(f)
    assert a.published == "2021-09-01"
    assert a.text == "Headline here\nBody line one."
    assert a.stem == "a" and len(a.id) == 12


def test_trailer_and_furniture_lines_dropped() -> None:
    text, published = clean_text("News   /   Afghanistan\n\nStory.\nwww.example.com\nMore story.\n"
                                 "Site can also be accessed at the following:\nwww.x.co.uk")
    assert published is None
    assert text == "Story.\nMore story."


def test_id_depends_on_content_only(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Same story.", encoding="utf-8")
    (tmp_path / "y.txt").write_text("Same story.\n", encoding="utf-8")
    assert load_article(tmp_path / "x.txt").id == load_article(tmp_path / "y.txt").id


@pytest.mark.parametrize("content, message", [
    (b"", "empty article"),
    (b"   \n\nSHARE THIS ARTICLE\n", "empty article"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"caf\xe9 latin-1 text", "not valid UTF-8"),
])
def test_bad_files_name_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(ArticleError, match=message) as info:
        load_article(f)
    assert str(f) in str(info.value) and "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "nope.txt")


def test_seeds_load(seeds: list[Path]) -> None:
    assert len(seeds) == 5
    for path in seeds:
        a = load_article(path)
        assert "SHARE THIS ARTICLE" not in a.text and "can also be accessed" not in a.text

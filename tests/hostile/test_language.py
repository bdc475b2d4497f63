"""Articles in other languages get an extract-only brief: no items, no model text, a warning, exit status 3."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from fakes import FakeClient
from summarise.cli import app
from summarise.pipeline import Summariser, is_unsupported
from summarise.text.article import load_article

FRENCH = ("Gaza : le bilan s'alourdit\n"
          "Le ministère de la Santé a annoncé dimanche que 38 personnes avaient été tuées et 120 blessées "
          "dans des frappes sur le camp. Les secours continuent de chercher des survivants sous les décombres.")
DARI = ("طالبان گفتند که دوازده غیرنظامی در ولایت قندهار کشته و سی تن دیگر زخمی شدند.\n"
        "مقامات محلی این خبر را تایید کردند و گفتند که تحقیقات ادامه دارد.")


def _never(*_args):  # noqa: ANN002, ANN202
    raise AssertionError("the model must not be asked about an unsupported language")


def test_french_article_gets_an_extract_only_brief(tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    path.write_text(FRENCH, encoding="utf-8")
    article = load_article(path)
    record = Summariser(FakeClient(_never), None).summarise(article)
    brief = record.brief
    assert record.article["language"] == "fr" and is_unsupported(record)
    assert not (brief.actors or brief.claims or brief.locations or brief.casualties or brief.displacement)
    assert brief.headline in article.text and brief.summary in article.text
    assert any("language not supported" in n for n in brief.notes)


def test_cli_warns_and_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "fa.txt"
    path.write_text(DARI, encoding="utf-8")
    (tmp_path / "rec").mkdir()
    result = CliRunner().invoke(app, ["brief", str(path), "--offline", "--recordings", str(tmp_path / "rec"),
                                      "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 3, result.output
    assert "not supported" in result.output and "Traceback" not in result.output
    assert len(list((tmp_path / "out").glob("*.json"))) == 1


def test_batch_names_extract_only_briefs_and_exits_3(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "rec").mkdir()
    result = CliRunner().invoke(app, ["batch", str(news), "--offline", "--recordings", str(tmp_path / "rec"),
                                      "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 3, result.output
    assert "fr.txt: language 'fr' is not supported; wrote an extract-only brief" in " ".join(result.output.split())
    assert (tmp_path / "out" / "summary.json").is_file()

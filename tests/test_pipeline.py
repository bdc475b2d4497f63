"""Pipeline logic with a fake model: the text layer's items, the summary check, cache hits and key invalidation."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from summarise.model.cache import ResponseCache
from summarise.model.prompts import DEFAULT_PROMPT
from summarise.output.schema import SummaryDraft
from summarise.pipeline import Options, Summariser, summarise_article
from summarise.text.article import load_article

from fakes import FakeClient

ARTICLE = (
    "Rebels claim capture of border town\n"
    "The rebels \"have captured the border town of Dara in Kivu province,\" spokesman Jean Mbala said on Wednesday. "
    "The Defence Ministry denied the claim of the capture of Dara, saying the army had repelled the attack. "
    "At least seven rebel fighters were killed and 11 civilians were wounded, officials said. "
    "More than 5,600 families have fled their homes, the ministry said. "
    "About 650 United Nations peacekeepers will remain in the country."
)


def answers(headline: str = "Rebels say they took Dara", summary: str = "Jean Mbala said the rebels captured Dara."):  # noqa: ANN201
    def answer(model: type[BaseModel], _messages: list) -> BaseModel:
        assert model is SummaryDraft  # the model is asked for the summary only
        return SummaryDraft(headline=headline, summary=summary)
    return answer


@pytest.fixture
def article(tmp_path: Path):  # noqa: ANN201
    path = tmp_path / "dara.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return load_article(path)


def test_items_come_from_the_text_layer(article) -> None:  # noqa: ANN001
    fake = FakeClient(answers())
    brief = Summariser(fake, None).summarise(article).brief
    assert len(fake.calls) == 1
    names = {a.name for a in brief.actors}
    assert {"Jean Mbala", "Defence Ministry"} <= names
    assert "Dara" in {p.name for p in brief.locations}
    for item in [*brief.actors, *brief.locations, *brief.claims, *brief.casualties, *brief.displacement]:
        assert article.text[item.span[0]:item.span[1]] == item.evidence


def test_figures_and_units(article) -> None:  # noqa: ANN001
    brief = Summariser(FakeClient(answers()), None).summarise(article).brief
    assert sorted((c.kind, c.figure.low) for c in brief.casualties) == [("killed", 7), ("wounded", 11)]
    (disp,) = brief.displacement
    assert (disp.unit, disp.figure.low, disp.people_estimate) == ("families", 5600, None)
    sized = Summariser(FakeClient(answers()), None, Options(household_size=6)).summarise(article).brief
    assert sized.displacement[0].people_estimate == 33600
    assert any("set by the user" in n for n in sized.notes)


def test_claims_and_denial(article) -> None:  # noqa: ANN001
    brief = Summariser(FakeClient(answers()), None).summarise(article).brief
    by = {c.claimant: c for c in brief.claims}
    assert "Jean Mbala" in by and "Defence Ministry" in by
    assert by["Jean Mbala"].status == "denied" and by["Jean Mbala"].disputed_by == "Defence Ministry"
    assert by["Defence Ministry"].status == "asserted"


def test_unsupported_summary_is_regenerated_then_replaced_by_the_lead(article) -> None:  # noqa: ANN001
    bad = FakeClient(answers(summary="NATO said 10,000 people were killed in Paris."))
    record = Summariser(bad, None).summarise(article)
    assert [p.name for p in record.passes] == ["summary", "summary-retry"]
    assert record.brief.headline == "Rebels claim capture of border town"
    assert "10,000" not in record.brief.summary and record.brief.summary in article.text
    assert any("lead sentences" in n for n in record.brief.notes)


def test_supported_summary_is_kept(article) -> None:  # noqa: ANN001
    record = Summariser(FakeClient(answers()), None).summarise(article)
    assert record.brief.summary == "Jean Mbala said the rebels captured Dara."
    assert [p.name for p in record.passes] == ["summary"]


def test_record_provenance(article) -> None:  # noqa: ANN001
    record = Summariser(FakeClient(answers()), None).summarise(article)
    assert record.article["id"] == article.id and record.article["stem"] == "dara"
    assert record.prompt["id"] == DEFAULT_PROMPT and len(record.prompt["sha256"]) == 64
    assert record.schema_["version"] == "v1" and record.model["backend"] == "fake"
    assert record.usage["total_tokens"] == 120 * len(record.passes)
    assert record.cache_hit is False and record.attempts == len(record.passes)
    assert record.params["spacy"] and '"schema"' in record.to_json()


def test_second_run_is_a_cache_hit_with_no_model_call(article, cache_dir: Path) -> None:  # noqa: ANN001
    fake = FakeClient(answers())
    cache = ResponseCache(cache_dir)
    first = summarise_article(article, fake, cache)
    calls = len(fake.calls)
    second = summarise_article(article, fake, cache)
    assert len(fake.calls) == calls and second.cache_hit and not first.cache_hit
    assert second.brief == first.brief and second.cache_key == first.cache_key


def test_refresh_asks_again(article, cache_dir: Path) -> None:  # noqa: ANN001
    fake = FakeClient(answers())
    cache = ResponseCache(cache_dir)
    summarise_article(article, fake, cache)
    calls = len(fake.calls)
    assert not summarise_article(article, fake, cache, Options(refresh=True)).cache_hit
    assert len(fake.calls) == 2 * calls


def test_prompt_version_change_misses(article, cache_dir: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    root = Path(__file__).resolve().parent.parent / "prompts"
    alt = tmp_path / "prompts" / "brief"
    alt.mkdir(parents=True)
    text = (root / "brief" / "v2.yaml").read_text(encoding="utf-8")
    (alt / "v1.yaml").write_text(text, encoding="utf-8")
    (alt / "v2.yaml").write_text(text, encoding="utf-8")  # same words, new version
    monkeypatch.setenv("SUMMARISE_PROMPTS_DIR", str(tmp_path / "prompts"))
    fake = FakeClient(answers())
    cache = ResponseCache(cache_dir)
    summarise_article(article, fake, cache, Options(prompt_id="brief/v1"))
    assert summarise_article(article, fake, cache, Options(prompt_id="brief/v1")).cache_hit
    assert not summarise_article(article, fake, cache, Options(prompt_id="brief/v2")).cache_hit


def test_field_description_change_misses(article, cache_dir: Path, monkeypatch) -> None:  # noqa: ANN001
    fake = FakeClient(answers())
    cache = ResponseCache(cache_dir)
    summarise_article(article, fake, cache)
    field = SummaryDraft.model_fields["headline"]
    monkeypatch.setattr(field, "description", "A different description.")
    SummaryDraft.model_rebuild(force=True)
    try:
        record = summarise_article(article, fake, cache)
        assert [p.cache_hit for p in record.passes] == [False]
    finally:
        monkeypatch.undo()
        SummaryDraft.model_rebuild(force=True)


def test_a_fully_cached_article_is_served_from_its_stored_record(article, cache_dir: Path,  # noqa: ANN001
                                                                  tmp_path: Path, monkeypatch) -> None:
    cache = ResponseCache(cache_dir)
    first = Summariser(FakeClient(answers()), cache).summarise(article)
    copy = tmp_path / "same_text_other_name.txt"
    copy.write_text(article.text, encoding="utf-8")

    def no_parse(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("a fully cached article must not be parsed again")

    monkeypatch.setattr(Summariser, "findings", no_parse)
    served = Summariser(FakeClient(answers()), cache).summarise(load_article(copy))
    assert served.cache_hit and all(p.cache_hit for p in served.passes)
    assert served.brief == first.brief
    assert served.article["source"] == str(copy) and served.article["id"] == first.article["id"]


def test_a_stored_record_is_not_served_when_an_input_changed(article, cache_dir: Path, monkeypatch) -> None:  # noqa: ANN001
    cache = ResponseCache(cache_dir)
    Summariser(FakeClient(answers()), cache).summarise(article)
    parsed = []
    real = Summariser.findings
    monkeypatch.setattr(Summariser, "findings", lambda self, a: parsed.append(a) or real(self, a))
    Summariser(FakeClient(answers()), cache, Options(household_size=6)).summarise(article)  # options
    Summariser(FakeClient(answers()), cache, Options(refresh=True)).summarise(article)  # asked to redo
    monkeypatch.setattr("summarise.pipeline.code_fingerprint", lambda: "a changed rule")
    Summariser(FakeClient(answers()), cache).summarise(article)  # the tool's own code
    assert len(parsed) == 3


def test_write_atomic_makes_a_missing_folder_and_no_mkdir_when_it_exists(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from summarise.output.report import write_atomic

    target = tmp_path / "new" / "deeper" / "a.json"
    write_atomic(target, "{}", durable=False)
    assert target.read_text() == "{}"

    def no_mkdir(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("mkdir for a folder that exists")

    monkeypatch.setattr(Path, "mkdir", no_mkdir)
    write_atomic(target, "[]", durable=False)  # the folder's lock is not taken for nothing on every write
    assert target.read_text() == "[]" and [p.name for p in target.parent.iterdir()] == ["a.json"]


def test_served_is_the_stored_record_only_when_one_may_be_used(article, cache_dir: Path) -> None:  # noqa: ANN001
    cache = ResponseCache(cache_dir)
    assert Summariser(FakeClient(answers()), cache).served(article) is None  # nothing stored yet
    first = Summariser(FakeClient(answers()), cache).summarise(article)
    served = Summariser(FakeClient(answers()), cache).served(article)
    assert served is not None and served.cache_hit and served.brief == first.brief
    assert Summariser(FakeClient(answers()), cache, Options(refresh=True)).served(article) is None
    assert Summariser(FakeClient(answers()), None).served(article) is None

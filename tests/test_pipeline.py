"""Pipeline logic with a fake model: grounding, rejection, cache hits and key invalidation."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from summarise.article import load_article
from summarise.cache import ResponseCache
from summarise.pipeline import Options, Summariser, summarise_article
from summarise.schema import ActorDraft, ClaimDraft, ClaimsDraft, EntitiesDraft, LocationDraft, SummaryDraft

from fakes import FakeClient

ARTICLE = (
    "Taliban claim capture of Wesh\n"
    "The Taliban \"have captured an important border town called Wesh in Kandahar,\" spokesperson "
    "Zabihullah Mujahid claimed on Wednesday. "
    "The Interior Ministry denied the claim, saying security forces had repelled the attack. "
    "At least seven Taliban fighters were killed and 11 civilians were wounded, officials said. "
    "More than 5,600 families have fled their homes, the ministry said. "
    "About 650 United States service members will remain in the country."
)


def answers(entities: EntitiesDraft | None = None, claims: ClaimsDraft | None = None):  # noqa: ANN201
    def answer(model: type[BaseModel], _messages: list) -> BaseModel:
        if model is EntitiesDraft:
            return entities or EntitiesDraft(
                actors=[ActorDraft(name="Taliban", kind="armed_group"),
                        ActorDraft(name="Zabihullah Mujahid", kind="person", role="spokesperson"),
                        ActorDraft(name="Zabiullah Mujahid", kind="person"),  # a misspelling to merge
                        ActorDraft(name="Interior Ministry", kind="government_body"),
                        ActorDraft(name="Pentagon", kind="government_body")],  # not in the text
                locations=[LocationDraft(name="Wesh", kind="town", parent="Kandahar"),
                           LocationDraft(name="Kandahar", kind="province")])
        if model is ClaimsDraft:
            return claims or ClaimsDraft(claims=[
                ClaimDraft(claimant="spokesperson Zabihullah Mujahid", sentence=2, status="asserted"),
                ClaimDraft(claimant="Interior Ministry", sentence=3, status="asserted"),
                ClaimDraft(claimant="Taliban", sentence=40, status="asserted"),
                ClaimDraft(claimant="Taliban", sentence=3, status="asserted")])  # the ministry speaks there
        return SummaryDraft(headline="Taliban say they took Wesh", summary="The Taliban said they captured Wesh.")
    return answer


@pytest.fixture
def article(tmp_path: Path):  # noqa: ANN201
    path = tmp_path / "wesh.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return load_article(path)


def test_brief_is_grounded(article) -> None:  # noqa: ANN001
    fake = FakeClient(answers())
    brief = Summariser(fake, None, Options(grounding_reask=False)).summarise(article).brief
    names = {a.name for a in brief.actors}
    assert {"Taliban", "Zabihullah Mujahid", "Interior Ministry"} <= names and "Pentagon" not in names
    # the misspelt draft is grounded to the article's own spelling and merged
    assert [a.name for a in brief.actors].count("Zabihullah Mujahid") == 1
    for item in [*brief.actors, *brief.locations, *brief.claims, *brief.casualties, *brief.displacement]:
        assert article.text[item.span[0]:item.span[1]] == item.evidence
    assert next(loc for loc in brief.locations if loc.name == "Wesh").parent == "Kandahar"
    rejected = {(r.field, r.reason) for r in brief.rejected}
    assert ("actors", "name not found in the article") in rejected
    assert any(f == "claims" and "no sentence [40]" in why for f, why in rejected)


def test_claims_resolved_and_denial_marked(article) -> None:  # noqa: ANN001
    brief = Summariser(FakeClient(answers()), None, Options(grounding_reask=False)).summarise(article).brief
    first = brief.claims[0]
    assert first.claimant == "Zabihullah Mujahid"  # title dropped, resolved to the actor
    denial = next(c for c in brief.claims if c.claimant == "Interior Ministry")
    assert denial.status == "disputed" and any("rule marked disputed" in n for n in brief.notes)


def test_figures_come_from_the_text_not_the_model(article) -> None:  # noqa: ANN001
    brief = Summariser(FakeClient(answers()), None).summarise(article).brief
    assert [(c.kind, c.figure.low, c.figure.qualifier) for c in brief.casualties] == [
        ("killed", 7, "at_least"), ("wounded", 11, "exact")]
    (disp,) = brief.displacement
    assert (disp.unit, disp.figure.low, disp.people_estimate, disp.household_size) == ("families", 5600, 39200, 7.0)
    assert all("650" not in c.evidence for c in brief.casualties)  # troops remaining are not harm
    for item in [*brief.casualties, *brief.displacement]:
        assert item.figure.text in item.evidence


def test_grounding_failure_is_reasked_once(article) -> None:  # noqa: ANN001
    fake = FakeClient(answers())
    record = Summariser(fake, None).summarise(article)
    names = [p.name for p in record.passes]
    assert names == ["entities", "entities-reask", "claims", "claims-reask", "summary"]
    reask = fake.calls[1][1]
    assert reask[-1]["role"] == "user" and "Pentagon" in reask[-1]["content"]


def test_record_provenance(article) -> None:  # noqa: ANN001
    record = Summariser(FakeClient(answers()), None).summarise(article)
    assert record.article["id"] == article.id and record.article["stem"] == "wesh"
    assert record.prompt["id"] == "brief/v1" and len(record.prompt["sha256"]) == 64
    assert record.schema_["version"] == "v1" and record.model["backend"] == "fake"
    assert record.usage["total_tokens"] == 120 * len(record.passes)
    assert record.cache_hit is False and record.attempts == len(record.passes)
    assert '"schema"' in record.to_json()


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
    text = (root / "brief" / "v1.yaml").read_text(encoding="utf-8")
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
        hits = {p.name: p.cache_hit for p in record.passes}
        assert hits["summary"] is False and hits["entities"] is True
    finally:
        monkeypatch.undo()
        SummaryDraft.model_rebuild(force=True)


def test_dedupe_merges_spellings_and_place_words() -> None:
    from summarise.assemble import dedupe
    from summarise.schema import Actor, Location

    def actor(name: str, kind: str = "person") -> Actor:
        return Actor(name=name, kind=kind, evidence=name)

    def place(name: str, kind: str) -> Location:
        return Location(name=name, kind=kind, evidence=name)

    merged = dedupe([actor("Amir Khan Muttaqi"), actor("Motaqi"), actor("Muttaqi"), actor("Taliban", "armed_group")])
    assert [(a.name, a.aliases) for a in merged] == [("Amir Khan Muttaqi", ["Motaqi", "Muttaqi"]),
                                                    ("Taliban", [])]
    places = dedupe([place("Kandahar", "city"), place("Kandahar Province", "province"), place("Kabul", "city"),
                     place("Kabul airport", "facility")])
    assert [(p.name, p.aliases) for p in places] == [("Kandahar Province", ["Kandahar"]), ("Kabul", []),
                                                    ("Kabul airport", [])]


def test_claim_words_come_from_the_sentence_and_speaker_wins(article) -> None:  # noqa: ANN001
    brief = Summariser(FakeClient(answers()), None, Options(grounding_reask=False)).summarise(article).brief
    mujahid = brief.claims[0]
    assert mujahid.statement == "have captured an important border town called Wesh in Kandahar"
    assert mujahid.match == "sentence" and mujahid.evidence.endswith("claimed on Wednesday.")
    assert [c.claimant for c in brief.claims].count("Interior Ministry") == 1  # corrected, then de-duplicated
    assert any("the sentence's speaker is 'Interior Ministry'" in n for n in brief.notes)


def test_speaker_and_reported_words() -> None:
    from summarise.assemble import reported_words, speaker_in
    from summarise.schema import Actor

    actors = [Actor(name="Amir Khan Muttaqi", kind="person", aliases=["Muttaqi"], evidence="x"),
              Actor(name="Taliban", kind="armed_group", evidence="x")]
    sentence = "“Mujahideen don’t want fighting inside the city,” Muttaqi said in a message tweeted by the Taliban."
    assert speaker_in(sentence, actors).name == "Amir Khan Muttaqi"
    assert reported_words(sentence) == "Mujahideen don’t want fighting inside the city"
    assert reported_words("The ministry said on Sunday that the capital was surrounded.") == \
        "the capital was surrounded"
    assert speaker_in("Fighting continued in the north.", actors) is None


def test_claimants_become_actors(article) -> None:  # noqa: ANN001
    def no_entities(model, messages):  # noqa: ANN001, ANN202
        if model is EntitiesDraft:
            return EntitiesDraft(actors=[], locations=[])
        return answers()(model, messages)

    brief = Summariser(FakeClient(no_entities), None, Options(grounding_reask=False)).summarise(article).brief
    names = {a.name for a in brief.actors}
    assert "Zabihullah Mujahid" in names  # found by the title pattern
    assert any(c.claimant == "Zabihullah Mujahid" for c in brief.claims)
    assert all(resolve_name in names for resolve_name in {c.claimant for c in brief.claims})

from summarise.text.names import same_entity
from summarise.output.schema import Actor, Brief, BriefRecord
from summarise.output.summary import build_summary, figures_csv, summary_markdown


def actor(name: str, kind: str, aliases: list[str] | None = None) -> Actor:
    return Actor(name=name, kind=kind, aliases=aliases or [], evidence=name)


def record(article: str, actors: list[Actor], published: str | None = None) -> BriefRecord:
    return BriefRecord(tool_version="t", article={"id": article, "source": f"{article}.txt"}, prompt={}, schema={},
                       model={}, params={}, usage={}, attempts=0, cache_key=None, cache_hit=False, passes=[],
                       started_at="", finished_at="", elapsed_s=0,
                       brief=Brief(headline=f"h {article}", summary="s", published=published, actors=actors))


def test_actors_counted_once_per_article_across_spellings() -> None:
    summary = build_summary([
        record("a", [actor("Taliban official", "armed_group", ["Taliban"])], "2021-08-02"),
        record("b", [actor("Taliban", "armed_group"), actor("Amir Khan Muttaqi", "person")], "2021-08-01"),
        record("c", [actor("Amir Khan Motaqi", "person"), actor("National Resistance Front of Afghanistan", "other"),
                     actor("Afghanistan", "government")]),
    ])
    counts = {row["name"]: row["articles"] for row in summary["actors"]}
    assert counts["Taliban"] == 2 and counts["Amir Khan Muttaqi"] == 2  # earliest article names the cluster
    assert counts["Afghanistan"] == 1 and counts["National Resistance Front of Afghanistan"] == 1
    assert [t["date"] for t in summary["timeline"]] == ["2021-08-01", "2021-08-02"]
    assert figures_csv(summary).startswith("article,source_file,")
    assert "Actors by number of articles" in summary_markdown(summary, {"x.txt": "empty article"})


def test_country_is_never_merged_into_a_longer_name() -> None:
    assert not same_entity(actor("National Resistance Front of Afghanistan", "other"), actor("Afghanistan", "government"))
    assert same_entity(actor("Rapid Support Forces", "armed_group"), actor("RSF", "armed_group"))

from summarise.names import find_names

TEXT = ("Taliban spokesperson Zabihullah Mujahid said the group took Wesh. "
        "The Ministry of Interior said it repelled the attack near Torkham border crossing. "
        "Gen. Kenneth F. McKenzie Jr. declined to comment. Fighting spread to Baghlan province, "
        "and the United Nations warned of a crisis as families fled to Pakistan and Iran. Muttaqi told reporters.")


def test_patterns_find_people_bodies_orgs_and_places() -> None:
    actors, places = find_names(TEXT)
    found = {(a.name, a.kind) for a in actors}
    assert ("Zabihullah Mujahid", "person") in found
    assert ("Kenneth F. McKenzie Jr", "person") in found
    assert ("Ministry of Interior", "government_body") in found
    assert ("United Nations", "international_org") in found
    assert ("Muttaqi", "other") in found
    assert next(a for a in actors if a.name == "Zabihullah Mujahid").role == "spokesperson"
    assert {(p.name, p.kind) for p in places} >= {("Torkham border crossing", "border_crossing"),
                                                 ("Baghlan", "province"), ("Pakistan", "country"), ("Iran", "country")}


def test_no_fragments_or_lowercase_runs() -> None:
    actors, _ = find_names(TEXT)
    for a in actors:
        assert a.name[0].isupper() and a.name not in {"Interior", "The", "Taliban spokesperson"}
        assert len(a.name.split()) <= 6


def test_nothing_found_in_plain_text() -> None:
    assert find_names("nothing here is named, said someone.") == ([], [])

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


def test_split_title_and_known_kind() -> None:
    from summarise.names import known_kind, split_title

    assert split_title("Interior Ministry spokesman Tareq Arian") == ("Interior Ministry spokesman", "Tareq Arian")
    assert split_title("President Ashraf Ghani") == ("President", "Ashraf Ghani")
    assert split_title("Zabihullah Mujahid") == (None, "Zabihullah Mujahid")
    assert known_kind("Ministry of Interior") == "government_body"
    assert known_kind("Interior Ministry spokesman Tareq Arian") is None  # a person, not a ministry
    assert known_kind("Pakistan") == "government" and known_kind("United Nations refugee agency") == "international_org"


def test_tidy_place_phrases() -> None:
    from summarise.names import tidy_place

    assert tidy_place("Spin Boldak district in Kandahar Province") == ("Spin Boldak district", "Kandahar Province")
    assert tidy_place("Qatari capital, Doha") == ("Doha", None)
    assert tidy_place("Kabul, Afghanistan") == ("Kabul", "Afghanistan")
    assert tidy_place("Herat") == ("Herat", None)


def test_places_named_by_what_they_are() -> None:
    _, places = find_names("The Taliban took a border town called Wesh and fought around the Gulbahar area, "
                           "near the capital Kabul.")
    assert {(p.name, p.kind) for p in places} >= {("Wesh", "town"), ("Gulbahar", "region"), ("Kabul", "city")}

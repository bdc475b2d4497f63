from summarise.text.grounding import normalise_name


def test_normalise_name() -> None:
    assert normalise_name("Kabul  Airport") == "kabul airport"
    assert normalise_name("Mullah Yaqoob’s") == normalise_name("mullah yaqoob's")
    assert normalise_name("Ahmad Massoud—NRF") == "ahmad massoud nrf"
    assert normalise_name("Herāt") == "herat"

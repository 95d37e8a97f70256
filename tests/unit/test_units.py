"""Sizes and speeds in French and English units: the plugin's one formatting function."""
from bascule_geoplateforme.core.toolbelt.units import NBSP, count_noun, format_size, format_speed


def test_french_units_and_decimal_comma():
    assert format_size(512, "fr") == f"512{NBSP}o"
    assert format_size(1536, "fr") == f"1,5{NBSP}Ko"
    assert format_size(5 * 1024 ** 2, "fr_FR") == f"5{NBSP}Mo"
    assert format_size(int(2.5 * 1024 ** 3), "fr") == f"2,5{NBSP}Go"
    assert format_speed(3 * 1024 ** 2, "fr") == f"3{NBSP}Mo/s"


def test_english_units():
    assert format_size(1536, "en") == f"1.5{NBSP}KB"
    assert format_speed(1024, "en") == f"1{NBSP}KB/s"
    assert format_size(None, "fr") == ""


def test_french_agreement():
    assert count_noun(1, "ressource", "ressources") == "1 ressource"
    assert count_noun(0, "ressource", "ressources") == "0 ressource"
    assert count_noun(2, "ressource", "ressources") == "2 ressources"

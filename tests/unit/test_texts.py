"""One bilingual text mechanism (core/toolbelt/texts.py) and one language rule for every report."""
from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest

from bascule_geoplateforme.core.catalog import catalog_index
from bascule_geoplateforme.core.migration import fleet, messages, report
from bascule_geoplateforme.core.toolbelt import http_failures, texts, units
from bascule_geoplateforme.core.toolbelt.texts import Texts, language_of, pick_language

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ("fr_FR", "fr_CA", "en_US", "de_DE", "")


# --- the language rule ------------------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("setting", ["fr", "en", "auto", "", None, "FR", " en "])
def test_the_setting_wins_else_the_interface_decides(setting, locale):
    chosen = (setting or "").strip().lower()
    expected = chosen if chosen in ("fr", "en") else ("fr" if locale.startswith("fr") else "en")
    assert pick_language(setting, locale) == expected


def test_the_rule_by_hand():
    # Written out, so the parametrized test above is not the rule checking itself.
    assert [pick_language("fr", loc) for loc in LOCALES] == ["fr"] * 5
    assert [pick_language("en", loc) for loc in LOCALES] == ["en"] * 5
    assert [pick_language("auto", loc) for loc in LOCALES] == ["fr", "fr", "en", "en", "en"]
    assert [pick_language("", loc) for loc in LOCALES] == ["fr", "fr", "en", "en", "en"]
    assert pick_language("de", "fr_FR") == "fr"  # not a language of ours: the interface's
    assert [language_of(c) for c in ("fr", "FR", "fr-CA", " fr_BE", "en", "de", None, "")] == \
        ["fr", "fr", "fr", "fr", "en", "en", "en", "en"]


# --- the store --------------------------------------------------------------------------------

def test_a_missing_translation_reads_english_never_an_error():
    store = Texts({"hello": {"en": "Hello {name}"}, "empty": {"en": "Empty", "fr": ""},
                   "both": {"en": "Both", "fr": "Les deux"}})
    assert store.text("hello", "fr", name="Zoé") == "Hello Zoé"
    assert store.text("empty", "fr_FR") == "Empty"
    assert store.text("both", "fr_CA") == "Les deux" and store.text("both", "de_DE") == "Both"
    assert store.both("both") == ("Both", "Les deux")
    assert store.table("fr") == {"hello": "Hello {name}", "empty": "Empty", "both": "Les deux"}
    # An unknown id reads as itself; a field the parameters lack leaves the template.
    assert store.text("nope", "fr") == "nope"
    assert store.text("hello", "en") == "Hello {name}"
    # Fields named like the method's own arguments are parameters too.
    keyed = Texts.pairs({"k": ("key {key} in {lang}", "clé {key} en {lang}")})
    assert keyed.text("k", "fr", key="abc", lang="x") == "clé abc en x"
    with pytest.raises(ValueError):
        Texts({"no_english": {"fr": "seulement"}})  # the fallback must exist


STORES = {
    "migration messages": messages.TEXTS,
    "report labels": report.LABELS,
    "batch messages": fleet.TEXTS,
    "batch summary": fleet.SUMMARY,
    "catalogue provenance": catalog_index.PROVENANCE_TEXTS,
    "punctuation": texts.PUNCTUATION,
}


@pytest.mark.parametrize("name", sorted(STORES))
def test_every_store_is_one_of_the_mechanism_with_both_languages(name):
    store = STORES[name]
    assert isinstance(store, Texts) and len(store) > 0
    for key in store:
        assert store.template(key, "en") and store.template(key, "fr"), (name, key)


PARAMS = dict(host="h", old="O", new="N", key="ortho", params="p", layer="L", service="S",
              date="2026-10-26", date_fr="26/10/2026", items="I", name="n", count=3, limit=2,
              services="A, B", hint="", url="U", path="P", error="E", kind="K", kind_fr="KF")


@pytest.mark.parametrize("locale,lang", [("fr_FR", "fr"), ("fr_CA", "fr"), ("en_US", "en"),
                                         ("de_DE", "en"), ("", "en")])
def test_every_store_renders_through_the_mechanism(locale, lang):
    """What each module renders is its store's text in the language the rule gives."""
    for code in messages.TEXTS:
        message = messages.Message(code, **PARAMS)
        assert message.text(locale) == messages.TEXTS.text(code, lang, **PARAMS) != ""
        assert message.level == messages.LEVELS[code]
    assert report.status_labels(locale) == report.LABELS.table(lang)
    for code in fleet.TEXTS:
        assert fleet.report_message(code, **PARAMS) == (code, fleet.TEXTS.text(code, "en", **PARAMS),
                                                   fleet.TEXTS.text(code, "fr", **PARAMS))
    run = fleet.FleetRun("T", dry_run=True)
    run.add_row("x", fleet.ERROR, fleet.report_message("missing", path="x"))
    assert fleet.SUMMARY.template("dry", lang) in run.summary(locale)
    assert fleet.SUMMARY.template(fleet.ERROR, lang) + " 1" in run.summary(locale)
    assert catalog_index.service_label("wmts-private", locale) == \
        catalog_index.PROVENANCE_TEXTS.text("private", lang, service="WMTS")
    refreshed = {"origin": "refresh", "date": "2026-05-01T10:11:12+02:00"}
    day = "01/05/2026" if lang == "fr" else "2026-05-01"
    assert catalog_index.provenance_text(refreshed, locale) == catalog_index.PROVENANCE_TEXTS.text(
        "refresh", lang, date=f"{day} 08:11 UTC")
    assert texts.colon(locale) == ("\u00a0: " if lang == "fr" else ": ")
    assert units.format_size(1536, locale) == ("1,5\u00a0Ko" if lang == "fr" else "1.5\u00a0KB")
    refusal = http_failures.classify(403)
    assert refusal.message(locale) == (refusal.fr if lang == "fr" else refusal.en)


def test_a_report_in_one_language_says_everything_in_it():
    migration = report.Decision("id", "Ortho", "wms", "a", "b", "migrated",
                                [messages.Message("layer_renamed", old="A", new="B"),
                                 fleet.report_message("missing", path="p.qgs")])
    for locale, lang in (("fr_CA", "fr"), ("de_DE", "en")):
        html = report.Report([migration]).to_html(locale)
        assert f'<html lang="{lang}">' in html
        assert escape(report.LABELS.text("migrated", lang)) in html
        assert escape(messages.TEXTS.text("layer_renamed", lang, old="A", new="B")) in html
        assert escape(fleet.TEXTS.text("missing", lang, path="p.qgs")) in html


def test_no_module_picks_a_language_by_hand():
    """The rule lives in texts.py: no other module tests a language code itself."""
    by_hand = re.compile(r"""startswith\(\s*["']fr|\[["'](?:fr|en)["'] if """)
    found = [f"{path.relative_to(ROOT)}:{number}"
             for folder in ("core", "gui", "processing_provider")
             for path in sorted((ROOT / folder).rglob("*.py")) if path.name != "texts.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if by_hand.search(line)]
    assert found == []

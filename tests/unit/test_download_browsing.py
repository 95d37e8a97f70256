"""The download panel's rules without its widgets: the filters typed, the licence, what can be
downloaded or streamed, the counts of the status line."""
from __future__ import annotations

import pytest

from bascule_geoplateforme.core.download import browsing, feed
from bascule_geoplateforme.core.download.browsing import FilterError
from bascule_geoplateforme.core.download.feed import FeedEntry, FileGroup, Page, Term

ZIP = "application/zip"


def test_the_form_values_become_the_service_filters():
    chosen = browsing.chosen_filters(" paris ", "EPSG:2154 – RGF93 v1 / Lambert-93", "EPSG:2154",
                                     " GPKG ", "2026-01-01", "")
    assert (chosen.zone, chosen.format, chosen.crs) == ("D075", "GPKG", "EPSG:2154")
    assert chosen.edition_date_from == "2026-01-01" and not chosen.edition_date_to
    typed = browsing.chosen_filters("", "EPSG:4326 whatever follows", "", "")
    assert typed.crs == "EPSG:4326" and not typed.zone
    view = browsing.chosen_filters("", "", "", "", polygon=lambda: feed.bbox_polygon(1, 43, 2, 44))
    assert view.polygon == feed.bbox_polygon(1, 43, 2, 44)
    assert not browsing.chosen_filters("", "", "", "").polygon


@pytest.mark.parametrize("values, kind, text", [
    (("Atlantis", "", "", ""), "zone", "Atlantis"),
    (("", "Lambert 93", "", ""), "crs", "Lambert 93"),
    (("", "", "", "", "2026-02-01", "2026-01-01"), "dates", ""),
])
def test_bad_filters_say_which_and_what_was_typed(values, kind, text):
    with pytest.raises(FilterError) as raised:
        browsing.chosen_filters(*values)
    assert (raised.value.kind, raised.value.text) == (kind, text)


def test_the_licence_is_the_resource_own_else_its_editions_feed():
    page = Page(entries=[], rights="Licence Ouverte 2.0")
    assert browsing.licence(FeedEntry("BD TOPO", rights="Usage restreint"), page) == "Usage restreint"
    assert browsing.licence(FeedEntry("BD TOPO"), page) == "Licence Ouverte 2.0"
    assert browsing.licence(None, None) == ""


def test_what_can_be_downloaded_or_opened_without_downloading():
    archive = FeedEntry("a", href="https://x/a.7z", link_type=ZIP)
    checksum = FeedEntry("a.md5", href="https://x/a.7z.md5", link_type="text/plain")
    assert browsing.downloadable(FileGroup("a.7z", [archive], checksum))
    assert not browsing.downloadable(FileGroup("a.7z.md5", [checksum]))
    assert not browsing.downloadable(None)
    fgb = FeedEntry("edition", formats=(Term("FlatGeoBuf"),))
    assert browsing.streamable(fgb, restricted=False)
    assert not browsing.streamable(fgb, restricted=True)  # GDAL would send no key
    assert not browsing.streamable(FeedEntry("edition", formats=(Term("GPKG"),)), False)
    assert not browsing.streamable(None, False)


def test_counts_of_the_status_line():
    parts = [FeedEntry(f"v{n}", href=f"https://x/a.7z.00{n}", size=10) for n in (1, 2)]
    md5 = FeedEntry("a.md5", href="https://x/a.md5")
    groups = [FileGroup("a.7z", parts, md5), FileGroup("b.7z", [FeedEntry("b", size=None)])]
    assert browsing.files_count(groups) == 4
    assert browsing.groups_size(groups) == 20
    assert browsing.singular(0, "fr") and not browsing.singular(0, "en")
    assert browsing.singular(1, "en") and not browsing.singular(2, "fr")
    assert browsing.terms_text([Term("D075", "D075 Paris"), Term("FXX")]) == "D075 Paris, FXX"
    assert browsing.near_end(98, 100) and not browsing.near_end(97, 100)

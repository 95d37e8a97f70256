"""The download service's feeds: entries, documented variants, paging, hostile input, URLs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.download import feed
from bascule_geoplateforme.core.download.feed import FeedEntry, FeedError, Filters, Page, PageWalker

DATA = Path(__file__).resolve().parents[1] / "data"
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:gpf_dl="https://data.geopf.fr/annexes/ressources/xsd/gpf_dl.xsd"')
SUB = "ADMIN-EXPRESS-COG_3-1__SHP_WGS84G_FRA_2023-05-03"
BASE = "https://data.geopf.fr/telechargement"


def atom(body: str, attributes: str = "") -> bytes:
    return f"{HEAD} {attributes}>{body}</feed>".encode()


RESOURCE_FEED = atom(f"""
  <title>ADMIN EXPRESS COG</title><rights>Licence Ouverte 2.0</rights>
  <entry>
    <title>{SUB}</title><id>{BASE}/resource/ADMIN-EXPRESS-COG/{SUB}</id>
    <updated>2023-05-10T10:00:00+02:00</updated>
    <link href="{BASE}/resource/ADMIN-EXPRESS-COG/{SUB}" rel="alternate" type="application/atom+xml"/>
    <gpf_dl:zone term="FRA" label="FRA France entière"/>
    <gpf_dl:format term="SHP" label="SHP (Shapefile)"/>
    <gpf_dl:editionDate>2023-05-03</gpf_dl:editionDate>
    <category term="https://www.opengis.net/def/crs/EPSG/0/4326" label="WGS 84"/>
  </entry>""", 'gpf_dl:page="2" gpf_dl:pagesize="10" gpf_dl:pagecount="4" gpf_dl:totalentries="37"')

FILES_FEED = atom(f"""
  <entry><title>{SUB}.7z.001</title><id>f1</id>
    <link href="{BASE}/download/ADMIN-EXPRESS-COG/{SUB}/{SUB}.7z.001" rel="section"
          type="application/x-7z-compressed" gpf_dl:length="1073741824"/>
    <content>D41D8CD98F00B204E9800998ECF8427E</content></entry>
  <entry><title>{SUB}.7z.002</title><id>f2</id>
    <link href="{BASE}/download/ADMIN-EXPRESS-COG/{SUB}/{SUB}.7z.002" rel="section"
          type="application/x-7z-compressed" length="12345"/>
    <content>0cc175b9c0f1b6a831c399e269772661</content></entry>
  <entry><title>{SUB}.md5</title><id>f3</id>
    <link href="{BASE}/download/ADMIN-EXPRESS-COG/{SUB}/{SUB}.md5" type="text/plain" gpf_dl:length="80"/>
    <content>not a checksum</content></entry>""")


def test_resource_feed_entries_and_paging_read_back():
    page = feed.parse_feed(RESOURCE_FEED)
    assert (page.page, page.page_size, page.page_count, page.total_entries) == (2, 10, 4, 37)
    assert page.title == "ADMIN EXPRESS COG" and page.rights == "Licence Ouverte 2.0"
    [entry] = page.entries
    assert entry.title == SUB and entry.name == SUB and entry.is_sub_feed and not entry.is_file
    assert entry.zones == (feed.Term("FRA", "FRA France entière"),)
    assert entry.formats[0].term == "SHP" and entry.formats[0].label == "SHP (Shapefile)"
    assert entry.edition_date == "2023-05-03" and entry.epsg_codes == ("EPSG:4326",)
    assert entry.updated.startswith("2023-05-10") and entry.size is None and entry.md5 == ""


def test_file_entries_sizes_md5_volumes_and_md5_files():
    first, second, md5_file = feed.parse_feed(FILES_FEED).entries
    assert first.is_file and first.size == 1073741824 and first.md5 == "d41d8cd98f00b204e9800998ecf8427e"
    assert first.volume == (f"{SUB}.7z", 1) and first.rel == "section"
    assert second.size == 12345  # the plain ``length`` variant
    assert second.volume == (f"{SUB}.7z", 2)
    assert md5_file.is_md5_file and md5_file.volume is None and md5_file.md5 == ""
    [group] = feed.group_files([second, md5_file, first])
    assert group.name == f"{SUB}.7z" and [p.id for p in group.parts] == ["f1", "f2"]
    assert group.size == 1073741824 + 12345 and group.is_split and group.md5_file is md5_file


def test_group_files_single_archive_unknown_size_and_orphan_md5():
    entries = [FeedEntry("a.7z", href="https://h/d/a.7z"), FeedEntry("b.md5", href="https://h/d/b.md5"),
               FeedEntry("sub", href="https://h/r/sub", link_type="application/atom+xml")]
    groups = feed.group_files(entries)
    assert [(g.name, g.is_split, g.md5_file) for g in groups] == [("a.7z", False, None), ("b.md5", False, None)]
    assert groups[0].size is None


def test_paging_as_elements_and_missing_optional_elements_are_tolerated():
    data = atom("""<gpf_dl:page>3</gpf_dl:page><gpf_dl:pagesize>5</gpf_dl:pagesize>
      <gpf_dl:pagecount>3</gpf_dl:pagecount><gpf_dl:totalentries>11</gpf_dl:totalentries>
      <entry><link href="https://h/telechargement/resource/BDTOPO/BDTOPO_3-5_TOUSTHEMES_GPKG_LAMB93_D078_2026-06-15"
                   type="application/atom+xml;charset=UTF-8"/></entry>
      <entry><title>nothing else</title></entry>""")
    page = feed.parse_feed(data)
    assert (page.page, page.page_size, page.page_count, page.total_entries) == (3, 5, 3, 11)
    named, bare = page.entries
    # No title, zone, format nor date in the feed: the sub-resource's name gives them.
    assert named.title == "BDTOPO_3-5_TOUSTHEMES_GPKG_LAMB93_D078_2026-06-15" and named.is_sub_feed
    assert named.zones[0].term == "D078" and named.formats[0].term == "GPKG"
    assert named.edition_date == "2026-06-15"
    assert bare.title == "nothing else" and not bare.href and not bare.is_file


def test_odd_paging_values_fall_back():
    page = feed.parse_feed(atom("", 'gpf_dl:pagecount="abc" gpf_dl:totalentries="-3" gpf_dl:page=""'))
    assert (page.page, page.page_count, page.total_entries, page.entries) == (1, None, None, [])


def test_capabilities_entry_with_several_formats_and_zones():
    page = feed.parse_feed(atom("""<entry><title>BD TOPO®</title><id>https://h/resource/BDTOPO</id>
      <link rel="self" href="https://h/self"/>
      <link rel="alternate" type="application/atom+xml" href="https://h/telechargement/resource/BDTOPO"/>
      <gpf_dl:format term="GPKG" label="GPKG (GeoPackage)"/><gpf_dl:format term="SHP"/>
      <gpf_dl:zone term="D075"/><gpf_dl:zone term="R11"/><summary>3D</summary>
      <rights>Licence Ouverte</rights></entry>"""))
    [entry] = page.entries
    assert entry.name == "BDTOPO" and entry.href.endswith("/resource/BDTOPO")
    assert [t.term for t in entry.formats] == ["GPKG", "SHP"] and entry.formats[1].label == ""
    assert [t.term for t in entry.zones] == ["D075", "R11"]
    assert entry.summary == "3D" and entry.rights == "Licence Ouverte"


def test_json_feed_gives_the_same_entries():
    document = {
        "gpf_dl:page": 1, "gpf_dl:pagesize": 50, "gpf_dl:pagecount": 1, "gpf_dl:totalentries": 2,
        "title": "ADMIN EXPRESS COG",
        "entry": [
            {"title": SUB, "id": "e1", "link": [{"href": f"{BASE}/resource/X/{SUB}", "type": "application/atom+xml"}],
             "gpf_dl:zone": [{"term": "FRA", "label": "France"}], "gpf_dl:format": {"term": "SHP"},
             "category": [{"term": "https://www.opengis.net/def/crs/EPSG/0/4326"}],
             "gpf_dl:editionDate": "2023-05-03"},
            {"title": "a.7z", "id": "e2", "link": {"href": f"{BASE}/download/X/{SUB}/a.7z", "length": "42"},
             "content": "d41d8cd98f00b204e9800998ecf8427e"},
        ]}
    page = feed.parse_feed(json.dumps(document).encode())
    assert (page.page_size, page.total_entries) == (50, 2)
    edition, archive = page.entries
    assert edition.is_sub_feed and edition.zones[0].term == "FRA" and edition.formats[0].term == "SHP"
    assert edition.epsg_codes == ("EPSG:4326",) and edition.edition_date == "2023-05-03"
    assert archive.is_file and archive.size == 42 and archive.md5.startswith("d41d8")
    # A bare list of entries and a {"feed": …} wrapper are read too.
    assert len(feed.parse_feed(json.dumps(document["entry"]).encode()).entries) == 2
    assert feed.parse_feed(json.dumps({"feed": document}).encode()).total_entries == 2


@pytest.mark.parametrize("data, message", [
    ((DATA / "hostile" / "billion_laughs.xml").read_bytes(), "entities"),
    (b'<?xml version="1.0"?><!DOCTYPE feed SYSTEM "http://evil.example/x.dtd"><feed/>', "external DTD"),
    (RESOURCE_FEED[: len(RESOURCE_FEED) // 2], "malformed or incomplete"),
    (b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>", "502 Bad Gateway"),
    (b"", "empty"),
    (b"Too Many Requests", "not return an XML"),
    (b'<ExceptionReport xmlns="http://www.opengis.net/ows/1.1"><Exception exceptionCode="X">'
     b'<ExceptionText>boom</ExceptionText></Exception></ExceptionReport>', "boom"),
    (b'<Capabilities xmlns="http://www.opengis.net/wmts/1.0"/>', "not return a download feed"),
    (b'{"error": {"code": 404, "message": "Ressource introuvable"}}', "Ressource introuvable"),
    (b'{"entry": [', "malformed or incomplete"),
])
def test_unreadable_or_hostile_feeds_are_refused_clearly(data, message):
    with pytest.raises(FeedError, match=message) as error:
        feed.parse_feed(data)
    assert "capabilities document" not in str(error.value)


def test_crs_forms():
    assert feed.crs_authid("https://www.opengis.net/def/crs/EPSG/0/2154") == "EPSG:2154"
    assert feed.crs_authid("http://www.opengis.net/def/crs/EPSG/0/4326") == "EPSG:4326"
    assert feed.crs_authid("urn:ogc:def:crs:EPSG::2154") == "EPSG:2154"
    assert feed.crs_authid("EPSG:5490") == feed.crs_authid("5490") == "EPSG:5490"
    assert feed.crs_authid("LAMB93") == "" and feed.crs_authid("") == ""


def test_sub_resource_names():
    assert feed.parse_sub_resource_name("BDORTHO_1-0_IRC-0M15_JP2-E080_LAMB93_D075_2021-01-01") == {
        "resource": "BDORTHO", "format": "JP2-E080", "crs": "LAMB93", "zone": "D075",
        "edition_date": "2021-01-01"}
    assert feed.parse_sub_resource_name(SUB)["format"] == "SHP"
    assert feed.parse_sub_resource_name("BDTOPO") is None
    assert feed.parse_sub_resource_name("A_B_C_D_2021-13") is None


# --- paging -----------------------------------------------------------------------------------

def serve(total, honoured=None, stable=True):
    """A pure stand-in for the service's paging: entries e0…, pages of min(limit, honoured)."""
    def answer(page, limit):
        size = min(limit, honoured or limit)
        start = (page - 1) * size
        keys = [f"e{i}" for i in range(start, min(total, start + size))] if stable else ["same"]
        return Page([FeedEntry(k, id=k) for k in keys], page=page, page_size=size,
                    page_count=max(1, -(-total // size)), total_entries=total)
    return answer


def walk(walker, answer, limit_pages=100):
    listed, asked = [], []
    while not walker.done and len(asked) < limit_pages:
        page, limit = walker.request()
        asked.append((page, limit))
        listed += [e.id for e in walker.accept(answer(page, limit), page)]
    return listed, asked


@pytest.mark.parametrize("total, limit, honoured", [(123, 50, None), (23, 50, 7), (23, 10, None),
                                                     (0, 50, None), (50, 50, None), (7, 3, 2)])
def test_every_entry_listed_once(total, limit, honoured):
    listed, asked = walk(PageWalker(limit), serve(total, honoured))
    assert listed == [f"e{i}" for i in range(total)]
    size = min(limit, honoured or limit)
    assert len(asked) == max(1, -(-total // size))  # no page asked twice, none beyond the end


def test_smaller_page_than_asked_is_followed_with_the_server_size():
    _, asked = walk(PageWalker(50), serve(23, honoured=7))
    assert asked == [(1, 50), (2, 7), (3, 7), (4, 7)]


def test_a_server_repeating_one_page_cannot_loop():
    listed, asked = walk(PageWalker(10), serve(1000, stable=False))
    assert listed == ["same"] and len(asked) == 2


def test_without_paging_attributes_a_short_page_is_the_last():
    walker = PageWalker(10)
    walker.accept(Page([FeedEntry(f"e{i}", id=f"e{i}") for i in range(10)], page=1))
    assert walker.request() == (2, 10)
    walker.accept(Page([FeedEntry("e10", id="e10")], page=2))
    assert walker.done and len(walker.seen) == 11


def test_short_page_that_is_not_the_last_gives_the_server_size():
    walker = PageWalker(50)
    walker.accept(Page([FeedEntry(f"e{i}", id=f"e{i}") for i in range(20)], page=1, page_count=3))
    assert walker.request() == (2, 20)


# --- URLs -------------------------------------------------------------------------------------------

def test_urls_follow_the_base_url_override(monkeypatch):
    monkeypatch.setenv(endpoints.ENV_BASE_URL, "http://127.0.0.1:8080/")
    assert feed.capabilities_url() == "http://127.0.0.1:8080/telechargement/capabilities?page=1&limit=50"
    assert feed.resource_url("SCAN25", restricted=True, page=3, limit=500).startswith(
        "http://127.0.0.1:8080/private/telechargement/resource/SCAN25?page=3&limit=50")
    monkeypatch.delenv(endpoints.ENV_BASE_URL)
    assert feed.resource_url("ADMIN-EXPRESS-COG", SUB, Filters(zone="FRA"), limit=0) == (
        f"https://data.geopf.fr/telechargement/resource/ADMIN-EXPRESS-COG/{SUB}?page=1&limit=1")


def test_filters_are_sent_in_the_service_names():
    filters = Filters(zone="d075", format="GPKG", crs="https://www.opengis.net/def/crs/EPSG/0/2154",
                      edition_date_from="2024-01-01", edition_date_to="2026-12-31",
                      polygon=feed.bbox_polygon(2.25, 48.8, 2.42, 48.9), sort_by="editionDate")
    url = feed.resource_url("BDTOPO", filters=filters, page=2, limit=20, base="http://h")
    assert url == ("http://h/telechargement/resource/BDTOPO?zone=D075&format=GPKG&crs=EPSG:2154"
                   "&editionDateFrom=2024-01-01&editionDateTo=2026-12-31"
                   "&polygon=2.25,48.8;2.42,48.8;2.42,48.9;2.25,48.9;2.25,48.8"
                   "&sortEntriesBy=editionDate&page=2&limit=20")
    assert Filters().is_empty() and not filters.is_empty()


@pytest.mark.parametrize("filters", [Filters(edition_date_from="2024-13-01"),
                                     Filters(edition_date_to="01/02/2024"),
                                     Filters(polygon=[(2, 48), (3, 49)]),
                                     Filters(polygon=[(200, 48), (3, 49), (3, 48)])])
def test_bad_filters_raise_value_errors(filters):
    with pytest.raises(ValueError):
        filters.query()


def test_resource_names_cannot_escape_the_path():
    for name in ("", "..", "a/b"):
        with pytest.raises(ValueError):
            feed.resource_url(name, base="http://h")
    assert feed.resource_url("A B&C", base="http://h").startswith("http://h/telechargement/resource/A%20B%26C?")


def test_paged_url_replaces_page_and_limit():
    assert feed.paged_url("http://h/r/X?zone=FRA&page=4&LIMIT=9", 2, 80) == "http://h/r/X?zone=FRA&page=2&limit=50"
    assert feed.paged_url("http://h/r/X", 1, 10) == "http://h/r/X?page=1&limit=10"


def test_bbox_polygon_is_clipped_and_closed():
    ring = feed.bbox_polygon(-200, 10, -170, 95)
    assert ring[0] == ring[-1] == (-180.0, 10) and (-170, 90.0) in ring


# --- zones ------------------------------------------------------------------------------------

def test_zones_by_code_and_by_name():
    from bascule_geoplateforme.core.download import zones

    assert len([z for z in zones.all_zones() if z.kind == "departement"]) == 101
    assert len([z for z in zones.all_zones() if z.kind == "region"]) == 18
    assert zones.search("75")[0].code == "D075" and zones.search("D075")[0].name == "Paris"
    assert zones.search("2a")[0].name == "Corse-du-Sud"
    assert zones.search("ile de france")[0].code == "R11"
    assert zones.search("cote d or")[0].code == "D021"
    assert [z.code for z in zones.search("Réunion")] == ["REU", "D974"]
    assert zones.find("d971").region == "GLP" and zones.find("D078").region == "R11"
    assert zones.zone_code("Paris (D075)") == zones.zone_code("paris") == "D075"
    assert zones.zone_code("nowhere at all") == "" and zones.zone_code("") == ""
    assert zones.find("D075").label == "Paris (D075)"

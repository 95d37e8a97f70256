"""The plugin's folders in the profile: key-test results out of the catalogue cache, and what
an older version kept in the cache moved over once, nothing lost."""
import os

from bascule_geoplateforme.core.toolbelt.profile_folders import ProfileFolders


def test_the_key_tests_are_not_in_the_catalogue_cache(tmp_path):
    folders = ProfileFolders(str(tmp_path))
    cache, keys = folders.catalog_cache, folders.key_tests
    assert os.path.commonpath([cache, keys]) != cache
    assert os.path.dirname(cache) == os.path.dirname(keys) == str(tmp_path)


def test_old_key_tests_move_to_their_folder_once(tmp_path):
    old = tmp_path / "cache" / "keys"
    old.mkdir(parents=True)
    (old / "abc1234.json").write_text('{"services": {}}', encoding="utf-8")
    (tmp_path / "cache" / "catalog.json.gz").write_bytes(b"x")
    keys = ProfileFolders(str(tmp_path)).key_tests
    assert (tmp_path / "keys" / "abc1234.json").read_text(encoding="utf-8") == '{"services": {}}'
    assert not old.exists()  # moved, so clearing the cache cannot take it
    assert (tmp_path / "cache" / "catalog.json.gz").exists()  # the catalogue left alone
    assert ProfileFolders(str(tmp_path)).key_tests == keys  # the second time: nothing to do


def test_a_newer_result_is_kept_and_the_older_not_lost(tmp_path):
    old, new = tmp_path / "cache" / "keys", tmp_path / "keys"
    old.mkdir(parents=True)
    new.mkdir()
    (old / "abc1234.json").write_text("old", encoding="utf-8")
    (old / "def5678.json").write_text("only old", encoding="utf-8")
    (new / "abc1234.json").write_text("new", encoding="utf-8")
    ProfileFolders(str(tmp_path)).key_tests
    assert (new / "abc1234.json").read_text(encoding="utf-8") == "new"
    assert (new / "def5678.json").read_text(encoding="utf-8") == "only old"
    assert (old / "abc1234.json").read_text(encoding="utf-8") == "old"  # not overwritten, not deleted


def test_no_old_folder_nothing_made(tmp_path):
    ProfileFolders(str(tmp_path)).key_tests
    assert list(tmp_path.iterdir()) == []  # the writers make their folders

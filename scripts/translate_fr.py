#!/usr/bin/env python3
"""Fill French translations into i18n/bascule_geoplateforme_fr.ts from a JSON dictionary.

Usage: translate_fr.py FILE.json   (a {"English source": "French translation"} map)
For translators without Qt Linguist at hand; `make translations` then compiles the .qm.
Unknown sources are reported, existing translations are replaced.
"""
import json
import sys
from pathlib import Path
from xml.etree import ElementTree

TS = Path(__file__).resolve().parents[1] / "i18n" / "bascule_geoplateforme_fr.ts"


def main(path: str) -> int:
    mapping = json.loads(Path(path).read_text(encoding="utf-8"))
    tree = ElementTree.parse(TS)
    seen = set()
    for message in tree.iter("message"):
        source = message.findtext("source")
        if source in mapping:
            translation = message.find("translation")
            translation.text = mapping[source]
            translation.attrib.pop("type", None)
            seen.add(source)
    for missing in sorted(set(mapping) - seen):
        print(f"not in the .ts: {missing!r}", file=sys.stderr)
    body = ElementTree.tostring(tree.getroot(), encoding="unicode")
    TS.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

"""The plugin's bilingual texts kept outside Qt's ``tr()``, and the one rule picking their language.

Pure module. Reports, Processing output and the migration's messages are written where no
translator may be installed (qgis_process, a worker thread) and must exist in both languages at
once (the CSV has an English and a French column), so they live in ``Texts`` stores: message id
-> {"en": …, "fr": …}, ``str.format`` fields filled when rendered. Widgets keep using ``tr()``.

Only English and French exist: any other language reads English.
"""
from __future__ import annotations

from typing import Dict, Iterator, Mapping, Optional, Tuple

ENGLISH, FRENCH = "en", "fr"
LANGUAGES = (ENGLISH, FRENCH)


def language_of(code) -> str:
    """"fr", "fr_FR", "fr-CA", "FR" -> "fr"; anything else (including "", "de_DE") -> "en"."""
    return FRENCH if str(code or "").strip().lower().startswith(FRENCH) else ENGLISH


def pick_language(setting, interface_locale) -> str:
    """The language of every report and Processing output: the report-language setting when it
    names one ("fr", "en"), else ("", "auto", anything else) the interface's, French for any
    French locale, English for every other."""
    chosen = str(setting or "").strip().lower()
    return chosen if chosen in LANGUAGES else language_of(interface_locale)


class Texts:
    """A store of bilingual texts: ``id -> {"en": template, "fr": template}``.

    A missing or empty French text reads English (never an error: a report must be written);
    an unknown id reads as itself."""

    def __init__(self, entries: Mapping[str, Mapping[str, str]]):
        self._entries: Dict[str, Dict[str, str]] = {}
        for key, texts in entries.items():
            if not texts.get(ENGLISH):
                raise ValueError(f"text {key!r} has no English")  # the fallback must exist
            self._entries[key] = dict(texts)

    @classmethod
    def pairs(cls, entries: Mapping[str, Tuple[str, str]]) -> "Texts":
        """A store from ``id -> (English, French)``."""
        return cls({key: {ENGLISH: en, FRENCH: fr} for key, (en, fr) in entries.items()})

    def __contains__(self, key) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def template(self, key: str, lang: str = ENGLISH, default: Optional[str] = None) -> str:
        """The unformatted text of ``key`` in ``lang`` (English when the language lacks it)."""
        texts = self._entries.get(key)
        if texts is None:
            return key if default is None else default
        return texts.get(language_of(lang)) or texts[ENGLISH]

    def text(self, key: str, lang: str = ENGLISH, /, **params) -> str:
        """The text of ``key`` in ``lang``, its fields filled from ``params``; a field the
        parameters lack leaves the template as it is rather than failing. (``key`` and
        ``lang`` are positional only: a text may have fields of those names.)"""
        template = self.template(key, lang)
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template

    def both(self, key: str, /, **params) -> Tuple[str, str]:
        """(English, French) of ``key``."""
        return self.text(key, ENGLISH, **params), self.text(key, FRENCH, **params)

    def table(self, lang: str = ENGLISH) -> Dict[str, str]:
        """Every text in ``lang``, unformatted: a label table (``table(lang).get(id, id)``)."""
        return {key: self.template(key, lang) for key in self._entries}


# French typography: a non-breaking space before the two-part punctuation (":", ";").
PUNCTUATION = Texts.pairs({"colon": (": ", "\u00a0: "), "semicolon": ("; ", "\u00a0; ")})


def colon(lang: str) -> str:
    """": " in English, "\u00a0: " in French."""
    return PUNCTUATION.text("colon", lang)


def semicolon(lang: str) -> str:
    """"; " in English, "\u00a0; " in French."""
    return PUNCTUATION.text("semicolon", lang)

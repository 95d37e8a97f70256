"""Outside text shown as text, never as markup or a formula (pure: no qgis/Qt import).

Names, titles, abstracts, licence terms and errors come from feeds, capabilities, archives,
projects and servers. Qt renders as rich text a message-bar item (QGIS builds it as HTML), a
tooltip or a label that *looks* like markup, so a feed's ``<a href>`` would become a live link
and its ``<style>`` could hide the real terms. Every place that shows outside text in such a
widget passes it through here; links are only those the plugin writes itself, around text
escaped here. A spreadsheet reads a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula: every text cell of a CSV the plugin writes is neutralised.
"""
from __future__ import annotations

import html

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escaped(text) -> str:
    """Text for a rich-text context: markup escaped, line breaks kept. Quotes too: Qt's
    HTML reader misreads ``"&gt;`` after a bare quote."""
    text = "" if text is None else str(text)
    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def tooltip(text) -> str:
    """A tooltip shown literally. Qt guesses rich text from a ``<`` (or an ``&lt;``) near
    the start: text with neither stays as it is; other text becomes rich text on purpose,
    its content escaped. Empty stays empty (no tooltip)."""
    text = "" if text is None else str(text)
    if "<" not in text and "&" not in text:
        return text
    return f"<qt>{escaped(text)}</qt>"


def csv_cell(value):
    """A CSV cell a spreadsheet reads as text (OWASP's rule: a leading quote). Applied to
    every text cell alike, so reading the file back is one rule: drop a quote before any of
    these characters."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value

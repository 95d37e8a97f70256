"""core/toolbelt/plain_text.py: outside text escaped for rich-text widgets, CSV cells never formulas."""
from hypothesis import given
from hypothesis import strategies as st

from bascule_geoplateforme.core.toolbelt.plain_text import FORMULA_STARTS, csv_cell, escaped, tooltip


@given(st.text())
def test_escaped_text_has_no_markup_left(text):
    out = escaped(text)
    assert "<" not in out.replace("<br>", "") and ">" not in out.replace("<br>", "")
    assert html_unescape(out.replace("<br>", "\n")) == text.replace("\r\n", "\n")


def html_unescape(text):
    import html

    return html.unescape(text)


@given(st.text())
def test_a_tooltip_is_plain_or_escaped_rich_text(text):
    out = tooltip(text)
    if "<" in text or "&" in text:
        assert out.startswith("<qt>") and out.endswith("</qt>") and "<a" not in out
    else:
        assert out == text


@given(st.text())
def test_csv_cells_never_start_a_formula_and_read_back_by_one_rule(text):
    cell = csv_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    if not text.startswith("'"):  # (a text already quoted reads back ambiguously, as in Excel)
        back = cell[1:] if cell[:1] == "'" and cell[1:2] and cell[1] in FORMULA_STARTS else cell
        assert back == text
    assert csv_cell(3) == 3 and csv_cell(None) is None

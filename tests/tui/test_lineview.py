"""The line view's word wrap: widths, indentation, long words, wide characters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.style import Style

from qualcode.tui.widgets.lineview import Paragraph, _wrap_separate, wrap

BOLD = Style(bold=True)


def texts(lines: list[list[tuple[str, Style]]]) -> list[str]:
    return ["".join(text for text, _ in line) for line in lines]


def test_words_wrap_with_a_hanging_indent() -> None:
    paragraph = Paragraph(
        [("12 R: ", BOLD), ("the sheriff’s office — they call us when they find someone", Style())],
        indent=6,
    )
    assert texts(wrap(paragraph, 24)) == [
        "12 R: the sheriff’s",
        "      office — they call",
        "      us when they find",
        "      someone",
    ]


def test_no_line_is_wider_than_the_width_and_no_word_is_lost() -> None:
    text = "Mostly from the sheriff's office, they call us when they find someone. " * 20
    for width in (20, 37, 80):
        lines = texts(wrap(Paragraph([(text, Style())], indent=4), width))
        assert all(cell_len(line) <= width for line in lines)
        assert " ".join(line.strip() for line in lines).split() == text.split()


def test_a_word_longer_than_the_line_is_broken() -> None:
    lines = texts(wrap(Paragraph([("x" * 30, Style())], indent=2), 12))
    assert lines == ["x" * 12, "  " + "x" * 10, "  " + "x" * 8]


def test_wide_characters_are_measured_in_cells() -> None:
    lines = texts(wrap(Paragraph([("日本語 のテキスト です", Style())]), 10))
    assert all(cell_len(line) <= 10 for line in lines)
    assert lines == ["日本語", "のテキスト", "です"]


def test_styles_are_kept_per_span() -> None:
    lines = wrap(Paragraph([("bold ", BOLD), ("plain words", Style())]), 80)
    assert lines == [[("bold ", BOLD), ("plain words", Style())]]


def test_a_highlighted_match_inside_a_word_is_not_broken_from_it() -> None:
    from rich.style import Style

    from qualcode.tui.screens.coding import highlighted

    paragraph = Paragraph(highlighted("if you are here on a visa, or here", "visa", Style()), 0)
    for width in range(8, 30):
        lines = ["".join(text for text, _ in line) for line in wrap(paragraph, width)]
        assert not any(line.startswith(",") for line in lines), (width, lines)
        assert "".join(lines).replace(" ", "") == "ifyouarehereonavisa,orhere"


PLAIN = Style()
_span_text = st.text(alphabet=st.sampled_from("ab x\nyz  .—"), max_size=120)


@settings(max_examples=400, deadline=None)
@given(
    spans=st.lists(st.tuples(_span_text, st.sampled_from([PLAIN, BOLD])), min_size=1, max_size=4),
    width=st.integers(min_value=1, max_value=40),
    indent=st.integers(min_value=0, max_value=8),
)
def test_filling_long_spans_by_lines_wraps_exactly_as_the_word_loop(
    spans: list[tuple[str, Style]], width: int, indent: int
) -> None:
    """The line-by-line fill of long spans (fast path) gives the very lines, spans and styles
    that wrapping word by word gives."""
    paragraph = Paragraph([(text, style) for text, style in spans if text], indent)
    assert _wrap_separate(paragraph, width) == _wrap_separate(paragraph, width, fast=False)


def test_a_long_segment_wraps_by_lines_like_by_words() -> None:
    text = (
        "We get most of ours from the sheriff's office, and some   from the hotline. " * 30
    ).strip()
    paragraph = Paragraph(
        [("○ ", PLAIN), ("  12 ", BOLD), ("Respondent: ", PLAIN), (text, PLAIN)], 7
    )
    for width in (20, 57, 80, 119):
        fast = _wrap_separate(paragraph, width)
        assert fast == _wrap_separate(paragraph, width, fast=False)
        assert len(fast) > 3

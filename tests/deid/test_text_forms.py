"""The pieces under the harder cases: number words as figures, speech-to-text detection and case
restoration, dates, the allowlist's plurals, possessives and near misses."""

from __future__ import annotations

import pytest

from qualcode.deid.allowlist import DEFAULT_ALLOWLIST, AllowlistMatcher
from qualcode.deid.casing import restore, speech_style
from qualcode.deid.dates import find_dates
from qualcode.deid.patterns import find_spoken
from qualcode.deid.spoken import digits_view


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("call five five five three eight eight double two one zero ok", "call 5553882210 ok"),
        ("number one seven seven three dash zero zero four two.", "number 1773-0042."),
        ("born june fourteenth nineteen ninety eight", "born june 14th 1998"),
        ("case nineteen c r three four four one i think", "case 19CR3441 i think"),
        ("from plus five zero four nine eight", "from +50498"),
        ("it was five five five, two eight one, four four oh nine.", "it was 5552814409."),
        ("oh wait, twenty twenty two", "oh wait, 2022"),
    ],
)
def test_number_words_become_figures(text: str, figures: str) -> None:
    view = digits_view(text)
    assert view.text == figures
    for start, end in view.runs:  # every run maps back to words of the original
        s, e = view.original(start, end)
        assert text[s:e].split()[0].isalpha()


def test_spoken_findings_are_spans_of_the_words() -> None:
    text = "my cell is five five five four four one seven seven zero two, call me"
    # (several finders agree; the engine keeps one replacement per span)
    assert {(text[s:e], kind) for s, e, kind in find_spoken(text)} == {
        ("five five five four four one seven seven zero two", "PHONE")
    }
    assert find_spoken("one of the two workers had five kids") == []


def test_speech_style_per_document() -> None:
    asr = ["so um we met him at the orchard and he said they took his passport and then"] * 3
    assert speech_style(asr).lowercase and speech_style(asr).unpunctuated
    edited = ["We met him at the orchard. He said they took his passport. Then we left."] * 3
    assert not speech_style(edited).speech
    assert not speech_style(["too short"]).speech


def test_restore_case_capitalises_names_and_keeps_the_length() -> None:
    text = "i called detective morales about ramiro salgado in yakima county and grace said yes"
    restored = restore(text)
    assert restored.text == (
        "I called detective Morales about Ramiro Salgado in Yakima County and Grace said yes"
    )
    assert [text[s:e] for s, e in restored.people] == ["morales", "ramiro salgado", "grace"]


def test_dates_full_and_of_birth_but_not_alone() -> None:
    text = "born May 9, 2022; DOB 11/02/1988; in March; on Tuesday; since 2019; May 2020"
    # "May 9" after "born" and "11/02" after "DOB" overlap the full dates; the engine keeps
    # the longer span
    assert [text[s:e] for s, e, _ in find_dates(text)] == [
        "11/02/1988",
        "May 9, 2022",
        "May 2020",
        "May 9",
        "11/02",
    ]
    assert find_dates("they may 3 times a week") == []


def test_allowlist_plurals_possessives_and_near_misses() -> None:
    matcher = AllowlistMatcher(DEFAULT_ALLOWLIST)
    text = "H-2As, H-1Bs, DOL's staff, Polaris’s tips, T visas, ice on the road"
    assert [text[s:e] for s, e in matcher.ranges(text)] == [
        "H-2As",
        "H-1Bs",
        "DOL's",
        "Polaris’s",
        "T visas",
    ]
    assert matcher.contains("H-2As") and matcher.contains("BJA")
    assert matcher.near("UCSIS") and matcher.near("Polariss")
    assert not matcher.near("Maria") and not matcher.near("Polaris")


def test_close_type_votes_are_counted() -> None:
    from qualcode.deid.evidence import Candidate, close_votes

    texts = [
        "Casa Luz helped. Casa Luz is small. We met at Casa Luz. Then Orla Farms and Orla Farms."
    ]
    starts = [i for i in range(len(texts[0])) if texts[0].startswith("Casa Luz", i)]
    casa = [Candidate(0, s, s + 8, kind, 2, 0, "model") for s, kind in
            zip(starts, ["ORG", "FAC", "ORG"], strict=True)]  # fmt: skip
    farms = [i for i in range(len(texts[0])) if texts[0].startswith("Orla Farms", i)]
    orla = [Candidate(0, s, s + 10, "FAC", 2, 0, "model") for s in farms]
    assert close_votes(casa + orla, texts) == 1  # ORG 2 : FAC 1 is close; FAC 2 : 0 is not


def test_frequent_first_names_are_names_even_when_the_word_list_has_them() -> None:
    text = "i saw maria and eric at the office but the grace period and frank talk stay"
    restored = restore(text)
    assert restored.text == (
        "I saw Maria and Eric at the office but the grace period and frank talk stay"
    )
    assert [text[s:e] for s, e in restored.people] == ["maria", "eric"]

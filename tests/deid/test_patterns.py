"""Identifier patterns and name rules (no model needed)."""

from __future__ import annotations

import pytest

from qualcode.deid.patterns import find_patterns, looks_like_id
from qualcode.deid.rules import find_organisations, find_people, find_places


def found(text: str) -> list[tuple[str, str]]:
    """(kind, text) of the pattern findings that survive overlap resolution by kind order."""
    from qualcode.deid.patterns import PATTERN_KINDS

    spans = sorted(find_patterns(text), key=lambda s: (PATTERN_KINDS.index(s[2]), s[0] - s[1]))
    taken: list[tuple[int, int, str]] = []
    for start, end, kind in spans:
        if not any(start < e and s < end for s, e, _ in taken):
            taken.append((start, end, kind))
    return [(kind, text[start:end]) for start, end, kind in sorted(taken)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call (555) 201-7734 today.", [("PHONE", "(555) 201-7734")]),
        ("Her cell is 555.201.7734.", [("PHONE", "555.201.7734")]),
        ("Dial +1 555 201 7734 ext. 12 now", [("PHONE", "+1 555 201 7734 ext. 12")]),
        ("the line, 555-0199, rang", [("PHONE", "555-0199")]),
        ("1-800-555-0199 is toll free", [("PHONE", "1-800-555-0199")]),
        ("write to j.ortiz@example.net.", [("EMAIL", "j.ortiz@example.net")]),
        ("see https://www.example.org/path?q=1.", [("URL", "https://www.example.org/path?q=1")]),
        ("see www.example.com, or", [("URL", "www.example.com")]),
        ("at example.org/reports today", [("URL", "example.org/reports")]),
        ("SSN 987-65-4321 on file", [("SSN", "987-65-4321")]),
        ("his social security number was 987654321", [("SSN", "987654321")]),
        ("at 1420 Juniper Lane, Apt. 3C in", [("ADDRESS", "1420 Juniper Lane, Apt. 3C")]),
        ("send it to 77 North Elm St., Suite 400", [("ADDRESS", "77 North Elm St., Suite 400")]),
        ("lived at W2231 County Road J. Then", [("ADDRESS", "W2231 County Road J")]),
        ("P.O. Box 4410", [("ADDRESS", "P.O. Box 4410")]),
        ("case number 2024-CR-000187 was", [("ID", "2024-CR-000187")]),
        ("Badge 5512, for the record", [("ID", "5512")]),
        ("docket 19-4470 is", [("ID", "19-4470")]),
        ("an A-number, A087654321, from", [("ID", "A087654321")]),
        ("file LCO-2022-0098 and", [("ID", "LCO-2022-0098")]),
        ("case 3:21-cr-00412 in federal court", [("ID", "3:21-cr-00412")]),
        ("receipt WAC2290001234 came", [("ID", "WAC2290001234")]),
    ],
)
def test_identifier_patterns(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "She came on an H-2A visa, then an H-2B, and a J-1 before that.",
        "They filed Form I-914 and an I-918 supplement.",
        "Between 10-15 workers, maybe 100-150 in peak season, from 2019-2020.",
        "K-12 schools, COVID-19, the 3rd floor, 24/7, and 40 hours.",
        "We have [number of] staff and [amount] in the budget.",
        "The meeting is at 10:30 on a Tuesday in April, for three years since 2019.",
        "In 2019 we had 300 cases.",
    ],
)
def test_near_misses_are_not_identifiers(text: str) -> None:
    assert found(text) == []


def test_id_shapes() -> None:
    assert looks_like_id("GHPD-23-008815")
    assert looks_like_id("23CR1876")
    assert not looks_like_id("H-2A")
    assert not looks_like_id("100th")
    assert not looks_like_id("WH-347")  # a labor form number


def test_people_after_titles_names_and_appositions() -> None:
    text = (
        "Special Agent Dana Whitford called. A guy named Ellis Varga ran it; the owner, "
        "Priya Castellano, knew. Her attorney was Ruth Okafor at the clinic. They knew him "
        "as “Chuy.” Det. Marlow came later."
    )
    names = [text[s:e] for s, e, _ in find_people(text)]
    assert names == [
        "Dana Whitford",
        "Marlow",
        "Priya Castellano",
        "Ruth Okafor",
        "Ellis Varga",
        "Chuy",
    ]


def test_organisations_and_places_by_their_words() -> None:
    text = (
        "I work for the Benton County Sheriff's Office. The crew came from Greenvale Harvest "
        "Services LLC and stayed at the Lakeview Motel near Ashford. The County Attorney's "
        "Office and the Police Department are generic."
    )
    orgs = [(kind, text[s:e]) for s, e, kind in find_organisations(text)]
    assert orgs == [
        ("ORG", "Benton County Sheriff's Office"),
        ("ORG", "Greenvale Harvest Services LLC"),
        ("FAC", "Lakeview Motel"),
    ]
    assert [text[s:e] for s, e, _ in find_places(text)] == ["Ashford"]

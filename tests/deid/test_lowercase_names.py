"""Names and places in lower-case, unpunctuated (speech-to-text style) text: words that are no
English word in use, nicknames, month names as first names, and the word before an unknown
surname. The sentences are made up for these tests."""

from __future__ import annotations

from qualcode.deid.casing import restore, restore_document
from qualcode.deid.lexicons import compound, everyday, rare


def people(text: str) -> list[str]:
    return [text[s:e] for s, e in restore(text).people]


def places(text: str) -> list[str]:
    return [text[s:e] for s, e in restore(text).places]


def test_word_frequencies_tell_words_from_names() -> None:
    assert everyday("paperwork") and everyday("couldnt") and not everyday("zolbayar")
    assert rare("zolbayar") and not rare("paperwork")
    assert compound("busboy") and compound("farmworker") and compound("lockbox")
    assert not compound("munkhbat") and not compound("tsetsegmaa")


def test_a_word_that_is_no_english_word_is_a_name() -> None:
    text = "the foreman was zolbayar munkhbat and his sister tsetsegmaa kept the books"
    assert people(text) == ["zolbayar munkhbat", "tsetsegmaa"]
    assert restore(text).text == (
        "the foreman was Zolbayar Munkhbat and his sister Tsetsegmaa kept the books"
    )


def test_compounds_contractions_and_everyday_words_are_not_names() -> None:
    text = "the busboy said he couldnt find the lockbox so the farmworker did the paperwork"
    assert people(text) == []
    assert places(text) == []


def test_an_unknown_word_after_in_or_from_is_a_place() -> None:
    text = "she came down from ulaangom with enkhjin and they stayed in sarnai for a week"
    assert places(text) == ["ulaangom", "sarnai"]
    assert people(text) == ["enkhjin"]


def test_an_unknown_word_known_as_a_person_stays_a_person_after_from() -> None:
    restored = restore_document(["the cook enkhjin worked nights", "we got a text from enkhjin"])
    second = "we got a text from enkhjin"
    assert [second[s:e] for s, e in restored[1].people] == ["enkhjin"]
    assert restored[1].places == []


def test_nicknames_after_they_called_him() -> None:
    assert people("everybody called him don pirulo because he sang") == ["pirulo"]
    assert people("the kids called her lola sunshine at the camp") == ["sunshine"]
    assert people("the crew called him smiley for some reason") == ["smiley"]
    # a telephone call, not a nickname
    assert people("he called her phone twenty times a day") == []
    assert people("they called him back the next morning") == []


def test_a_month_that_is_a_first_name_before_a_surname() -> None:
    assert people("the nurse there june abernathy wrote it down in april") == ["june abernathy"]


def test_a_surname_list_word_before_an_unknown_surname_is_a_first_name() -> None:
    assert people("one of the drivers fortune oyunaa called the hotline") == ["fortune oyunaa"]
    assert people("good fortune came to the farm") == []


def test_a_title_before_a_first_name_or_a_surname_that_is_a_word() -> None:
    assert people("i rode out with trooper green and detective dexter") == ["green", "dexter"]
    assert people("they do detective work all day") == []


def test_a_surname_list_word_after_a_first_name() -> None:
    assert people("our paralegal cedric hill is great") == ["cedric hill"]
    assert people("we asked cedric, hill country is far") == ["cedric"]


def test_a_name_that_is_a_word_recurs_as_a_name_only_in_a_name_position() -> None:
    restored = restore_document(
        [
            "a week later patience called the office",
            "patience was only nineteen and we had to show patience with the court",
        ]
    )
    second = "patience was only nineteen and we had to show patience with the court"
    assert [second[s:e] for s, e in restored[1].people] == ["patience"]


def test_spoken_addresses_with_units_and_lettered_ids() -> None:
    from qualcode.deid.patterns import find_spoken

    def spans(text: str) -> list[tuple[str, str]]:
        return [(kind, text[s:e]) for s, e, kind in find_spoken(text)]

    assert spans("they lived at six oh two west maple pike room nine in town") == [
        ("ADDRESS", "six oh two west maple pike room nine")
    ]
    assert spans("a unit at eighty one north second avenue apartment four c for years") == [
        ("ADDRESS", "eighty one north second avenue apartment four c")
    ]
    assert spans("his permit was k t w dash three three one and") == [
        ("ID", "k t w dash three three one")
    ]
    assert spans("an a number a nine one one two two three four four five") == [
        ("ID", "a nine one one two two three four four five")
    ]
    assert spans("the card ending seven seven two one was his") == [("ID", "seven seven two one")]
    assert spans("a two week stay and a dozen three day passes") == []


def test_everyday_words_of_the_name_lists_are_words() -> None:
    text = "she held the keys in a box by the door and would hang up on them"
    assert people(text) == []
    assert people("we called mister johnson and then ms whitaker") == ["johnson", "whitaker"]


def test_organisations_before_a_suffix_and_not_after_a_or_our() -> None:
    text = "they worked for a firm called ridgeback hauling llc near the dunmore police"
    restored = restore(text)
    assert [(text[s:e], kind) for s, e, kind in restored.organisations] == [
        ("ridgeback hauling llc", "ORG"),
        ("dunmore police", "ORG"),
    ]
    assert "Ridgeback Hauling LLC" in restored.text  # the suffix as the rules list it
    assert restore("he took a job at a poultry plant and our records unit").organisations == []


def test_two_first_names_joined_by_and_once_one_is_a_name_of_the_document() -> None:
    texts = [
        "a month later mercy called the office",
        "the sisters, mercy and patience, came in together",
        "we need patience and faith in this work",
    ]
    restored = restore_document(texts)
    assert [texts[1][s:e] for s, e in restored[1].people] == ["mercy", "patience"]
    assert restored[2].people == []  # neither word is a name of the document there


def test_years_said_with_thousand() -> None:
    from qualcode.deid.spoken import digits_view

    assert digits_view("born june third two thousand four in").text == "born june 3rd 2004 in"
    assert digits_view("in two thousand and nineteen we").text == "in 2019 we"
    assert digits_view("about two thousand workers").text == "about 2000 workers"


def test_contact_and_kinship_cues() -> None:
    assert people("you can reach ivy at the front desk most days") == ["ivy"]
    assert people("the buyer was earl stone and his son wyatt ran the lot") == [
        "earl stone",
        "wyatt",
    ]
    assert people("you can reach the office at noon") == []


def test_a_name_that_is_a_function_word_before_a_verb_in_the_past() -> None:
    texts = ["their lawyer was will okafor from the clinic", "will did the filing and will they"]
    restored = restore_document(texts)
    assert [texts[1][s:e] for s, e in restored[1].people] == ["will"]


def test_an_everyday_word_of_the_name_lists_can_be_a_place() -> None:
    text = "it was a nevada plate on the van"
    assert places(text) == ["nevada"] and people(text) == []


def test_english_words_made_from_other_words_are_not_names() -> None:
    from qualcode.deid.lexicons import derived

    for word in ("trafficker", "continuances", "misclassification", "reframe", "paralegals"):
        assert derived(word), word
    for name in ("okonkwo", "bondarenko", "wesner", "munkhbat"):
        assert not derived(name), name
    assert people("the traffickers hired paralegals to handle continuances") == []


def test_places_that_are_everyday_words_need_in_or_from() -> None:
    assert places("that was a good deal for them") == []
    assert places("they moved to a farm outside reading last year") == ["reading"]


def test_a_verb_after_a_title_is_no_name() -> None:
    assert people("when a labor investigator sees these signs he calls us") == []
    assert people("if a police officer shows up they run") == []
    assert people("we called the investigator i'm sure of it") == []
    assert people("the file went to detective morales on monday") == ["morales"]


def test_street_names_with_ordinals_and_spoken_paths_of_two_words() -> None:
    from qualcode.deid.patterns import find_patterns

    def spans(text: str) -> list[tuple[str, str]]:
        return [(kind, text[s:e]) for s, e, kind in find_patterns(text)]

    assert spans("Mail went to 77 S. 3rd Avenue, Apt 2, Dalton, GA 30720 then.") == [
        ("ADDRESS", "77 S. 3rd Avenue, Apt 2, Dalton, GA 30720")
    ]
    assert spans("it is at harbor dot example dot org slash find work and more") == [
        ("URL", "harbor dot example dot org slash find work")
    ]
    assert spans("read harbor dot example dot org slash faq with them") == [
        ("URL", "harbor dot example dot org slash faq")
    ]


def test_talked_to_and_missus() -> None:
    assert people("last week i talked to hope about the lease") == ["hope"]
    assert people("we met with the owners and talked to them") == []
    assert people("the shop belonged to missus pruitt back then") == ["pruitt"]


def test_a_lone_unknown_word_is_no_name() -> None:
    assert people("deid") == [] and people("fgd notes") == []
    assert people("the foreman zolbayar") == []  # three words: too little to go on
    assert people("the foreman was zolbayar") == ["zolbayar"]

"""Rules that find names the statistical model misses, from how people talk about people and
organisations: a title before a name ("Detective Ruiz"), "a worker named ...", an apposition
after a word for a person ("the manager, Philip Okafor,"), and runs of capitalised words that end
in a word for an organisation or a site ("... Staffing LLC", "... Motel").

They need no model, so they also work in pattern-only mode.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int, str]

_UPPER = "A-ZÀ-ÖØ-Þ"
# One capitalised word of a name: "Ruiz", "O'Brien", "Marsh-Whitley", "Tomás"; not "Vo’s".
NAME_WORD = rf"[{_UPPER}][\w]*(?:['’][{_UPPER}][\w]*)?(?:-[{_UPPER}][\w]*)*"
_PARTICLE = r"(?:de|del|de la|da|dos|van|von|bin|al|le|la)"
NAME_RUN = rf"{NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{NAME_WORD}){{0,3}}"

TITLES = (
    "Detective", "Det.", "Officer", "Deputy", "Sergeant", "Sgt.", "Lieutenant", "Lt.", "Captain",
    "Capt.", "Corporal", "Cpl.", "Trooper", "Agent", "Investigator", "Inspector", "Sheriff",
    "Undersheriff", "Chief", "Commander", "Marshal", "Judge", "Justice", "Magistrate",
    "Prosecutor", "Dr.", "Dr", "Doctor", "Nurse", "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms",
    "Miss", "Mx.", "Father", "Fr.", "Sister", "Pastor", "Reverend", "Rev.", "Rabbi", "Imam",
    "Professor", "Prof.", "Senator", "Representative", "Rep.", "Mayor", "Governor",
    "Commissioner", "Councilman", "Councilwoman", "Councilmember", "Attorney",
    # Honorifics and kinship forms of address ("Don" is left out: it is also a first name)
    "Señora", "Señor", "Señorita", "Senora", "Senor", "Doña", "Auntie", "Aunty", "Tía", "Tío",
    "Mister",
)  # fmt: skip
_TITLE_MODIFIERS = r"(?:(?:Special|Assistant|Deputy|Senior|Chief|Acting|District|Staff)\s+)*"
_TITLE = "(?:" + "|".join(re.escape(t) + (r"" if t.endswith(".") else r"\b") for t in TITLES) + ")"
TITLED_NAME = re.compile(rf"(?<![\w.]){_TITLE_MODIFIERS}{_TITLE}\s+(?P<name>{NAME_RUN})")

# Words for people, after which an apposition or "was" introduces a name.
PERSON_NOUNS = (
    "worker", "nurse", "doctor", "attorney", "lawyer", "counsel", "organizer", "organiser",
    "coordinator", "director", "manager", "supervisor", "investigator", "detective", "agent",
    "officer", "deputy", "prosecutor", "DA", "advocate", "paralegal", "colleague", "partner",
    "boss", "owner", "foreman", "forewoman", "caller", "client", "victim", "survivor", "witness",
    "defendant", "suspect", "son", "daughter", "wife", "husband", "brother", "sister", "cousin",
    "mother", "father", "nephew", "niece", "uncle", "aunt", "friend", "neighbor", "neighbour",
    "employer", "recruiter", "contractor", "subcontractor", "broker", "translator",
    "interpreter", "grower", "farmer", "landlord", "driver", "teacher", "student", "judge",
    "undersheriff", "sheriff", "sergeant", "lieutenant", "captain", "inspector", "analyst",
    "assistant", "secretary", "clerk", "liaison", "specialist", "therapist", "counselor",
    "counsellor", "social worker", "case manager", "pastor", "priest", "trafficker", "employee",
    "name",
    "guy", "man", "woman", "girl", "boy", "lady", "person", "brother-in-law", "sister-in-law",
    "son-in-law", "daughter-in-law", "roommate", "coworker", "co-worker", "chief", "founder",
    "president", "chair", "host", "sponsor", "peeler", "picker", "crew leader", "crew boss",
)  # fmt: skip
_NOUN = "(?:" + "|".join(re.escape(n) for n in sorted(PERSON_NOUNS, key=len, reverse=True)) + ")"
_FULL_NAME = rf"{NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{NAME_WORD}){{1,3}}"
APPOSITION = re.compile(
    rf"\b{_NOUN}s?\s*(?:,\s*|\s+(?:was|is)\s+)(?P<name>{_FULL_NAME})(?=\s*[,.;:)]|\s+[a-z]|$)"
)
NAMED = re.compile(rf"\b(?:named|name is|name was|known as|goes by|went by)\s+(?P<name>{NAME_RUN})")
# Places named after a word of location: "near Wenatchee", "outside Atlanta", "up in Ohio".
LOCATED = re.compile(
    rf"\b(?:near|outside(?: of)?|(?:north|south|east|west)(?:east|west)? of|out past|just past|"
    rf"up in|down in|over in|out in|back in|back to)\s+(?P<name>{NAME_RUN})"
)
# Honorifics and kinship forms of address before a name: "Don Aurelio", "Auntie Bimpe".
_HONORIFIC = (
    r"(?:(?:[Ee]l|[Ll]a|Don|Doña|Dona|Señora|Señor|Senora|Auntie|Aunty|Uncle|Tía|Tío|Mama|Papa)\s+)"
)
NICKNAME = re.compile(
    rf"\b(?:named|called|known as|goes by|went by|as)\s+[\"“](?P<name>{NAME_WORD})[.,!?]?[\"”]"
    rf"|\b(?:called|call|calls|nicknamed)\s+(?:him|her)\s+{_HONORIFIC}?"
    rf"(?P<bare>{NAME_WORD}(?:\s+{NAME_WORD})?)"
)

# Organisations and sites: capitalised words ending in a word that names an organisation (ORG)
# or a place where people live, work or are treated (FAC).
ORG_SUFFIXES = (
    "LLC", "L.L.C.", "Inc.", "Inc", "Incorporated", "Corp.", "Corporation", "Co.", "Company",
    "Ltd.", "LLP", "PLLC", "Group", "Services", "Staffing", "Solutions", "Systems", "Builders",
    "Construction", "Contractors", "Development", "Processing", "Produce", "Foods", "Orchards",
    "Exchange", "Network", "Alliance", "Center", "Centre", "Project", "Coalition", "Foundation",
    "Association", "Society", "Institute", "Council", "Union", "United", "Partners",
    "Ministries", "Agency", "Office", "Department", "Division", "Unit", "Task Force",
    "Authority", "Commission", "Bistro", "Restaurant", "Cafe", "Café", "Lounge", "Spa", "Salon",
    "Nails", "Aid", "Enterprises", "Industries", "Holdings", "Logistics", "Packing", "Seafood",
    "Cleaning", "Landscaping", "Bank", "School", "Academy", "University", "College", "Church",
    "Clinic", "Hospital", "Medical Center", "Motel", "Hotel", "Inn", "Suites", "Residence",
    "Shelter", "Camp", "Farm", "Farms", "Dairy", "Ranch", "Plant", "Factory", "Apartments",
    # kinds of business and of local body that name what they are after their name
    "Mart", "Market", "Grocery", "Properties", "Realty", "Wellness", "Buffet", "Bakery",
    "Taqueria", "Grill", "Diner", "Pizzeria", "Trucking", "Transport", "Roofing", "Drywall",
    "Masonry", "Nursery", "Nurseries", "Vineyard", "Vineyards", "Poultry", "Meats", "Fisheries",
    "Amusements", "Workforce", "Temple", "Mosque", "Parish", "Ministry", "Mission", "Pantry",
    "Food Bank", "Chamber of Commerce", "Court", "Courthouse",
    # sites where people live, are held or treated
    "House", "Lofts", "Estates", "Trailer Court", "Trailer Park", "Mobile Home Park", "RV Park",
    "Urgent Care", "Fairgrounds", "Jail", "House of Correction", "Detention Center", "Marina",
    "Travel Center", "Truck Stop", "Warehouse",
)  # fmt: skip
FAC_SUFFIXES = {
    "Clinic", "Hospital", "Medical Center", "Motel", "Hotel", "Inn", "Suites", "Residence",
    "Shelter", "Camp", "Farm", "Farms", "Dairy", "Ranch", "Plant", "Factory", "Apartments",
    "Church", "School", "House", "Lofts", "Estates", "Trailer Court", "Trailer Park",
    "Mobile Home Park", "RV Park", "Urgent Care", "Fairgrounds", "Jail", "House of Correction",
    "Detention Center", "Marina", "Travel Center", "Truck Stop", "Warehouse",
}  # fmt: skip
#: Kind words of ORG_SUFFIXES that are also everyday nouns in lower-case speech ("his house",
#: "the court", "the market"): names ending in them are looked for only in edited text.
EDITED_TEXT_ONLY = {"House", "Court", "Market", "Warehouse", "Mission", "Temple", "Ministry"}
# Words that alone do not identify an organisation: "the County Sheriff's Office" is generic,
# "the Harlow County Sheriff's Office" is not.
GENERIC_ORG_WORDS = {
    "county", "city", "state", "federal", "national", "regional", "district", "attorney",
    "sheriff", "police", "department", "office", "division", "unit", "task", "force",
    "community", "legal", "aid", "services", "center", "centre", "family", "health", "human",
    "medical", "public", "general", "labor", "labour", "immigration", "immigrant", "justice",
    "court", "housing", "victim", "victims", "crime", "trafficking", "anti-trafficking",
    "workers", "worker", "rights", "social", "security", "homeland", "investigations",
    "standards", "agricultural", "children", "youth", "women", "emergency", "mental",
    "behavioral", "the", "of", "and", "for", "on", "in", "&", "special", "prosecution",
    "prosecutor's", "prosecutors", "da's", "attorney's", "sheriff's", "team", "task force",
    "agency", "commission", "council", "school", "church", "hospital", "clinic", "shelter",
    "farm", "farms", "camp", "hotel", "motel", "company", "group", "project", "network",
    "alliance", "union", "united", "partners", "staffing", "exchange", "program", "consulate",
    "embassy", "local",
}  # fmt: skip
_ORG_WORD = rf"(?:(?:St|Mt|Ft)\.|[{_UPPER}0-9][\w&-]*(?:['’]s|s['’])?)"
_CONNECTOR = r"(?:of|and|&|de|del|la|for|on|in|the)"
_SUFFIX = "(?:" + "|".join(re.escape(s) for s in sorted(ORG_SUFFIXES, key=len, reverse=True)) + ")"
ORG_RUN = re.compile(
    rf"(?<![\w-]){_ORG_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_ORG_WORD}){{0,6}}\s+{_SUFFIX}"
    rf"(?:\s+(?:{_CONNECTOR}\s+)?{_SUFFIX})*(?![\w-])"
)
_LEADING = {
    "the", "a", "an", "our", "their", "his", "her", "my", "your", "this", "that", "at", "in",
    "on", "from", "to", "with", "by", "for", "and", "but", "so", "then",
}  # fmt: skip


def find_people(text: str) -> Iterator[Span]:
    """Names of people introduced by a title, "named", an apposition or a quoted nickname."""
    for regex in (TITLED_NAME, APPOSITION, NAMED, NICKNAME):
        for match in regex.finditer(text):
            group = "bare" if "bare" in regex.groupindex and match.group("bare") else "name"
            start, end = match.span(group)
            if _looks_like_org(text[start:end]):
                continue
            yield start, end, "PERSON"


def find_places(text: str) -> Iterator[Span]:
    """Names of places after a word of location ("near Wenatchee")."""
    for match in LOCATED.finditer(text):
        start, end = match.span("name")
        if not _looks_like_org(text[start:end]):
            yield start, end, "PLACE"


# Names whose kind comes first: "Iglesia de Dios Pentecostal", "Casa de la Paz", "Our Lady of
# Guadalupe Mission", "the Consulate of Honduras", "Chùa Phước Huệ", "PT Sinar Laut" (not "Holy":
# "Holy Week", "the Holy Spirit").
_HEAD_FIRST = re.compile(
    rf"(?<![\w-])(?:Iglesia|Templo|Centro|Casa|Hogar|Maison|Misi[óo]n|Chùa|Chua|Our Lady|"
    rf"Consulate|Embassy|PT)\s+"
    rf"(?:(?:{_CONNECTOR}|de las|de los|d['’]|l['’]|y)\s*)*{_ORG_WORD}"
    rf"(?:\s+(?:(?:{_CONNECTOR}|de las|de los|d['’]|l['’]|y)\s*)*{_ORG_WORD}){{0,5}}"
)
# A union local: "Caregivers United Local 483", "Teamsters Local 117".
_UNION_LOCAL = re.compile(rf"(?<![\w-])(?:{_ORG_WORD}\s+){{1,5}}Local\s+\d{{1,4}}(?![\w-])")


def find_organisations(text: str) -> Iterator[Span]:
    """Named organisations and sites (ORG or FAC), without a leading "the"."""
    yield from _heads_first(text)
    for match in _UNION_LOCAL.finditer(text):
        start, end = match.span()
        words = text[start:end].split()
        while words and words[0].lower() in _LEADING:
            start += len(words[0])
            start += len(text[start:]) - len(text[start:].lstrip())
            words = words[1:]
        if len(words) >= 3:
            yield start, end, "ORG"
    for match in ORG_RUN.finditer(text):
        start, end = match.span()
        words = text[start:end].split()
        while words and words[0].lower() in _LEADING:
            start += len(words[0])
            start += len(text[start:]) - len(text[start:].lstrip())
            words = words[1:]
        if len(words) < 2 or generic_name(" ".join(words)):
            continue
        kind = "FAC" if _suffix_of(" ".join(words)) in FAC_SUFFIXES else "ORG"
        yield start, end, kind


def _heads_first(text: str) -> Iterator[Span]:
    """Names whose kind word comes first (:data:`_HEAD_FIRST`), when a word of the rest is not
    generic ("the Consulate of Mexico" is named by its country; "Holy Family" by nothing more
    than its words, which is still a name)."""
    for match in _HEAD_FIRST.finditer(text):
        start, end = match.span()
        words = text[start:end].split()
        head = words[0]
        if head in ("Consulate", "Embassy") and generic_name(" ".join(words[1:])):
            continue
        kind = "FAC" if head in ("Casa", "Hogar", "Maison") else "ORG"
        yield start, end, kind


def name_before_kind(value: str) -> str | None:
    """What stands for an organisation's name without its kind and legal form, when that is two
    words or more and not generic: "Bright Horizon" for "Bright Horizon Labor Services Inc.",
    "lotus bridge" for "lotus bridge family services"; ``None`` otherwise ("Harbor Clinic")."""
    words = value.split()
    end = len(words)
    while end > 0 and (words[end - 1].casefold() in _KIND_WORDS or _generic(words[end - 1])):
        end -= 1
    if end == len(words) or end < 2:
        return None
    head = words[:end]
    if head[-1].casefold() in _CONNECTOR_WORDS or generic_name(" ".join(head)):
        return None
    return " ".join(head)


_CONNECTOR_WORDS = {"of", "and", "&", "de", "del", "la", "for", "on", "in", "the"}
_KIND_WORDS = {suffix.casefold() for suffix in ORG_SUFFIXES if " " not in suffix}


def generic_name(value: str) -> bool:
    """Whether every word of an organisation's name is generic ("the County Attorney's Office")."""
    return all(_generic(word) for word in value.split())


def _generic(word: str) -> bool:
    return word.replace("’", "'").lower().rstrip(".,") in GENERIC_ORG_WORDS


def _suffix_of(phrase: str) -> str:
    for suffix in sorted(ORG_SUFFIXES, key=len, reverse=True):
        if phrase.endswith(suffix):
            return suffix
    return ""


def _looks_like_org(name: str) -> bool:
    last = name.split()[-1] if name.split() else ""
    return last in ORG_SUFFIXES or last in FAC_SUFFIXES

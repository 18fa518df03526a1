"""Names that are analytically meaningful and never replaced: national hotlines, federal
agencies, visa categories, federal laws. Shipped defaults plus the project's own list.

An entry protects every occurrence of the phrase in a transcript, with a plural or possessive
ending ("H-2As", "DOL's", "Polaris’s"); whole words; entries written in capitals, such as
``ICE``, match only in capitals so that "ice" the word is not affected).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.model import DatabaseURL

DEFAULT_ALLOWLIST: tuple[str, ...] = (
    # National hotlines and resource centres
    "National Human Trafficking Hotline",
    "National Human Trafficking Resource Center",
    "National Domestic Violence Hotline",
    "National Sexual Assault Hotline",
    "NHTH",
    "NHTRC",
    "Polaris",
    "Polaris Project",
    "BeFree",
    "Blue Campaign",
    "NCMEC",
    "National Center for Missing and Exploited Children",
    # Federal agencies and their units
    "Department of Labor",
    "U.S. Department of Labor",
    "DOL",
    "Wage and Hour Division",
    "Wage and Hour",
    "WHD",
    "Occupational Safety and Health Administration",
    "OSHA",
    "Employment and Training Administration",
    "Department of Justice",
    "DOJ",
    "Federal Bureau of Investigation",
    "FBI",
    "Homeland Security Investigations",
    "HSI",
    "Department of Homeland Security",
    "Homeland Security",
    "DHS",
    "Immigration and Customs Enforcement",
    "ICE",
    "U.S. Citizenship and Immigration Services",
    "Citizenship and Immigration Services",
    "USCIS",
    "Customs and Border Protection",
    "CBP",
    "Border Patrol",
    "Department of State",
    "State Department",
    "Diplomatic Security Service",
    "Department of Health and Human Services",
    "HHS",
    "Office on Trafficking in Persons",
    "Office for Victims of Crime",
    "OVC",
    "Bureau of Justice Assistance",
    "BJA",
    "Office of Justice Programs",
    "OJP",
    "Enhanced Collaborative Model",
    "ECM",
    "Human Trafficking Prosecution Unit",
    "HTPU",
    "Civil Rights Division",
    "Office of Inspector General",
    "Inspector General",
    "OIG",
    "Administration for Children and Families",
    "ACF",
    "Office of Refugee Resettlement",
    "ORR",
    "OTIP",
    "Executive Office for Immigration Review",
    "EOIR",
    "Department of Housing and Urban Development",
    "HUD",
    "Legal Services Corporation",
    "LSC",
    "Equal Employment Opportunity Commission",
    "EEOC",
    "National Labor Relations Board",
    "NLRB",
    "Internal Revenue Service",
    "IRS",
    "Social Security Administration",
    "Social Security",
    "Department of Agriculture",
    "USDA",
    "U.S. Attorney's Office",
    "United States Attorney's Office",
    "U.S. Attorney",
    "United States Attorney",
    # Visa categories and immigration relief
    "H-2A",
    "H-2B",
    "H-1B",
    "H-2",
    "H2A",
    "H2B",
    "H1B",
    "J-1",
    "F-1",
    "B-1",
    "B-2",
    "A-3",
    "G-5",
    "T visa",
    "U visa",
    "T-visa",
    "U-visa",
    "T nonimmigrant status",
    "U nonimmigrant status",
    "Continued Presence",
    "DACA",
    "TPS",
    # Federal laws
    "Trafficking Victims Protection Act",
    "TVPA",
    "TVPRA",
    "Fair Labor Standards Act",
    "FLSA",
    "Migrant and Seasonal Agricultural Worker Protection Act",
    "MSPA",
    "Violence Against Women Act",
    "VAWA",
)


@dataclass(frozen=True)
class AllowlistEntry:
    text: str
    shipped: bool


def normalise_entry(text: str) -> str:
    """The form entries are compared in: single spaces, case folded."""
    return " ".join(text.replace("’", "'").split()).casefold()


def effective_allowlist(added: Iterable[str], removed: Iterable[str]) -> list[AllowlistEntry]:
    """Shipped defaults not removed by the project, then the project's own entries."""
    gone = {normalise_entry(text) for text in removed}
    entries = [AllowlistEntry(text, True) for text in DEFAULT_ALLOWLIST]
    entries = [entry for entry in entries if normalise_entry(entry.text) not in gone]
    shipped = {normalise_entry(text) for text in DEFAULT_ALLOWLIST}
    seen: set[str] = set()
    for text in added:
        key = normalise_entry(text)
        if key not in shipped and key not in seen:
            entries.append(AllowlistEntry(text, False))
            seen.add(key)
    return entries


def plan_allowlist_changes(
    add: Sequence[str],
    remove: Sequence[str],
    added: Sequence[str],
    removed: Sequence[str],
    project: Path | DatabaseURL,
) -> list[tuple[str, str, str | None, str]]:
    """The store changes (key, entry, stored action, audit action) for ``--add`` and
    ``--remove``, given the project's current ``added`` and ``removed`` entries.

    Adding a shipped entry the project had switched off switches it back on; removing a shipped
    entry switches it off (stored as "remove"); removing the project's own entry deletes it.
    Raises :class:`QualcodeError` for entries that are too short or not on the list.
    """
    shipped = {normalise_entry(text): text for text in DEFAULT_ALLOWLIST}
    own = {normalise_entry(text) for text in added}
    off = {normalise_entry(text) for text in removed}
    changes: list[tuple[str, str, str | None, str]] = []
    problems = []
    for text in add:
        entry = " ".join(text.split())
        key = normalise_entry(entry)
        if len(key) < 2:
            problems.append(f"--add '{text}': an entry needs at least two characters")
        elif key in shipped:
            if key in off:
                changes.append((key, shipped[key], None, "allowlist_add"))
        elif key not in own:
            changes.append((key, entry, "add", "allowlist_add"))
            own.add(key)
    for text in remove:
        key = normalise_entry(text)
        if key in own:
            changes.append((key, " ".join(text.split()), None, "allowlist_remove"))
        elif key in shipped and key not in off:
            changes.append((key, shipped[key], "remove", "allowlist_remove"))
        elif key not in off:
            problems.append(f"--remove '{text}': not on the allowlist")
    if problems:
        raise QualcodeError(
            "\n".join(problems)
            + f"\nNothing was changed. `qualcode allowlist {project}` prints the list."
        )
    return changes


class AllowlistMatcher:
    """Finds the protected phrases in a text."""

    def __init__(self, entries: Sequence[str]) -> None:
        self.keys = {normalise_entry(entry) for entry in entries}
        exact = sorted({e.strip() for e in entries if _acronym(e)}, key=len, reverse=True)
        folded = sorted({e.strip() for e in entries if not _acronym(e)}, key=len, reverse=True)
        self._exact = _phrase_regex(exact, 0)
        self._folded = _phrase_regex(folded, re.IGNORECASE)

    def ranges(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of every protected phrase in ``text``."""
        found: list[tuple[int, int]] = []
        for regex in (self._exact, self._folded):
            if regex is not None:
                found.extend(match.span() for match in regex.finditer(text))
        return sorted(found)

    def contains(self, value: str) -> bool:
        """Whether ``value`` is an entry, or an entry's plural or possessive."""
        key = normalise_entry(value)
        stems = {key, re.sub(r"(?:'s|s'|')$", "", key), re.sub(r"(?<!s)s$", "", key)}
        return bool(stems & self.keys)

    def near(self, value: str) -> bool:
        """Whether ``value`` is one edit (a letter, a hyphen) from an entry without being one:
        "H2-A", "Polaris's" misspelt, "USCIS" typed "UCSIS"."""
        key = normalise_entry(value)
        if len(key) < 3 or self.contains(value):
            return False
        return any(_one_edit(key, entry) for entry in self.keys if abs(len(entry) - len(key)) <= 1)


def _acronym(entry: str) -> bool:
    letters = [c for c in entry if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and " " not in entry.strip()


def _atoms(phrase: str) -> list[str]:
    """The regex atoms of a phrase, one per character: any run of spaces, and straight and
    curly apostrophes alike."""
    atoms: list[str] = []
    for i, word in enumerate(phrase.split()):
        if i:
            atoms.append(r"\s+")
        atoms += ["['’]" if char in "'’" else re.escape(char) for char in word]
    return atoms


def _trie(phrases: list[str]) -> str:
    """One pattern for all phrases, with shared beginnings factored out (a regex trie: far
    faster than a plain alternation of a hundred phrases); a longer phrase is tried first."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = root
        for atom in _atoms(phrase):
            node = node.setdefault(atom, {})
        node[""] = {}

    def render(node: dict) -> str:  # type: ignore[type-arg]
        branches = [atom + render(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(root)


def _phrase_regex(phrases: list[str], flags: int) -> re.Pattern[str] | None:
    if not phrases:
        return None
    if flags & re.IGNORECASE:
        phrases = sorted({phrase.casefold() for phrase in phrases})
    alternatives = _trie(phrases)
    # A plural or possessive ending is part of the match: "H-2As", "DOL's", "Polaris’s".
    ending = r"(?:['’]s|s['’]|['’](?!\w)|(?<![sS])s)?"
    return re.compile(rf"(?<![\w-])(?:{alternatives}){ending}(?![\w-]|['’]\w\w)", flags)


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one inserted, deleted, replaced or swapped character."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))

"""Speaker turns from transcript lines (SPEC §3).

A line that starts with a speaker label (``Interviewer:``, ``I:``, ``Q:``, ``Respondent:``, ``R:``,
``A:``, or a name followed by a colon) starts a turn; any other line continues it, and a blank line
inside a turn starts a new paragraph of the same turn. A name counts as a label only when it labels
at least two lines of the document, so that "Look: ..." in running speech does not split a turn.
Speech-to-text services label voices generically (``Speaker 1:``, ``speaker 2:``, ``SPEAKER_01:``,
``Spk A:``); those labels count in any case.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

INTERVIEWER_LABELS = {"interviewer", "i", "q", "int", "moderator", "facilitator", "question"}
RESPONDENT_LABELS = {"respondent", "r", "a", "interviewee", "participant", "p", "answer"}

# Optional timestamp, optional markdown emphasis, the label, a colon.
_LABEL = re.compile(
    r"^\s*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s+)?"
    r"(?:\*\*|__)?(?P<label>[A-Za-z][\w.'’ -]{0,38}?)(?:\*\*|__)?\s*:(?:\*\*|__)?(?:\s+|$)"
    r"(?P<rest>.*)$"
)
# A speech-to-text service's label for a voice: "Speaker 1", "speaker_02", "SPK A", "Voice 3".
_GENERIC_VOICE = re.compile(r"^(?:speaker|spk|voice)[ _-]?(?:\d{1,2}|[a-z])$", re.IGNORECASE)
# How a question opens when the transcript has no question marks (speech-to-text output).
_QUESTION_OPENER = re.compile(
    r"^(?:(?:so|and|okay|ok|all right|alright|um|uh|well|now|then|yeah|right)[\s,.]+)*"
    r"(?:what|how|why|when|where|who|whom|whose|which|can|could|would|will|do|does|did|is|are|was"
    r"|were|have|has|had|should|tell me|walk me|talk me|describe|explain|say more|anything)\b",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|\d+)$")
_NOT_NAMES = {
    "note", "notes", "example", "examples", "also", "yes", "no", "well", "so", "and", "but",
    "because", "like", "time", "date", "location", "um", "uh", "ok", "okay", "look", "listen",
    "see", "answer", "question", "update", "edit", "result", "results", "reason", "problem",
    "bottom line", "point", "step", "first", "second", "third", "then", "now", "here", "there",
}  # fmt: skip


@dataclass
class Turn:
    speaker: str
    speaker_kind: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)


def label_kind(label: str) -> str | None:
    """``interviewer``/``respondent`` for a conventional label, else ``None``."""
    base = re.sub(r"[\s\d.]+$", "", label.strip().lower())
    if base in INTERVIEWER_LABELS:
        return "interviewer"
    if base in RESPONDENT_LABELS:
        return "respondent"
    return None


def _candidate(line: str) -> tuple[str, str] | None:
    match = _LABEL.match(line)
    if not match:
        return None
    label = match.group("label").strip()
    if label_kind(label):
        return label, match.group("rest")
    if _GENERIC_VOICE.match(label):
        return label, match.group("rest")
    words = label.split()
    if len(words) > 4 or label.lower() in _NOT_NAMES or words[0].lower() in _NOT_NAMES:
        return None
    if not all(_NAME_WORD.match(word) for word in words):
        return None
    return label, match.group("rest")


def parse_turns(
    lines: list[str], interviewers: set[str] | None = None, speakers: set[str] | None = None
) -> list[Turn]:
    """Group lines into turns.

    ``interviewers`` names speakers known to be interviewers; ``speakers`` names labels to accept
    even when they label a single line (subtitle voices are explicit).
    """
    candidates = [_candidate(line) for line in lines]
    name_counts = Counter(c[0] for c in candidates if c and not label_kind(c[0]))
    for name in speakers or ():
        name_counts[name] += 2
    turns: list[Turn] = []
    current: Turn | None = None
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if current is not None and paragraph:
            current.paragraphs.append(" ".join(paragraph))
        paragraph.clear()

    for line, candidate in zip(lines, candidates, strict=True):
        if candidate and (label_kind(candidate[0]) or name_counts[candidate[0]] >= 2):
            close_paragraph()
            label, rest = candidate
            current = Turn(speaker=label, speaker_kind=label_kind(label) or "")
            turns.append(current)
            line = rest
        stripped = line.strip()
        if not stripped:
            close_paragraph()
            continue
        if current is None:
            current = Turn(speaker="", speaker_kind="other")
            turns.append(current)
        paragraph.append(stripped)
    close_paragraph()
    turns = [turn for turn in turns if turn.paragraphs]
    if len(turns) == 1 and not turns[0].speaker:
        # No speaker labels at all (notes, a narrative): each paragraph is a respondent turn.
        turns = [Turn("", "respondent", [p]) for p in turns[0].paragraphs]
    _classify_named_speakers(turns, interviewers or set())
    return turns


def _classify_named_speakers(turns: list[Turn], interviewers: set[str]) -> None:
    """Decide interviewer/respondent for speakers labelled by name.

    Names listed in the front matter (``interviewer:``) are interviewers. Otherwise, among
    named speakers, the one who asks the most questions (at least half their turns end in "?")
    is the interviewer; every other named speaker is a respondent. A transcript with no question
    mark at all (speech-to-text output) counts the turns that open like a question instead
    ("what ...", "can you ...", "so how ...").
    """
    named = [turn for turn in turns if not turn.speaker_kind]
    if not named:
        return
    known = {name.lower() for name in interviewers}
    questions: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    unpunctuated = not any("?" in turn.text for turn in turns)
    for turn in named:
        totals[turn.speaker] += 1
        text = turn.text.strip()
        if text.endswith("?") or (unpunctuated and _QUESTION_OPENER.match(text)):
            questions[turn.speaker] += 1
    asker = None
    has_interviewer = any(turn.speaker_kind == "interviewer" for turn in turns)
    if not known and not has_interviewer and len(totals) >= 2:
        ratio, asker = max((questions[s] / totals[s], s) for s in totals)
        if ratio < 0.5:
            asker = None
    for turn in named:
        is_interviewer = turn.speaker.lower() in known or turn.speaker == asker
        turn.speaker_kind = "interviewer" if is_interviewer else "respondent"

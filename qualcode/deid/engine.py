"""The deidentifier: finds identifiers in every segment of a batch of documents and replaces them
with consistent placeholders, in memory, before anything is stored.

Each document is first read for its style: a speech-to-text style document (lower case, no
sentence punctuation) gets the case of its names restored (:mod:`qualcode.deid.casing`) for
the analysis, and is always flagged for review. One pass of spaCy's ``nlp.pipe`` (NER only)
runs over all segments of all documents; each document is then finished on its own:

1. candidates from the patterns (tier 0, the most precise; also over numbers read out in
   words), the name rules (tier 1), the model's entities and the organisation rule (tier 2);
2. allowlisted phrases, bracketed placeholders (``[county]``), languages and nationalities
   (the model's NORP and LANGUAGE entities, and a list) are protected; entities are
   trimmed of a leading "the", titles and a possessive 's;
3. entities the model typed as organisations or places but whose words are names of people
   found elsewhere in the document become people;
4. every word of every name found is looked for in the rest of the document, so a surname-only
   or first-name-only mention is replaced too (tier 2); every organisation, site and place is
   looked for again by its exact text (tier 3);
5. overlaps are resolved (lower tier first, then the longer span), and placeholders numbered per
   type in order of first appearance.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from qualcode.deid import patterns
from qualcode.deid.allowlist import DEFAULT_ALLOWLIST, AllowlistMatcher
from qualcode.deid.casing import Restored, SpeechStyle, restore_document, speech_style
from qualcode.deid.evidence import (
    CAPITALISED,
    Candidate,
    bare,
    close_votes,
    name_like_left,
    name_word,
    occurrences,
    paired_names,
    people_from_evidence,
    sentence_initial_names,
    short_form,
    short_names,
    vote_types,
    word_name,
)
from qualcode.deid.lexicons import gazetteer_place
from qualcode.deid.names import (
    COMMON_CAPITALISED,
    STOP_WORDS,
    analytic_group,
    clean_span,
    sentence_initial,
    speaker_name,
)
from qualcode.deid.patterns import (
    PATTERN_KINDS,
    find_patterns,
    find_spoken,
    library_phones,
    phone_regions,
)
from qualcode.deid.placeholders import PersonMention, first_numbers, group_people, name_tokens
from qualcode.deid.placeholders import normalise as normalise_value
from qualcode.deid.quasi import quasi_identifiers
from qualcode.deid.report import DeidReport
from qualcode.deid.rules import (
    FAC_SUFFIXES,
    ORG_SUFFIXES,
    find_organisations,
    find_people,
    find_places,
    generic_name,
    name_before_kind,
)
from qualcode.model import Segment

Progress = Callable[[int], None]

#: spaCy labels that are replaced, and the placeholder type they become.
NER_KINDS = {"PERSON": "PERSON", "GPE": "PLACE", "LOC": "PLACE", "FAC": "FAC", "ORG": "ORG"}
#: spaCy labels of analytic content that is never replaced (nationalities, groups, languages).
NER_KEEP = {"NORP", "LANGUAGE"}
# After a name at a sentence start, words that a common word there would not be followed by.
_NAME_VERB = re.compile(
    r"(?:['’]s)?\s+(?:is|was|and|said|says|told|did|had|has|knows|knew|from|got|went|called)\b"
)
_BRACKETED = re.compile(r"\[[^\[\]\n]{1,60}\]")
# A word written in lower case in running text (not part of an e-mail address or URL).
_LOWER_WORD = re.compile(r"(?<![\w'’@./-])[a-zà-öø-ÿ][\w'’-]*(?![\w@/]|\.\w)")


@dataclass(frozen=True)
class Replacement:
    start: int
    end: int
    kind: str
    placeholder: str


@dataclass
class DeidentifiedSegment:
    text: str
    speaker: str
    replacements: list[Replacement]
    speaker_placeholder: str | None = None


@dataclass
class DeidentifiedDocument:
    segments: list[DeidentifiedSegment]
    report: DeidReport
    # placeholder -> the original forms it replaced, and the capitalised words left that look
    # like names. Kept in memory only, for `qualcode scan --show-values`; never stored.
    values: dict[str, list[str]] = field(default_factory=dict)
    name_like: list[str] = field(default_factory=list)


#: Whether lower-case documents get the case of their names restored before the analysis.
RESTORE_CASE = True

#: Below this much text, starting worker processes costs more than it saves; above it, one NER
#: process per CPU (up to four) is used. ``QUALCODE_NER_PROCESSES`` sets the number instead.
PARALLEL_MIN_CHARS = 400_000


def auto_processes(chars: int) -> int:
    """How many processes ``nlp.pipe`` should use for ``chars`` characters of text."""
    configured = os.environ.get("QUALCODE_NER_PROCESSES", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    if chars < PARALLEL_MIN_CHARS:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


class Deidentifier:
    """Deidentifies documents (lists of segments) with one model, allowlist and settings.

    ``n_process`` is the number of NER processes; ``None`` chooses by the amount of text.
    """

    def __init__(
        self,
        allowlist: Sequence[str] | None = None,
        *,
        replace_org: bool = True,
        model: str | None = None,
        batch_size: int = 256,
        n_process: int | None = None,
    ) -> None:
        from qualcode.nlp import ner_pipeline

        self.pipeline = ner_pipeline(model)
        self.matcher = AllowlistMatcher(DEFAULT_ALLOWLIST if allowlist is None else allowlist)
        self.replace_org = replace_org
        self.batch_size = batch_size
        self.n_process = n_process

    @property
    def model_name(self) -> str | None:
        return self.pipeline.model_name

    def run(
        self, documents: Sequence[Sequence[Segment]], progress: Progress | None = None
    ) -> list[DeidentifiedDocument]:
        return list(self.iterate(documents, progress))

    def iterate(
        self, documents: Sequence[Sequence[Segment]], progress: Progress | None = None
    ) -> Iterator[DeidentifiedDocument]:
        """Deidentified documents in order; ``progress`` is told the segments done."""
        styles = [speech_style([segment.text for segment in document]) for document in documents]
        analysed = [
            restore_document([s.text for s in document])
            if style.lowercase and RESTORE_CASE
            else [Restored(s.text, []) for s in document]
            for document, style in zip(documents, styles, strict=True)
        ]
        texts = [restored.text for document in analysed for restored in document]
        entities = self._entities(texts, progress)
        done = 0
        for document, style, analysis in zip(documents, styles, analysed, strict=True):
            yield self.document(
                document, entities[done : done + len(document)], style=style, analysis=analysis
            )
            done += len(document)
            if progress and not self.pipeline.has_model:
                progress(len(document))

    def _entities(
        self, texts: list[str], progress: Progress | None
    ) -> list[list[tuple[int, int, str]]]:
        """The model's entities of every text, from one ``nlp.pipe`` pass.

        Texts go through in order of length, so that a batch holds texts of similar length
        (the NER's work per batch follows its longest text); results are put back in order.
        """
        found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        if not self.pipeline.has_model or not texts:
            return found
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        n_process = self.n_process or auto_processes(sum(len(text) for text in texts))
        docs = self.pipeline.pipe_in_pieces(
            (texts[i] for i in order), batch_size=self.batch_size, n_process=n_process
        )
        for count, (i, parts) in enumerate(zip(order, docs, strict=True), start=1):
            found[i] = [
                (offset + ent.start_char, offset + ent.end_char, ent.label_)
                for offset, doc in parts
                for ent in doc.ents
            ]
            if progress and count % 64 == 0:
                progress(64)
        if progress and len(texts) % 64:
            progress(len(texts) % 64)
        return found

    # -- one document ---------------------------------------------------------------------

    def document(
        self,
        segments: Sequence[Segment],
        entities: Sequence[Sequence[tuple[int, int, str]]],
        *,
        style: SpeechStyle | None = None,
        analysis: Sequence[Restored] | None = None,
    ) -> DeidentifiedDocument:
        """Deidentify one document given the model's entities of each segment (found in
        ``analysis``, the texts with their case restored, when the document is lower case)."""
        originals = [segment.text for segment in segments]
        texts = [r.text for r in analysis] if analysis is not None else originals
        style = style or speech_style(originals)
        protected = [self._protected(text) for text in texts]
        for i, spans in enumerate(entities):
            protected[i] += [
                (s, e)
                for s, e, label in spans
                if label in NER_KEEP and analytic_group(texts[i][s:e])
            ]
        lowercase = {m.group(0) for text in texts for m in _LOWER_WORD.finditer(text)}
        explained: list[list[tuple[int, int]]] = [[] for _ in texts]
        found: list[Candidate] = []
        regions = phone_regions(texts) if "library" in patterns.PHONE_FINDERS else []
        for i, text in enumerate(texts):
            national = library_phones(text, regions) if regions else []
            found += [
                Candidate(i, s, e, k, 0, PATTERN_KINDS.index(k), "pattern")
                for s, e, k in find_patterns(text) + find_spoken(text) + national
            ]
            found += [Candidate(i, s, e, k, 1, 0, "rule") for s, e, k in find_people(text)]
            if analysis is not None:  # names from the name lists, in a lower-case document
                found += [Candidate(i, s, e, "PERSON", 2, 0, "rule") for s, e in analysis[i].people]
                found += [Candidate(i, s, e, "PLACE", 2, 0, "rule") for s, e in analysis[i].places]
                found += [
                    Candidate(i, s, e, k, 2, 0, "rule") for s, e, k in analysis[i].organisations
                ]
            found += [Candidate(i, s, e, k, 2, 0, "rule") for s, e, k in find_organisations(text)]
            found += [Candidate(i, s, e, k, 2, 0, "rule") for s, e, k in find_places(text)]
            for start, end, label in entities[i]:
                explained[i].append((start, end))
                if label in NER_KINDS:
                    found.append(Candidate(i, start, end, NER_KINDS[label], 2, 0, "model"))
        gazetteer = analysis is not None and style.lowercase
        found = [
            c for c in (self._clean(c, texts, protected, lowercase, gazetteer) for c in found) if c
        ]
        speakers = [speaker_name(segment.speaker, self.matcher) for segment in segments]
        found = people_from_evidence(found, texts, speakers)
        found += paired_names(found, texts, lowercase, self.matcher)
        found += sentence_initial_names(texts, lowercase, self.matcher)
        extra, aliases = self._propagate(found, texts, speakers, protected, lowercase)
        accepted, close = self._resolve(found + extra, texts)
        result = self._replace(
            segments, texts, accepted, speakers, protected, explained, lowercase, aliases, originals
        )
        report = result.report
        report.speech_style = style.reason if style.speech else None
        report.quasi_identifiers = quasi_identifiers(texts, accepted)
        report.close_votes = close
        report.near_misses = self._near_misses(accepted, texts)
        return result

    def _near_misses(self, accepted: list[Candidate], texts: list[str]) -> int:
        """Distinct replaced values that may be analytic terms: one edit from an allowlist
        entry, or an acronym (two to six capitals) replaced as an organisation."""
        values = {texts[c.segment][c.start : c.end] for c in accepted if c.tier > 0}
        near = {
            value
            for value in values
            if (len(value) >= 5 or value.isupper()) and self.matcher.near(value)
        }
        organisations = {
            texts[c.segment][c.start : c.end]
            for c in accepted
            if c.tier > 0 and c.kind in ("ORG", "FAC")
        }
        near |= {v for v in organisations if v.isalpha() and v.isupper() and 2 <= len(v) <= 6}
        return len(near)

    def _protected(self, text: str) -> list[tuple[int, int]]:
        ranges = self.matcher.ranges(text)
        ranges += [m.span() for m in _BRACKETED.finditer(text)]
        return ranges

    def _clean(
        self,
        candidate: Candidate,
        texts: list[str],
        protected: list[list[tuple[int, int]]],
        lowercase: set[str],
        gazetteer: bool = False,
    ) -> Candidate | None:
        """The candidate trimmed to what identifies, retyped where the evidence says so, or
        ``None``; ``gazetteer``: check the model's people and organisations against the
        gazetteer of places (in a lower-case document, where it is loaded anyway)."""
        text = texts[candidate.segment]
        ranges = protected[candidate.segment]
        if candidate.tier == 0:
            inside = any(s <= candidate.start and candidate.end <= e for s, e in ranges)
            return None if inside else candidate
        span = clean_span(text, candidate.start, candidate.end, candidate.kind, ranges)
        if span is None:
            return None
        start, end = span
        value = text[start:end]
        if self.matcher.contains(value) or value.casefold() in COMMON_CAPITALISED:
            return None
        kind = candidate.kind
        if kind != "PERSON" and generic_name(value):
            return None  # "the Department", "Police Department"
        if kind != "PERSON" and " " not in value and value.casefold() in lowercase:
            return None  # "Time." or "Labor has ..." at a sentence start: a common word
        if kind == "PERSON" and value.split()[-1] in ORG_SUFFIXES:
            kind = "FAC" if value.split()[-1] in FAC_SUFFIXES else "ORG"
        model_name = candidate.source == "model" and kind in ("PERSON", "ORG")
        if gazetteer and model_name and gazetteer_place(value):
            kind = "PLACE"  # "up by Wapato" typed PERSON, "moss point" typed ORG
        return Candidate(
            candidate.segment, start, end, kind, candidate.tier, candidate.rank, candidate.source
        )

    def _propagate(
        self,
        found: list[Candidate],
        texts: list[str],
        speakers: list[str | None],
        protected: list[list[tuple[int, int]]],
        lowercase: set[str],
    ) -> tuple[list[Candidate], dict[str, str]]:
        """Later and earlier mentions of every name, organisation, site and place found, and
        the short forms of names (``{"seun": "oluwaseun"}``) that stand for a longer one."""
        name_words: set[str] = set()
        for c in found:
            if c.kind == "PERSON":
                name_words.update(texts[c.segment][c.start : c.end].split())
        for speaker in speakers:
            name_words.update(speaker.split() if speaker else ())
        # Names that are also common words ("Will", "Grace") are looked for only where they
        # cannot be the word: capitalised inside a sentence, or before "said", "is", "and" ...
        word_names = {
            bare(word)
            for word in name_words
            if (bare(word).casefold() in lowercase or bare(word).casefold() in STOP_WORDS)
            and word_name(bare(word), self.matcher)
        }
        name_words = {
            bare(word) for word in name_words if name_word(bare(word), lowercase, self.matcher)
        }
        aliases = short_names(texts, name_words, lowercase)
        for text in texts:
            for match in CAPITALISED.finditer(text):
                if bare(match.group(0)).casefold() in aliases:
                    name_words.add(bare(match.group(0)))
        extra: list[Candidate] = []
        if name_words:
            alternatives = "|".join(re.escape(w) for w in sorted(name_words, key=len, reverse=True))
            regex = re.compile(
                rf"(?<![\w'’@./-])(?:{alternatives})(?:\s+(?:{alternatives}))*(?![\w@/-])"
                r"(?!['’][a-rt-z])"
            )
            extra += occurrences(regex, texts, "PERSON", 2, "propagated", protected)
        if word_names:
            alternatives = "|".join(re.escape(w) for w in sorted(word_names, key=len, reverse=True))
            regex = re.compile(rf"(?<![\w'’@./-])(?:{alternatives})(?![\w@/-])(?!['’][a-rt-z])")
            extra += [
                c
                for c in occurrences(regex, texts, "PERSON", 2, "propagated", protected)
                if not sentence_initial(texts[c.segment], c.start)
                or _NAME_VERB.match(texts[c.segment], c.end)
            ]
        values: dict[str, str] = {}
        short: dict[str, str] = {}
        for c in found:
            if c.kind in ("ORG", "FAC", "PLACE") and c.tier > 0:
                value = texts[c.segment][c.start : c.end]
                values.setdefault(value, c.kind)
                first = value.split()[0]
                if len(value.split()) > 1 and short_form(first, lowercase, name_words):
                    short.setdefault(first, c.kind)
                head = name_before_kind(value)
                if head and not self.matcher.contains(head):
                    values.setdefault(head, c.kind)  # "Bright Horizon" for "Bright Horizon Inc."
        if values:  # one pass for all of them; the longest value wins where they overlap
            ordered = sorted(values, key=len, reverse=True)
            alternatives = "|".join(re.escape(value) for value in ordered)
            regex = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
            for c in occurrences(regex, texts, "", 3, "propagated", protected):
                kind = values[texts[c.segment][c.start : c.end]]
                extra.append(Candidate(c.segment, c.start, c.end, kind, 3, 0, c.source))
        for word, kind in short.items():
            regex = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
            found_short = occurrences(regex, texts, kind, 3, "propagated", protected)
            extra += [c for c in found_short if not sentence_initial(texts[c.segment], c.start)]
        return extra, aliases

    def _resolve(self, found: list[Candidate], texts: list[str]) -> tuple[list[Candidate], int]:
        """Non-overlapping candidates (lower tier first, then pattern order, then the longer),
        and how many values had a close type vote."""
        ordered = sorted(
            found,
            key=lambda c: (c.tier, c.rank, c.start - c.end, c.kind != "PERSON", c.segment, c.start),
        )
        taken: dict[int, list[tuple[int, int]]] = {}
        accepted: list[Candidate] = []
        for c in ordered:
            if c.kind == "ORG" and not self.replace_org:
                continue
            spans = taken.setdefault(c.segment, [])
            if any(c.start < e and s < c.end for s, e in spans):
                continue
            spans.append((c.start, c.end))
            accepted.append(c)
        return vote_types(accepted, texts), close_votes(accepted, texts)

    def _replace(
        self,
        segments: Sequence[Segment],
        texts: list[str],
        accepted: list[Candidate],
        speakers: list[str | None],
        protected: list[list[tuple[int, int]]],
        explained: list[list[tuple[int, int]]],
        lowercase: set[str],
        aliases: dict[str, str],
        originals: list[str],
    ) -> DeidentifiedDocument:
        accepted.sort(key=lambda c: (c.segment, c.start))
        numbers = first_numbers(texts)

        def tokens(value: str) -> tuple[str, ...]:
            return tuple(aliases.get(token, token) for token in name_tokens(value))

        people = [
            PersonMention((c.segment, c.start), tokens(texts[c.segment][c.start : c.end]))
            for c in accepted
            if c.kind == "PERSON"
        ]
        people += [PersonMention((i, -1), tokens(name)) for i, name in enumerate(speakers) if name]
        groups = group_people(people, numbers["PERSON"])
        keys: dict[tuple[str, str], str] = {}
        values: dict[str, list[str]] = {}

        def placeholder(kind: str, value: str) -> str:
            if kind == "PERSON":
                label = f"[PERSON_{groups.number_of[tokens(value)]}]"
            else:
                key = (kind, normalise_value(kind, value))
                if key not in keys:
                    keys[key] = f"[{kind}_{numbers[kind]}]"
                    numbers[kind] += 1
                label = keys[key]
            forms = values.setdefault(label, [])
            if value not in forms:
                forms.append(value)
            return label

        report = DeidReport(self.model_name, self.replace_org)
        mentions: Counter[str] = Counter()
        by_segment: dict[int, list[Candidate]] = {}
        for c in accepted:
            by_segment.setdefault(c.segment, []).append(c)
        result: list[DeidentifiedSegment] = []
        for i, segment in enumerate(segments):
            speaker, label = segment.speaker, None
            if speakers[i]:
                label = speaker = placeholder("PERSON", speakers[i] or "")
                mentions["PERSON"] += 1
                report.speaker_labels += 1
            pieces: list[str] = []
            replacements: list[Replacement] = []
            cursor = 0
            for c in by_segment.get(i, []):
                tag = placeholder(c.kind, originals[i][c.start : c.end])
                pieces += [originals[i][cursor : c.start], tag]
                cursor = c.end
                replacements.append(Replacement(c.start, c.end, c.kind, tag))
                mentions[c.kind] += 1
            pieces.append(originals[i][cursor:])
            result.append(DeidentifiedSegment("".join(pieces), speaker, replacements, label))
        report.mentions = dict(mentions)
        report.distinct = dict(Counter(label[1:].rsplit("_", 1)[0] for label in values))
        report.ambiguous_people = groups.ambiguous
        covered = [
            [(c.start, c.end) for c in by_segment.get(i, [])] + protected[i] + explained[i]
            for i in range(len(texts))
        ]
        left = name_like_left(texts, covered, lowercase)
        report.name_like_left = len(left)
        return DeidentifiedDocument(result, report, values, sorted(left))

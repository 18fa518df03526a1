"""Each deidentification choice measured against the rules without it, on the development sets
(tests/data/deid_dev, tests/data/deid_dev2) and the first annotated set (tests/data/deid):
recall, strict recall (people, phones, e-mails, addresses, IDs, SSNs), precision and KEEP terms
intact.

    python bench/deid_choices.py
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.deid.annotated import DATA, DEV_DATA, STRICT_GROUP, evaluate, load_all  # noqa: E402


def main() -> None:
    import qualcode.deid.engine as engine
    import qualcode.deid.lexicons as lexicons
    import qualcode.deid.patterns as patterns

    def phones(finders: tuple[str, ...]) -> Callable[[], None]:
        return lambda: setattr(patterns, "PHONE_FINDERS", finders)

    variants: list[tuple[str, Callable[[], None]]] = [
        ("all choices (shipped)", lambda: None),
        ("phones: hand-written patterns only", phones(("regex",))),
        ("phones: libphonenumber only", phones(("library",))),
        ("no usaddress city/state/ZIP", lambda: setattr(patterns, "ADDRESS_TAIL", False)),
        ("no number words", lambda: setattr(patterns, "SPOKEN_NUMBERS", False)),
        ("no case restoration", lambda: setattr(engine, "RESTORE_CASE", False)),
        (
            "no word frequencies (Webster's only)",
            lambda: setattr(lexicons, "WORD_FREQUENCIES", False),
        ),
    ]
    deidentifier = engine.Deidentifier()
    sets = {
        "dev": load_all(DEV_DATA),
        "dev2": load_all(ROOT / "tests" / "data" / "deid_dev2"),
        "first": load_all(DATA),
    }
    print("| variant | set | recall | strict | precision | KEEP intact |")
    print("|---|---|---:|---:|---:|---:|")
    for name, apply in variants:
        saved = (patterns.PHONE_FINDERS, patterns.ADDRESS_TAIL, patterns.SPOKEN_NUMBERS)
        restore, frequencies = engine.RESTORE_CASE, lexicons.WORD_FREQUENCIES
        apply()
        for label, transcripts in sets.items():
            score, _ = evaluate(transcripts, deidentifier)
            keep = f"{score.keep_total - len(score.keep_broken)}/{score.keep_total}"
            print(
                f"| {name} | {label} | {score.recall():.3f} | "
                f"{score.strict_recall(STRICT_GROUP):.3f} | "
                f"{score.precision:.3f} | {keep} |"
            )
        patterns.PHONE_FINDERS, patterns.ADDRESS_TAIL, patterns.SPOKEN_NUMBERS = saved
        engine.RESTORE_CASE, lexicons.WORD_FREQUENCIES = restore, frequencies


if __name__ == "__main__":
    main()

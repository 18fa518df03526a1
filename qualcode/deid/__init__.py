"""Deidentification at import (SPEC §6): patterns, spaCy NER and name rules, an allowlist,
consistent placeholders per document, and a report of what was replaced (never the values).

``qualcode.deid.engine`` loads spaCy; import it only where deidentification runs. The allowlist
and report modules are light and safe to import anywhere.
"""

from __future__ import annotations

from qualcode.deid.allowlist import DEFAULT_ALLOWLIST, AllowlistEntry, effective_allowlist
from qualcode.deid.report import DeidReport, summary

__all__ = ["DEFAULT_ALLOWLIST", "AllowlistEntry", "DeidReport", "effective_allowlist", "summary"]

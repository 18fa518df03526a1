"""Plain data every layer exchanges: codebooks, documents, segments, codings, agreement and
reconciliation rows. Nothing here imports the store, SQLAlchemy or a UI library."""

from __future__ import annotations

from qualcode.model.agreement import AgreementData, UnitRow
from qualcode.model.codebook import Code, Codebook, CodebookVersion, CodeRevision, Family
from qualcode.model.coding import (
    CODER_NAME,
    CODER_RULE,
    CONSENSUS,
    CONSENSUS_NAME,
    Change,
    CoderState,
    CodingRows,
    DocumentOverview,
    MemoChange,
    SegmentView,
    check_coder,
    valid_coder,
)
from qualcode.model.documents import (
    SPEAKER_KINDS,
    UNITS,
    DocumentInfo,
    DocumentRow,
    ParsedDocument,
    Segment,
    SegmentRow,
    name_problem,
    segment_id,
    split_segment_id,
)
from qualcode.model.location import DatabaseURL, Location, is_database_url, project_location
from qualcode.model.reconciliation import (
    DECISIONS,
    CodeNote,
    Decision,
    ReconcileUnit,
    consensus_codes,
)

__all__ = [
    "CODER_NAME",
    "CODER_RULE",
    "CONSENSUS",
    "CONSENSUS_NAME",
    "DECISIONS",
    "SPEAKER_KINDS",
    "UNITS",
    "AgreementData",
    "Change",
    "Code",
    "CodeNote",
    "CodeRevision",
    "Codebook",
    "CodebookVersion",
    "CoderState",
    "CodingRows",
    "DatabaseURL",
    "Decision",
    "DocumentInfo",
    "DocumentOverview",
    "DocumentRow",
    "Family",
    "Location",
    "MemoChange",
    "ParsedDocument",
    "ReconcileUnit",
    "Segment",
    "SegmentRow",
    "SegmentView",
    "UnitRow",
    "check_coder",
    "consensus_codes",
    "is_database_url",
    "name_problem",
    "project_location",
    "segment_id",
    "split_segment_id",
    "valid_coder",
]

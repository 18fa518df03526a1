"""The service layer: the only caller of the store, and what every front end calls.

``open_project`` / ``create_project`` give a :class:`Project`; its methods and the sessions in
:mod:`qualcode.project.coding` and :mod:`qualcode.project.reconciliation` are the services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qualcode.project.base import (
    CodebookUpdateResult,
    Project,
    check_codebook,
    create_project,
    open_project,
)

if TYPE_CHECKING:
    from qualcode.project.codings import CodingsImportResult
    from qualcode.project.importing import AddResult


def __getattr__(name: str) -> Any:
    # The import and codings services load the ingest and deidentification packages; quick
    # commands that only read never need them.
    if name == "AddResult":
        from qualcode.project.importing import AddResult

        return AddResult
    if name == "CodingsImportResult":
        from qualcode.project.codings import CodingsImportResult

        return CodingsImportResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AddResult",
    "CodebookUpdateResult",
    "CodingsImportResult",
    "Project",
    "check_codebook",
    "create_project",
    "open_project",
]

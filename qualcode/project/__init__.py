"""The service layer: the only caller of the store, and what every front end calls.

``open_project`` / ``create_project`` give a :class:`Project`; its methods and the sessions in
:mod:`qualcode.project.coding` and :mod:`qualcode.project.reconciliation` are the services.
"""

from __future__ import annotations

from qualcode.project.base import (
    CodebookUpdateResult,
    Project,
    check_codebook,
    create_project,
    open_project,
)
from qualcode.project.codings import CodingsImportResult
from qualcode.project.importing import AddResult

__all__ = [
    "AddResult",
    "CodebookUpdateResult",
    "CodingsImportResult",
    "Project",
    "check_codebook",
    "create_project",
    "open_project",
]

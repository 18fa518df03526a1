"""The only code that speaks SQL: named query objects over one engine.

:class:`Store` (:mod:`qualcode.store.database`) is a project database; :mod:`qualcode.store.lite`
reads a project file for the read-only commands without SQLAlchemy. ``Store`` is imported on
first use, so that importing :mod:`qualcode.store.lite` does not load SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualcode.store.database import Store

__all__ = ["Store"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from qualcode.store.database import Store

        return Store
    raise AttributeError(f"module 'qualcode.store' has no attribute {name!r}")

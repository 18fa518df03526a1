"""Errors a user can act on.

Every error that reaches the command line as exit status 1 is a :class:`QualcodeError`: its message
names the file (and line or row where there is one) and says what to do. Anything else is a bug.
"""

from __future__ import annotations


class QualcodeError(Exception):
    """A problem with the user's input or project that they can fix."""


class ProjectError(QualcodeError):
    """The project file is missing, not a qualcode project, or too new for this version."""


class InputFileError(QualcodeError):
    """A transcript, manifest or CSV file cannot be read or is malformed."""


class ConnectionLost(ProjectError):
    """The project cannot be reached now — its database server went away, or another process
    kept the project file locked: nothing was saved by the failed transaction, and the same
    change can be tried again later."""

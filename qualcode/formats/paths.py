"""Paths the user names, looked at without letting the operating system's refusals escape.

``Path.is_dir()``, ``stat()`` and ``resolve()`` raise on paths that cannot be looked up: a name
over 255 bytes (ENAMETOOLONG), a symbolic link loop (ELOOP, or RuntimeError from
``resolve()``), a file used as a folder (ENOTDIR), a NUL character (ValueError). Every reader
looks at its paths through these functions, which say what is wrong in plain words instead.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

_REASONS = {
    errno.ENOENT: "no such file",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.ELOOP: "a symbolic link in the path points back to itself",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def os_reason(exc: OSError) -> str:
    """An operating system's refusal in words: "no such file", "permission denied"..."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return (exc.strerror or type(exc).__name__).lower()


def file_problem(path: Path) -> str | None:
    """Why ``path`` is not a regular file that can be looked up, or ``None`` when it is."""
    try:
        status = path.stat()
    except OSError as exc:
        return os_reason(exc)
    except ValueError:  # a NUL character in the path
        return "the path holds a NUL character"
    if stat.S_ISDIR(status.st_mode):
        return "not a file: it is a folder"
    if not stat.S_ISREG(status.st_mode):
        return "not a file"
    return None


def is_dir(path: Path) -> bool:
    """Whether ``path`` is a folder; ``False`` where it cannot be looked up (the reader of the
    file then says why)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def resolved(path: Path) -> Path:
    """``path`` made absolute with its symbolic links followed; where they cannot be (a loop, a
    name too long), the absolute path as written."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()

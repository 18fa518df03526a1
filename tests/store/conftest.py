"""Store test fixtures, shared."""

from tests.tui.conftest import ui_project  # noqa: F401

"""``python -m qualcode``: the same command line as ``qualcode``."""

from qualcode.cli import main

main()

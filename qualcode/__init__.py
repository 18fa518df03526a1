"""qualcode: deductive coding of deidentified interview transcripts.

The package is layered: ``cli`` and ``tui`` call ``project``, which calls the domain packages
(``codebook``, ``ingest``, ``agreement``, ``reports``) and the ``store``; nothing below ``project``
imports a UI library.
"""

__version__ = "0.1.0"

"""REFI-QDA exchange (``.qdpx`` projects, ``.qdc`` codebooks) with NVivo, ATLAS.ti, MAXQDA,
QualCoder and Taguette: safe reading into plain data, codebook conversion, position counting,
and writing. No store here; :mod:`qualcode.project.exchange` joins it to a project."""

"""The REFI-QDA XML schemas (MIT licence, REFI 2019), loaded once for validation."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

SCHEMAS = ("Project.xsd", "Codebook.xsd")


@cache
def load_schema(name: str) -> Any:
    """An ``lxml.etree.XMLSchema`` of ``Project.xsd`` or ``Codebook.xsd``."""
    from lxml import etree

    if name not in SCHEMAS:
        raise ValueError(f"unknown schema {name!r}")
    data = resources.files(__package__).joinpath(name).read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.fromstring(data, parser))

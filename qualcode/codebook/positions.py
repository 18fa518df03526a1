"""Codes as integer positions for NumPy counting, with parent roll-up.

The store hands codings over as (…, code position) integers, position being the code's place in
the project's ``codes`` table. Reports keep a subset of codes in codebook order; this maps store
positions to report positions and adds, for each coding of a child code, one for each ancestor.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from qualcode.model import Code

IntArray = npt.NDArray[np.int64]


class CodePositions:
    def __init__(self, codes: list[Code], code_ids: dict[int, str]) -> None:
        self.codes = codes
        self.n_codes = len(codes)
        position = {code.id: i for i, code in enumerate(codes)}
        # Store positions -> report positions (-1: not reported); one spare slot stays -1.
        self.report_position = np.full(max(code_ids, default=-1) + 2, -1, dtype=np.int64)
        for stored, code_id in code_ids.items():
            self.report_position[stored] = position.get(code_id, -1)
        # parent_of[i]: report position of code i's parent, -1 for a top-level code.
        self.parent_of = np.full(self.n_codes + 1, -1, dtype=np.int64)
        for i, code in enumerate(codes):
            if code.parent is not None and code.parent in position:
                self.parent_of[i] = position[code.parent]

    def roll_up(self, owners: IntArray, codes: IntArray) -> tuple[IntArray, IntArray]:
        """Add an (owner, ancestor) row for every (owner, code) row whose code has a parent,
        up the tree. ``codes`` are report positions (all >= 0)."""
        owner_parts, code_parts = [owners], [codes]
        while len(codes):
            parents = self.parent_of[codes]
            has_parent = parents >= 0
            owners, codes = owners[has_parent], parents[has_parent]
            owner_parts.append(owners)
            code_parts.append(codes)
        return np.concatenate(owner_parts), np.concatenate(code_parts)


def sorted_unique(keys: IntArray) -> IntArray:
    """``np.unique`` by sorting (several times faster than NumPy 2's hash-based default here)."""
    keys = np.sort(keys)
    if len(keys) < 2:
        return keys
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))]


def int_rows(rows: Sequence[tuple[int, ...]], width: int) -> IntArray:
    """Rows of ``width`` integers (DBAPI tuples) as an n × width array."""
    flat = itertools.chain.from_iterable(rows)
    return np.fromiter(flat, dtype=np.int64, count=width * len(rows)).reshape(-1, width)

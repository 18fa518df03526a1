"""YAML with limits applied while it is composed, before anything is expanded.

PyYAML's composer shares one node for every use of an alias (``*name``), so a few kilobytes of
"billion laughs" compose instantly and then take forever to walk or print; deep nesting makes
the recursive composer (and anything walking its result) overflow the stack. The loader here
counts while composing and stops at the first limit passed:

- alias uses (``*name``): a codebook or front matter has no real need for many;
- nesting depth, counting an alias as deep as the part it repeats;
- nodes, counting each alias use as a full copy of the part it repeats, so the total is what a
  walker of the result would visit (a "billion laughs" stops here, a few aliases in);
- an alias used inside the part it names (a loop), which no walker could finish.

Passing a limit raises :class:`YamlLimitError` with the position of the node at fault; callers
turn it into their own user error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

import yaml

LimitKind = Literal["aliases", "expansion", "nodes", "depth", "loop"]


@dataclass(frozen=True)
class YamlLimits:
    """How much YAML may hold: alias uses, nesting depth and (expanded) nodes."""

    max_aliases: int = 100
    max_depth: int = 64
    max_nodes: int = 100_000


#: A codebook: the shipped one has 1,478 nodes, a depth of 9 and no aliases. PyYAML composes
#: about 40,000 nodes a second, so 100,000 (some 8,000 codes) stays within a few seconds.
CODEBOOK_LIMITS = YamlLimits(max_aliases=100, max_depth=64, max_nodes=100_000)
#: Transcript front matter: a few ``key: value`` lines and perhaps a list of interviewers.
FRONT_MATTER_LIMITS = YamlLimits(max_aliases=100, max_depth=16, max_nodes=1_000)


class Mark(Protocol):
    """Where a node starts: 0-based line and column (PyYAML's and libyaml's marks)."""

    line: int
    column: int


class YamlLimitError(yaml.YAMLError):
    """The YAML passed one of its :class:`YamlLimits` (or nests beyond the stack)."""

    def __init__(self, kind: LimitKind, reason: str, mark: Mark | None) -> None:
        self.kind = kind
        self.reason = reason
        self.mark = mark
        super().__init__(reason)


class LimitedSafeLoader(yaml.SafeLoader):
    """:class:`yaml.SafeLoader` that enforces :class:`YamlLimits` while composing."""

    def __init__(self, stream: str, limits: YamlLimits) -> None:
        super().__init__(stream)
        self.limits = limits
        self._aliases = 0
        self._nodes = 0
        self._depth = 0
        # Deepest level reached inside each node being composed, innermost last.
        self._deepest: list[int] = []
        # Expanded size and height of each anchored node, for the aliases that repeat it.
        self._extent: dict[yaml.Node, tuple[int, int]] = {}

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.NodeEvent = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            self._alias(event)
            return super().compose_node(parent, index)
        self._count(1, event.start_mark)
        start = self._nodes - 1
        self._depth += 1
        if self._depth > self.limits.max_depth:
            raise YamlLimitError(
                "depth",
                f"it is nested more than {self.limits.max_depth} levels deep",
                event.start_mark,
            )
        self._deepest.append(self._depth)
        node = super().compose_node(parent, index)
        deepest = self._deepest.pop()
        self._reach(deepest)
        if event.anchor is not None and node is not None:
            self._extent[node] = (self._nodes - start, deepest - self._depth + 1)
        self._depth -= 1
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's constructors raise ValueError on a value that only looks like a number or
        date (``2023-02-30``, 5,000 digits): a YAML error at the value's position instead."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError):
            kind = node.tag.rsplit(":", 1)[-1]
            what = {"int": "a number", "float": "a number", "timestamp": "a date"}.get(kind, kind)
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a value reads as {what} but cannot be read as one; put it in quotes to keep "
                "it as text",
                node.start_mark,
            ) from None

    def _alias(self, event: yaml.AliasEvent) -> None:
        mark = event.start_mark
        self._aliases += 1
        if self._aliases > self.limits.max_aliases:
            raise YamlLimitError(
                "aliases",
                f"it uses aliases (*name) more than {self.limits.max_aliases} times",
                mark,
            )
        target = self.anchors.get(event.anchor)
        if target is None:
            return  # PyYAML reports the undefined alias
        extent = self._extent.get(target)
        if extent is None:
            raise YamlLimitError(
                "loop",
                f"the alias *{event.anchor} is used inside the part it names, so it repeats "
                "without end",
                mark,
            )
        size, height = extent
        self._count(size, mark, alias=event.anchor)
        if self._depth + height > self.limits.max_depth:
            raise YamlLimitError(
                "depth",
                f"it is nested more than {self.limits.max_depth} levels deep once the alias "
                f"*{event.anchor} is expanded",
                mark,
            )
        self._reach(self._depth + height)

    def _count(self, nodes: int, mark: Mark | None, *, alias: str | None = None) -> None:
        self._nodes += nodes
        if self._nodes <= self.limits.max_nodes:
            return
        if alias is not None:
            raise YamlLimitError(
                "expansion",
                f"its aliases (*{alias} here) would expand it to more than "
                f"{self.limits.max_nodes:,} values, each use being a copy of what it repeats",
                mark,
            )
        raise YamlLimitError(
            "nodes",
            f"it holds more than {self.limits.max_nodes:,} values (keys, values and list items)",
            mark,
        )

    def _reach(self, depth: int) -> None:
        if self._deepest and depth > self._deepest[-1]:
            self._deepest[-1] = depth


def _too_deep() -> YamlLimitError:
    return YamlLimitError("depth", "it is nested too deeply to read", None)


def _bad_escape(loader: LimitedSafeLoader) -> yaml.MarkedYAMLError:
    """PyYAML's scanner raises ValueError (from ``chr()``) on an escape such as
    ``"\\U10010000"`` that names no Unicode character; this is the syntax error it should be,
    at the position the scanner reached."""
    return yaml.scanner.ScannerError(
        None, None, "an escape sequence (\\U...) names no Unicode character", loader.get_mark()
    )


def _libyaml_can_read(text: str, limits: YamlLimits) -> bool:
    """A plain document within the limits that libyaml parses; a syntax error is left to the
    counting loader, which reports it with its position."""
    try:
        return _plain_within(text, limits)
    except yaml.YAMLError:
        return False


def _plain_within(text: str, limits: YamlLimits) -> bool:
    """Whether the document has no anchors or aliases and stays within the depth and node
    limits, judged from libyaml's event stream (C speed; no tree is built)."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return False
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > limits.max_nodes:
                return False
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.max_depth:
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def compose(text: str, limits: YamlLimits = CODEBOOK_LIMITS) -> yaml.Node | None:
    """The node tree of a single YAML document, like :func:`yaml.compose` with limits.

    A document without anchors or aliases that is within the limits (every codebook qualcode
    ships, and most written by hand) is composed by libyaml, about ten times faster; anything
    else by the counting loader, which stops at the first limit passed.
    """
    if getattr(yaml, "__with_libyaml__", False) and _libyaml_can_read(text, limits):
        return yaml.compose(text, Loader=yaml.CSafeLoader)
    loader = LimitedSafeLoader(text, limits)
    try:
        return loader.get_single_node()
    except RecursionError:
        raise _too_deep() from None
    except (ValueError, OverflowError):
        raise _bad_escape(loader) from None
    finally:
        loader.dispose()


def safe_load(text: str, limits: YamlLimits) -> object:
    """Python data of a single YAML document, like :func:`yaml.safe_load` with limits."""
    loader = LimitedSafeLoader(text, limits)
    try:
        data: object = loader.get_single_data()
        return data
    except RecursionError:
        raise _too_deep() from None
    except (ValueError, OverflowError):
        raise _bad_escape(loader) from None
    finally:
        loader.dispose()

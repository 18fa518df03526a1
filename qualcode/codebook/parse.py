"""Read a YAML codebook into :class:`~qualcode.model.Codebook`, collecting every problem.

Validation walks the composed YAML node tree rather than the loaded dict, so that each problem
carries the line and column of the key or value at fault (SPEC §5.2).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from qualcode.codebook.keys import RESERVED_KEYS
from qualcode.errors import QualcodeError
from qualcode.formats import sniff, yamlsafe
from qualcode.formats.paths import file_problem, os_reason
from qualcode.model import Code, Codebook, Family

#: Largest codebook file read; the shipped codebook is under 60 KB.
MAX_CODEBOOK_BYTES = 5 * 1024 * 1024

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

TOP_KEYS = {"name": True, "version": False, "description": False, "families": True}
FAMILY_KEYS = {
    "id": True,
    "label": True,
    "key": False,
    "description": False,
    "exclusive": False,
    "codes": True,
}
CODE_KEYS = {
    "id": True,
    "label": True,
    "definition": True,
    "key": False,
    "include": False,
    "exclude": False,
    "examples": False,
    "keywords": False,
    "children": False,
    "retired": False,
    "renamed_from": False,
}
TEXT_LISTS = ("include", "exclude", "examples", "keywords")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a codebook, at a 1-based line and column."""

    source: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}: {self.message}"


class CodebookError(QualcodeError):
    """A codebook with one or more problems; ``problems`` lists them all in file order."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = sorted(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(
            f"{source}: the codebook has {count} problem{'s' if count != 1 else ''}:\n{lines}\n"
            "Fix them and check again with `qualcode codebook check FILE`."
        )


def content_hash(text: str) -> str:
    """SHA-256 of the codebook text with line endings normalised."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def load_codebook(path: str | Path) -> tuple[Codebook, str]:
    """Read and validate a codebook file; returns the codebook and its text."""
    path = Path(path)
    problem = file_problem(path)
    if problem == "no such file":
        raise QualcodeError(f"{path}: no such codebook file. Check the path.")
    if problem is not None:
        raise QualcodeError(f"{path}: cannot read the codebook: {problem}.")
    try:
        size = path.stat().st_size
        if size <= MAX_CODEBOOK_BYTES:
            with path.open("rb") as file:  # read at most one byte more than the limit
                raw = file.read(MAX_CODEBOOK_BYTES + 1)
            size = max(size, len(raw))
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot read the codebook: {os_reason(exc)}.") from None
    if size > MAX_CODEBOOK_BYTES:
        raise QualcodeError(
            f"{path}: the codebook file is {size / 1_048_576:.1f} MB, over the limit of "
            f"{MAX_CODEBOOK_BYTES / 1_048_576:.0f} MB for a codebook, so it was not read. Check "
            "that this is the codebook file: a real codebook is a few tens of KB."
        )
    sniff.check_kind(raw, path, "codebook", "yaml")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QualcodeError(
            f"{path}: the codebook is not UTF-8 text (byte {exc.start}). Save it as UTF-8."
        ) from None
    return parse_codebook(text, str(path)), text


def parse_codebook(text: str, source: str = "<codebook>") -> Codebook:
    """Validate codebook YAML and build the model; raises :class:`CodebookError` listing all."""
    walker = _Walker(source)
    try:
        root = yamlsafe.compose(text, yamlsafe.CODEBOOK_LIMITS)
    except yamlsafe.YamlLimitError as exc:
        mark = exc.mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = f"{exc.reason}. {_LIMIT_ADVICE[exc.kind]}"
        message = f"the codebook was not read past this point: {reason}"
        raise CodebookError(source, [Problem(source, line, column, message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "invalid YAML"
        problem = Problem(source, line, column, f"YAML syntax error: {reason}")
        raise CodebookError(source, [problem]) from None
    except yaml.YAMLError as exc:
        raise CodebookError(source, [Problem(source, 1, 1, f"YAML error: {exc}")]) from None
    try:
        codebook = walker.codebook(root)
    except RecursionError:  # the composer's depth limit should make this impossible
        problem = Problem(source, 1, 1, "the codebook is nested too deeply to read")
        raise CodebookError(source, [problem]) from None
    if walker.problems or codebook is None:
        raise CodebookError(source, walker.problems)
    return codebook


_LIMIT_ADVICE = {
    "aliases": "A codebook needs few aliases or none: write out in full what they stand for.",
    "expansion": "Aliases that repeat other aliases multiply; a codebook needs few or none: "
    "remove them.",
    "nodes": "A real codebook has a few thousand; check that this is the codebook file, or "
    "split it.",
    "depth": "Nest codes only a few levels deep (children of children).",
    "loop": "Remove the alias, or point it at an entry outside the one it is in.",
}


class _Walker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.source, mark.line + 1, mark.column + 1, message))

    # -- generic node helpers -------------------------------------------------------------

    def mapping(
        self, node: yaml.Node, allowed: dict[str, bool], what: str
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping of keys to values")
            return None
        fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            if name not in allowed:
                hint = difflib.get_close_matches(name, list(allowed), n=1)
                suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
                known = ", ".join(allowed)
                self.problem(
                    key_node, f"unknown key '{name}' in {what}{suggestion} (known: {known})"
                )
                continue
            if name in fields:
                self.problem(key_node, f"key '{name}' appears twice in {what}")
                continue
            fields[name] = (key_node, value_node)
        for name, required in allowed.items():
            if required and name not in fields:
                self.problem(node, f"{what} is missing the required field '{name}'")
        return fields

    def text(self, node: yaml.Node, what: str, *, allow_empty: bool = False) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            if node.tag == "tag:yaml.org,2002:null" and allow_empty:
                return ""
            self.problem(node, f"{what} must be text")
            return None
        value = str(node.value).strip()
        if not value and not allow_empty:
            self.problem(node, f"{what} is empty")
            return None
        if any((c < " " and c not in "\n\t") or c == "\x7f" for c in value):
            # An escape sequence in a label would reach every terminal that lists the code.
            # (C1 controls are let through: U+0085 is what a cp1252 "…" becomes in a file
            # converted as Latin-1, and codebooks stored so must still open.)
            self.problem(node, f"{what} holds a control character (an escape or NUL): remove it")
            return None
        return value

    def flag(self, node: yaml.Node, what: str) -> bool:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return bool(yaml.SafeLoader(" ").construct_yaml_bool(node))
        self.problem(node, f"{what} must be true or false")
        return False

    def text_list(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:null":
                return ()
            return (str(node.value).strip(),)
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list of text items")
            return ()
        items: list[str] = []
        for item in node.value:
            value = self.text(item, f"an item of {what}")
            if value is not None:
                items.append(value)
        return tuple(items)

    def identifier(self, node: yaml.Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not ID_PATTERN.match(value):
            self.problem(
                node,
                f"{what} '{value}' is not a valid id: use lowercase letters, digits and "
                "underscores, starting with a letter",
            )
            return None
        return value

    def hotkey(self, node: yaml.Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        if len(value) != 1 or not value.isprintable() or value.isspace():
            self.problem(node, f"{what} '{value}' must be a single printable character")
            return None
        return value

    # -- codebook structure ---------------------------------------------------------------

    def codebook(self, root: yaml.Node | None) -> Codebook | None:
        if root is None:
            self.problems.append(Problem(self.source, 1, 1, "the codebook file is empty"))
            return None
        if not isinstance(root, yaml.MappingNode):
            found = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
            self.problem(
                root,
                f"the codebook is {found}; it must be a mapping with the keys name: and "
                "families: (see the codebooks/ folder for an example)",
            )
            return None
        fields = self.mapping(root, TOP_KEYS, "the codebook")
        if fields is None:
            return None
        name = self.text(fields["name"][1], "name") if "name" in fields else None
        version = ""
        if "version" in fields:
            version = self.text(fields["version"][1], "version") or ""
        description = ""
        if "description" in fields:
            description = self.text(fields["description"][1], "description", allow_empty=True) or ""
        families: list[Family] = []
        if "families" in fields:
            node = fields["families"][1]
            if not isinstance(node, yaml.SequenceNode) or not node.value:
                self.problem(node, "families must be a non-empty list")
            else:
                families = self.families(node)
        if name is None:
            return None
        return Codebook(
            name=name, version=version, families=tuple(families), description=description
        )

    def families(self, node: yaml.SequenceNode) -> list[Family]:
        families: list[Family] = []
        seen_ids: dict[str, yaml.Node] = {}
        seen_keys: dict[str, str] = {}
        for family_node in node.value:
            family = self.family(family_node)
            if family is None:
                continue
            fields = family_node.value
            id_node = next(v for k, v in fields if k.value == "id")
            if family.id in seen_ids:
                line = seen_ids[family.id].start_mark.line + 1
                self.problem(id_node, f"duplicate family id '{family.id}' (first at line {line})")
            seen_ids.setdefault(family.id, id_node)
            if family.key is not None:
                key_node = next(v for k, v in fields if k.value == "key")
                if family.key in RESERVED_KEYS:
                    self.problem(
                        key_node,
                        f"family '{family.id}' hotkey '{family.key}' shadows one of the coding "
                        "app's own keys; choose another key (digits are free)",
                    )
                elif family.key in seen_keys:
                    self.problem(
                        key_node,
                        f"family '{family.id}' hotkey '{family.key}' is already used by family "
                        f"'{seen_keys[family.key]}'",
                    )
                seen_keys.setdefault(family.key, family.id)
            families.append(family)
        return families

    def family(self, node: yaml.Node) -> Family | None:
        fields = self.mapping(node, FAMILY_KEYS, "a family")
        if fields is None:
            return None
        family_id = self.identifier(fields["id"][1], "family id") if "id" in fields else None
        label = self.text(fields["label"][1], "family label") if "label" in fields else None
        key = self.hotkey(fields["key"][1], "family key") if "key" in fields else None
        description = ""
        if "description" in fields:
            description = self.text(fields["description"][1], "description", allow_empty=True) or ""
        exclusive = (
            self.flag(fields["exclusive"][1], "exclusive") if "exclusive" in fields else False
        )
        codes: list[Code] = []
        if family_id is not None and "codes" in fields:
            codes_node = fields["codes"][1]
            if not isinstance(codes_node, yaml.SequenceNode) or not codes_node.value:
                self.problem(codes_node, f"codes of family '{family_id}' must be a non-empty list")
            else:
                keys: dict[str, str] = {}
                codes = self.codes(codes_node, family_id, family_id, None, keys)
        if family_id is None or label is None:
            return None
        return Family(family_id, label, key, description, exclusive, tuple(codes))

    def codes(
        self,
        node: yaml.SequenceNode,
        family_id: str,
        prefix: str,
        parent: str | None,
        keys: dict[str, str],
    ) -> list[Code]:
        codes: list[Code] = []
        seen: dict[str, int] = {}
        for code_node in node.value:
            code = self.code(code_node, family_id, prefix, parent, keys)
            if code is None:
                continue
            if code.id in seen:
                id_node = next(v for k, v in code_node.value if k.value == "id")
                self.problem(
                    id_node, f"duplicate code id '{code.id}' (first at line {seen[code.id]})"
                )
                continue
            seen[code.id] = code_node.start_mark.line + 1
            codes.append(code)
        return codes

    def code(
        self,
        node: yaml.Node,
        family_id: str,
        prefix: str,
        parent: str | None,
        keys: dict[str, str],
    ) -> Code | None:
        fields = self.mapping(node, CODE_KEYS, f"a code of family '{family_id}'")
        if fields is None:
            return None
        local = self.identifier(fields["id"][1], "code id") if "id" in fields else None
        code_id = f"{prefix}.{local}" if local else None
        what = f"code '{code_id}'" if code_id else "a code"
        label = self.text(fields["label"][1], f"label of {what}") if "label" in fields else None
        definition = None
        if "definition" in fields:
            definition = self.text(fields["definition"][1], f"definition of {what}")
        key = None
        if "key" in fields:
            key_node = fields["key"][1]
            key = self.hotkey(key_node, f"key of {what}")
            if key is not None and code_id is not None:
                if key in keys:
                    self.problem(
                        key_node,
                        f"hotkey '{key}' of {what} is already used by '{keys[key]}' in family "
                        f"'{family_id}'; hotkeys must be unique within a family",
                    )
                else:
                    keys[key] = code_id
        lists = {
            name: self.text_list(fields[name][1], f"{name} of {what}") if name in fields else ()
            for name in TEXT_LISTS
        }
        retired = self.flag(fields["retired"][1], "retired") if "retired" in fields else False
        renamed_from = None
        if "renamed_from" in fields:
            renamed_from = self.text(fields["renamed_from"][1], f"renamed_from of {what}")
            if renamed_from is not None and "." not in renamed_from:
                renamed_from = f"{prefix}.{renamed_from}"
        children: list[Code] = []
        if "children" in fields and code_id is not None:
            children_node = fields["children"][1]
            if isinstance(children_node, yaml.ScalarNode) and children_node.tag.endswith("null"):
                children = []
            elif not isinstance(children_node, yaml.SequenceNode):
                self.problem(children_node, f"children of {what} must be a list of codes")
            else:
                children = self.codes(children_node, family_id, code_id, code_id, keys)
        if code_id is None or label is None or definition is None:
            return None
        return Code(
            id=code_id,
            family=family_id,
            label=label,
            definition=definition,
            key=key,
            include=lists["include"],
            exclude=lists["exclude"],
            examples=lists["examples"],
            keywords=lists["keywords"],
            children=tuple(children),
            parent=parent,
            retired=retired,
            renamed_from=renamed_from,
        )

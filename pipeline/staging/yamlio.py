"""Safe YAML loading that keeps line numbers, rejects duplicate keys, leaves dates as text.

Dates stay strings so that the stage that owns a field can say exactly what is wrong with it
("2025-02-30 is not a real date") instead of PyYAML raising a bare ValueError.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

import yaml

from pipeline.errors import Problem

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class LineDict(dict[Any, Any]):
    """A mapping that remembers the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:  # libyaml's parser when present
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    line_offset = 0  # lines of the file before the YAML text (front matter starts on line 2)


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_TIMESTAMP, _BOOL)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# YAML 1.2 booleans only: "no", "on", "yes" stay words (Norway's "NO", the preposition "on").
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class DuplicateKey(yaml.YAMLError):
    def __init__(self, key, line: int):
        super().__init__(f"duplicate key '{key}'")
        self.key, self.line = key, line


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result, key_lines = LineDict(), {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise DuplicateKey(
                f"{key!r} (a key must be plain text)",
                key_node.start_mark.line + 1 + loader.line_offset,
            ) from None
        if key in result:
            raise DuplicateKey(key, key_node.start_mark.line + 1 + loader.line_offset)
        result[key] = loader.construct_object(value_node, deep=True)
        key_lines[key] = key_node.start_mark.line + 1 + loader.line_offset
    result.line, result.key_lines = node.start_mark.line + 1 + loader.line_offset, key_lines
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str, file: str, first_line: int = 1):
    """Parse YAML text; raise a located Problem (as ValueError payload) when it is not valid
    YAML."""
    loader = _Loader(text)
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data()
    except DuplicateKey as exc:
        raise YamlProblem(Problem(file, str(exc), exc.line)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        reason = exc.problem or exc.context or "syntax error"
        raise YamlProblem(Problem(file, f"not valid YAML: {reason}", line)) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise YamlProblem(Problem(file, f"not valid YAML: {exc}", first_line)) from None
    finally:
        loader.dispose()


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def warn_unknown(item: LineDict, known: tuple[str, ...], shown: str) -> None:
    """A warning on stderr for each field of `item` the tool does not read (a typo shows)."""
    for field in item:
        if field not in known:
            print(
                f"warning: {shown}:{item.line_of(field)}: field '{field}' is not used "
                f"(known: {', '.join(known)})",
                file=sys.stderr,
            )

"""Read a playbook YAML file into a validated model, or raise one ContentError that names the
file, the key path and what is expected there."""

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from opsbook.core.bounds import MAX_YAML_BYTES, read_bytes
from opsbook.core.errors import ContentError
from opsbook.core.paths import relative_to_project

M = TypeVar("M", bound=BaseModel)

_cache: dict[tuple[str, str, int], BaseModel] = {}


# libyaml's parser where PyYAML was built with it (about seven times faster: every chapter
# reads its playbook files at start-up), else PyYAML's own
_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SAFE):
    """A safe YAML loader that refuses duplicate keys (PyYAML would silently keep the last)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f'the key "{key}" appears twice in the same block — keep one of them',
                mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _refuse_aliases(text: str) -> None:
    """Anchors and aliases (``&name`` / ``*name``) are refused before anything is built: the
    playbook never needs them, and a file of nested aliases can expand to billions of values."""
    for event in yaml.parse(text, Loader=_SAFE):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                "an alias (*name) repeats another block; write the text out in full instead",
                event.start_mark,
            )


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors name the file, line and column."""
    shown = relative_to_project(path)
    if not path.exists() and not path.is_symlink():
        raise ContentError(
            f"{shown}: file not found — restore it from the repository (git checkout -- {shown})."
        )
    data = read_bytes(path, MAX_YAML_BYTES, shown, ContentError)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ContentError(
            f"{shown}: the file is not UTF-8 text ({error.reason}) — "
            "save it as UTF-8 in your editor."
        ) from None
    try:
        _refuse_aliases(text)
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ContentError(
            f"{shown}{where}: {error.problem or error.context} — check the indentation and that "
            "every text containing a colon is in quotes."
        ) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise ContentError(
            f"{shown}, line {line}: the character {error.character!r} cannot be used in a "
            "playbook file — delete it (it often comes from pasting out of Word or Excel)."
        ) from None
    except yaml.YAMLError as error:
        raise ContentError(
            f"{shown}: {error} — compare it with the file in the repository."
        ) from None
    except RecursionError:
        raise ContentError(
            f"{shown}: blocks are nested too deeply to be a playbook file — compare it with "
            "the file in the repository."
        ) from None


def load_model(path: Path, model: type[M], check: Any = None) -> M:
    """Load ``path`` as ``model``; ``check(instance)`` returns cross-reference problems.

    Results are cached per file content version (modification time), so a trainer's edit is
    picked up the next time a cell runs.
    """
    stamp = (str(path), model.__name__, path.stat().st_mtime_ns if path.exists() else -1)
    if stamp in _cache:
        return _cache[stamp]  # type: ignore[return-value]
    raw = read_yaml(path)
    shown = relative_to_project(path)
    if not isinstance(raw, dict):
        raise ContentError(
            f"{shown}: expected a mapping of keys at the top of the file, "
            f"found {_describe(raw)} — compare it with the file in the repository."
        )
    try:
        instance = model.model_validate(raw)
    except ValidationError as error:
        raise ContentError(format_validation(shown, raw, error)) from None
    problems = check(instance) if check else []
    if problems:
        raise ContentError(_format_problems(shown, problems))
    _cache[stamp] = instance
    return instance


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'the text "{value[:40]}"'
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return f"a list of {len(value)} items"
    if isinstance(value, dict):
        return f"a block of {len(value)} keys"
    return type(value).__name__


def key_path(raw: Any, loc: tuple) -> str:
    """Turn a validation location into a readable path, e.g. ``departments[2] (operations).name``.

    Parts that are not keys of the data (pydantic's union tags) are dropped; list items show
    their ``key`` so the reader finds them in the file.
    """
    parts: list[str] = []
    node = raw
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(part, int) and isinstance(node, list):
            item = node[part] if part < len(node) else None
            label = f"[{part}]"
            if isinstance(item, dict) and isinstance(item.get("key"), str):
                label += f" ({item['key']})"
            parts.append(label)
            node = item
        elif isinstance(node, dict) and (part in node or last):
            parts.append(f".{part}" if parts else str(part))
            node = node.get(part)
        elif not last:
            continue  # a union tag such as "choice": not a key in the file
        else:
            parts.append(f".{part}" if parts else str(part))
    return "".join(parts) or "(top level)"


def _advice(error: dict, raw: Any) -> str:
    kind = error["type"]
    loc = error["loc"]
    found = _value_at(raw, loc)
    if kind == "missing":
        return f'the key "{loc[-1]}" is missing — add it'
    if kind == "extra_forbidden":
        return f'"{loc[-1]}" is not a known key here — check its spelling or remove it'
    if kind in {"string_type", "string_too_short"}:
        return f"expected a non-empty text, found {_describe(found)}"
    if kind == "string_pattern_mismatch":
        if "20\\d\\d" in str(error.get("ctx", {}).get("pattern", "")):  # a Month
            return f'expected a month as "YYYY-MM" (e.g. "2026-11"), found {_describe(found)}'
        return (
            f"expected a key in lower_snake_case (letters, digits, underscores), found "
            f"{_describe(found)}"
        )
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), found {_describe(found)}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a block of keys, found {_describe(found)}"
    if kind in {"int_type", "int_parsing", "float_type", "float_parsing"}:
        return f"expected a number, found {_describe(found)}"
    if kind == "int_from_float":
        return f"expected a whole number, found {_describe(found)}"
    if kind == "finite_number":
        return f"expected an ordinary number written in digits, found {_describe(found)}"
    if kind == "string_too_long":
        limit = error["ctx"]["max_length"]
        return f"the text is {len(found)} characters long, at most {limit} fit — shorten it"
    if kind == "too_long":
        limit = error["ctx"]["max_length"]
        return f"{_describe(found)}, at most {limit} fit — remove some"
    if kind in {"date_parsing", "date_from_datetime_parsing", "date_type"}:
        return f"expected a date written as 2026-10-08, found {_describe(found)}"
    if kind == "value_error":
        return f"expected {error['ctx']['error']}, found {_describe(found)}"
    limits = {"less_than_equal": "at most", "greater_than_equal": "at least"}
    limits |= {"less_than": "below", "greater_than": "above"}
    if kind in limits:
        limit = next(iter(error.get("ctx", {}).values()), "")
        return f"expected a number {limits[kind]} {limit}, found {_describe(found)}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, found {_describe(found)}"
    if kind == "union_tag_invalid":  # the key that says which sort of block this is
        shown = f'"{found}"' if isinstance(found, str) else _describe(found)
        allowed = error["ctx"]["expected_tags"].replace("'", "")
        return (
            f"{shown} is not a {loc[-1]} this course knows — use one of: {allowed} "
            "(check the spelling)"
        )
    if kind == "union_tag_not_found":
        return f'the key "{loc[-1]}" is missing — add it; it says what sort of block this is'
    if kind in {"literal_error", "enum"}:
        expected = error.get("ctx", {}).get("expected")
        return f"expected one of {expected}, found {_describe(found)}"
    return f"{error['msg']} (found {_describe(found)})"


def _value_at(raw: Any, loc: tuple) -> Any:
    """The value found at ``loc`` in the raw data (``None`` when it is absent)."""
    node = raw
    for index, part in enumerate(loc):
        if isinstance(node, list) and isinstance(part, int):
            node = node[part] if part < len(node) else None
        elif isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, dict) and index < len(loc) - 1:
            continue  # a union tag, not a key in the file
        else:
            return None
    return node


def format_validation(shown: str, raw: Any, error: ValidationError) -> str:
    """One readable message for a pydantic error: file, key paths and advice per problem."""
    located = [_at_tag(e) for e in error.errors()]
    problems = [(key_path(raw, e["loc"]), _advice(e, raw)) for e in located]
    return _format_problems(shown, problems)


def _at_tag(error: dict) -> dict:
    """A wrong or missing tag of a tagged block (an exercise's ``kind``) is a problem of that
    key, not of the whole block: point the location at it."""
    if error["type"] in {"union_tag_invalid", "union_tag_not_found"}:
        field = str(error.get("ctx", {}).get("discriminator", "")).strip("'")
        if field:
            return {**error, "loc": (*error["loc"], field)}
    return error


def _format_problems(shown: str, problems: list[tuple[str, str]]) -> str:
    if len(problems) == 1:
        path, advice = problems[0]
        return f"{shown}, {path}: {advice}."
    lines = [f"{shown}: {len(problems)} problems to fix:"]
    lines += [f"  - {path}: {advice}." for path, advice in problems]
    return "\n".join(lines)

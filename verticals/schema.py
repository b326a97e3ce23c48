"""JSON Schemas of the core types, and validation of rollout and registry files with them.

The schemas are generated from the pydantic models, so they cannot drift from the code;
`docs/schemas/` holds an exported copy for tools outside Python (a test keeps it current).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from verticals.errors import TaskFileError
from verticals.registry import REGISTRY_SCHEMA
from verticals.types import RolloutRecord, Score, Task


@cache
def schemas() -> dict[str, dict[str, Any]]:
    """Every exported schema by name."""
    return {
        "task": Task.model_json_schema(),
        "score": Score.model_json_schema(),
        "rollout": RolloutRecord.model_json_schema(),
        "registry": REGISTRY_SCHEMA,
    }


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = schemas()[name]
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema)


def _json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise TaskFileError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise TaskFileError(f"{path}:{number}: not valid JSON ({exc.msg})") from None


def validate_file(path: str | Path, kind: str) -> int:
    """Check every line of a JSON-lines file against schema `kind`; returns the line count."""
    validator = _validator(kind)
    count = 0
    for number, record in _json_lines(Path(path)):
        error = jsonschema.exceptions.best_match(validator.iter_errors(record))
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "record"
            raise TaskFileError(f"{path}:{number}: not a valid {kind} at {where}: {error.message}")
        count += 1
    return count


def export(folder: str | Path) -> list[Path]:
    """Write every schema to `folder/<name>.schema.json`."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written

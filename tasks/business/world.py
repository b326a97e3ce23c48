"""The database world of one episode: SQLite tables made from plain rows, and dumped back.

A domain declares its tables (`Schema`: name -> columns, the first column the key). The
generator writes the seeded rows as JSON data into the task; the env turns them into an
in-memory SQLite database at reset and dumps every table (rows in key order) as the end
state. Money is kept as exact decimal strings ("1234.50"), never floats.
"""

from __future__ import annotations

import sqlite3
from typing import Any

#: table name -> column names (first column is the primary key).
Schema = dict[str, tuple[str, ...]]
Tables = dict[str, list[dict[str, Any]]]


def create(schema: Schema, tables: Tables) -> sqlite3.Connection:
    """A fresh in-memory database holding `tables` (every schema table, maybe empty)."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.row_factory = sqlite3.Row
    for name, columns in schema.items():
        cols = ", ".join(f'"{c}"' + (" PRIMARY KEY" if i == 0 else "") for i, c in
                         enumerate(columns))
        db.execute(f'CREATE TABLE "{name}" ({cols})')
        rows = tables.get(name, [])
        if rows:
            marks = ", ".join("?" for _ in columns)
            db.executemany(
                f'INSERT INTO "{name}" VALUES ({marks})',
                [tuple(row.get(c) for c in columns) for row in rows],
            )
    db.commit()
    return db


def dump(db: sqlite3.Connection, schema: Schema) -> Tables:
    """Every table as a list of row dicts in key order: the world's end state."""
    out: Tables = {}
    for name, columns in schema.items():
        cursor = db.execute(f'SELECT * FROM "{name}" ORDER BY "{columns[0]}"')
        out[name] = [dict(row) for row in cursor.fetchall()]
    return out


def canonical(schema: Schema, tables: Tables) -> Tables:
    """`tables` in the form `dump` gives: every column present, rows in key order."""
    out: Tables = {}
    for name, columns in schema.items():
        rows = [{c: row.get(c) for c in columns} for row in tables.get(name, [])]
        out[name] = sorted(rows, key=lambda r: str(r[columns[0]]))
    return out


def diff(expected: Tables, actual: Tables) -> list[str]:
    """Field-by-field differences, in a stable order, as short readable lines."""
    lines: list[str] = []
    for name in sorted(set(expected) | set(actual)):
        want = {_key(r): r for r in expected.get(name, [])}
        got = {_key(r): r for r in actual.get(name, [])}
        for key in sorted(set(want) | set(got)):
            if key not in got:
                lines.append(f"{name}[{key}] is missing")
            elif key not in want:
                lines.append(f"{name}[{key}] should not exist")
            else:
                for column in want[key]:
                    if want[key][column] != got[key].get(column):
                        lines.append(f"{name}[{key}].{column} differs")
    return lines


def _key(row: dict[str, Any]) -> str:
    return str(next(iter(row.values()))) if row else ""

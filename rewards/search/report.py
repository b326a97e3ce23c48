"""The report reward: row-set F1 x cell accuracy x per-row evidence support, all exact.

- Rows are read from the markdown table in the final message (the first table row is
  the header; separator rows are skipped). A row is matched to a gold row by its first
  cell, the company name, normalised; a company listed twice counts once and its
  duplicate as an extra row.
- Row F1 compares the matched companies with the gold set (an extra or a missing row
  costs precision or recall).
- Cell accuracy is the share of right cells (city, founding year, chief executive) over
  the matched rows.
- Support is, averaged over the matched rows, the row's evidence recall (each fact of the
  row stated by a document it cites) x precision (its cited ids that state one of them).
A table of every company, a row with no citations, or sprayed citations all cost reward;
a message with more than one table earns 0 (a second table is a second answer).
"""

from __future__ import annotations

from typing import Any

from verticals.rewards.search.answer import judge_evidence
from verticals.rewards.search.normalize import CITATION, citations, mentions, normalize, numbers
from verticals.types import Score, Task, Trajectory

MAX_ROWS = 200


def table_rows(text: str) -> list[tuple[list[str], list[str]]]:
    """(cells without citations, cited ids) for each data row of the first table."""
    rows: list[tuple[list[str], list[str]]] = []
    header_seen = False
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("|"):
            if header_seen and rows:
                break  # the table ended
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if all(set(c) <= set("-: ") for c in cells):
            continue
        if not header_seen:
            header_seen = True
            continue
        rows.append(([CITATION.sub(" ", c).strip() for c in cells], citations(line)))
        if len(rows) > MAX_ROWS:
            break
    return rows


def table_count(text: str) -> int:
    """How many markdown tables `text` holds: runs of '|' lines with a header and a row.

    A run that is only a header (and separator) is not counted: the rows that follow a
    blank line belong to it, as `table_rows` reads them.
    """
    count, rows = 0, 0
    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows += not all(set(c) <= set("-: ") for c in cells)
            continue
        count, rows = count + (rows >= 2), 0
    return count


def _name_cell(cell: str, gold: str) -> bool:
    cell, gold = normalize(cell), normalize(gold)
    return cell == gold or (mentions(cell, gold) and len(cell.split()) <= len(gold.split()) + 3)


def judge_table(text: str, gold_rows: list[dict[str, Any]]) -> tuple[float, dict[str, float], str]:
    rows = table_rows(text)
    if not rows:
        return 0.0, {"row_f1": 0.0, "cell_accuracy": 0.0, "support": 0.0}, "no table rows"
    gold = {normalize(r["company"]): r for r in gold_rows}
    matched: dict[str, tuple[list[str], list[str]]] = {}
    for cells, cited in rows:
        key = normalize(cells[0]) if cells else ""
        if key in gold and key not in matched:
            matched[key] = (cells, cited)
    tp = len(matched)
    if not tp:
        return 0.0, {"row_f1": 0.0, "cell_accuracy": 0.0, "support": 0.0}, "no right row"
    precision, recall = tp / len(rows), tp / len(gold)
    f1 = 2 * precision * recall / (precision + recall)
    right_cells, supports = 0, []
    for key, (cells, cited) in matched.items():
        row = gold[key]
        cells = [*cells, "", "", ""][1:4]
        right_cells += _name_cell(cells[0], row["city"])
        right_cells += set(numbers(cells[1])) == {row["founded"]}
        right_cells += _name_cell(cells[2], row["ceo"])
        r, p, _ = judge_evidence(" ".join(f"[{c}]" for c in cited), row["hops"])
        supports.append(r * p)
    accuracy = right_cells / (3 * tp)
    support = sum(supports) / len(supports)
    components = {"row_f1": f1, "cell_accuracy": accuracy, "support": support}
    why = f"{tp}/{len(gold)} companies in {len(rows)} rows"
    return f1 * accuracy * support, components, why


def reward(trajectory: Trajectory, task: Task) -> Score:
    """Score a report table (see the module docstring)."""
    text = trajectory.final_answer or ""
    tables = table_count(text)
    if tables > 1:
        return Score.zero(f"states {tables} tables; give one",
                          row_f1=0.0, cell_accuracy=0.0, support=0.0)
    value, components, why = judge_table(text, task.reference["rows"])
    if value <= 0:
        return Score.zero(why, **components)
    return Score(reward=min(1.0, value), components=components, reason=why)

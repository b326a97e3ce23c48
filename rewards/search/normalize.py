"""Text normalisation and answer parsing shared by the search rewards."""

from __future__ import annotations

import re

from verticals.tasks.search.names import normalize

CITATION = re.compile(r"\[\s*([A-Za-z0-9][A-Za-z0-9_.:\-]*)\s*\]")
ABSTAIN = "insufficient information"
NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?![\w])")


def citations(text: str) -> list[str]:
    """Ids cited in square brackets, in order, each once."""
    seen: dict[str, None] = {}
    for found in CITATION.findall(text):
        seen.setdefault(found, None)
    return list(seen)


ANSWER_LINE = re.compile(r"^\W*answer\W*:", re.IGNORECASE)


def answer_part(text: str) -> str | None:
    """The answer itself: the last line that starts with 'Answer:' (None if there is none).

    Markdown emphasis around the label is allowed; citations are removed, they are judged
    apart.
    """
    lines = [ln for ln in text.splitlines() if ANSWER_LINE.match(ln.strip())]
    if not lines:
        return None
    chosen = ANSWER_LINE.sub("", lines[-1].strip(), count=1)
    return CITATION.sub(" ", chosen).strip(" *_")


def mentions(haystack: str, name: str) -> bool:
    """Whether normalised `name` occurs as whole words in normalised `haystack`."""
    return bool(name) and f" {name} " in f" {haystack} "


def numbers(text: str) -> list[int | float]:
    found = []
    for raw in NUMBER.findall(text):
        value = float(raw.replace(",", ""))
        found.append(int(value) if value.is_integer() else value)
    return found


def abstains(answer: str) -> bool:
    return ABSTAIN in normalize(answer)

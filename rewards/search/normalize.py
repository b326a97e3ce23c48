"""Text normalisation and answer parsing shared by the search rewards."""

from __future__ import annotations

import re
import unicodedata

CITATION = re.compile(r"\[\s*([A-Za-z0-9][A-Za-z0-9_.:\-]*)\s*\]")
ABSTAIN = "insufficient information"
_NON_WORD = re.compile(r"[^a-z0-9]+")
NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?![\w])")


def normalize(text: str) -> str:
    """Lower case, accents and punctuation dropped, single spaces, no leading article."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _NON_WORD.sub(" ", text).strip()
    return re.sub(r"^(the|a|an) ", "", text)


def citations(text: str) -> list[str]:
    """Ids cited in square brackets, in order, each once."""
    seen: dict[str, None] = {}
    for found in CITATION.findall(text):
        seen.setdefault(found, None)
    return list(seen)


def answer_part(text: str) -> str:
    """The answer itself: the last line that starts with 'Answer:', else the whole text.

    Citations are removed; they are judged apart.
    """
    lines = [ln for ln in text.splitlines() if ln.strip().lower().startswith("answer:")]
    chosen = lines[-1].split(":", 1)[1] if lines else text
    return CITATION.sub(" ", chosen).strip()


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

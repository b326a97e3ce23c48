"""A gymnasium space for free text.

`gymnasium.spaces.Text` only admits characters from a fixed charset (alphanumerics by
default), but prompts, tool results and model outputs are arbitrary Unicode. This space
accepts any string up to `max_length` and samples printable ASCII for `check_env`.
"""

from __future__ import annotations

import string
from typing import Any

from gymnasium import spaces


class UnicodeText(spaces.Text):
    """Any `str` of at most `max_length` characters."""

    def __init__(self, max_length: int, seed: int | None = None) -> None:
        super().__init__(max_length=max_length, min_length=0, charset=string.printable, seed=seed)

    def contains(self, x: Any) -> bool:
        return isinstance(x, str) and len(x) <= self.max_length

    def __repr__(self) -> str:
        return f"UnicodeText(max_length={self.max_length})"

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, UnicodeText) and other.max_length == self.max_length

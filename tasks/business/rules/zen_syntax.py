"""Read a ZEN expression (the JDM expression language) into our formula syntax.

Covers the subset two engines share: numbers, strings, true/false/null, names, unary
`-` and `not`, `* / + -`, comparisons, `and`/`or`, the ternary `c ? a : b`, and the
functions `min([..])`, `max([..])`, `abs`, `floor`, `ceil`. Anything else is refused
with the token it stopped at, so a JDM pack outside the subset fails loudly at load.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r'\s*(?:(\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*")|([A-Za-z_][\w.]*)'
                    r'|(==|!=|<=|>=|&&|\|\||[-+*/()<>?:,\[\]!]))')
_BINARY = {"or": 1, "||": 1, "and": 2, "&&": 2, "==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3,
           ">=": 3, "+": 4, "-": 4, "*": 5, "/": 5}
_OURS = {"&&": "and", "||": "or"}
_CALLS = {"abs", "floor", "ceil", "min", "max", "not"}


class ZenSyntaxError(ValueError):
    pass


def _tokens(source: str) -> list[str]:
    out, position = [], 0
    source = source.strip()
    while position < len(source):
        match = _TOKEN.match(source, position)
        if not match or match.end() == position:
            raise ZenSyntaxError(f"cannot read {source[position:position + 12]!r}")
        out.append(next(g for g in match.groups() if g is not None))
        position = match.end()
    return out


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.index = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise ZenSyntaxError(f"expected {expected or 'more'}, found {token!r}")
        self.index += 1
        return token

    def expression(self) -> str:
        condition = self.binary(0)
        if self.peek() == "?":
            self.take("?")
            yes = self.expression()
            self.take(":")
            no = self.expression()
            return f"({yes} if {condition} else {no})"
        return condition

    def binary(self, floor: int) -> str:
        left = self.unary()
        while (op := self.peek()) in _BINARY and _BINARY[op] > floor:
            self.take()
            right = self.binary(_BINARY[op])
            left = f"({left} {_OURS.get(op, op)} {right})"
        return left

    def unary(self) -> str:
        token = self.peek()
        if token in ("-", "!"):
            self.take()
            inner = self.unary()
            return f"(-{inner})" if token == "-" else f"(not {inner})"
        return self.atom()

    def atom(self) -> str:
        token = self.take()
        if token == "(":
            inner = self.expression()
            self.take(")")
            return f"({inner})"
        if token[0].isdigit() or token.startswith('"'):
            return token
        if token in _CALLS and self.peek() == "(":
            self.take("(")
            if token in ("min", "max"):
                self.take("[")
                items = [self.expression()]
                while self.peek() == ",":
                    self.take(",")
                    items.append(self.expression())
                self.take("]")
                self.take(")")
                return f"{token}({', '.join(items)})"
            inner = self.expression()
            self.take(")")
            return f"(not {inner})" if token == "not" else f"{token}({inner})"
        if token == "not":
            return f"(not {self.unary()})"
        if re.fullmatch(r"[A-Za-z_]\w*", token):
            return token
        raise ZenSyntaxError(f"unexpected {token!r}")


def zen_to_ours(source: str) -> str:
    """`source` (ZEN) in our formula syntax; raises ZenSyntaxError outside the subset."""
    parser = _Parser(_tokens(source))
    out = parser.expression()
    if parser.peek() is not None:
        raise ZenSyntaxError(f"unexpected {parser.peek()!r}")
    return out

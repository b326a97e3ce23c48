"""Tokens of a normalised answer: numbers are exact `Fraction`s from the moment they are read.

The lexer is also the first gate against gaming: commands that restate a problem instead of
answering it (`\\int`, `\\sum`, `\\lim`, `\\partial`, ellipses...) become `BAD` tokens that the
parser refuses with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from .bounded import MAX_DIGITS, MAX_LITERAL_DIGITS, BudgetExceeded

FUNCTIONS = frozenset(
    [
        "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh",
        "tanh", "ln", "log", "exp"
    ]
)
GREEK = frozenset(
    [
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
        "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon",
        "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma",
        "Phi", "Psi", "Omega"
    ]
)
UNEVALUATED = frozenset(
    [
        "int", "iint", "iiint", "oint", "sum", "prod", "lim", "limsup", "liminf", "partial",
        "nabla", "max", "min", "sup", "inf", "gcd", "lcm", "det", "mod", "bmod", "pmod", "deg",
        "arg"
    ]
)
ELLIPSES = frozenset(["ldots", "cdots", "dots", "vdots", "ddots"])
OPERATOR_COMMANDS = {
    "cdot": "*", "times": "*", "ast": "*", "div": "÷", "leq": "<=", "geq": ">=", "lt": "<",
    "gt": ">", "neq": "!=", "approx": "~", "sim": "~", "simeq": "~", "cong": "~",
    "equiv": "~", "propto": "~", "to": "->", "rightarrow": "->", "Rightarrow": "->",
    "implies": "->", "iff": "->", "mid": "->", "colon": ":", "vert": "|", "lvert": "|",
    "rvert": "|", "cup": "cup", "cap": "cap", "setminus": "setminus", "in": "in",
    "notin": "notin", "pm": "pm", "mp": "mp", "land": "and", "lor": "or", "wedge": "and",
    "vee": "or",
}
STRUCTURE_COMMANDS = frozenset(
    [
        "frac", "sqrt", "binom", "begin", "end", "mathbb", "lfloor", "rfloor", "lceil", "rceil",
        "emptyset", "infty", "pi", "overline", "hline"
    ]
)
PLAIN_WORDS = {
    "pi": ("CONST", "pi"), "inf": ("CONST", "oo"), "infty": ("CONST", "oo"),
    "infinity": ("CONST", "oo"), "oo": ("CONST", "oo"), "sqrt": ("CMD", "sqrt"),
    "or": ("OP", "or"), "and": ("OP", "and"), "i": ("ID", "i"), "e": ("ID", "e"),
}

_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)(?:[eE]([-+]?\d+))?")
_OVERLINE = re.compile(r"\\overline\s*\{\s*(\d+)\s*\}|\\overline\s*(\d)")
_OPS = ("**", "<=", ">=", "!=", "=<", "=>", "\\\\", "\\{", "\\}", "\\|")
_SINGLE = set("+-*/^_!=<>,;|()[]{}&:'")


@dataclass(frozen=True)
class Token:
    kind: str  # NUM ID CONST FUNC CMD OP BAD WORD EOF
    value: object
    text: str = ""


def _number(digits: str, exponent: str | None, repeat: str | None) -> Fraction:
    if len(digits) > MAX_LITERAL_DIGITS:
        raise BudgetExceeded("number literal beyond the digit budget")
    value = Fraction(digits if not digits.endswith(".") else digits[:-1] or "0")
    if repeat:
        decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
        value += Fraction(int(repeat), 10**decimals * (10 ** len(repeat) - 1))
    if exponent:
        power = int(exponent)
        if abs(power) > MAX_DIGITS:
            raise BudgetExceeded("number literal beyond the digit budget")
        value *= Fraction(10) ** power
    return value


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens; unknown or forbidden commands become BAD tokens."""
    tokens: list[Token] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            match = _NUMBER.match(text, i)
            assert match is not None
            digits, exponent = match.group(1), match.group(2)
            i = match.end()
            repeat = None
            over = _OVERLINE.match(text, i)
            if over and "." in digits:
                repeat = over.group(1) or over.group(2)
                i = over.end()
            tokens.append(Token("NUM", _number(digits, exponent, repeat), match.group(0)))
            continue
        if ch.isalpha():
            j = i
            while j < n and text[j].isalpha():
                j += 1
            word = text[i:j]
            i = j
            tokens.extend(_word_tokens(word))
            continue
        if ch == "\\":
            match = re.match(r"\\([A-Za-z]+)", text[i:])
            if match is None:
                two = text[i : i + 2]
                if two in ("\\\\", "\\{", "\\}", "\\|"):
                    tokens.append(Token("OP", two, two))
                else:
                    tokens.append(Token("BAD", f"unknown command {two!r}", two))
                i += 2
                continue
            name = match.group(1)
            i += match.end()
            tokens.append(_command_token(name))
            continue
        two = text[i : i + 2]
        if two in _OPS:
            tokens.append(Token("OP", {"**": "^", "=<": "<=", "=>": ">="}.get(two, two), two))
            i += 2
            continue
        if ch in _SINGLE:
            tokens.append(Token("OP", ch, ch))
            i += 1
            continue
        tokens.append(Token("BAD", f"unexpected character {ch!r}", ch))
        i += 1
    tokens.append(Token("EOF", None))
    return tokens


def _word_tokens(word: str) -> list[Token]:
    lower = word.lower()
    if lower in PLAIN_WORDS and (lower == word or lower in ("or", "and")):
        kind, value = PLAIN_WORDS[lower]
        return [Token(kind, value, word)]
    if word in FUNCTIONS:
        return [Token("FUNC", word, word)]
    if word in UNEVALUATED:
        return [Token("BAD", "unevaluated operator", word)]
    if len(word) <= 3:
        return [Token("ID", letter, letter) for letter in word]
    return [Token("WORD", word, word)]


def _command_token(name: str) -> Token:
    if name in FUNCTIONS:
        return Token("FUNC", name, "\\" + name)
    if name in GREEK:
        return Token("ID", name, "\\" + name)
    if name == "pi":
        return Token("CONST", "pi", "\\pi")
    if name == "infty":
        return Token("CONST", "oo", "\\infty")
    if name in OPERATOR_COMMANDS:
        return Token("OP", OPERATOR_COMMANDS[name], "\\" + name)
    if name in STRUCTURE_COMMANDS:
        return Token("CMD", name, "\\" + name)
    if name in UNEVALUATED:
        return Token("BAD", "unevaluated operator", "\\" + name)
    if name in ELLIPSES:
        return Token("BAD", "ellipsis", "\\" + name)
    return Token("BAD", "unknown command", "\\" + name)

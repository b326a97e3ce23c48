"""A small recursive-descent parser from normalised LaTeX/plain math to a tuple AST.

Why our own parser instead of `sympy.parsing.latex` or `sympify`: sympy's LaTeX parser needs
antlr and builds (and evaluates) whatever it reads, and `sympify` calls `eval`; ours builds a
plain tree first, so budgets are checked on the tree (see `build.py`) before sympy sees it.

Nodes are tuples `(tag, ...)`: num (value, literal text), sym, const, add, neg, mul, div,
pow, fact, func, sqrt, binom, abs, floor, ceil, pm, bracket, set, list, rel, setop, matrix,
mixed.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .bounded import MAX_NESTING, BudgetExceeded
from .lexer import Token, tokenize

Node = tuple[Any, ...]

RELATIONS = frozenset({"=", "<", ">", "<=", ">=", "!=", "~", "->", "in", "notin", ":"})
SEPARATORS = frozenset({",", ";", "or", "and"})
SET_OPS = frozenset({"cup", "cap", "setminus"})
_ATOM_CMDS = frozenset({"frac", "sqrt", "binom", "begin", "mathbb", "lfloor", "lceil",
                        "emptyset"})
_CLOSERS = {"(": (")", "]"), "[": ("]", ")")}


class ParseError(ValueError):
    """The answer is not well-formed math we accept; the message says why (reward 0)."""


class Parser:
    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.abs_depth = 0

    # -- token helpers -------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def is_op(self, *values: str) -> bool:
        t = self.tokens[self.pos]
        return t.kind == "OP" and t.value in values

    def advance(self) -> Token:
        t = self.tokens[self.pos]
        if t.kind != "EOF":
            self.pos += 1
        return t

    def expect_op(self, value: str) -> None:
        if not self.is_op(value):
            raise ParseError(f"expected {value!r}")
        self.advance()

    # -- grammar -------------------------------------------------------------------------
    def parse_list(self, stops: tuple[str, ...]) -> Node:
        items = [self.parse_relation()]
        seps: list[str] = []
        while self.tok.kind == "OP" and self.tok.value in SEPARATORS:
            seps.append(str(self.advance().value))
            while self.tok.kind == "OP" and self.tok.value in ("or", "and"):
                seps[-1] = str(self.advance().value)  # "1, 2, and 3"
            if self._at_stop(stops):
                break  # trailing separator
            items.append(self.parse_relation())
        if not self._at_stop(stops):
            raise ParseError(f"unexpected {self.tok.text or self.tok.kind!s}")
        return items[0] if len(items) == 1 else ("list", tuple(items), tuple(seps))

    def _at_stop(self, stops: tuple[str, ...]) -> bool:
        t = self.tok
        if t.kind == "EOF":
            return "EOF" in stops
        return t.kind in ("OP", "CMD") and t.value in stops

    def parse_relation(self) -> Node:
        operands = [self.parse_setexpr()]
        ops: list[str] = []
        while self.tok.kind == "OP" and self.tok.value in RELATIONS:
            ops.append(str(self.advance().value))
            operands.append(self.parse_setexpr())
        if not ops:
            return operands[0]
        return ("rel", tuple(ops), tuple(operands))

    def parse_setexpr(self) -> Node:
        left = self.parse_sum()
        while self.tok.kind == "OP" and self.tok.value in SET_OPS:
            op = str(self.advance().value)
            left = ("setop", op, left, self.parse_sum())
        return left

    def parse_sum(self) -> Node:
        terms = [self.parse_signed()]
        while self.is_op("+", "-", "pm", "mp"):
            op = self.advance().value
            term = self.parse_signed()
            if op == "+":
                terms.append(term)
            elif op == "-":
                terms.append(("neg", term))
            else:
                left = terms[0] if len(terms) == 1 else ("add", tuple(terms))
                terms = [("pm", left, term)]
        return terms[0] if len(terms) == 1 else ("add", tuple(terms))

    def parse_signed(self) -> Node:
        if self.is_op("-"):
            self.advance()
            return ("neg", self.parse_signed())
        if self.is_op("+"):
            self.advance()
            return self.parse_signed()
        if self.is_op("pm", "mp"):
            self.advance()
            return ("pm", None, self.parse_signed())
        return self.parse_term()

    def _starts_atom(self) -> bool:
        t = self.tok
        if t.kind in ("NUM", "ID", "CONST", "FUNC"):
            return True
        if t.kind == "CMD":
            return t.value in _ATOM_CMDS
        if t.kind == "OP":
            return t.value in ("(",) or (t.value == "|" and self.abs_depth == 0)
        return t.kind in ("BAD", "WORD")

    def parse_term(self) -> Node:
        first = self.parse_power()
        factors: list[tuple[str, Node]] = [("*", first)]
        while True:
            if self.is_op("*", "/", "÷"):
                op = str(self.advance().value)
                factors.append((op, self.parse_power()))
            elif self._starts_atom():
                if self.tok.kind == "NUM":
                    raise ParseError("two numbers side by side with no operator")
                if (len(factors) == 1 and first[0] == "num" and first[1].denominator == 1
                        and self.tok.kind == "CMD" and self.tok.value == "frac"):
                    mixed = self._try_mixed(first[1])
                    if mixed is not None:
                        factors = [("*", mixed)]
                        continue
                factors.append(("*", self.parse_power()))
            else:
                break
        node = factors[0][1]
        for op, factor in factors[1:]:
            if op == "/":
                node = ("div", node, factor)
            elif op == "÷":  # an operation to carry out, not fraction notation
                node = ("div", node, factor, "operator")
            elif node[0] == "mul":
                node = ("mul", (*node[1], factor))
            else:
                node = ("mul", (node, factor))
        return node

    def _try_mixed(self, whole: Fraction) -> Node | None:
        """`3\\frac12` is three and a half: an integer followed by a proper numeric fraction."""
        start = self.pos
        frac = self.parse_power()
        if (frac[0] == "div" and frac[1][0] == "num" and frac[2][0] == "num"
                and frac[1][1].denominator == 1 and frac[2][1].denominator == 1
                and 0 < frac[1][1] < frac[2][1]):
            return ("mixed", whole, frac[1][1] / frac[2][1])
        self.pos = start
        return None

    def parse_power(self) -> Node:
        base = self.parse_postfix()
        if self.is_op("^"):
            self.advance()
            exponent = self.parse_exponent()
            return ("pow", base, exponent)
        return base

    def parse_exponent(self) -> Node:
        if self.is_op("{"):
            return self.parse_group("{", "}")
        if self.is_op("-"):
            self.advance()
            return ("neg", self.parse_power())
        return self.parse_power()

    def parse_postfix(self) -> Node:
        node = self.parse_atom()
        while self.is_op("!", "'"):
            if self.advance().value == "'":
                if node[0] != "sym":
                    raise ParseError("derivative notation (prime) is not an answer")
                node = ("sym", node[1] + "'")  # f'(x) = ... names a function
                continue
            node = ("fact", node)
        return node

    def parse_group(self, opener: str, closer: str) -> Node:
        self.expect_op(opener)
        if self.is_op(closer):
            raise ParseError("empty group")
        inner = self.parse_list((closer,))
        self.expect_op(closer)
        return inner

    def parse_arg(self) -> Node:
        """A macro argument: `{...}`, or one token (`\\frac12` reads 1 then 2)."""
        t = self.tok
        if t.kind == "OP" and t.value == "{":
            return self.parse_group("{", "}")
        if t.kind == "NUM" and len(t.text) > 1 and t.text.isdigit():
            self.tokens[self.pos] = Token("NUM", Fraction(t.text[1:]), t.text[1:])
            return ("num", Fraction(t.text[0]), t.text[0])
        return self.parse_atom()

    def parse_atom(self) -> Node:
        self.depth += 1
        if self.depth > MAX_NESTING * 2:
            raise BudgetExceeded("answer nested deeper than the parse budget")
        try:
            return self._atom()
        finally:
            self.depth -= 1

    def _atom(self) -> Node:
        t = self.advance()
        kind, value = t.kind, t.value
        if kind == "NUM":
            return ("num", value, t.text)
        if kind == "ID":
            return self._symbol(str(value))
        if kind == "CONST":
            return ("const", value)
        if kind == "FUNC":
            return self._function(str(value))
        if kind == "CMD":
            return self._command(str(value))
        if kind == "OP":
            if value in ("(", "["):
                return self._bracket(str(value))
            if value == "\\{":
                if self.is_op("\\}"):
                    self.advance()
                    return ("set", ())
                inner = self.parse_list(("\\}",))
                self.expect_op("\\}")
                return ("set", inner[1] if inner[0] == "list" else (inner,))
            if value == "{":
                self.pos -= 1
                return self.parse_group("{", "}")
            if value == "|":
                self.abs_depth += 1
                inner = self.parse_sum()
                self.abs_depth -= 1
                self.expect_op("|")
                return ("abs", inner)
        if kind == "BAD":
            raise ParseError(str(value))
        if kind == "WORD":
            raise ParseError("a word where math was expected")
        if kind == "EOF":
            raise ParseError("the answer ends too early")
        raise ParseError(f"unexpected {t.text!s}")

    def _symbol(self, name: str) -> Node:
        if self.is_op("_"):
            self.advance()
            t = self.tok
            if t.kind in ("NUM", "ID") :
                self.advance()
                return ("sym", f"{name}_{t.text}")
            if self.is_op("{"):  # a label, read as written: a_{37}, S_{MBCN}
                start = self.pos
                depth = 0
                while True:
                    t = self.advance()
                    if t.kind == "EOF":
                        raise ParseError("bad subscript")
                    if t.kind == "OP" and t.value in ("{", "}"):
                        depth += 1 if t.value == "{" else -1
                        if depth == 0:
                            break
                label = "".join(tok.text for tok in self.tokens[start + 1 : self.pos - 1])
                return ("sym", f"{name}_{label}")
            raise ParseError("bad subscript")
        return ("sym", name)

    def _function(self, name: str) -> Node:
        base: Node | None = None
        power: Node | None = None
        if name == "log" and self.is_op("_"):
            self.advance()
            base = self.parse_arg()
        if self.is_op("^"):
            self.advance()
            power = self.parse_exponent()
        if self.is_op("("):
            self.advance()
            arg = self.parse_list((")",))
            self.expect_op(")")
        elif self.is_op("{"):
            arg = self.parse_group("{", "}")
        else:
            arg = self.parse_power()
            while self._starts_atom() and self.tok.kind != "FUNC":
                arg = ("mul", (arg, self.parse_power()))
        return ("func", name, arg, power, base)

    def _command(self, name: str) -> Node:
        if name == "frac":
            top = self.parse_arg()
            bottom = self.parse_arg()
            if _is_differential(top, bottom):
                if self.is_op("="):
                    return ("sym", "dy/dx")  # a label: \frac{dy}{dx} = 6x
                raise ParseError("unevaluated derivative")
            return ("div", top, bottom)
        if name == "sqrt":
            index = None
            if self.is_op("["):
                index = self.parse_group("[", "]")
            return ("sqrt", self.parse_arg(), index)
        if name == "binom":
            return ("binom", self.parse_arg(), self.parse_arg())
        if name == "mathbb":
            arg = self.parse_arg()
            if arg[0] == "sym" and arg[1] in ("R", "Z", "N", "Q", "C"):
                return ("const", "mathbb" + arg[1])
            raise ParseError("unknown \\mathbb set")
        if name == "emptyset":
            return ("const", "empty")
        if name in ("lfloor", "lceil"):
            closer = "rfloor" if name == "lfloor" else "rceil"
            inner = self.parse_list((closer,))
            if not (self.tok.kind == "CMD" and self.tok.value == closer):
                raise ParseError(f"missing \\{closer}")
            self.advance()
            return ("floor" if name == "lfloor" else "ceil", inner)
        if name == "begin":
            return self._matrix()
        raise ParseError(f"\\{name} is not allowed here")

    def _environment_name(self) -> str:
        self.expect_op("{")
        parts = []
        while not self.is_op("}"):
            t = self.advance()
            if t.kind == "EOF":
                raise ParseError("unclosed environment name")
            parts.append(t.text)
        self.advance()
        return "".join(parts)

    def _matrix(self) -> Node:
        env = self._environment_name()
        if env not in ("pmatrix", "bmatrix", "matrix", "Bmatrix", "array", "smallmatrix"):
            raise ParseError("unsupported environment")
        if env == "array" and self.is_op("{"):
            self._environment_name()  # column spec
        rows: list[tuple[Node, ...]] = []
        row: list[Node] = []
        while True:
            if self.tok.kind == "CMD" and self.tok.value == "hline":
                self.advance()
                continue
            if self.tok.kind == "CMD" and self.tok.value == "end":
                self.advance()
                if self._environment_name() != env:
                    raise ParseError("mismatched \\end")
                break
            if self.is_op("\\\\"):
                self.advance()
                if row:
                    rows.append(tuple(row))
                row = []
                continue
            row.append(self.parse_sum())
            if self.is_op("&"):
                self.advance()
            elif not (self.is_op("\\\\") or (self.tok.kind == "CMD" and self.tok.value == "end")):
                raise ParseError("bad matrix cell")
        if row:
            rows.append(tuple(row))
        if not rows or len({len(r) for r in rows}) != 1:
            raise ParseError("ragged or empty matrix")
        return ("matrix", tuple(rows))

    def _bracket(self, opener: str) -> Node:
        closers = _CLOSERS[opener]
        items = [self.parse_relation()]
        while self.is_op(",", ";"):
            self.advance()
            items.append(self.parse_relation())
        if not self.is_op(*closers):
            raise ParseError("unclosed bracket")
        closer = str(self.advance().value)
        if len(items) == 1:
            if (opener == "(" and closer == ")") or (opener == "[" and closer == "]"):
                return items[0]
            raise ParseError("mismatched brackets around one item")
        return ("bracket", opener, tuple(items), closer)


def _is_differential(top: Node, bottom: Node) -> bool:
    def starts_with_d(node: Node) -> bool:
        if node[0] == "sym":
            return node[1] == "d" or node[1] == "partial"
        if node[0] == "mul":
            return starts_with_d(node[1][0])
        if node[0] == "pow":
            return starts_with_d(node[1])
        return False

    return starts_with_d(top) and starts_with_d(bottom)


def parse(text: str) -> Node:
    """Parse normalised answer text into an AST; raises ParseError or BudgetExceeded."""
    tokens = tokenize(text)
    if tokens[0].kind == "EOF":
        raise ParseError("empty answer")
    parser = Parser(tokens)
    try:
        node = parser.parse_list(("EOF",))
    except RecursionError:
        raise BudgetExceeded("answer nested deeper than the parse budget") from None
    return node

"""Families over structures and simulations: intervals, matrices, expressions, walks, circles."""

from __future__ import annotations

import random

from verticals.tasks.code.family import Family, Variant
from verticals.tasks.code.gens import grid, intervals, ints, randint, text


def _span_intervals(rng: random.Random, n: int) -> tuple:
    return (intervals(rng, n, 10_000_000 if n > 1000 else 20),)


INTERVALS = Family(
    "intervals", "intervals", "overlap tests, merging, covered length, peak overlap, removals",
    {
        1: Variant(
            "`a` and `b` are closed intervals [start, end] with start <= end. Return True if "
            "they share at least one point, else False.",
            "overlaps", "a: list[int], b: list[int]", "bool",
            "def overlaps(a, b):\n    return a[0] <= b[1] and b[0] <= a[1]\n",
            lambda rng, n: tuple(intervals(rng, 2, 10 * n)),
            edge=(([1, 2], [2, 3]), ([1, 2], [3, 4]), ([0, 0], [0, 0])),
        ),
        2: Variant(
            "Merge the closed intervals [start, end] in `intervals` (in any order) that "
            "overlap or touch ([1, 2] and [2, 3] merge). Return the merged intervals sorted "
            "by start.",
            "merge_intervals", "intervals: list[list[int]]", "list[list[int]]",
            "def merge_intervals(intervals):\n"
            "    out = []\n"
            "    for s, e in sorted(intervals):\n"
            "        if out and s <= out[-1][1]:\n"
            "            out[-1][1] = max(out[-1][1], e)\n"
            "        else:\n"
            "            out.append([s, e])\n"
            "    return out\n",
            _span_intervals, edge=(([],), ([[1, 2], [2, 3]],), ([[5, 6], [1, 9]],)),
        ),
        3: Variant(
            "Return the total length covered by the union of the intervals [start, end] in "
            "`intervals` (each contributes end - start; overlaps count once).",
            "covered_length", "intervals: list[list[int]]", "int",
            "def covered_length(intervals):\n"
            "    total, cur = 0, None\n"
            "    for s, e in sorted(intervals):\n"
            "        if cur is None or s > cur[1]:\n"
            "            if cur:\n"
            "                total += cur[1] - cur[0]\n"
            "            cur = [s, e]\n"
            "        else:\n"
            "            cur[1] = max(cur[1], e)\n"
            "    return total + (cur[1] - cur[0] if cur else 0)\n",
            _span_intervals, edge=(([],), ([[1, 1]],), ([[0, 4], [2, 6], [8, 9]],)),
        ),
        4: Variant(
            "Return the largest number of the closed intervals [start, end] in `intervals` "
            "that share a common point (0 for no intervals). Up to 20000 intervals with "
            "coordinates up to 10**7.",
            "max_overlap", "intervals: list[list[int]]", "int",
            "def max_overlap(intervals):\n"
            "    events = []\n"
            "    for s, e in intervals:\n"
            "        events.append((s, 0))\n"
            "        events.append((e, 1))\n"
            "    events.sort()\n"
            "    best = cur = 0\n"
            "    for _, kind in events:\n"
            "        cur += 1 if kind == 0 else -1\n"
            "        best = max(best, cur)\n"
            "    return best\n",
            _span_intervals, edge=(([],), ([[1, 2], [2, 3]],), ([[1, 5], [2, 3], [4, 6]],)),
            max_size=15, big=20_000,
        ),
        5: Variant(
            "The intervals [start, end) in `intervals` are half-open, so [1, 2) and [2, 3) "
            "do not overlap. Return the fewest intervals to remove so that no two of the "
            "rest overlap. Up to 20000 intervals.",
            "min_removals", "intervals: list[list[int]]", "int",
            "def min_removals(intervals):\n"
            "    kept, end = 0, None\n"
            "    for s, e in sorted(intervals, key=lambda iv: iv[1]):\n"
            "        if end is None or s >= end:\n"
            "            kept += 1\n"
            "            end = e\n"
            "    return len(intervals) - kept\n",
            _span_intervals, edge=(([],), ([[1, 2], [2, 3]],), ([[1, 2], [1, 2], [1, 2]],)),
            max_size=15, big=20_000,
        ),
    },
)


def _matrix(rng: random.Random, n: int) -> tuple:
    rows = rng.randint(1, max(1, min(n, 6)))
    cols = rng.randint(1, max(1, min(n, 6)))
    return ([ints(rng, cols, -9, 9) for _ in range(rows)],)


def _square(rng: random.Random, n: int) -> tuple:
    k = rng.randint(1, max(1, min(n, 6)))
    return ([ints(rng, k, -9, 9) for _ in range(k)],)


def _two_matrices(rng: random.Random, n: int) -> tuple:
    a, b, c = (rng.randint(1, max(1, min(n, 5))) for _ in range(3))
    return ([ints(rng, b, -9, 9) for _ in range(a)], [ints(rng, c, -9, 9) for _ in range(b)])


def _ones(rng: random.Random, n: int) -> tuple:
    side = n if n > 100 else rng.randint(1, max(1, n))
    return (grid(rng, side, side, "01", [1, 6]),)


MATRICES = Family(
    "matrices", "matrices", "transpose, rotation, spiral order, products, largest square",
    {
        1: Variant(
            "Return the transpose of the rectangular matrix `m` (a non-empty list of "
            "equal-length non-empty rows).",
            "transpose", "m: list[list[int]]", "list[list[int]]",
            "def transpose(m):\n    return [list(col) for col in zip(*m)]\n",
            _matrix, edge=(([[1]],), ([[1, 2, 3]],)),
        ),
        2: Variant(
            "Return the square matrix `m` rotated 90 degrees clockwise (a new matrix).",
            "rotate", "m: list[list[int]]", "list[list[int]]",
            "def rotate(m):\n    return [list(row) for row in zip(*m[::-1])]\n",
            _square, edge=(([[1]],), ([[1, 2], [3, 4]],)),
        ),
        3: Variant(
            "Return the elements of the rectangular matrix `m` in clockwise spiral order, "
            "starting at the top-left corner and going right first.",
            "spiral", "m: list[list[int]]", "list[int]",
            "def spiral(m):\n"
            "    out = []\n"
            "    m = [list(r) for r in m]\n"
            "    while m:\n"
            "        out += m.pop(0)\n"
            "        m = [list(r) for r in zip(*m)][::-1]\n"
            "    return out\n",
            _matrix, edge=(([[1]],), ([[1], [2], [3]],), ([[1, 2], [3, 4]],)),
        ),
        4: Variant(
            "Return the matrix product a x b (a is r x k, b is k x c, all non-empty).",
            "mat_mul", "a: list[list[int]], b: list[list[int]]", "list[list[int]]",
            "def mat_mul(a, b):\n"
            "    cols = list(zip(*b))\n"
            "    return [[sum(x * y for x, y in zip(row, col)) for col in cols] for row in a]\n",
            _two_matrices, edge=(([[2]], [[3]]), ([[1, 2]], [[3], [4]])),
        ),
        5: Variant(
            "`grid` is a list of equal-length strings of '0' and '1'. Return the side of the "
            "largest square made only of '1's (0 if there is none). Grids up to 300 x 300.",
            "largest_square", "grid: list[str]", "int",
            "def largest_square(grid):\n"
            "    best = 0\n"
            "    prev = [0] * (len(grid[0]) + 1) if grid else []\n"
            "    for row in grid:\n"
            "        cur = [0]\n"
            "        for j, ch in enumerate(row):\n"
            "            v = min(prev[j], prev[j + 1], cur[j]) + 1 if ch == '1' else 0\n"
            "            cur.append(v)\n"
            "            best = max(best, v)\n"
            "        prev = cur\n"
            "    return best\n",
            _ones, edge=((["0"],), (["1"],), (["11", "11"],)), max_size=8, big=300,
        ),
    },
)


def _expr(rng: random.Random, n: int, ops: str, parens: bool, unary: bool, spaces: bool) -> str:
    def term(budget: int, depth: int) -> str:
        if parens and depth < 3 and budget > 1 and rng.random() < 0.3:
            inner = expr(budget - 1, depth + 1)
            out = f"({inner})"
        else:
            out = str(rng.randint(0, 20))
        if unary and rng.random() < 0.2:
            out = "-" + out
        return out

    def expr(budget: int, depth: int) -> str:
        parts = [term(budget, depth)]
        for _ in range(rng.randint(0, max(0, budget - 1))):
            sep = " " if spaces and rng.random() < 0.5 else ""
            parts.append(f"{sep}{rng.choice(ops)}{sep}{term(budget // 2, depth)}")
        return "".join(parts)

    return expr(max(1, n), 0)


def _make_expr_gen(ops: str, parens: bool = False, unary: bool = False, spaces: bool = False):
    def gen(rng: random.Random, n: int) -> tuple:
        for _ in range(50):
            s = _expr(rng, n, ops, parens, unary, spaces)
            if "/" not in ops or _divides_safely(s):
                return (s,)
        return ("1",)
    return gen


def _divides_safely(s: str) -> bool:
    try:
        value = _py_eval(s)
    except ZeroDivisionError:
        return False
    return abs(value) < 10**30


def _py_eval(s: str) -> int:
    import ast

    tree = ast.parse(s.replace("/", "//"), mode="eval")
    return int(_walk(tree.body))


def _walk(node):  # evaluates the generator's own expressions (ints, + - * //, unary -)
    import ast

    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp):
        return -_walk(node.operand)
    left, right = _walk(node.left), _walk(node.right)
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return left * right
    return left // right


_PARSER = (
    "def {name}(s):\n"
    "    toks, i = [], 0\n"
    "    while i < len(s):\n"
    "        if s[i].isdigit():\n"
    "            j = i\n"
    "            while j < len(s) and s[j].isdigit():\n"
    "                j += 1\n"
    "            toks.append(int(s[i:j]))\n"
    "            i = j\n"
    "        elif s[i] != ' ':\n"
    "            toks.append(s[i])\n"
    "            i += 1\n"
    "        else:\n"
    "            i += 1\n"
    "    pos = [0]\n"
    "    def peek():\n"
    "        return toks[pos[0]] if pos[0] < len(toks) else None\n"
    "    def take():\n"
    "        pos[0] += 1\n"
    "        return toks[pos[0] - 1]\n"
    "    def atom():\n"
    "        t = take()\n"
    "        if t == '-':\n"
    "            return -atom()\n"
    "        if t == '(':\n"
    "            v = expr()\n"
    "            take()\n"
    "            return v\n"
    "        return t\n"
    "    def term():\n"
    "        v = atom()\n"
    "        while peek() in ('*', '/'):\n"
    "            if take() == '*':\n"
    "                v *= atom()\n"
    "            else:\n"
    "                v //= atom()\n"
    "        return v\n"
    "    def expr():\n"
    "        v = term()\n"
    "        while peek() in ('+', '-'):\n"
    "            if take() == '+':\n"
    "                v += term()\n"
    "            else:\n"
    "                v -= term()\n"
    "        return v\n"
    "    return expr()\n"
)

EXPRESSION_PARSING = Family(
    "expression-parsing", "parsing", "sums, signs, precedence, parentheses, unary minus",
    {
        1: Variant(
            "`s` is non-negative integers joined by '+' with no spaces, e.g. '3+40+5'. "
            "Return its value.",
            "eval_sum", "s: str", "int",
            "def eval_sum(s):\n    return sum(int(p) for p in s.split('+'))\n",
            _make_expr_gen("+"), edge=(("0",), ("7",), ("10+20",)),
        ),
        2: Variant(
            "`s` is non-negative integers joined by '+' and '-', with spaces possibly around "
            "the operators, e.g. '12 - 3+4'. Evaluate left to right and return the value.",
            "eval_add_sub", "s: str", "int",
            _PARSER.format(name="eval_add_sub"),
            _make_expr_gen("+-", spaces=True), edge=(("0",), ("1 - 2 - 3",), ("5",)),
        ),
        3: Variant(
            "`s` is non-negative integers joined by '+', '-' and '*' (spaces possible). "
            "'*' binds tighter than '+' and '-'; operators of equal precedence go left to "
            "right. Return the value, e.g. '2+3*4-1' -> 13.",
            "eval_precedence", "s: str", "int",
            _PARSER.format(name="eval_precedence"),
            _make_expr_gen("+-*", spaces=True), edge=(("2+3*4-1",), ("0*5",), ("7",)),
        ),
        4: Variant(
            "`s` is an arithmetic expression of non-negative integers, '+', '-', '*', and "
            "parentheses (spaces possible), with the usual precedence; equal precedence goes "
            "left to right. Return its value, e.g. '2*(3+4)' -> 14.",
            "eval_parens", "s: str", "int",
            _PARSER.format(name="eval_parens"),
            _make_expr_gen("+-*", parens=True, spaces=True),
            edge=(("(1)",), ("2*(3+4)",), ("((2))-(3-4)",)),
        ),
        5: Variant(
            "`s` is an arithmetic expression of non-negative integers with '+', '-', '*', "
            "'/', parentheses and unary minus (a '-' directly before a number or '(', which "
            "applies to that number or group only: '-2*3' is (-2)*3 and '2*-3' is 2*(-3)), "
            "spaces possible. '/' is floor division as in Python's // (-7/2 is -4), with "
            "the precedence of '*'. Return the value; no division by zero occurs.",
            "eval_full", "s: str", "int",
            _PARSER.format(name="eval_full"),
            _make_expr_gen("+-*/", parens=True, unary=True, spaces=True),
            edge=(("-7/2",), ("-(2+3)*-2",), ("8/3/2",)),
        ),
    },
)


def _moves(rng: random.Random, n: int) -> tuple:
    return (text(rng, n, "UDLR"),)


def _obstacle_walk(rng: random.Random, n: int) -> tuple:
    moves = text(rng, n, "UDLR")
    span = max(2, int(n**0.5))
    obstacles = [[randint(rng, -span, span), randint(rng, -span, span)]
                 for _ in range(max(1, n // 10 if n > 1000 else n))]
    obstacles = [o for o in obstacles if o != [0, 0]]
    return (moves, obstacles)


def _commands(rng: random.Random, n: int) -> tuple:
    out = []
    for _ in range(n):
        k = rng.randint(1, 4)
        out.append((str(k) if k > 1 else "") + rng.choice("UDLR"))
    return ("".join(out),)


ROBOT_WALK = Family(
    "robot-walk", "simulation", "grid walks: positions, returns, visited cells, obstacles",
    {
        1: Variant(
            "A robot starts at [0, 0]. Each character of `moves` moves it one step: 'U' is "
            "y + 1, 'D' is y - 1, 'R' is x + 1, 'L' is x - 1. Return its final [x, y].",
            "final_position", "moves: str", "list[int]",
            "def final_position(moves):\n"
            "    x = moves.count('R') - moves.count('L')\n"
            "    y = moves.count('U') - moves.count('D')\n"
            "    return [x, y]\n",
            _moves, edge=(("",), ("UDLR",)),
        ),
        2: Variant(
            "A robot starts at [0, 0] and follows `moves` ('U' y+1, 'D' y-1, 'R' x+1, "
            "'L' x-1). Return how many times it is back at [0, 0] right after a move.",
            "returns_to_origin", "moves: str", "int",
            "def returns_to_origin(moves):\n"
            "    step = {'U': (0, 1), 'D': (0, -1), 'R': (1, 0), 'L': (-1, 0)}\n"
            "    x = y = count = 0\n"
            "    for m in moves:\n"
            "        dx, dy = step[m]\n"
            "        x, y = x + dx, y + dy\n"
            "        count += x == 0 and y == 0\n"
            "    return count\n",
            lambda rng, n: ("".join(rng.choice("UDUDLR") for _ in range(n)),),
            edge=(("",), ("UD",), ("UDUD",)),
        ),
        3: Variant(
            "A robot starts at [0, 0] and follows `moves` ('U' y+1, 'D' y-1, 'R' x+1, "
            "'L' x-1). Return how many distinct cells it visits, the start included.",
            "distinct_cells", "moves: str", "int",
            "def distinct_cells(moves):\n"
            "    step = {'U': (0, 1), 'D': (0, -1), 'R': (1, 0), 'L': (-1, 0)}\n"
            "    x = y = 0\n"
            "    seen = {(0, 0)}\n"
            "    for m in moves:\n"
            "        dx, dy = step[m]\n"
            "        x, y = x + dx, y + dy\n"
            "        seen.add((x, y))\n"
            "    return len(seen)\n",
            _moves, edge=(("",), ("UDUD",), ("URDL",)),
        ),
        4: Variant(
            "A robot starts at [0, 0] and follows `moves` ('U' y+1, 'D' y-1, 'R' x+1, "
            "'L' x-1), but a move into a cell listed in `obstacles` ([x, y] pairs) is "
            "skipped (the robot stays). Return its final [x, y]. Up to 100000 moves and "
            "10000 obstacles.",
            "walk_with_obstacles", "moves: str, obstacles: list[list[int]]", "list[int]",
            "def walk_with_obstacles(moves, obstacles):\n"
            "    step = {'U': (0, 1), 'D': (0, -1), 'R': (1, 0), 'L': (-1, 0)}\n"
            "    blocked = {(a, b) for a, b in obstacles}\n"
            "    x = y = 0\n"
            "    for m in moves:\n"
            "        dx, dy = step[m]\n"
            "        if (x + dx, y + dy) not in blocked:\n"
            "            x, y = x + dx, y + dy\n"
            "    return [x, y]\n",
            _obstacle_walk, edge=(("", []), ("RR", [[1, 0]]), ("UUU", [[0, 2]])),
            max_size=15, big=100_000,
        ),
        5: Variant(
            "A robot starts at [0, 0]. `commands` is a sequence of moves 'U' 'D' 'L' 'R' "
            "(y+1, y-1, x-1, x+1), each optionally preceded by a repeat count (a positive "
            "decimal number: '3U2R' is UUURR). Return the first cell [x, y] the robot "
            "enters for a second time (the start counts as visited), or None if it never "
            "does.",
            "first_revisit", "commands: str", "list[int] | None",
            "def first_revisit(commands):\n"
            "    step = {'U': (0, 1), 'D': (0, -1), 'R': (1, 0), 'L': (-1, 0)}\n"
            "    x = y = 0\n"
            "    seen = {(0, 0)}\n"
            "    count = ''\n"
            "    for ch in commands:\n"
            "        if ch.isdigit():\n"
            "            count += ch\n"
            "            continue\n"
            "        dx, dy = step[ch]\n"
            "        for _ in range(int(count or 1)):\n"
            "            x, y = x + dx, y + dy\n"
            "            if (x, y) in seen:\n"
            "                return [x, y]\n"
            "            seen.add((x, y))\n"
            "        count = ''\n"
            "    return None\n",
            _commands, edge=(("",), ("2RL",), ("12U",), ("URDL",)),
        ),
    },
)

JOSEPHUS = Family(
    "josephus", "simulation", "counting-out circles: survivors, orders, varying steps",
    {
        1: Variant(
            "People 1..n stand in a circle. Starting from person 1, every second person is "
            "removed (2 first, then 4, ...) until one is left. Return that person (n >= 1).",
            "last_standing", "n: int", "int",
            "def last_standing(n):\n"
            "    people = list(range(1, n + 1))\n"
            "    i = 0\n"
            "    while len(people) > 1:\n"
            "        i = (i + 1) % len(people)\n"
            "        people.pop(i)\n"
            "    return people[0]\n",
            lambda rng, n: (rng.randint(1, 5 * n),), edge=((1,), (2,), (7,)),
        ),
        2: Variant(
            "People 1..n stand in a circle. Counting starts at person 1; every k-th person "
            "counted is removed, and counting resumes with the next one. Return the last "
            "person left (n >= 1, k >= 1).",
            "josephus", "n: int, k: int", "int",
            "def josephus(n, k):\n"
            "    pos = 0\n"
            "    for size in range(2, n + 1):\n"
            "        pos = (pos + k) % size\n"
            "    return pos + 1\n",
            lambda rng, n: (rng.randint(1, 5 * n), rng.randint(1, 6)),
            edge=((1, 5), (5, 1), (7, 3)),
        ),
        3: Variant(
            "People 1..n stand in a circle. Counting starts at person 1; every k-th person "
            "counted is removed, and counting resumes with the next one. Return the people "
            "in the order they are removed, the last one left included at the end.",
            "elimination_order", "n: int, k: int", "list[int]",
            "def elimination_order(n, k):\n"
            "    people = list(range(1, n + 1))\n"
            "    out, i = [], 0\n"
            "    while people:\n"
            "        i = (i + k - 1) % len(people)\n"
            "        out.append(people.pop(i))\n"
            "    return out\n",
            lambda rng, n: (rng.randint(1, 3 * n), rng.randint(1, 6)),
            edge=((1, 1), (5, 2), (7, 3)),
        ),
        4: Variant(
            "People 1..n stand in a circle. Counting starts at person 1. The j-th removal "
            "(j = 0, 1, ...) uses the step ks[j % len(ks)]: that many people are counted "
            "and the last one counted is removed; counting resumes with the next one. "
            "Return the last person left (n >= 1; ks non-empty, each >= 1).",
            "varying_steps", "n: int, ks: list[int]", "int",
            "def varying_steps(n, ks):\n"
            "    people = list(range(1, n + 1))\n"
            "    i, j = 0, 0\n"
            "    while len(people) > 1:\n"
            "        i = (i + ks[j % len(ks)] - 1) % len(people)\n"
            "        people.pop(i)\n"
            "        j += 1\n"
            "    return people[0]\n",
            lambda rng, n: (rng.randint(1, 4 * n), ints(rng, rng.randint(1, 3), 1, 5)),
            edge=((1, [3]), (4, [1]), (6, [2, 3])),
        ),
        5: Variant(
            "People 1..n stand in a circle (n >= 2). Counting starts at person 1; every "
            "k-th person counted is removed, and counting resumes with the next one. Return "
            "[the second-to-last person removed, the last person left]. n may be 200000 "
            "and k up to 10**9.",
            "last_two", "n: int, k: int", "list[int]",
            "def last_two(n, k):\n"
            "    b = (k - 1) % 2\n"
            "    a = 1 - b\n"
            "    for size in range(3, n + 1):\n"
            "        a = (a + k) % size\n"
            "        b = (b + k) % size\n"
            "    return [b + 1, a + 1]\n",
            lambda rng, n: (rng.randint(2, max(2, 4 * n)),
                            rng.randint(1, 10**9 if n > 1000 else 6)),
            edge=((2, 1), (2, 2), (3, 1), (5, 2)), max_size=15, big=200_000,
        ),
    },
)

FAMILIES = [INTERVALS, MATRICES, EXPRESSION_PARSING, ROBOT_WALK, JOSEPHUS]

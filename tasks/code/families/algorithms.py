"""Algorithm families: coins, knapsacks, edit distances, grid paths, BFS, graphs, greedy."""

from __future__ import annotations

import random

from verticals.tasks.code.family import Family, Variant
from verticals.tasks.code.gens import grid, ints, randint, text


def _coins(rng: random.Random, n: int, big: bool = False) -> list[int]:
    return sorted(rng.sample(range(1, 30 if not big else 60), rng.randint(1, 5)))


COIN_CHANGE = Family(
    "coin-change", "dynamic programming", "greedy change, fewest coins, ways, limited coins",
    {
        1: Variant(
            "Return the fewest US coins (1, 5, 10 and 25 cents) that make `amount` cents "
            "(amount >= 0).",
            "us_coins", "amount: int", "int",
            "def us_coins(amount):\n"
            "    count = 0\n"
            "    for c in (25, 10, 5, 1):\n"
            "        count += amount // c\n"
            "        amount %= c\n"
            "    return count\n",
            lambda rng, n: (rng.randint(0, 30 * n),), edge=((0,), (4,), (99,)),
        ),
        2: Variant(
            "Return the fewest coins with values from `coins` (distinct positive values, "
            "each usable any number of times) that add up to `amount`, or -1 if that is "
            "impossible. An amount of 0 needs 0 coins.",
            "min_coins", "coins: list[int], amount: int", "int",
            "def min_coins(coins, amount):\n"
            "    inf = amount + 1\n"
            "    best = [0] + [inf] * amount\n"
            "    for a in range(1, amount + 1):\n"
            "        for c in coins:\n"
            "            if c <= a and best[a - c] + 1 < best[a]:\n"
            "                best[a] = best[a - c] + 1\n"
            "    return best[amount] if best[amount] < inf else -1\n",
            lambda rng, n: (_coins(rng, n), rng.randint(0, 10 * n)),
            edge=(([2], 3), ([1], 0), ([3, 4], 6), ([1, 3, 4], 6)),
        ),
        3: Variant(
            "Return the number of ways to make `amount` from coins with values in `coins` "
            "(distinct positive values, any number of each). Ways differing only in the "
            "order of coins are the same way; amount 0 has one way.",
            "count_ways", "coins: list[int], amount: int", "int",
            "def count_ways(coins, amount):\n"
            "    ways = [1] + [0] * amount\n"
            "    for c in coins:\n"
            "        for a in range(c, amount + 1):\n"
            "            ways[a] += ways[a - c]\n"
            "    return ways[amount]\n",
            lambda rng, n: (_coins(rng, n), rng.randint(0, 10 * n)),
            edge=(([2], 3), ([1, 2, 5], 5), ([7], 0)),
        ),
        4: Variant(
            "Return the number of ways, modulo 1000000007, to make `amount` (up to 100000) "
            "from coins with values in `coins` (distinct positive values, any number of "
            "each); order does not matter and amount 0 has one way.",
            "count_ways_mod", "coins: list[int], amount: int", "int",
            "def count_ways_mod(coins, amount):\n"
            "    mod = 1000000007\n"
            "    ways = [1] + [0] * amount\n"
            "    for c in coins:\n"
            "        for a in range(c, amount + 1):\n"
            "            ways[a] = (ways[a] + ways[a - c]) % mod\n"
            "    return ways[amount]\n",
            lambda rng, n: (_coins(rng, n, big=n > 1000),
                            rng.randint(n // 2, 10 * n if n < 1000 else n)),
            edge=(([2], 3), ([1], 100000)), max_size=15, big=100_000,
        ),
        5: Variant(
            "Coin value coins[i] may be used at most counts[i] times. Return the fewest "
            "coins that add up to `amount` (up to 2000), or -1 if impossible.",
            "min_coins_limited", "coins: list[int], counts: list[int], amount: int", "int",
            "def min_coins_limited(coins, counts, amount):\n"
            "    inf = float('inf')\n"
            "    best = [0] + [inf] * amount\n"
            "    for c, k in zip(coins, counts):\n"
            "        for _ in range(k):\n"
            "            for a in range(amount, c - 1, -1):\n"
            "                if best[a - c] + 1 < best[a]:\n"
            "                    best[a] = best[a - c] + 1\n"
            "    return best[amount] if best[amount] != inf else -1\n",
            lambda rng, n: _limited(rng, n), edge=(([5], [1], 10), ([1, 2], [3, 1], 5)),
            max_size=12, big=2000,
        ),
    },
)


def _limited(rng: random.Random, n: int) -> tuple:
    coins = sorted(rng.sample(range(1, 40), rng.randint(1, 5)))
    counts = [rng.randint(1, 10) for _ in coins]
    return (coins, counts, rng.randint(0, n if n > 100 else 10 * n))


def _weights_values(rng: random.Random, n: int) -> tuple:
    w = ints(rng, n, 1, 20)
    v = ints(rng, n, 1, 30)
    return (w, v, rng.randint(0, 10 * n))


KNAPSACK = Family(
    "knapsack", "dynamic programming", "subset sums, 0/1 knapsack, counting, partitions",
    {
        1: Variant(
            "Return True if some subset of `nums` (positive integers, each used at most "
            "once) adds up exactly to `target` (the empty subset adds up to 0), else False.",
            "subset_sum", "nums: list[int], target: int", "bool",
            "def subset_sum(nums, target):\n"
            "    reach = {0}\n"
            "    for x in nums:\n"
            "        reach |= {r + x for r in reach if r + x <= target}\n"
            "    return target in reach\n",
            lambda rng, n: (ints(rng, n, 1, 20), rng.randint(0, 10 * n)),
            edge=(([], 0), ([], 3), ([5], 5)),
        ),
        2: Variant(
            "Item i has weight weights[i] and value values[i]. Choose items (each at most "
            "once) of total weight at most `capacity` and return the largest total value.",
            "knapsack", "weights: list[int], values: list[int], capacity: int", "int",
            "def knapsack(weights, values, capacity):\n"
            "    best = [0] * (capacity + 1)\n"
            "    for w, v in zip(weights, values):\n"
            "        for c in range(capacity, w - 1, -1):\n"
            "            best[c] = max(best[c], best[c - w] + v)\n"
            "    return best[capacity]\n",
            _weights_values, edge=(([], [], 5), ([3], [4], 2), ([1, 2], [3, 3], 3)),
        ),
        3: Variant(
            "Return how many subsets of `nums` (positive integers; subsets are sets of "
            "positions, so equal values at different positions make different subsets) add "
            "up to `target`. The empty subset adds up to 0.",
            "count_subsets", "nums: list[int], target: int", "int",
            "def count_subsets(nums, target):\n"
            "    ways = [1] + [0] * target\n"
            "    for x in nums:\n"
            "        for t in range(target, x - 1, -1):\n"
            "            ways[t] += ways[t - x]\n"
            "    return ways[target]\n",
            lambda rng, n: (ints(rng, n, 1, 8), rng.randint(0, 4 * n)),
            edge=(([], 0), ([1, 1], 1), ([2], 3)),
        ),
        4: Variant(
            "Return True if `nums` (up to 200 positive integers of at most 100) can be split "
            "into two groups with equal sums, else False.",
            "can_partition", "nums: list[int]", "bool",
            "def can_partition(nums):\n"
            "    total = sum(nums)\n"
            "    if total % 2:\n"
            "        return False\n"
            "    bits = 1\n"
            "    for x in nums:\n"
            "        bits |= bits << x\n"
            "    return bool(bits >> (total // 2) & 1)\n",
            lambda rng, n: (_partition_nums(rng, n),), edge=(([],), ([1],), ([1, 5, 11, 5],)),
            max_size=15, big=200,
        ),
        5: Variant(
            "Item i has weight weights[i] and value values[i], and each item may be taken "
            "any number of times. Return the largest total value of weight at most "
            "`capacity` (up to 10000).",
            "unbounded_knapsack", "weights: list[int], values: list[int], capacity: int", "int",
            "def unbounded_knapsack(weights, values, capacity):\n"
            "    best = [0] * (capacity + 1)\n"
            "    for c in range(1, capacity + 1):\n"
            "        for w, v in zip(weights, values):\n"
            "            if w <= c and best[c - w] + v > best[c]:\n"
            "                best[c] = best[c - w] + v\n"
            "    return best[capacity]\n",
            lambda rng, n: _unbounded(rng, n), edge=(([], [], 3), ([2], [3], 5)),
            max_size=10, big=10_000,
        ),
    },
)


def _partition_nums(rng: random.Random, n: int) -> list[int]:
    nums = ints(rng, n, 1, 100)
    if n > 100 and sum(nums) % 2 == 0 and rng.random() < 0.5:
        nums[-1] += 1  # an odd total is quick; keep most large cases even
    if n > 100 and sum(nums) % 2:
        nums[0] += 1
    return nums


def _unbounded(rng: random.Random, n: int) -> tuple:
    k = rng.randint(1, 20 if n > 100 else 5)
    big = n > 100
    weights = ints(rng, k, 37 if big else 1, 400 if big else 15)
    return (weights, ints(rng, k, 1, 500), rng.randint(0, n if big else 10 * n))


EDIT_DISTANCE = Family(
    "edit-distance", "dynamic programming", "common prefixes, LCS, edit distances, counting",
    {
        1: Variant(
            "Return the longest common prefix of all strings in `words` ('' for an empty "
            "list).",
            "common_prefix", "words: list[str]", "str",
            "def common_prefix(words):\n"
            "    if not words:\n"
            "        return ''\n"
            "    prefix = words[0]\n"
            "    for w in words[1:]:\n"
            "        while not w.startswith(prefix):\n"
            "            prefix = prefix[:-1]\n"
            "    return prefix\n",
            lambda rng, n: (_prefixed(rng, n),), edge=(([],), ([""],), (["ab", "abc", "a"],)),
        ),
        2: Variant(
            "Return the length of the longest common subsequence of `a` and `b` (characters "
            "kept in order, not necessarily adjacent).",
            "lcs_length", "a: str, b: str", "int",
            "def lcs_length(a, b):\n"
            "    prev = [0] * (len(b) + 1)\n"
            "    for ca in a:\n"
            "        cur = [0]\n"
            "        for j, cb in enumerate(b):\n"
            "            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))\n"
            "        prev = cur\n"
            "    return prev[-1]\n",
            lambda rng, n: (text(rng, n, "abc"), text(rng, rng.randint(0, n), "abc")),
            edge=(("", ""), ("abc", ""), ("abc", "abc")),
        ),
        3: Variant(
            "Return the edit distance between `a` and `b`: the fewest single-character "
            "insertions, deletions and substitutions that turn `a` into `b`.",
            "edit_distance", "a: str, b: str", "int",
            "def edit_distance(a, b):\n"
            "    prev = list(range(len(b) + 1))\n"
            "    for i, ca in enumerate(a, 1):\n"
            "        cur = [i]\n"
            "        for j, cb in enumerate(b, 1):\n"
            "            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))\n"
            "        prev = cur\n"
            "    return prev[-1]\n",
            lambda rng, n: (text(rng, n, "abc"), text(rng, rng.randint(0, n), "abc")),
            edge=(("", ""), ("", "abc"), ("kitten", "sitting")),
        ),
        4: Variant(
            "Turn `a` into `b` with single-character insertions (cost 1), deletions (cost "
            "1) and substitutions (cost 2). Return the least total cost. Strings of up to "
            "400 characters.",
            "weighted_edit", "a: str, b: str", "int",
            "def weighted_edit(a, b):\n"
            "    prev = list(range(len(b) + 1))\n"
            "    for i, ca in enumerate(a, 1):\n"
            "        cur = [i]\n"
            "        for j, cb in enumerate(b, 1):\n"
            "            cur.append(min(prev[j] + 1, cur[j - 1] + 1,\n"
            "                           prev[j - 1] + (0 if ca == cb else 2)))\n"
            "        prev = cur\n"
            "    return prev[-1]\n",
            lambda rng, n: (text(rng, n, "abcd"), text(rng, rng.randint(max(0, n - 5), n), "abcd")),
            edge=(("", ""), ("a", "b"), ("ab", "ba")), max_size=12, big=400,
        ),
        5: Variant(
            "Return how many ways `t` occurs in `s` as a subsequence (a choice of positions "
            "in s, increasing, spelling t), modulo 1000000007. The empty t occurs once. "
            "`s` up to 2000 characters, `t` up to 100.",
            "count_subsequences", "s: str, t: str", "int",
            "def count_subsequences(s, t):\n"
            "    mod = 1000000007\n"
            "    ways = [1] + [0] * len(t)\n"
            "    for ch in s:\n"
            "        for j in range(len(t), 0, -1):\n"
            "            if t[j - 1] == ch:\n"
            "                ways[j] = (ways[j] + ways[j - 1]) % mod\n"
            "    return ways[len(t)]\n",
            lambda rng, n: (text(rng, n, "ab"), text(rng, _t_len(rng, n), "ab")),
            edge=(("", ""), ("abc", ""), ("rabbbit", "rabbit")), max_size=14, big=2000,
        ),
    },
)


def _t_len(rng: random.Random, n: int) -> int:
    return rng.randint(0, max(1, min(100, n // 10 if n > 100 else n // 2)))


def _prefixed(rng: random.Random, n: int) -> list[str]:
    stem = text(rng, rng.randint(0, 4), "ab")
    return [stem + text(rng, rng.randint(0, 3), "ab") for _ in range(n)]


def _maze(rng: random.Random, n: int, wall: int = 3) -> list[str]:
    rows, cols = (n, n) if n > 50 else (rng.randint(1, max(1, n)), rng.randint(1, max(1, n)))
    return grid(rng, rows, cols, ".#", [10 - wall, wall])


def _weights_grid(rng: random.Random, n: int) -> tuple:
    rows, cols = (n, n) if n > 50 else (rng.randint(1, max(1, n)), rng.randint(1, max(1, n)))
    return ([ints(rng, cols, 1, 9) for _ in range(rows)],)


GRID_PATHS = Family(
    "grid-paths", "dynamic programming", "lattice paths, obstacles, cheapest paths",
    {
        1: Variant(
            "Return the number of paths from the top-left to the bottom-right cell of a "
            "rows x cols grid moving only right or down (rows, cols >= 1).",
            "count_paths", "rows: int, cols: int", "int",
            "def count_paths(rows, cols):\n"
            "    from math import comb\n"
            "    return comb(rows + cols - 2, rows - 1)\n",
            lambda rng, n: (rng.randint(1, 2 * n), rng.randint(1, 2 * n)), edge=((1, 1), (1, 9)),
        ),
        2: Variant(
            "`grid` is a list of equal-length strings, '.' free and '#' blocked. Return the "
            "number of paths from the top-left to the bottom-right cell moving only right or "
            "down through free cells (0 if either corner is blocked).",
            "count_open_paths", "grid: list[str]", "int",
            "def count_open_paths(grid):\n"
            "    cols = len(grid[0])\n"
            "    ways = [0] * cols\n"
            "    ways[0] = 1\n"
            "    for row in grid:\n"
            "        for j, ch in enumerate(row):\n"
            "            if ch == '#':\n"
            "                ways[j] = 0\n"
            "            elif j:\n"
            "                ways[j] += ways[j - 1]\n"
            "    return ways[-1]\n",
            lambda rng, n: (_maze(rng, min(n, 8), 2),), edge=((["."],), (["#"],), ([".#", ".."],)),
        ),
        3: Variant(
            "`grid` is a non-empty matrix of non-negative integers. Return the smallest sum "
            "of the cells on a path from the top-left to the bottom-right cell moving only "
            "right or down (both ends included).",
            "min_path_sum", "grid: list[list[int]]", "int",
            "def min_path_sum(grid):\n"
            "    best = None\n"
            "    for row in grid:\n"
            "        cur = []\n"
            "        for j, v in enumerate(row):\n"
            "            options = [x for x in ((best[j] if best else None), (cur[j - 1] if j"
            " else None)) if x is not None]\n"
            "            cur.append(v + (min(options) if options else 0))\n"
            "        best = cur\n"
            "    return best[-1]\n",
            lambda rng, n: _weights_grid(rng, min(n, 8)), edge=(([[5]],), ([[1, 2], [3, 4]],)),
        ),
        4: Variant(
            "`grid` is a list of equal-length strings, '.' free and '#' blocked, up to "
            "300 x 300. Return the number of right/down paths from the top-left to the "
            "bottom-right cell through free cells, modulo 1000000007.",
            "count_paths_mod", "grid: list[str]", "int",
            "def count_paths_mod(grid):\n"
            "    mod = 1000000007\n"
            "    ways = [0] * len(grid[0])\n"
            "    ways[0] = 1\n"
            "    for row in grid:\n"
            "        for j, ch in enumerate(row):\n"
            "            if ch == '#':\n"
            "                ways[j] = 0\n"
            "            elif j:\n"
            "                ways[j] = (ways[j] + ways[j - 1]) % mod\n"
            "    return ways[-1]\n",
            lambda rng, n: (_maze(rng, n, 1),), edge=((["."],), ([".#", "#."],)),
            max_size=8, big=300,
        ),
        5: Variant(
            "`grid` is a matrix of positive integers, up to 100 x 100. Moving up, down, left "
            "or right, return the smallest sum of the cells on a path from the top-left to "
            "the bottom-right cell (both ends included).",
            "cheapest_path", "grid: list[list[int]]", "int",
            "def cheapest_path(grid):\n"
            "    import heapq\n"
            "    rows, cols = len(grid), len(grid[0])\n"
            "    dist = {(0, 0): grid[0][0]}\n"
            "    heap = [(grid[0][0], 0, 0)]\n"
            "    while heap:\n"
            "        d, r, c = heapq.heappop(heap)\n"
            "        if (r, c) == (rows - 1, cols - 1):\n"
            "            return d\n"
            "        if d > dist[(r, c)]:\n"
            "            continue\n"
            "        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):\n"
            "            if 0 <= nr < rows and 0 <= nc < cols:\n"
            "                nd = d + grid[nr][nc]\n"
            "                if nd < dist.get((nr, nc), float('inf')):\n"
            "                    dist[(nr, nc)] = nd\n"
            "                    heapq.heappush(heap, (nd, nr, nc))\n"
            "    return -1\n",
            _weights_grid, edge=(([[7]],), ([[1, 9, 1], [1, 9, 1], [1, 1, 1]],)),
            max_size=8, big=100,
        ),
    },
)


def _islands(rng: random.Random, n: int) -> tuple:
    return (grid(rng, rng.randint(1, n), rng.randint(1, n), ".#", [6, 4]),)


def _se_maze(rng: random.Random, n: int, wall: int = 3) -> list[str]:
    g = [list(r) for r in _maze(rng, max(2, n), wall)]
    cells = [(r, c) for r in range(len(g)) for c in range(len(g[0]))]
    if len(cells) < 2:
        g = [list(".."), list("..")]
        cells = [(0, 0), (0, 1), (1, 0), (1, 1)]
    (a, b), (c, d) = rng.sample(cells, 2)
    g[a][b], g[c][d] = "S", "E"
    return ["".join(r) for r in g]


def _goals(rng: random.Random, n: int) -> tuple:
    rows, cols = (n, n) if n > 50 else (rng.randint(1, n), rng.randint(1, n))
    return (grid(rng, rows, cols, ".#G", [70, 25, 1 if n > 50 else 8]),)


_BFS = (
    "    from collections import deque\n"
    "    rows, cols = len(grid), len(grid[0])\n"
)

GRID_BFS = Family(
    "grid-bfs", "graphs and BFS", "islands, shortest paths, multi-source BFS, wall breaking",
    {
        1: Variant(
            "`grid` is a list of equal-length strings, '#' land and '.' water. Return the "
            "number of islands: groups of land cells connected up, down, left or right.",
            "count_islands", "grid: list[str]", "int",
            "def count_islands(grid):\n"
            + _BFS +
            "    seen, count = set(), 0\n"
            "    for r in range(rows):\n"
            "        for c in range(cols):\n"
            "            if grid[r][c] == '#' and (r, c) not in seen:\n"
            "                count += 1\n"
            "                seen.add((r, c))\n"
            "                q = deque([(r, c)])\n"
            "                while q:\n"
            "                    y, x = q.popleft()\n"
            "                    for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):\n"
            "                        if 0 <= ny < rows and 0 <= nx < cols and grid[ny][nx] == '#'"
            " and (ny, nx) not in seen:\n"
            "                            seen.add((ny, nx))\n"
            "                            q.append((ny, nx))\n"
            "    return count\n",
            _islands, edge=(([".."],), (["#"],), (["#.", ".#"],)),
        ),
        2: Variant(
            "`grid` is a list of equal-length strings, '#' land and '.' water. Return the "
            "number of cells of the largest island (land connected up, down, left or "
            "right), or 0 if there is no land.",
            "largest_island", "grid: list[str]", "int",
            "def largest_island(grid):\n"
            + _BFS +
            "    seen, best = set(), 0\n"
            "    for r in range(rows):\n"
            "        for c in range(cols):\n"
            "            if grid[r][c] == '#' and (r, c) not in seen:\n"
            "                seen.add((r, c))\n"
            "                q, size = deque([(r, c)]), 0\n"
            "                while q:\n"
            "                    y, x = q.popleft()\n"
            "                    size += 1\n"
            "                    for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):\n"
            "                        if 0 <= ny < rows and 0 <= nx < cols and grid[ny][nx] == '#'"
            " and (ny, nx) not in seen:\n"
            "                            seen.add((ny, nx))\n"
            "                            q.append((ny, nx))\n"
            "                best = max(best, size)\n"
            "    return best\n",
            _islands, edge=(([".."],), (["##", "#."],)),
        ),
        3: Variant(
            "`grid` is a list of equal-length strings with one 'S', one 'E', free cells '.' "
            "and walls '#'. Moving up, down, left or right through non-wall cells, return "
            "the fewest moves from S to E, or -1 if E cannot be reached.",
            "shortest_path", "grid: list[str]", "int",
            "def shortest_path(grid):\n"
            + _BFS +
            "    start = next((r, c) for r in range(rows) for c in range(cols) if grid[r][c] =="
            " 'S')\n"
            "    dist = {start: 0}\n"
            "    q = deque([start])\n"
            "    while q:\n"
            "        y, x = q.popleft()\n"
            "        if grid[y][x] == 'E':\n"
            "            return dist[(y, x)]\n"
            "        for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):\n"
            "            if 0 <= ny < rows and 0 <= nx < cols and grid[ny][nx] != '#' and (ny,"
            " nx) not in dist:\n"
            "                dist[(ny, nx)] = dist[(y, x)] + 1\n"
            "                q.append((ny, nx))\n"
            "    return -1\n",
            lambda rng, n: (_se_maze(rng, n),), edge=((["SE"],), (["S#E"],), (["S.", "#E"],)),
        ),
        4: Variant(
            "`grid` is a list of equal-length strings of '.', '#' (walls) and 'G' (goals), "
            "up to 200 x 200. For every '.' cell from which some G can be reached (moving up, "
            "down, left or right through non-wall cells), take its distance in moves to the "
            "nearest G; return the sum of those distances.",
            "goal_distance_sum", "grid: list[str]", "int",
            "def goal_distance_sum(grid):\n"
            + _BFS +
            "    dist = {}\n"
            "    q = deque()\n"
            "    for r in range(rows):\n"
            "        for c in range(cols):\n"
            "            if grid[r][c] == 'G':\n"
            "                dist[(r, c)] = 0\n"
            "                q.append((r, c))\n"
            "    while q:\n"
            "        y, x = q.popleft()\n"
            "        for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):\n"
            "            if 0 <= ny < rows and 0 <= nx < cols and grid[ny][nx] == '.' and (ny,"
            " nx) not in dist:\n"
            "                dist[(ny, nx)] = dist[(y, x)] + 1\n"
            "                q.append((ny, nx))\n"
            "    return sum(dist.values())\n",
            _goals, edge=((["."],), (["G.#."],)), max_size=8, big=200,
        ),
        5: Variant(
            "`grid` is a list of equal-length strings with one 'S', one 'E', free cells '.' "
            "and walls '#', up to 150 x 150. Moving up, down, left or right, you may pass "
            "through at most one wall cell in total. Return the fewest moves from S to E, "
            "or -1 if impossible.",
            "shortest_with_break", "grid: list[str]", "int",
            "def shortest_with_break(grid):\n"
            + _BFS +
            "    start = next((r, c) for r in range(rows) for c in range(cols) if grid[r][c] =="
            " 'S')\n"
            "    seen = {(start[0], start[1], 0)}\n"
            "    q = deque([(start[0], start[1], 0, 0)])\n"
            "    while q:\n"
            "        y, x, used, d = q.popleft()\n"
            "        if grid[y][x] == 'E':\n"
            "            return d\n"
            "        for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):\n"
            "            if 0 <= ny < rows and 0 <= nx < cols:\n"
            "                nu = used + (grid[ny][nx] == '#')\n"
            "                if nu <= 1 and (ny, nx, nu) not in seen:\n"
            "                    seen.add((ny, nx, nu))\n"
            "                    q.append((ny, nx, nu, d + 1))\n"
            "    return -1\n",
            lambda rng, n: (_se_maze(rng, n, 4),), edge=((["S#E"],), (["S##E"],)),
            max_size=8, big=150,
        ),
    },
)


def _edges(rng: random.Random, n: int, m: int, directed: bool = False) -> list[list[int]]:
    out = []
    for _ in range(m):
        a, b = randint(rng, 0, n - 1), randint(rng, 0, n - 1)
        if a != b:
            out.append([a, b])
    return out


def _dag(rng: random.Random, n: int) -> tuple:
    k = rng.randint(1, n)
    order = list(range(k))
    rng.shuffle(order)
    edges = []
    for _ in range(rng.randint(0, 2 * k)):
        i, j = sorted(rng.sample(range(k), 2)) if k > 1 else (0, 0)
        if i != j:
            edges.append([order[i], order[j]])
    if rng.random() < 0.25 and k > 2:
        edges.append([order[-1], order[0]])  # a cycle
    return (k, edges)


def _graph(rng: random.Random, n: int) -> tuple:
    k = n if n > 100 else rng.randint(1, n)
    return (k, _edges(rng, k, rng.randint(0, 2 * k)))


def _weighted(rng: random.Random, n: int) -> tuple:
    k = n if n > 100 else rng.randint(1, n)
    edges = [[*e, randint(rng, 1, 20)] for e in _edges(rng, k, rng.randint(0, 4 * k))]
    return (k, edges, rng.randrange(k))


GRAPHS = Family(
    "graphs", "graphs and BFS", "components, bipartiteness, topological order, shortest paths",
    {
        1: Variant(
            "A graph has nodes 0..n-1 and undirected edges [u, v]. Return its number of "
            "connected components.",
            "count_components", "n: int, edges: list[list[int]]", "int",
            "def count_components(n, edges):\n"
            "    parent = list(range(n))\n"
            "    def find(x):\n"
            "        while parent[x] != x:\n"
            "            parent[x] = parent[parent[x]]\n"
            "            x = parent[x]\n"
            "        return x\n"
            "    count = n\n"
            "    for a, b in edges:\n"
            "        ra, rb = find(a), find(b)\n"
            "        if ra != rb:\n"
            "            parent[ra] = rb\n"
            "            count -= 1\n"
            "    return count\n",
            _graph, edge=((1, []), (3, [[0, 1], [1, 0]]), (4, [])),
        ),
        2: Variant(
            "A graph has nodes 0..n-1 and undirected edges [u, v] (no self-loops). Return "
            "True if its nodes can be coloured with two colours so that every edge joins "
            "different colours, else False.",
            "is_bipartite", "n: int, edges: list[list[int]]", "bool",
            "def is_bipartite(n, edges):\n"
            "    adj = [[] for _ in range(n)]\n"
            "    for a, b in edges:\n"
            "        adj[a].append(b)\n"
            "        adj[b].append(a)\n"
            "    color = [-1] * n\n"
            "    for s in range(n):\n"
            "        if color[s] >= 0:\n"
            "            continue\n"
            "        color[s] = 0\n"
            "        stack = [s]\n"
            "        while stack:\n"
            "            u = stack.pop()\n"
            "            for v in adj[u]:\n"
            "                if color[v] < 0:\n"
            "                    color[v] = 1 - color[u]\n"
            "                    stack.append(v)\n"
            "                elif color[v] == color[u]:\n"
            "                    return False\n"
            "    return True\n",
            _graph, edge=((1, []), (3, [[0, 1], [1, 2], [2, 0]]), (2, [[0, 1]])),
        ),
        3: Variant(
            "Tasks 0..n-1 have prerequisites: an edge [u, v] means u must come before v. "
            "Return any order of all n tasks that respects every edge, or [] if there is "
            "none (the edges form a cycle). Any valid order is accepted.",
            "task_order", "n: int, edges: list[list[int]]", "list[int]",
            "def task_order(n, edges):\n"
            "    indeg = [0] * n\n"
            "    adj = [[] for _ in range(n)]\n"
            "    for a, b in edges:\n"
            "        adj[a].append(b)\n"
            "        indeg[b] += 1\n"
            "    ready = [v for v in range(n) if indeg[v] == 0]\n"
            "    order = []\n"
            "    while ready:\n"
            "        u = ready.pop()\n"
            "        order.append(u)\n"
            "        for v in adj[u]:\n"
            "            indeg[v] -= 1\n"
            "            if indeg[v] == 0:\n"
            "                ready.append(v)\n"
            "    return order if len(order) == n else []\n",
            _dag, edge=((1, []), (2, [[0, 1], [1, 0]]), (3, [[2, 1], [1, 0]])),
            judge="topological_order",
        ),
        4: Variant(
            "A graph has nodes 0..n-1 and undirected edges [u, v]. Return, for every node, "
            "the fewest edges on a path from `source` to it, or -1 if it cannot be reached. "
            "Up to 20000 nodes and 40000 edges.",
            "bfs_distances", "n: int, edges: list[list[int]], source: int", "list[int]",
            "def bfs_distances(n, edges, source):\n"
            "    from collections import deque\n"
            "    adj = [[] for _ in range(n)]\n"
            "    for a, b in edges:\n"
            "        adj[a].append(b)\n"
            "        adj[b].append(a)\n"
            "    dist = [-1] * n\n"
            "    dist[source] = 0\n"
            "    q = deque([source])\n"
            "    while q:\n"
            "        u = q.popleft()\n"
            "        for v in adj[u]:\n"
            "            if dist[v] < 0:\n"
            "                dist[v] = dist[u] + 1\n"
            "                q.append(v)\n"
            "    return dist\n",
            lambda rng, n: (*_graph(rng, n), 0), edge=((1, [], 0), (3, [[1, 2]], 0)),
            max_size=12, big=20_000,
        ),
        5: Variant(
            "A graph has nodes 0..n-1 and directed edges [u, v, w] of positive weight w. "
            "Return, for every node, the least total weight of a path from `source` to it, "
            "or -1 if it cannot be reached. Up to 5000 nodes and 20000 edges.",
            "shortest_weights", "n: int, edges: list[list[int]], source: int", "list[int]",
            "def shortest_weights(n, edges, source):\n"
            "    import heapq\n"
            "    adj = [[] for _ in range(n)]\n"
            "    for a, b, w in edges:\n"
            "        adj[a].append((b, w))\n"
            "    dist = [-1] * n\n"
            "    heap = [(0, source)]\n"
            "    while heap:\n"
            "        d, u = heapq.heappop(heap)\n"
            "        if dist[u] >= 0:\n"
            "            continue\n"
            "        dist[u] = d\n"
            "        for v, w in adj[u]:\n"
            "            if dist[v] < 0:\n"
            "                heapq.heappush(heap, (d + w, v))\n"
            "    return dist\n",
            _weighted, edge=((1, [], 0), (3, [[0, 1, 5], [0, 2, 1], [2, 1, 1]], 0)),
            max_size=12, big=5000,
        ),
    },
)


def _jumps(rng: random.Random, n: int, reachable: bool = False) -> tuple:
    nums = ints(rng, max(1, n), 0, 3)
    if reachable:
        nums = [max(1, x) for x in nums]
    return (nums,)


def _stations(rng: random.Random, n: int) -> tuple:
    gas = ints(rng, n, 0, 10)
    cost = ints(rng, n, 0, 10)
    return (gas, cost)


def _events(rng: random.Random, n: int) -> tuple:
    span = 100_000 if n > 1000 else 3 * n
    out = []
    for _ in range(n):
        a = randint(rng, 1, span)
        out.append([a, a + randint(rng, 0, 10)])
    return (out,)


GREEDY = Family(
    "greedy-scheduling", "greedy", "meetings, jump games, gas stations, event attendance",
    {
        1: Variant(
            "`meetings` are half-open intervals [start, end) (start < end). Return the "
            "largest number of them that can be attended with no two overlapping (one may "
            "start exactly when another ends).",
            "max_meetings", "meetings: list[list[int]]", "int",
            "def max_meetings(meetings):\n"
            "    count, end = 0, None\n"
            "    for s, e in sorted(meetings, key=lambda m: m[1]):\n"
            "        if end is None or s >= end:\n"
            "            count += 1\n"
            "            end = e\n"
            "    return count\n",
            lambda rng, n: ([[a, a + rng.randint(1, 5)] for a in ints(rng, n, 0, 20)],),
            edge=(([],), ([[1, 2], [2, 3]],), ([[1, 5], [2, 3], [3, 4]],)),
        ),
        2: Variant(
            "You start at index 0 of `nums`; from index i you may jump forward by up to "
            "nums[i] places. Return True if you can reach the last index, else False.",
            "can_reach_end", "nums: list[int]", "bool",
            "def can_reach_end(nums):\n"
            "    far = 0\n"
            "    for i, x in enumerate(nums):\n"
            "        if i > far:\n"
            "            return False\n"
            "        far = max(far, i + x)\n"
            "    return True\n",
            lambda rng, n: _jumps(rng, n), edge=(([0],), ([0, 1],), ([2, 0, 0],)),
        ),
        3: Variant(
            "You start at index 0 of `nums` (all entries >= 1); from index i you may jump "
            "forward by up to nums[i] places. Return the fewest jumps to reach the last "
            "index.",
            "min_jumps", "nums: list[int]", "int",
            "def min_jumps(nums):\n"
            "    jumps, end, far = 0, 0, 0\n"
            "    for i in range(len(nums) - 1):\n"
            "        far = max(far, i + nums[i])\n"
            "        if i == end:\n"
            "            jumps += 1\n"
            "            end = far\n"
            "    return jumps\n",
            lambda rng, n: _jumps(rng, n, reachable=True), edge=(([1],), ([2, 3, 1, 1, 4],)),
        ),
        4: Variant(
            "Stations 0..n-1 stand on a circular road. Station i gives gas[i] units; driving "
            "from station i to the next costs cost[i]. Starting with an empty tank at some "
            "station, you must drive once around (the tank may never go negative). Return the "
            "smallest starting index that works, or -1 if none does. Up to 100000 stations.",
            "start_station", "gas: list[int], cost: list[int]", "int",
            "def start_station(gas, cost):\n"
            "    n = len(gas)\n"
            "    pre = [0]\n"
            "    for g, c in zip(gas, cost):\n"
            "        pre.append(pre[-1] + g - c)\n"
            "    if pre[-1] < 0:\n"
            "        return -1\n"
            "    suffix_min = pre[:]\n"
            "    for i in range(n - 1, -1, -1):\n"
            "        suffix_min[i] = min(pre[i], suffix_min[i + 1])\n"
            "    prefix_min = 0\n"
            "    for s in range(n):\n"
            "        if suffix_min[s] >= pre[s] and pre[n] - pre[s] + prefix_min >= 0:\n"
            "            return s\n"
            "        prefix_min = min(prefix_min, pre[s + 1])\n"
            "    return -1\n",
            _stations, edge=(([1], [1]), ([1, 2], [2, 1]), ([2, 0, 1], [1, 1, 1])),
            max_size=12, big=100_000,
        ),
        5: Variant(
            "`events` are [start_day, end_day] (inclusive). You may attend one event per day, "
            "and attend an event on any single day within its range. Return the largest "
            "number of events you can attend. Up to 20000 events.",
            "max_events", "events: list[list[int]]", "int",
            "def max_events(events):\n"
            "    import heapq\n"
            "    events = sorted(events)\n"
            "    heap, i, day, count = [], 0, 0, 0\n"
            "    n = len(events)\n"
            "    while i < n or heap:\n"
            "        if not heap:\n"
            "            day = max(day, events[i][0])\n"
            "        while i < n and events[i][0] <= day:\n"
            "            heapq.heappush(heap, events[i][1])\n"
            "            i += 1\n"
            "        while heap and heap[0] < day:\n"
            "            heapq.heappop(heap)\n"
            "        if heap:\n"
            "            heapq.heappop(heap)\n"
            "            count += 1\n"
            "            day += 1\n"
            "    return count\n",
            _events, edge=(([],), ([[1, 1], [1, 1]],), ([[1, 2], [2, 3], [3, 4], [1, 2]],)),
            max_size=12, big=20_000,
        ),
    },
)

FAMILIES = [COIN_CHANGE, KNAPSACK, EDIT_DISTANCE, GRID_PATHS, GRID_BFS, GRAPHS, GREEDY]

"""List families: running sums, sliding windows, binary search, sorting with keys, trading."""

from __future__ import annotations

import random

from verticals.tasks.code.family import Family, Variant
from verticals.tasks.code.gens import ints, randint, text, words


def _nums_k(rng: random.Random, n: int) -> tuple:
    nums = ints(rng, n, -10, 10)
    return (nums, rng.randint(-5, 10))


RUNNING_SUMS = Family(
    "running-sums", "lists", "sums, prefix sums, best subarray, counting subarrays",
    {
        1: Variant(
            "Return the sum of the integers in `nums` (0 for an empty list).",
            "total", "nums: list[int]", "int",
            "def total(nums):\n"
            "    s = 0\n"
            "    for x in nums:\n"
            "        s += x\n"
            "    return s\n",
            lambda rng, n: (ints(rng, n),), edge=(([],), ([7],), ([-3, 3],)),
        ),
        2: Variant(
            "Return the running sums of `nums`: element i of the result is "
            "nums[0] + ... + nums[i].",
            "prefix_sums", "nums: list[int]", "list[int]",
            "def prefix_sums(nums):\n"
            "    out, s = [], 0\n"
            "    for x in nums:\n"
            "        s += x\n"
            "        out.append(s)\n"
            "    return out\n",
            lambda rng, n: (ints(rng, n),), edge=(([],), ([5],), ([0, 0],)),
        ),
        3: Variant(
            "Return the largest sum of a non-empty contiguous run of `nums` (which is not "
            "empty; all elements may be negative).",
            "max_subarray", "nums: list[int]", "int",
            "def max_subarray(nums):\n"
            "    best = cur = nums[0]\n"
            "    for x in nums[1:]:\n"
            "        cur = max(x, cur + x)\n"
            "        best = max(best, cur)\n"
            "    return best\n",
            lambda rng, n: (ints(rng, n),), edge=(([-5],), ([-2, -1],), ([3, -1, 3],)),
        ),
        4: Variant(
            "Count the non-empty contiguous runs of `nums` whose sum is exactly `k`. `nums` "
            "may hold 20000 elements.",
            "count_sum_k", "nums: list[int], k: int", "int",
            "def count_sum_k(nums, k):\n"
            "    seen = {0: 1}\n"
            "    s = count = 0\n"
            "    for x in nums:\n"
            "        s += x\n"
            "        count += seen.get(s - k, 0)\n"
            "        seen[s] = seen.get(s, 0) + 1\n"
            "    return count\n",
            _nums_k, edge=(([], 0), ([0, 0, 0], 0), ([5], 5)), max_size=15, big=20_000,
        ),
        5: Variant(
            "Count the non-empty contiguous runs of `nums` whose sum is divisible by `k` "
            "(k >= 1; negative sums count too: -6 is divisible by 3). `nums` may hold 50000 "
            "elements.",
            "count_divisible", "nums: list[int], k: int", "int",
            "def count_divisible(nums, k):\n"
            "    seen = {0: 1}\n"
            "    s = count = 0\n"
            "    for x in nums:\n"
            "        s = (s + x) % k\n"
            "        count += seen.get(s, 0)\n"
            "        seen[s] = seen.get(s, 0) + 1\n"
            "    return count\n",
            lambda rng, n: (ints(rng, n, -20, 20), rng.randint(1, 9)),
            edge=(([], 3), ([4], 1), ([-6, 3], 3)), max_size=15, big=50_000,
        ),
    },
)


def _distinct_window(rng: random.Random, n: int) -> tuple:
    return (text(rng, n, "abcd"), rng.randint(1, 3))


SLIDING_WINDOW = Family(
    "sliding-window", "lists", "window sums, unique runs, window maxima, distinct counts",
    {
        1: Variant(
            "Return the largest sum of `k` consecutive elements of `nums` "
            "(1 <= k <= len(nums)).",
            "max_window_sum", "nums: list[int], k: int", "int",
            "def max_window_sum(nums, k):\n"
            "    s = sum(nums[:k])\n"
            "    best = s\n"
            "    for i in range(k, len(nums)):\n"
            "        s += nums[i] - nums[i - k]\n"
            "        best = max(best, s)\n"
            "    return best\n",
            lambda rng, n: (ints(rng, n), rng.randint(1, n)), edge=(([4], 1), ([-1, -2], 2)),
        ),
        2: Variant(
            "Return the length of the longest substring of `s` with no repeated character.",
            "longest_unique", "s: str", "int",
            "def longest_unique(s):\n"
            "    last, lo, best = {}, 0, 0\n"
            "    for i, ch in enumerate(s):\n"
            "        if last.get(ch, -1) >= lo:\n"
            "            lo = last[ch] + 1\n"
            "        last[ch] = i\n"
            "        best = max(best, i - lo + 1)\n"
            "    return best\n",
            lambda rng, n: (text(rng, n, "abcde"),), edge=(("",), ("aaaa",), ("abcabc",)),
        ),
        3: Variant(
            "Return the maximum of every window of `k` consecutive elements of `nums`, "
            "left to right (1 <= k <= len(nums)).",
            "window_max", "nums: list[int], k: int", "list[int]",
            "def window_max(nums, k):\n"
            "    from collections import deque\n"
            "    q, out = deque(), []\n"
            "    for i, x in enumerate(nums):\n"
            "        while q and nums[q[-1]] <= x:\n"
            "            q.pop()\n"
            "        q.append(i)\n"
            "        if q[0] <= i - k:\n"
            "            q.popleft()\n"
            "        if i >= k - 1:\n"
            "            out.append(nums[q[0]])\n"
            "    return out\n",
            lambda rng, n: (ints(rng, n), rng.randint(1, n)), edge=(([1], 1), ([3, 1, 2], 3)),
        ),
        4: Variant(
            "Return the length of the longest substring of `s` holding at most `k` distinct "
            "characters (k >= 1). `s` may hold 100000 characters.",
            "longest_k_distinct", "s: str, k: int", "int",
            "def longest_k_distinct(s, k):\n"
            "    counts, lo, best = {}, 0, 0\n"
            "    for i, ch in enumerate(s):\n"
            "        counts[ch] = counts.get(ch, 0) + 1\n"
            "        while len(counts) > k:\n"
            "            c = s[lo]\n"
            "            counts[c] -= 1\n"
            "            if not counts[c]:\n"
            "                del counts[c]\n"
            "            lo += 1\n"
            "        best = max(best, i - lo + 1)\n"
            "    return best\n",
            _distinct_window, edge=(("", 1), ("aaa", 1), ("abc", 5)), max_size=20, big=100_000,
        ),
        5: Variant(
            "Count the non-empty contiguous runs of `nums` that hold exactly `k` distinct "
            "values (k >= 1). `nums` may hold 100000 elements.",
            "count_exactly_k", "nums: list[int], k: int", "int",
            "def count_exactly_k(nums, k):\n"
            "    def at_most(m):\n"
            "        counts, lo, total = {}, 0, 0\n"
            "        for i, x in enumerate(nums):\n"
            "            counts[x] = counts.get(x, 0) + 1\n"
            "            while len(counts) > m:\n"
            "                y = nums[lo]\n"
            "                counts[y] -= 1\n"
            "                if not counts[y]:\n"
            "                    del counts[y]\n"
            "                lo += 1\n"
            "            total += i - lo + 1\n"
            "        return total\n"
            "    return at_most(k) - at_most(k - 1)\n",
            lambda rng, n: (ints(rng, n, 1, 4), rng.randint(1, 3)),
            edge=(([], 1), ([1, 1], 1), ([1, 2, 1, 2, 3], 2)), max_size=15, big=100_000,
        ),
    },
)


def _sorted_distinct(rng: random.Random, n: int) -> tuple:
    nums = sorted(rng.sample(range(-100, 100), n))
    target = rng.choice(nums) if nums and rng.random() < 0.6 else rng.randint(-100, 100)
    return (nums, target)


def _ranges(rng: random.Random, n: int) -> tuple:
    nums = ints(rng, n, 0, 30)
    queries = []
    for _ in range(rng.randint(1, 4)):
        a = rng.randint(-2, 30)
        queries.append([a, a + rng.randint(-1, 10)])
    return (nums, queries)


def _ship(rng: random.Random, n: int) -> tuple:
    weights = ints(rng, n, 1, 10_000 if n > 1000 else 20)
    return (weights, rng.randint(1, max(1, n // 3 if n > 1000 else n)))


BINARY_SEARCH = Family(
    "binary-search", "searching", "lookups, bounds, range counts, integer roots, capacities",
    {
        1: Variant(
            "`nums` is sorted in increasing order with distinct values. Return the index of "
            "`target` in `nums`, or -1 if it is absent.",
            "find_index", "nums: list[int], target: int", "int",
            "def find_index(nums, target):\n"
            "    lo, hi = 0, len(nums) - 1\n"
            "    while lo <= hi:\n"
            "        mid = (lo + hi) // 2\n"
            "        if nums[mid] == target:\n"
            "            return mid\n"
            "        if nums[mid] < target:\n"
            "            lo = mid + 1\n"
            "        else:\n"
            "            hi = mid - 1\n"
            "    return -1\n",
            _sorted_distinct, edge=(([], 3), ([3], 3), ([1, 2], 5)),
        ),
        2: Variant(
            "`nums` is sorted in non-decreasing order (duplicates allowed). Return the first "
            "index i with nums[i] >= target, or len(nums) if there is none.",
            "lower_bound", "nums: list[int], target: int", "int",
            "def lower_bound(nums, target):\n"
            "    lo, hi = 0, len(nums)\n"
            "    while lo < hi:\n"
            "        mid = (lo + hi) // 2\n"
            "        if nums[mid] < target:\n"
            "            lo = mid + 1\n"
            "        else:\n"
            "            hi = mid\n"
            "    return lo\n",
            lambda rng, n: (sorted(ints(rng, n, 0, 10)), rng.randint(-1, 11)),
            edge=(([], 0), ([2, 2, 2], 2), ([1, 2], 3)),
        ),
        3: Variant(
            "For each query [lo, hi] in `queries`, count the elements x of `nums` (unsorted) "
            "with lo <= x <= hi. Return the counts in query order (an empty range, hi < lo, "
            "counts 0).",
            "count_in_ranges", "nums: list[int], queries: list[list[int]]", "list[int]",
            "def count_in_ranges(nums, queries):\n"
            "    from bisect import bisect_left, bisect_right\n"
            "    s = sorted(nums)\n"
            "    return [max(0, bisect_right(s, hi) - bisect_left(s, lo)) for lo, hi in queries]\n",
            _ranges, edge=(([], [[0, 5]]), ([3, 3], [[3, 3], [4, 2]])),
        ),
        4: Variant(
            "Return the integer square root of `n`: the largest integer r with r * r <= n "
            "(n >= 0, up to 10**40). Floating point is not precise enough at that size.",
            "int_sqrt", "n: int", "int",
            "def int_sqrt(n):\n"
            "    if n < 2:\n"
            "        return n\n"
            "    x = 1 << ((n.bit_length() + 1) // 2)\n"
            "    while True:\n"
            "        y = (x + n // x) // 2\n"
            "        if y >= x:\n"
            "            return x\n"
            "        x = y\n",
            lambda rng, n: (_square_ish(rng, n),), edge=((0,), (1,), (3,), (4,), (10**40,)),
            max_size=20, big=40,
        ),
        5: Variant(
            "Packages with weights `weights` must be shipped in the given order within "
            "`days` days; each day the ship takes a run of consecutive packages whose total "
            "weight is at most its capacity. Return the least capacity that works. "
            "`weights` may hold 20000 packages of up to 10000 each.",
            "ship_capacity", "weights: list[int], days: int", "int",
            "def ship_capacity(weights, days):\n"
            "    lo, hi = max(weights), sum(weights)\n"
            "    while lo < hi:\n"
            "        mid = (lo + hi) // 2\n"
            "        need, load = 1, 0\n"
            "        for w in weights:\n"
            "            if load + w > mid:\n"
            "                need += 1\n"
            "                load = 0\n"
            "            load += w\n"
            "        if need <= days:\n"
            "            hi = mid\n"
            "        else:\n"
            "            lo = mid + 1\n"
            "    return lo\n",
            _ship, edge=(([5], 1), ([1, 2, 3], 3), ([3, 2, 2, 4, 1, 4], 3)),
            max_size=12, big=20_000,
        ),
    },
)


def _square_ish(rng: random.Random, digits: int) -> int:
    root = rng.randint(0, 10 ** max(1, digits // 2 + (digits % 2)))
    return max(0, root * root + rng.randint(-2, 2 * root + 1))


def _records(rng: random.Random, n: int) -> tuple:
    return ([[w, rng.randint(0, 5)] for w in words(rng, n)],)


def _versions(rng: random.Random, n: int) -> tuple:
    out = []
    for _ in range(n):
        parts = [str(rng.randint(0, 12)) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.2:
            parts.append("0")
        out.append(".".join(parts))
    return (out,)


def _points(rng: random.Random, n: int) -> tuple:
    span = 1000 if n > 1000 else 5
    pts = [[randint(rng, -span, span), randint(rng, -span, span)] for _ in range(n)]
    return (pts, rng.randint(1, n))


SORT_RECORDS = Family(
    "sort-records", "sorting with keys", "multi-key sorts, ranks, versions, nearest points",
    {
        1: Variant(
            "Return `words` sorted by length, shortest first; words of equal length in "
            "alphabetical order.",
            "sort_by_length", "words: list[str]", "list[str]",
            "def sort_by_length(words):\n    return sorted(words, key=lambda w: (len(w), w))\n",
            lambda rng, n: (words(rng, n),), edge=(([],), (["b", "a", "b"],)),
        ),
        2: Variant(
            "`records` is a list of [name, score] pairs. Return the names ordered by score, "
            "highest first; equal scores by name in alphabetical order.",
            "rank_names", "records: list[list]", "list[str]",
            "def rank_names(records):\n"
            "    return [n for n, s in sorted(records, key=lambda r: (-r[1], r[0]))]\n",
            _records, edge=(([],), ([["b", 1], ["a", 1]],)),
        ),
        3: Variant(
            "Return the dense rank of each score in `scores`, in input order: the highest "
            "score has rank 1, equal scores share a rank, and the next lower score has the "
            "next rank (no gaps).",
            "dense_rank", "scores: list[int]", "list[int]",
            "def dense_rank(scores):\n"
            "    order = {s: i + 1 for i, s in enumerate(sorted(set(scores), reverse=True))}\n"
            "    return [order[s] for s in scores]\n",
            lambda rng, n: (ints(rng, n, 0, 8),), edge=(([],), ([5, 5],), ([1, 2, 3],)),
        ),
        4: Variant(
            "Sort version strings such as '1.10.2' by their numeric components, compared "
            "left to right as integers ('1.2' < '1.10'); a missing component counts as 0, "
            "so '1.0' and '1' are equal, and equal versions keep their input order.",
            "sort_versions", "versions: list[str]", "list[str]",
            "def sort_versions(versions):\n"
            "    def key(v):\n"
            "        parts = [int(p) for p in v.split('.')]\n"
            "        while parts and parts[-1] == 0:\n"
            "            parts.pop()\n"
            "        return parts\n"
            "    return sorted(versions, key=key)\n",
            _versions, edge=(([],), (["1.0", "1", "0.9"],), (["2", "10", "1.10", "1.9"],)),
        ),
        5: Variant(
            "Return the `k` points of `points` ([x, y] pairs) closest to the origin "
            "(Euclidean distance), ordered by distance, then x, then y. Points may repeat; "
            "`points` may hold 20000 points.",
            "k_closest", "points: list[list[int]], k: int", "list[list[int]]",
            "def k_closest(points, k):\n"
            "    best = sorted(points, key=lambda p: (p[0] * p[0] + p[1] * p[1], p[0], p[1]))\n"
            "    return [list(p) for p in best[:k]]\n",
            _points, edge=(([[0, 0]], 1), ([[1, 0], [0, 1], [-1, 0]], 2)),
            max_size=10, big=20_000,
        ),
    },
)


def _prices(rng: random.Random, n: int) -> tuple:
    return (ints(rng, n, 1, 10_000 if n > 1000 else 30),)


STOCK_TRADING = Family(
    "stock-trading", "greedy and dynamic programming", "best trades under growing rules",
    {
        1: Variant(
            "`prices[i]` is a stock's price on day i. Buy on one day and sell on a later "
            "day; return the largest profit, or 0 if no trade makes money.",
            "best_profit", "prices: list[int]", "int",
            "def best_profit(prices):\n"
            "    low, best = float('inf'), 0\n"
            "    for p in prices:\n"
            "        low = min(low, p)\n"
            "        best = max(best, p - low)\n"
            "    return int(best)\n",
            _prices, edge=(([],), ([5],), ([5, 4, 3],)),
        ),
        2: Variant(
            "`prices[i]` is a stock's price on day i. You may trade as often as you like but "
            "hold at most one share at a time (sell before buying again, same-day sell and "
            "buy allowed). Return the largest total profit.",
            "profit_unlimited", "prices: list[int]", "int",
            "def profit_unlimited(prices):\n"
            "    return sum(max(0, b - a) for a, b in zip(prices, prices[1:]))\n",
            _prices, edge=(([],), ([1, 5, 3, 6],)),
        ),
        3: Variant(
            "`prices[i]` is a stock's price on day i. Trade as often as you like, holding at "
            "most one share, but every sale costs `fee`. Return the largest total profit.",
            "profit_with_fee", "prices: list[int], fee: int", "int",
            "def profit_with_fee(prices, fee):\n"
            "    cash, hold = 0, float('-inf')\n"
            "    for p in prices:\n"
            "        cash, hold = max(cash, hold + p - fee), max(hold, cash - p)\n"
            "    return int(cash)\n",
            lambda rng, n: (*_prices(rng, n), rng.randint(0, 5)), edge=(([], 1), ([1, 3, 2, 8], 2)),
        ),
        4: Variant(
            "`prices[i]` is a stock's price on day i. Make at most two trades (buy then "
            "sell; the second buy after the first sale, possibly the same day). Return the "
            "largest total profit. `prices` may hold 20000 days.",
            "profit_two", "prices: list[int]", "int",
            "def profit_two(prices):\n"
            "    b1 = b2 = float('-inf')\n"
            "    s1 = s2 = 0\n"
            "    for p in prices:\n"
            "        b1 = max(b1, -p)\n"
            "        s1 = max(s1, b1 + p)\n"
            "        b2 = max(b2, s1 - p)\n"
            "        s2 = max(s2, b2 + p)\n"
            "    return int(s2)\n",
            _prices, edge=(([],), ([3, 3, 5, 0, 0, 3, 1, 4],)), max_size=15, big=20_000,
        ),
        5: Variant(
            "`prices[i]` is a stock's price on day i. Make at most `k` trades (each a buy "
            "then a later sale, never holding two shares). Return the largest total profit. "
            "Up to 2000 days and k up to 50.",
            "profit_k", "prices: list[int], k: int", "int",
            "def profit_k(prices, k):\n"
            "    if not prices or k == 0:\n"
            "        return 0\n"
            "    buy = [float('-inf')] * (k + 1)\n"
            "    sell = [0] * (k + 1)\n"
            "    for p in prices:\n"
            "        for j in range(1, k + 1):\n"
            "            buy[j] = max(buy[j], sell[j - 1] - p)\n"
            "            sell[j] = max(sell[j], buy[j] + p)\n"
            "    return int(sell[k])\n",
            lambda rng, n: (*_prices(rng, n), rng.randint(0, 50 if n > 1000 else 3)),
            edge=(([], 2), ([3, 2, 6, 5, 0, 3], 2), ([1, 2], 0)), max_size=12, big=2000,
        ),
    },
)

FAMILIES = [RUNNING_SUMS, SLIDING_WINDOW, BINARY_SEARCH, SORT_RECORDS, STOCK_TRADING]

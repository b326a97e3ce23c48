"""Statistics: means, medians, spreads, moving windows; answers are floats, compared within
a tolerance of 1e-6 (relative or absolute), as each prompt says."""

from __future__ import annotations

import random

from verticals.tasks.code.family import Family, Variant
from verticals.tasks.code.gens import ints

TOL = 1e-6
_NOTE = " Answers within 1e-6 (relative or absolute) of the exact value are accepted."


def _nums(rng: random.Random, n: int) -> tuple:
    return (ints(rng, max(1, n), -1000, 1000),)


STATISTICS = Family(
    "statistics", "statistics and floats", "means, medians, deviations, moving windows",
    {
        1: Variant(
            "Return the arithmetic mean of `nums` (not empty) as a float." + _NOTE,
            "mean", "nums: list[int]", "float",
            "def mean(nums):\n    return sum(nums) / len(nums)\n",
            _nums, edge=(([5],), ([-1, 1],), ([1, 2],)), float_tol=TOL,
        ),
        2: Variant(
            "Return the median of `nums` (not empty) as a float: the middle value of the "
            "sorted list, or the mean of the two middle values when the length is even."
            + _NOTE,
            "median", "nums: list[int]", "float",
            "def median(nums):\n"
            "    s = sorted(nums)\n"
            "    mid = len(s) // 2\n"
            "    return float(s[mid]) if len(s) % 2 else (s[mid - 1] + s[mid]) / 2\n",
            _nums, edge=(([3],), ([1, 2],), ([5, 1, 3, 2],)), float_tol=TOL,
        ),
        3: Variant(
            "Return the population standard deviation of `nums` (not empty): the square "
            "root of the mean of the squared differences from the mean." + _NOTE,
            "std_dev", "nums: list[int]", "float",
            "def std_dev(nums):\n"
            "    m = sum(nums) / len(nums)\n"
            "    return (sum((x - m) ** 2 for x in nums) / len(nums)) ** 0.5\n",
            _nums, edge=(([4],), ([1, 1, 1],), ([2, 4, 4, 4, 5, 5, 7, 9],)), float_tol=TOL,
        ),
        4: Variant(
            "Return the mean of every window of `k` consecutive elements of `nums`, left to "
            "right (1 <= k <= len(nums)); `nums` may hold 100000 elements and k may be "
            "large." + _NOTE,
            "moving_average", "nums: list[int], k: int", "list[float]",
            "def moving_average(nums, k):\n"
            "    s = sum(nums[:k])\n"
            "    out = [s / k]\n"
            "    for i in range(k, len(nums)):\n"
            "        s += nums[i] - nums[i - k]\n"
            "        out.append(s / k)\n"
            "    return out\n",
            lambda rng, n: (ints(rng, max(1, n), -1000, 1000),
                            rng.randint(max(1, n // 3), max(1, n // 2)) if n > 1000
                            else rng.randint(1, max(1, n))),
            edge=(([7], 1), ([1, 2, 3], 3), ([1, 2, 3], 1)), float_tol=TOL, max_size=12,
            big=100_000,
        ),
        5: Variant(
            "Return the running median of `nums`: element i of the result is the median of "
            "nums[0..i] (the middle value, or the mean of the two middle values). `nums` "
            "may hold 20000 elements." + _NOTE,
            "running_median", "nums: list[int]", "list[float]",
            "def running_median(nums):\n"
            "    import heapq\n"
            "    low, high, out = [], [], []\n"
            "    for x in nums:\n"
            "        if low and x > -low[0]:\n"
            "            heapq.heappush(high, x)\n"
            "        else:\n"
            "            heapq.heappush(low, -x)\n"
            "        if len(low) > len(high) + 1:\n"
            "            heapq.heappush(high, -heapq.heappop(low))\n"
            "        elif len(high) > len(low):\n"
            "            heapq.heappush(low, -heapq.heappop(high))\n"
            "        if len(low) > len(high):\n"
            "            out.append(float(-low[0]))\n"
            "        else:\n"
            "            out.append((-low[0] + high[0]) / 2)\n"
            "    return out\n",
            _nums, edge=(([],), ([4],), ([2, 1, 5, 7],)), float_tol=TOL, max_size=12,
            big=20_000,
        ),
    },
)

FAMILIES = [STATISTICS]

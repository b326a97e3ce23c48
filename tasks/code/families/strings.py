"""String families: palindromes, run-length coding, anagrams, word counts, brackets."""

from __future__ import annotations

import random

from verticals.tasks.code.family import Family, Variant
from verticals.tasks.code.gens import LOWER, text, words


def _pal_or_random(rng: random.Random, n: int, alphabet: str = "ab") -> tuple:
    if rng.random() < 0.5:
        half = text(rng, n // 2, alphabet)
        middle = text(rng, n % 2, alphabet)
        return (half + middle + half[::-1],)
    return (text(rng, n, alphabet),)


def _messy(rng: random.Random, n: int) -> tuple:
    core = text(rng, max(1, n // 2), "abcAB")
    s = core + core[::-1] if rng.random() < 0.6 else core + text(rng, n // 2, "abc")
    out = []
    for ch in s:
        out.append(ch.upper() if rng.random() < 0.3 else ch)
        if rng.random() < 0.25:
            out.append(rng.choice(" ,.!'-"))
    return ("".join(out),)


def _runs(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        out.append(rng.choice("abc") * rng.randint(1, 4))
    return "".join(out)


def _rle_text(rng: random.Random, n: int) -> tuple:
    parts = []
    prev = ""
    for _ in range(n):
        ch = rng.choice([c for c in "abcd" if c != prev])
        prev = ch
        parts.append(f"{ch}{rng.randint(1, 12)}")
    return ("".join(parts),)


def _nested(rng: random.Random, budget: int, depth: int = 0) -> str:
    out = []
    while budget > 0:
        budget -= 1
        if depth < 3 and rng.random() < 0.35:
            inner = _nested(rng, rng.randint(1, 3), depth + 1)
            out.append(f"{rng.randint(1, 4)}[{inner}]")
        else:
            out.append(text(rng, rng.randint(1, 2), "xyz"))
    return "".join(out)


def _periodic(rng: random.Random, n: int) -> tuple:
    base = text(rng, rng.randint(1, max(1, n // 2)), "ab")
    s = (base * (n // len(base) + 1))[:n]
    if rng.random() < 0.4 or n > 1000:
        i = n - 1 - rng.randint(0, min(3, n - 1))
        s = s[:i] + ("a" if s[i] == "b" else "b") + s[i + 1 :]
    return (s,)


PALINDROMES = Family(
    "palindromes", "strings", "palindrome tests, substrings and repairs",
    {
        1: Variant(
            "Return True if the string `s` reads the same forwards and backwards (every "
            "character counts, case included), else False. The empty string is a palindrome.",
            "is_palindrome", "s: str", "bool",
            "def is_palindrome(s):\n    return s == s[::-1]\n",
            lambda rng, n: _pal_or_random(rng, n, "abA"), edge=(("",), ("a",), ("ab",)),
        ),
        2: Variant(
            "Return True if `s` is a palindrome when only its letters and digits are kept "
            "and upper case is read as lower case (so 'A man, a plan' style sentences can "
            "qualify), else False. A string with no letters or digits is a palindrome.",
            "is_clean_palindrome", "s: str", "bool",
            "def is_clean_palindrome(s):\n"
            "    t = [c.lower() for c in s if c.isalnum()]\n"
            "    return t == t[::-1]\n",
            _messy, edge=(("",), (", !",), ("Ab,a",)), max_size=20,
        ),
        3: Variant(
            "Return the longest substring of `s` that is a palindrome. If several have the "
            "maximum length, return the one that starts first. For the empty string return ''.",
            "longest_palindrome", "s: str", "str",
            "def longest_palindrome(s):\n"
            "    best = (0, 0)\n"
            "    for c in range(2 * len(s) - 1):\n"
            "        lo, hi = c // 2, c // 2 + c % 2\n"
            "        while lo >= 0 and hi < len(s) and s[lo] == s[hi]:\n"
            "            lo -= 1\n"
            "            hi += 1\n"
            "        lo, hi = lo + 1, hi\n"
            "        if hi - lo > best[1] - best[0] or (hi - lo == best[1] - best[0] and lo <"
            " best[0]):\n"
            "            best = (lo, hi)\n"
            "    return s[best[0]:best[1]]\n",
            lambda rng, n: (text(rng, n, "abc"),), edge=(("",), ("z",), ("abcd",)), max_size=30,
        ),
        4: Variant(
            "Count the substrings of `s` that are palindromes. Substrings are counted by "
            "position: in 'aaa' there are 6 ('a' three times, 'aa' twice, 'aaa' once). "
            "`s` may hold up to 3000 characters.",
            "count_palindromes", "s: str", "int",
            "def count_palindromes(s):\n"
            "    n, total = len(s), 0\n"
            "    for c in range(2 * n - 1):\n"
            "        lo, hi = c // 2, c // 2 + c % 2\n"
            "        while lo >= 0 and hi < n and s[lo] == s[hi]:\n"
            "            total += 1\n"
            "            lo -= 1\n"
            "            hi += 1\n"
            "    return total\n",
            lambda rng, n: (text(rng, n, "abc"),), edge=(("",), ("aaa",), ("abc",)),
            max_size=30, big=3000,
        ),
        5: Variant(
            "Return the fewest characters that must be inserted (anywhere) into `s` to make "
            "it a palindrome. `s` may hold up to 400 characters.",
            "min_insertions", "s: str", "int",
            "def min_insertions(s):\n"
            "    n = len(s)\n"
            "    if n == 0:\n"
            "        return 0\n"
            "    prev = [0] * n\n"
            "    for i in range(n - 1, -1, -1):\n"
            "        cur = [0] * n\n"
            "        cur[i] = 1\n"
            "        for j in range(i + 1, n):\n"
            "            if s[i] == s[j]:\n"
            "                cur[j] = prev[j - 1] + 2\n"
            "            else:\n"
            "                cur[j] = max(prev[j], cur[j - 1])\n"
            "        prev = cur\n"
            "    return n - prev[n - 1]\n",
            lambda rng, n: (text(rng, n, "abc"),), edge=(("",), ("a",), ("ab",), ("aba",)),
            max_size=25, big=400,
        ),
    },
)

RUN_LENGTH = Family(
    "run-length", "strings", "run-length encoding and decoding, nested repeats, periods",
    {
        1: Variant(
            "Run-length encode `s`: each maximal run of one character becomes the character "
            "followed by the run's length, e.g. 'aaabcc' -> 'a3b1c2'. '' encodes to ''.",
            "rle_encode", "s: str", "str",
            "def rle_encode(s):\n"
            "    out, i = [], 0\n"
            "    while i < len(s):\n"
            "        j = i\n"
            "        while j < len(s) and s[j] == s[i]:\n"
            "            j += 1\n"
            "        out.append(s[i] + str(j - i))\n"
            "        i = j\n"
            "    return ''.join(out)\n",
            lambda rng, n: (_runs(rng, n),), edge=(("",), ("a",), ("abc",)),
        ),
        2: Variant(
            "Compact run-length encoding of `s`: each maximal run becomes its character, "
            "followed by the run's length only when that length is more than 1, e.g. "
            "'aaabcc' -> 'a3bc2'. '' encodes to ''.",
            "rle_compact", "s: str", "str",
            "def rle_compact(s):\n"
            "    out, i = [], 0\n"
            "    while i < len(s):\n"
            "        j = i\n"
            "        while j < len(s) and s[j] == s[i]:\n"
            "            j += 1\n"
            "        out.append(s[i] + (str(j - i) if j - i > 1 else ''))\n"
            "        i = j\n"
            "    return ''.join(out)\n",
            lambda rng, n: (_runs(rng, n),), edge=(("",), ("a",), ("aaaaaaaaaaaa",)),
        ),
        3: Variant(
            "Decode a run-length code: `code` is a sequence of letters each followed by a "
            "positive decimal count (possibly several digits), e.g. 'a3b12c1'. Return the "
            "expanded string ('a3b2' -> 'aaabb'). '' decodes to ''.",
            "rle_decode", "code: str", "str",
            "def rle_decode(code):\n"
            "    out, i = [], 0\n"
            "    while i < len(code):\n"
            "        ch = code[i]\n"
            "        j = i + 1\n"
            "        while j < len(code) and code[j].isdigit():\n"
            "            j += 1\n"
            "        out.append(ch * int(code[i + 1:j]))\n"
            "        i = j\n"
            "    return ''.join(out)\n",
            _rle_text, edge=(("",), ("a1",), ("z10",)), max_size=8,
        ),
        4: Variant(
            "Decode nested repeats: `code` holds lowercase letters and groups `k[...]` where "
            "k is a positive integer and the brackets hold another code; the group stands for "
            "its decoded content written k times. Example: '3[a2[c]]x' -> 'accaccaccx'. "
            "The input is always well formed.",
            "decode_nested", "code: str", "str",
            "def decode_nested(code):\n"
            "    stack, cur, num = [], [], 0\n"
            "    for ch in code:\n"
            "        if ch.isdigit():\n"
            "            num = num * 10 + int(ch)\n"
            "        elif ch == '[':\n"
            "            stack.append((cur, num))\n"
            "            cur, num = [], 0\n"
            "        elif ch == ']':\n"
            "            prev, k = stack.pop()\n"
            "            prev.append(''.join(cur) * k)\n"
            "            cur = prev\n"
            "        else:\n"
            "            cur.append(ch)\n"
            "    return ''.join(cur)\n",
            lambda rng, n: (_nested(rng, n),), edge=(("",), ("ab",), ("10[a]",)), max_size=6,
        ),
        5: Variant(
            "Return the smallest period of `s`: the least p >= 1 such that s[i] == s[i + p] "
            "for every i with i + p < len(s). (So 'abcab' has period 3 and 'abcd' has 4.) "
            "For '' return 0. `s` may hold up to 100000 characters.",
            "smallest_period", "s: str", "int",
            "def smallest_period(s):\n"
            "    n = len(s)\n"
            "    if n == 0:\n"
            "        return 0\n"
            "    pi = [0] * n\n"
            "    k = 0\n"
            "    for i in range(1, n):\n"
            "        while k and s[i] != s[k]:\n"
            "            k = pi[k - 1]\n"
            "        if s[i] == s[k]:\n"
            "            k += 1\n"
            "        pi[i] = k\n"
            "    return n - pi[-1]\n",
            _periodic, edge=(("",), ("a",), ("aaaa",), ("abab",)), max_size=30, big=100_000,
        ),
    },
)


def _two_words(rng: random.Random, n: int) -> tuple:
    a = text(rng, n, "abcd")
    if rng.random() < 0.5:
        b = "".join(rng.sample(a, len(a)))
    else:
        b = text(rng, n + rng.choice([0, 0, 1]), "abcd")
    return (a, b)


def _window_pair(rng: random.Random, n: int) -> tuple:
    s = text(rng, n, "abc")
    t = text(rng, rng.randint(1, max(1, min(4, n // 3 + 1))), "abc")
    return (s, t)


ANAGRAMS = Family(
    "anagrams", "counting", "anagram tests, groups, windows and pairs",
    {
        1: Variant(
            "Return True if `a` and `b` are anagrams (the same characters, each the same "
            "number of times, in any order), else False.",
            "is_anagram", "a: str, b: str", "bool",
            "def is_anagram(a, b):\n    return sorted(a) == sorted(b)\n",
            _two_words, edge=(("", ""), ("a", ""), ("ab", "ba")),
        ),
        2: Variant(
            "Group the words that are anagrams of each other. Return a list of groups; each "
            "group lists its words in input order (duplicates kept), and the groups are "
            "ordered by where their first word appears in the input.",
            "group_anagrams", "words: list[str]", "list[list[str]]",
            "def group_anagrams(words):\n"
            "    groups = {}\n"
            "    for w in words:\n"
            "        groups.setdefault(''.join(sorted(w)), []).append(w)\n"
            "    return list(groups.values())\n",
            lambda rng, n: ([text(rng, rng.randint(1, 3), "abc") for _ in range(n)],),
            edge=(([],), ([""],), (["ab", "ba", "ab"],)),
        ),
        3: Variant(
            "Return, in increasing order, every index i such that s[i:i + len(p)] is an "
            "anagram of `p` (`p` is not empty).",
            "anagram_starts", "s: str, p: str", "list[int]",
            "def anagram_starts(s, p):\n"
            "    m = len(p)\n"
            "    want = sorted(p)\n"
            "    return [i for i in range(len(s) - m + 1) if sorted(s[i:i + m]) == want]\n",
            _window_pair, edge=(("", "a"), ("a", "ab"), ("aaa", "a")), max_size=20,
        ),
        4: Variant(
            "Return the shortest substring of `s` that contains every character of `t` at "
            "least as many times as `t` does. If several are shortest, return the leftmost; "
            "if there is none, return ''. `t` is not empty; `s` may hold 20000 characters.",
            "min_window", "s: str, t: str", "str",
            "def min_window(s, t):\n"
            "    need = {}\n"
            "    for ch in t:\n"
            "        need[ch] = need.get(ch, 0) + 1\n"
            "    missing = len(t)\n"
            "    best = None\n"
            "    lo = 0\n"
            "    for hi, ch in enumerate(s):\n"
            "        if need.get(ch, 0) > 0:\n"
            "            missing -= 1\n"
            "        need[ch] = need.get(ch, 0) - 1\n"
            "        while missing == 0:\n"
            "            if best is None or hi + 1 - lo < best[1] - best[0]:\n"
            "                best = (lo, hi + 1)\n"
            "            need[s[lo]] += 1\n"
            "            if need[s[lo]] > 0:\n"
            "                missing += 1\n"
            "            lo += 1\n"
            "    return '' if best is None else s[best[0]:best[1]]\n",
            lambda rng, n: (text(rng, n, "abcde"), text(rng, rng.randint(1, 4), "abcde")),
            edge=(("", "a"), ("a", "a"), ("ab", "c")), max_size=20, big=20_000,
        ),
        5: Variant(
            "Count the unordered pairs of substrings of `s` (taken at different positions) "
            "that are anagrams of each other. For 'abba' the answer is 4: ('a','a'), "
            "('b','b'), ('ab','ba') and ('abb','bba'). `s` may hold 120 characters.",
            "anagram_pairs", "s: str", "int",
            "def anagram_pairs(s):\n"
            "    total = 0\n"
            "    n = len(s)\n"
            "    for length in range(1, n + 1):\n"
            "        seen = {}\n"
            "        for i in range(n - length + 1):\n"
            "            key = ''.join(sorted(s[i:i + length]))\n"
            "            total += seen.get(key, 0)\n"
            "            seen[key] = seen.get(key, 0) + 1\n"
            "    return total\n",
            lambda rng, n: (text(rng, n, "abc"),), edge=(("",), ("a",), ("abba",)),
            max_size=12, big=120,
        ),
    },
)


def _sentence(rng: random.Random, n: int) -> tuple:
    out = []
    for w in words(rng, n, ["The", "the", "cat", "Cat", "sat", "on", "mat", "a", "dog", "sun"]):
        mark = rng.choice(["", "", "", ",", ".", "!", " -"]) if rng.random() < 0.4 else ""
        out.append(w + mark)
    return (" ".join(out),)


def _uniq_text(rng: random.Random, n: int) -> tuple:
    if n > 1000:  # the one unique character (if any) sits at the very end
        base = text(rng, n // 2, LOWER[:20])
        s = base + base[::-1]
        return (s + ("z" if rng.random() < 0.5 else ""),)
    return (text(rng, n, "abcde"),)


WORD_FREQUENCY = Family(
    "word-frequency", "dicts and counting", "distinct words, counts, top-k, first unique",
    {
        1: Variant(
            "`text` is words separated by single spaces (it may be ''). Return how many "
            "distinct words it has; words are case-sensitive ('Cat' and 'cat' differ).",
            "count_distinct_words", "text: str", "int",
            "def count_distinct_words(text):\n    return len(set(text.split()))\n",
            lambda rng, n: (" ".join(words(rng, n, ["a", "b", "Cat", "cat", "dog"])),),
            edge=(("",), ("a",), ("a a a",)),
        ),
        2: Variant(
            "Count words in `text`, ignoring case: a word is a maximal run of ASCII letters "
            "(anything else separates words). Return a dict mapping each word, in lower case, "
            "to its count.",
            "word_counts", "text: str", "dict[str, int]",
            "def word_counts(text):\n"
            "    counts = {}\n"
            "    word = []\n"
            "    for ch in text.lower() + ' ':\n"
            "        if 'a' <= ch <= 'z':\n"
            "            word.append(ch)\n"
            "        elif word:\n"
            "            w = ''.join(word)\n"
            "            counts[w] = counts.get(w, 0) + 1\n"
            "            word = []\n"
            "    return counts\n",
            _sentence, edge=(("",), ("...",), ("A a-A",)),
        ),
        3: Variant(
            "Return the `k` most frequent words of `text` (a word is a maximal run of ASCII "
            "letters, compared in lower case, returned in lower case), most frequent first, "
            "ties broken alphabetically. Return fewer if there are fewer distinct words.",
            "top_k_words", "text: str, k: int", "list[str]",
            "def top_k_words(text, k):\n"
            "    import re\n"
            "    counts = {}\n"
            "    for w in re.findall('[a-z]+', text.lower()):\n"
            "        counts[w] = counts.get(w, 0) + 1\n"
            "    return sorted(counts, key=lambda w: (-counts[w], w))[:k]\n",
            lambda rng, n: (*_sentence(rng, n), rng.randint(1, 4)),
            edge=(("", 3), ("b a", 1), ("x y z", 5)),
        ),
        4: Variant(
            "Return the index of the first character of `s` that occurs exactly once in "
            "`s`, or -1 if there is none. `s` may hold 100000 characters.",
            "first_unique", "s: str", "int",
            "def first_unique(s):\n"
            "    counts = {}\n"
            "    for ch in s:\n"
            "        counts[ch] = counts.get(ch, 0) + 1\n"
            "    for i, ch in enumerate(s):\n"
            "        if counts[ch] == 1:\n"
            "            return i\n"
            "    return -1\n",
            _uniq_text, edge=(("",), ("a",), ("aa",)), max_size=15, big=100_000,
        ),
        5: Variant(
            "`s` holds only 'a' and 'b'. Return the length of its longest substring with as "
            "many 'a's as 'b's (0 if none). `s` may hold 100000 characters.",
            "longest_balanced", "s: str", "int",
            "def longest_balanced(s):\n"
            "    first = {0: -1}\n"
            "    bal = best = 0\n"
            "    for i, ch in enumerate(s):\n"
            "        bal += 1 if ch == 'a' else -1\n"
            "        if bal in first:\n"
            "            best = max(best, i - first[bal])\n"
            "        else:\n"
            "            first[bal] = i\n"
            "    return best\n",
            lambda rng, n: (text(rng, n, "aab" if n > 1000 else "ab"),),
            edge=(("",), ("a",), ("ab",)), max_size=20, big=100_000,
        ),
    },
)


def _parens(rng: random.Random, n: int, kinds: str = "()") -> str:
    if rng.random() < 0.5:  # build a balanced one, then maybe damage it
        out, stack = [], []
        for _ in range(n):
            if stack and rng.random() < 0.5:
                out.append(stack.pop())
            else:
                k = rng.randrange(len(kinds) // 2)
                out.append(kinds[2 * k])
                stack.append(kinds[2 * k + 1])
        out.extend(reversed(stack))
        if rng.random() < 0.3 and out:
            i = rng.randrange(len(out))
            out[i] = rng.choice(kinds)
        return "".join(out)
    return text(rng, n, kinds)


BRACKETS = Family(
    "brackets", "parsing", "balanced brackets, repairs, longest valid run, nesting scores",
    {
        1: Variant(
            "`s` holds only '(' and ')'. Return True if it is balanced (every '(' is closed "
            "by a later ')', and no ')' closes nothing), else False. '' is balanced.",
            "is_balanced", "s: str", "bool",
            "def is_balanced(s):\n"
            "    depth = 0\n"
            "    for ch in s:\n"
            "        depth += 1 if ch == '(' else -1\n"
            "        if depth < 0:\n"
            "            return False\n"
            "    return depth == 0\n",
            lambda rng, n: (_parens(rng, n),), edge=(("",), (")(",), ("(",)),
        ),
        2: Variant(
            "`s` holds only the brackets ()[]{}. Return True if they are balanced and "
            "properly nested ('([])' yes, '([)]' no), else False.",
            "is_nested", "s: str", "bool",
            "def is_nested(s):\n"
            "    pairs = {')': '(', ']': '[', '}': '{'}\n"
            "    stack = []\n"
            "    for ch in s:\n"
            "        if ch in pairs:\n"
            "            if not stack or stack.pop() != pairs[ch]:\n"
            "                return False\n"
            "        else:\n"
            "            stack.append(ch)\n"
            "    return not stack\n",
            lambda rng, n: (_parens(rng, n, "()[]{}"),), edge=(("",), ("([)]",), ("{",)),
        ),
        3: Variant(
            "`s` holds only '(' and ')'. Return the fewest characters to delete so that "
            "the rest is balanced.",
            "min_removals", "s: str", "int",
            "def min_removals(s):\n"
            "    depth = extra = 0\n"
            "    for ch in s:\n"
            "        if ch == '(':\n"
            "            depth += 1\n"
            "        elif depth:\n"
            "            depth -= 1\n"
            "        else:\n"
            "            extra += 1\n"
            "    return depth + extra\n",
            lambda rng, n: (_parens(rng, n),), edge=(("",), ("))((",), ("()",)),
        ),
        4: Variant(
            "`s` holds only '(' and ')'. Return the length of its longest substring that is "
            "balanced. `s` may hold 100000 characters.",
            "longest_valid", "s: str", "int",
            "def longest_valid(s):\n"
            "    stack = [-1]\n"
            "    best = 0\n"
            "    for i, ch in enumerate(s):\n"
            "        if ch == '(':\n"
            "            stack.append(i)\n"
            "        else:\n"
            "            stack.pop()\n"
            "            if stack:\n"
            "                best = max(best, i - stack[-1])\n"
            "            else:\n"
            "                stack.append(i)\n"
            "    return best\n",
            lambda rng, n: (_parens(rng, n),), edge=(("",), (")(",), ("(()",)),
            max_size=20, big=100_000,
        ),
        5: Variant(
            "`s` is a balanced string of '(' and ')'. Its score is defined by: '()' scores 1; "
            "AB (two balanced strings side by side) scores score(A) + score(B); '(A)' scores "
            "2 * score(A). Return the score modulo 1000000007. '' scores 0. `s` may hold "
            "100000 characters and nest 50000 deep.",
            "paren_score", "s: str", "int",
            "def paren_score(s):\n"
            "    mod = 1000000007\n"
            "    stack = [0]\n"
            "    for ch in s:\n"
            "        if ch == '(':\n"
            "            stack.append(0)\n"
            "        else:\n"
            "            inner = stack.pop()\n"
            "            stack[-1] = (stack[-1] + (2 * inner if inner else 1)) % mod\n"
            "    return stack[0] % mod\n",
            lambda rng, n: (_balanced_deep(rng, n),), edge=(("",), ("()",), ("(())()",)),
            max_size=10, big=50_000,
        ),
    },
)


def _balanced_deep(rng: random.Random, n: int) -> str:
    if n > 1000:
        depth = rng.randint(n // 4, n // 2)
        return "(" * depth + "()" * (n // 2 - depth) + ")" * depth
    out, depth = [], 0
    for _ in range(2 * n):
        if depth and (rng.random() < 0.5 or len(out) + depth >= 2 * n):
            out.append(")")
            depth -= 1
        elif len(out) + depth < 2 * n:
            out.append("(")
            depth += 1
    return "".join(out) + ")" * depth


FAMILIES = [PALINDROMES, RUN_LENGTH, ANAGRAMS, WORD_FREQUENCY, BRACKETS]

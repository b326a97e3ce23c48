"""Property-style checks: many forms of a right answer score 1, every gaming form scores 0,
pathological input is refused by a budget rule, in threads and worker processes alike.

No test here times the machine: the verdict's time budget reads an injected clock (frozen,
so that only the structural rules decide, or advancing a fixed step per reading, so that
the budget runs out after a known number of steps), and work is counted in those steps.
"""

from __future__ import annotations

import random
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from fractions import Fraction

import pytest

from verticals.rewards.math import score
from verticals.rewards.math.bounded import DEADLINE_SECONDS, Deadline
from verticals.rewards.math.equivalence import PROBE_POINTS

#: Steps of one verdict: a check before comparing and one per probe point, for each pair of
#: values compared (the answers here hold at most two values, so at most four pairs).
MAX_STEPS = 4 * (PROBE_POINTS + 1)


def _forms(value: Fraction) -> list[str]:
    """Ways a textbook or a model writes the same rational number."""
    n, d = value.numerator, value.denominator
    sign = "-" if value < 0 else ""
    a = abs(n)
    forms = [f"{n}/{d}", f"{sign}\\frac{{{a}}}{{{d}}}", f"{sign}\\dfrac{{{a}}}{{{d}}}",
             f"\\frac{{{n}}}{{{d}}}", f"{sign}\\frac{{{2 * a}}}{{{2 * d}}}",
             f"\u2212{a}/{d}" if value < 0 else f"+{a}/{d}", f"{n * 3}/{d * 3}"]
    if d == 1:
        forms += [str(n), f"{n}.0", f"{n}.000", f"x = {n}", f"{n} \\text{{ units}}",
                  f"{sign}{a:,}", f"{sign}{a:,}".replace(",", "{,}")]
    if 10**6 % d == 0:
        forms.append(str(n / d) if len(str(n / d)) < 15 else f"{n}/{d}")
    if d > 1 and a > d:
        whole, rest = divmod(a, d)
        forms.append(f"{sign}{whole}\\frac{{{rest}}}{{{d}}}")
    return forms


def _references(count: int, seed: int) -> list[Fraction]:
    rng = random.Random(seed)
    values = []
    for _ in range(count):
        d = rng.choice([1, 1, 2, 3, 4, 5, 7, 8, 12, 25])
        values.append(Fraction(rng.randint(-5000, 5000), d))
    return values


@pytest.mark.parametrize("value", _references(40, seed=7))
def test_every_form_of_a_right_number_scores_one(value):
    reference = f"\\frac{{{value.numerator}}}{{{value.denominator}}}"
    for form in _forms(value):
        got = score(f"So we get \\boxed{{{form}}}.", reference)
        assert got.reward == 1.0, (form, got.reason)


@pytest.mark.parametrize("value", _references(25, seed=11))
def test_every_gaming_form_scores_zero(value):
    right = f"\\frac{{{value.numerator}}}{{{value.denominator}}}"
    wrong = f"\\frac{{{value.numerator + 1}}}{{{value.denominator}}}"
    gaming = [
        f"\\boxed{{{right}}} or \\boxed{{{wrong}}}",
        f"\\boxed{{{wrong}}} ... on reflection \\boxed{{{right}}}",
        f"\\boxed{{{right}, {wrong}}}",
        f"\\boxed{{{wrong}, {right}}}",
        f"\\boxed{{{right} \\text{{ or }} {wrong}}}",
        f"\\boxed{{\\pm {right}}}" if value != 0 else "\\boxed{\\pm 1}",
        f"\\boxed{{{right} \\pm 1}}",
        f"\\boxed{{{right} = {wrong}}}",
        f"\\boxed{{{wrong} = {right}}}",
        f"\\boxed{{{right} = {right}}}",
        f"\\boxed{{{right} \\approx {wrong}}}",
        f"\\boxed{{x \\approx {right}}}",
        f"\\boxed{{\\int_0^1 {right} \\, dx}}",
        f"\\boxed{{\\sum_{{k=1}}^{{1}} {right}}}",
        f"\\boxed{{\\lim_{{n \\to \\infty}} {right}}}",
        f"\\boxed{{\\frac{{d}}{{dx}} ({right} x)}}",
        f"\\boxed{{{right}",
        "\\boxed{}",
        "\\boxed{x}",
        f"<think>\\boxed{{{right}}}</think> I am not sure.",
        f"<think>\\boxed{{{right}}}</think> \\boxed{{{wrong}}}",
        f"\\boxed{{{right} < x}}",
        f"\\boxed{{\\{{ {right}, {wrong} \\}}}}",
    ]
    for completion in gaming:
        got = score(completion, right)
        assert got.reward == 0.0, (completion, got.reason)


def test_near_misses_that_a_float_tolerance_accepts_score_zero():
    pairs = [
        ("\\frac{1}{2^{98}}", "\\frac{1}{2^{99}}"),
        ("10^{20}", "10^{20}+1"),
        ("10^{30}", "10^{30}-1"),
        ("\\pi", "3.14"),
        ("\\pi", "3.14159265358979"),
        ("\\sqrt{2}", "1.41421356237310"),
        ("50", "5000"),
        ("\\frac{1}{3}", "0.3333333333333333"),
        ("e^{-40}", "0"),
        ("2^{-60}", "0"),
    ]
    for reference, answer in pairs:
        got = score(f"\\boxed{{{answer}}}", reference)
        assert got.reward == 0.0, (reference, answer, got.reason)


PATHOLOGICAL = [
    "9^{9^{9^9}}",
    "(x+1)^{100000}",
    "1000000!",
    "2^{2^{2^{2^{2^{2}}}}}",
    "10^{10^{10}}",
    "\\exp(\\exp(\\exp(10)))",
    "\\sin(10^{1000})",
    "\\binom{100000}{50000}",
    "1e999999",
    "{" * 5000 + "3" + "}" * 5000,
    "(" * 200 + "3" + ")" * 200,
    "\\sqrt{" * 100 + "9" + "}" * 100,
    "x^{x^{x^{x^{x^{x^{x}}}}}}",
    "3" + "+0" * 2000,
    "9" * 5000,
    " \\cup ".join(f"({2 * k}, {2 * k + 1})" for k in range(45)),
    "e^{e^{e^{e^{x}}}}",
    "".join(f"(x+{k})^{{200}}" for k in range(1, 60)),
    "+".join(f"\\sin({k})" for k in range(1, 90)),
]


def _pathological_completions() -> list[str]:
    completions = [f"\\boxed{{{p}}}" for p in PATHOLOGICAL]
    completions.append("word " * 200_000 + "\\boxed{4}")  # about 1 MB
    completions.append("\\boxed{" * 5000 + "3")
    completions.append("{" * 5000 + "\\boxed{4}" + "}" * 5000)
    completions.append("\\boxed{" + "x" * 1_000_000 + "}")
    completions.append("\\boxed{3}" * 100_000)
    completions.append("Answer: " + "7" * 1_000_000)
    completions.append("answer " * 200_000)
    return completions


def _frozen() -> float:
    """A clock that never moves: the time budget never decides, the rules alone do."""
    return 0.0


class _Ticking:
    """A clock that advances `step` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def _verdict(completion: str, reference: str = "3") -> tuple[float, str, int]:
    deadline = Deadline(clock=_frozen)
    got = score(completion, reference, deadline=deadline)
    return got.reward, got.reason, deadline.checks


#: Why each pathological completion may be refused: a budget named, or a rule that reads
#: nothing more (an unclosed or repeated box, no answer, a plain number that differs).
REFUSALS = ("budget:", "extract:", "type:", "number: differs")


@pytest.mark.parametrize("completion", _pathological_completions(), ids=range(26))
def test_pathological_input_scores_zero_by_a_rule_not_by_the_clock(completion):
    reward, reason, steps = _verdict(completion)
    assert reward == 0.0
    assert any(rule in reason for rule in REFUSALS), reason
    assert "time budget" not in reason and steps <= MAX_STEPS
    assert score(completion, "3").reward == 0.0  # with the real clock too


def test_the_budget_rules_name_the_budget_they_refused():
    reasons = [_verdict(c)[1] for c in _pathological_completions()]
    for wanted in ("exact power beyond the digit budget", "factorial beyond the budget",
                   "binomial beyond the budget", "answer nested deeper than the parse budget",
                   "answer longer than the parse budget", "tower of exponentials beyond the "
                   "budget", "number literal beyond the digit budget"):
        assert any(f"budget: {wanted}" in reason for reason in reasons), wanted


def test_a_verdict_whose_clock_runs_out_is_refused_by_the_time_budget():
    answer, reference = "\\boxed{\\sin x \\cos x}", "\\frac{\\sin 2x}{2}"
    assert _verdict(answer, reference)[0] == 1.0  # right, when the clock does not decide
    for step, steps in ((2 * DEADLINE_SECONDS, 1), (DEADLINE_SECONDS / 5, 6)):
        deadline = Deadline(clock=_Ticking(step))
        got = score(answer, reference, deadline=deadline)
        assert got.reward == 0.0 and got.judged
        assert got.reason == "boxed -> budget: verdict exceeded its time budget"
        assert deadline.checks == steps


def test_the_verdicts_are_the_same_in_threads_and_processes():
    completions = _pathological_completions()
    alone = [_verdict(c) for c in completions]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(_verdict, completions)) == alone
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(_verdict, completions[:6])) == alone[:6]


def test_a_large_completion_with_the_right_answer_still_scores():
    completion = "word " * 200_000 + "\\boxed{3}"
    assert _verdict(completion)[0] == 1.0
    assert score(completion, "3").reward == 1.0


def test_probing_is_deterministic():
    first = [score("\\boxed{\\frac{\\sin 2x}{2}}", "\\sin x \\cos x") for _ in range(3)]
    assert {s.reason for s in first} == {first[0].reason}
    assert first[0].reward == 1.0


def _random_answer(rng: random.Random, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.2:
        return rng.choice(["x", "y", "2", "3", "17", "\\pi", "e", "i", "0.5", "1000", "99"])
    a, b = _random_answer(rng, depth - 1), _random_answer(rng, depth - 1)
    return rng.choice([
        f"{a}+{b}", f"{a}-{b}", f"{a}\\cdot {b}", f"\\frac{{{a}}}{{{b}}}", f"{{{a}}}^{{{b}}}",
        f"\\sqrt{{{a}}}", f"\\sin({a})", f"e^{{{a}}}", f"\\ln({a})", f"({a})!",
        f"\\binom{{{a}}}{{{b}}}", f"|{a}|",
    ])


def test_random_structured_answers_never_crash_and_stay_bounded():
    rng = random.Random(2024)
    references = ["x", "3", "x^2+1", "\\pi", "e^{x}", "\\sin x", "\\{1,2\\}", "(1,2)"]
    for _ in range(150):
        answer = _random_answer(rng, rng.randint(1, 5))
        reward, reason, steps = _verdict(f"\\boxed{{{answer}}}", rng.choice(references))
        assert reward in (0.0, 1.0) and reason
        assert "time budget" not in reason and steps <= MAX_STEPS, answer


def _frac(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


@pytest.mark.parametrize("seed", range(12))
def test_polynomials_in_many_forms(seed):
    rng = random.Random(seed)
    a, b, c = rng.randint(-9, 9), rng.randint(-9, 9), rng.choice([1, 2, 3, -1, -2])
    expanded = f"{c}x^2 + {c * (a + b)}x + {c * a * b}".replace("+ -", "- ")
    factored = f"{c}(x + {a})(x + {b})".replace("+ -", "- ")
    right = [factored, f"{c}(x + {b})(x + {a})".replace("+ -", "- "), expanded,
             f"{c * a * b} + {c * (a + b)}x + {c}x^2".replace("+ -", "- "),
             f"{c} \\cdot \\left(x + {a}\\right) \\cdot \\left(x + {b}\\right)".replace(
                 "+ -", "- "),
             f"{c}*(x+{a})*(x+{b})".replace("+-", "-"), f"f(x) = {factored}"]
    for form in right:
        got = score(f"\\boxed{{{form}}}", expanded)
        assert got.reward == 1.0, (form, got.reason)
    wrong = [f"{c}(x + {a + 1})(x + {b})".replace("+ -", "- "), f"{c + 3}(x + {a})(x + {b})",
             f"{c}(y + {a})(y + {b})".replace("+ -", "- "), f"{c}(x + {a})^2(x + {b})"]
    for form in wrong:
        got = score(f"\\boxed{{{form}}}", expanded)
        assert got.reward == 0.0, (form, got.reason)


@pytest.mark.parametrize("seed", range(12))
def test_solution_sets_in_many_forms(seed):
    rng = random.Random(100 + seed)
    values = rng.sample([Fraction(n, d) for n in range(-12, 13) for d in (1, 2, 3)], 3)
    values = list(dict.fromkeys(values))
    reference = "\\{" + ", ".join(_frac(v) for v in values) + "\\}"
    shuffled = values[:]
    rng.shuffle(shuffled)
    texts = [_frac(v) for v in shuffled]
    right = ["\\{" + ", ".join(texts) + "\\}", ", ".join(texts),
             ", ".join(f"x = {t}" for t in texts), " \\text{ or } ".join(f"x={t}" for t in texts),
             "\\left\\{" + ",".join(texts) + "\\right\\}"]
    for form in right:
        got = score(f"\\boxed{{{form}}}", reference)
        assert got.reward == 1.0, (form, got.reason)
    wrong = ["\\{" + ", ".join(texts[:-1]) + "\\}", ", ".join([*texts, "100"]),
             ", ".join([*texts[:-1], _frac(shuffled[-1] + 1)])]
    for form in wrong:
        got = score(f"\\boxed{{{form}}}", reference)
        assert got.reward == 0.0, (form, got.reason)


@pytest.mark.parametrize("seed", range(12))
def test_intervals_in_many_forms(seed):
    rng = random.Random(200 + seed)
    lo, hi = sorted(rng.sample(range(-20, 21), 2))
    lo_open, hi_open = rng.random() < 0.5, rng.random() < 0.5
    left, right_ = "(" if lo_open else "[", ")" if hi_open else "]"
    reference = f"{left}{lo}, {hi}{right_}"
    lo_rel, hi_rel = ("<" if lo_open else "\\le"), ("<" if hi_open else "\\leq")
    right = [reference, f"{lo} {lo_rel} x {hi_rel} {hi}", f"x \\in {reference}",
             f"\\left{left}{lo},{hi}\\right{right_}"]
    for form in right:
        got = score(f"\\boxed{{{form}}}", reference, kind="interval")
        assert got.reward == 1.0, (form, got.reason)
    flipped = f"{'[' if lo_open else '('}{lo}, {hi}{right_}"
    wrong = [flipped, f"{left}{lo}, {hi + 1}{right_}", f"x > {lo}", f"{lo}, {hi}"]
    for form in wrong:
        got = score(f"\\boxed{{{form}}}", reference, kind="interval")
        assert got.reward == 0.0, (form, got.reason)


@pytest.mark.parametrize("seed", range(8))
def test_tuples_in_many_forms(seed):
    rng = random.Random(300 + seed)
    a, b = rng.sample(range(-30, 31), 2)
    reference = f"({a}, {b})"
    for form in [f"({a},{b})", f"\\left({a}, {b}\\right)", f"(x, y) = ({a}, {b})",
                 f"\\langle {a}, {b} \\rangle", f"x = {a}, y = {b}"]:
        got = score(f"\\boxed{{{form}}}", reference)
        assert got.reward == 1.0, (form, got.reason)
    for form in [f"({b}, {a})", f"({a}, {b}, 0)", f"\\{{{a}, {b}\\}}", f"{a}"]:
        got = score(f"\\boxed{{{form}}}", reference)
        assert got.reward == 0.0, (form, got.reason)


def test_verdicts_are_the_same_in_concurrent_threads():
    cases = [("\\frac{\\sin 2x}{2}", "\\sin x \\cos x", 1.0), ("e^{2x}", "(e^{x})^2", 1.0),
             ("\\sqrt{3+2\\sqrt{2}}", "1+\\sqrt{2}", 1.0), ("\\ln(x^2)", "2\\ln x + 1", 0.0),
             ("x^2 + 2x + 1", "(x+1)^2", 1.0), ("\\pi", "3.14159", 0.0)] * 20

    def judge(case):
        answer, reference, _ = case
        return score(f"\\boxed{{{answer}}}", reference).reward

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(judge, cases))
    assert got == [expected for _, _, expected in cases]

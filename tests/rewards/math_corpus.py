"""The labelled corpus of the math verifier: (reference, completion, expected reward) cases.

Every bullet of the verifier's requirements has its own group; the adversarial and
pathological groups hold attempts that must earn nothing. `tests/rewards/test_math_corpus.py`
requires every case right, and `benchmarks/math_reward.py` runs Math-Verify on the same cases.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    group: str
    reference: str
    completion: str
    expected: float
    kind: str | None = None
    tolerance: float | None = None
    form: str | None = None


def box(answer: str) -> str:
    return f"Working step by step.\nSo the final answer is $\\boxed{{{answer}}}$."


CASES: list[Case] = []


def add(group: str, reference: str, completions: list[str], expected: float,
        kind: str | None = None, tolerance: float | None = None, boxed: bool = True,
        form: str | None = None) -> None:
    for completion in completions:
        CASES.append(Case(group, reference, box(completion) if boxed else completion,
                          expected, kind, tolerance, form))


# -- the existing arithmetic envs' oracle form -------------------------------------------------
CASES.append(Case("arithmetic-env", "-3/4",
                  "The value of the expression is \\boxed{-3/4}.", 1.0))
CASES.append(Case("arithmetic-env", "-274", "The value of the expression is \\boxed{-274}.", 1.0))
CASES.append(Case("arithmetic-env", "17/6", "The value of the expression is \\boxed{17/6}.", 1.0))
CASES.append(Case("arithmetic-env", "17/6", "The value of the expression is \\boxed{6/17}.", 0.0))
CASES.append(Case("arithmetic-env", "-274", "The value of the expression is \\boxed{274}.", 0.0))

# -- numbers in every notation -----------------------------------------------------------------
add("numbers", "1000",
    ["1,000", "1{,}000", "1000", "1\\,000", "1000.0", "10^3", "1 \\times 10^{3}"], 1.0)
add("numbers", "1000000", ["1e6", "1E6", "10^{6}", "1,000,000"], 1.0)
add("numbers", "602000000000000000000000", ["6.02\\times10^{23}", "6.02 \\cdot 10^{23}",
                                            "6.02e23"], 1.0)
add("numbers", "-5", ["\u22125", "-5", "- 5", "$-5$"], 1.0)
add("numbers", "\\frac{1}{3}", ["0.\\overline{3}", "\\frac13", "1/3", "\\dfrac{1}{3}",
                                "\\tfrac{1}{3}"], 1.0)
add("numbers", "\\frac{1}{6}", ["0.1\\overline{6}"], 1.0)
add("numbers", "\\frac{7}{2}", ["3\\frac12", "3\\frac{1}{2}", "3.5", "\\frac{7}{2}", "7/2"], 1.0)
add("numbers", "0.25", ["\\frac{1}{4}", ".25", "0.250", "1/4"], 1.0)
add("numbers", "12", ["12.00", "+12", "\\frac{24}{2}", "x = 12"], 1.0)
add("numbers", "-274", ["-274"], 1.0, kind="integer")
add("numbers", "3", ["3.0001"], 0.0)
add("numbers", "1000", ["100"], 0.0)

# -- fractions, radicals, constants ------------------------------------------------------------
add("radicals", "2\\sqrt{3}", ["\\sqrt{12}", "2\\sqrt3", "2 \\cdot 3^{1/2}", "\\sqrt{3} \\cdot 2",
                               "\\frac{6}{\\sqrt{3}}"], 1.0)
add("radicals", "\\frac{\\sqrt{2}}{2}", ["\\frac{1}{\\sqrt{2}}", "\\frac{\\sqrt2}{2}",
                                         "2^{-1/2}", "\\sqrt{\\frac{1}{2}}"], 1.0)
add("radicals", "1 + \\sqrt{2}", ["\\sqrt{3 + 2\\sqrt{2}}", "\\sqrt2 + 1"], 1.0)
add("radicals", "\\sqrt[3]{2}", ["2^{1/3}", "\\sqrt[3]{2}"], 1.0)
add("radicals", "2\\sqrt{3}", ["3\\sqrt{2}", "\\sqrt{6}"], 0.0)
add("constants", "\\pi/2", ["\\frac{\\pi}{2}", "\\frac{1}{2}\\pi", "0.5\\pi", "\\pi \\cdot 0.5"],
    1.0)
add("constants", "2\\pi", ["2\\pi", "\\pi + \\pi", "\\frac{4\\pi}{2}"], 1.0)
add("constants", "e^2", ["e^{2}", "\\exp(2)", "e \\cdot e"], 1.0)
add("constants", "\\ln 2", ["\\log 2", "\\ln(2)", "-\\ln\\frac12"], 1.0)
add("evaluated", "3", ["\\log_2 8", "8^{\\frac{1}{3}}"], 0.0)
add("evaluated", "\\frac{\\pi}{6}", ["\\arcsin\\frac12", "\\sin^{-1}(1/2)"], 0.0)
add("constants", "\\log_2 3", ["\\frac{\\ln 3}{\\ln 2}", "\\log_2(3)"], 1.0)
add("constants", "\\pi/2", ["\\pi/3"], 0.0)

# -- complex numbers ---------------------------------------------------------------------------
add("complex", "3 + 2i", ["3+2i", "2i + 3", "3 + 2\\mathrm{i}", "(3+2i)"], 1.0, kind="complex")
add("complex", "-1", ["-1 + 0i"], 1.0)
add("evaluated", "-1", ["e^{i\\pi}"], 0.0)
add("complex", "\\frac{1}{2} - \\frac{\\sqrt{3}}{2} i", ["\\frac{1 - \\sqrt{3}i}{2}"], 1.0)
add("complex", "3 + 2i", ["3 - 2i", "2 + 3i"], 0.0, kind="complex")

# -- symbolic expressions ----------------------------------------------------------------------
add("expressions", "x^2 + 2x + 1", ["(x+1)^2", "x^2+2x+1", "1 + 2x + x^2", "(1+x)(x+1)"], 1.0)
add("expressions", "\\frac{x+1}{x-1}", ["\\frac{x^2 - 1}{(x-1)^2}", "1 + \\frac{2}{x-1}"], 1.0)
add("expressions", "\\sin^2 x", ["1 - \\cos^2 x", "\\frac{1 - \\cos 2x}{2}"], 1.0,
    kind="expression")
add("expressions", "2\\sin x \\cos x", ["\\sin(2x)"], 1.0)
add("expressions", "e^{2x}", ["(e^x)^2", "\\exp(2x)"], 1.0)
add("expressions", "\\frac{1}{2}x^2 + C", ["\\frac{x^2}{2} + C"], 1.0)
add("expressions", "3xy", ["3yx", "x \\cdot 3 y"], 1.0)
add("expressions", "(x+1)^{20}", ["(1+x)^{20}"], 1.0)
add("expressions", "x^2 + 2x + 1", ["x^2 + 2x", "(x-1)^2", "x^2 + 2y + 1"], 0.0)
add("expressions", "\\sin^2 x", ["\\sin x^2"], 0.0)
add("expressions", "\\sqrt{x^2}", ["x"], 0.0)

# -- equations and assignments -----------------------------------------------------------------
add("equations", "y = 2x + 1", ["y = 2x + 1", "y = 1 + 2x", "2x - y + 1 = 0", "2x + 1",
                                "2y = 4x + 2"], 1.0)
add("equations", "x = 2", ["2", "x = 2", "x=\\frac{4}{2}"], 1.0)
add("equations", "2", ["x = 2", "a = 2"], 1.0)
add("equations", "x^2 + y^2 = 1", ["y^2 + x^2 = 1", "x^2 + y^2 - 1 = 0", "2x^2 + 2y^2 = 2"], 1.0)
add("equations", "y = 2x + 1", ["y = 2x - 1", "y = x + 1", "x = 2y + 1"], 0.0)
add("equations", "x = 2", ["y = 2", "x = 3"], 0.0)

# -- sets and unordered solution lists ---------------------------------------------------------
add("sets", "\\{1, 2, 3\\}", ["\\{3, 2, 1\\}", "\\{1,2,3\\}", "1, 2, 3", "3, 1, 2",
                              "x = 1, x = 2, x = 3", "\\left\\{ 1, 2, 3 \\right\\}"], 1.0)
add("sets", "\\{-2, 2\\}", ["\\pm 2", "x = \\pm 2", "2, -2", "x = 2 \\text{ or } x = -2"], 1.0)
add("sets", "\\{1 - \\sqrt{2}, 1 + \\sqrt{2}\\}", ["1 \\pm \\sqrt{2}"], 1.0)
add("sets", "1, 2", ["\\{2, 1\\}"], 1.0, kind="set")
add("sets", "\\{1, 2, 3\\}", ["\\{1, 2\\}", "\\{1, 2, 3, 4\\}", "1, 2, 4"], 0.0)
add("sets", "\\emptyset", ["\\varnothing", "\\{\\}"], 1.0, kind="set")

# -- ordered tuples ----------------------------------------------------------------------------
add("tuples", "(1, -2)", ["(1, -2)", "(1,-2)", "\\left(1, -2\\right)", "(x, y) = (1, -2)"], 1.0)
add("tuples", "(1, -2)", ["(-2, 1)", "(1, 2)", "(1, -2, 0)"], 0.0)
add("tuples", "(\\frac{1}{2}, \\sqrt{2})", ["(0.5, \\sqrt2)"], 1.0)
add("tuples", "(1, 2)", ["(1, 2)"], 1.0, kind="tuple")
add("tuples", "(1, 2)", ["(2, 1)"], 0.0, kind="tuple")

# -- intervals, unions and inequality forms ----------------------------------------------------
add("intervals", "(-\\infty, 2] \\cup (3, \\infty)",
    ["(-\\infty, 2] \\cup (3, \\infty)", "x \\le 2 \\text{ or } x > 3",
     "x \\leq 2 \\text{ or } x > 3", "(3, \\infty) \\cup (-\\infty, 2]",
     "(-\\infty,2]\\cup(3,+\\infty)"], 1.0)
add("intervals", "(-\\infty, 2] \\cup (3, \\infty)",
    ["(-\\infty, 2) \\cup (3, \\infty)", "(-\\infty, 2] \\cup [3, \\infty)", "x \\le 2"], 0.0)
add("intervals", "[1, 5)", ["1 \\le x < 5", "[1,5)", "x \\in [1, 5)"], 1.0)
add("intervals", "[1, 5)", ["(1, 5)", "[1, 5]", "1 < x \\le 5"], 0.0)
add("intervals", "(1, 2)", ["(1, 2)", "1 < x < 2", "2 > x > 1"], 1.0, kind="interval")
add("intervals", "(1, 2)", ["[1, 2]", "1 \\le x \\le 2"], 0.0, kind="interval")
add("intervals", "(2, \\infty)", ["x > 2", "(2, +\\infty)"], 1.0)
add("intervals", "(-\\infty, \\infty)", ["\\mathbb{R}", "(-\\infty, +\\infty)"], 1.0)

# -- matrices (shape checked) ------------------------------------------------------------------
MAT = "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}"
add("matrices", MAT, ["\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}",
                      "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}",
                      "\\left[\\begin{array}{cc} 1 & 2 \\\\ 3 & 4 \\end{array}\\right]",
                      "\\begin{pmatrix} \\frac{2}{2} & 2 \\\\ 3 & 2^2 \\end{pmatrix}"], 1.0)
add("matrices", MAT, ["\\begin{pmatrix} 1 & 3 \\\\ 2 & 4 \\end{pmatrix}",
                      "\\begin{pmatrix} 1 & 2 & 3 & 4 \\end{pmatrix}", "(1, 2, 3, 4)"], 0.0)
add("matrices", "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}",
    ["\\begin{pmatrix} 1 & 2 \\end{pmatrix}"], 0.0)

# -- units, currency, degrees, \text{} ---------------------------------------------------------
add("units", "12", ["12 \\text{ cm}", "12\\text{cm}", "12 \\mathrm{cm}^2", "12 apples",
                    "\\$12", "12 \\text{ dollars}", "12^\\circ", "12^{\\circ}", "\\text{12}",
                    "12\\ \\text{meters}"], 1.0)
add("units", "45", ["45\u00b0", "45 degrees"], 1.0)
add("units", "2.50", ["\\$2.50", "2.5 \\text{ dollars}"], 1.0)
add("units", "12", ["13 \\text{ cm}"], 0.0)

# -- percent policy ----------------------------------------------------------------------------
add("percent", "50\\%", ["50\\%", "50", "0.5", "\\frac{1}{2}", "50 \\%"], 1.0)
add("percent", "0.5", ["50\\%"], 1.0)
add("percent", "50", ["50\\%"], 1.0)
add("percent", "50", ["0.5"], 0.0)
add("percent", "50\\%", ["5000", "0.5\\%"], 0.0)

# -- tolerance policy --------------------------------------------------------------------------
add("tolerance", "\\pi", ["3.14159"], 1.0, tolerance=1e-5)
add("tolerance", "\\pi", ["3.14"], 0.0, tolerance=1e-5)
add("tolerance", "3.14", ["3.14159", "\\pi", "3.14"], 1.0, kind="real")
add("tolerance", "3.14", ["3.1", "3.15"], 0.0, kind="real")

# -- multiple choice ---------------------------------------------------------------------------
add("choice", "C", ["C", "(C)", "\\text{(C)}", "\\textbf{C}", "C) 42", "(C) 42", "c"], 1.0)
add("choice", "C", ["B", "A, C", "AC", "(A) or (C)"], 0.0)
add("choice", "B", ["B"], 1.0, kind="choice")

# -- short text --------------------------------------------------------------------------------
add("text", "\\text{Monday}", ["\\text{Monday}", "Monday", "monday", "\\textbf{Monday}"], 1.0)
add("text", "yes", ["Yes", "\\text{yes}", "YES."], 1.0)
add("text", "even", ["even", "\\text{Even}"], 1.0)
add("text", "\\text{Monday}", ["Tuesday", "\\text{Sunday}"], 0.0)
add("text", "yes", ["no"], 0.0)

# -- extraction --------------------------------------------------------------------------------
CASES.extend([
    Case("extraction", "42", "I think... Answer: 42", 1.0),
    Case("extraction", "42", "Reasoning here.\nFinal Answer: The final answer is $42$. "
                             "I hope it is correct.", 1.0),
    Case("extraction", "42", "Natalia sold 48/2 = 24 clips.\n#### 42", 1.0),
    Case("extraction", "42", "We get \\fbox{42}.", 1.0),
    Case("extraction", "42", "so it is \\boxed 42", 1.0),
    Case("extraction", "42", "<think>maybe \\boxed{41}?</think>The answer is \\boxed{42}.", 1.0),
    Case("extraction", "42", "<think>it is \\boxed{42} surely</think>The answer is \\boxed{41}.",
         0.0),
    Case("extraction", "42", "<think>I will answer \\boxed{42} but never finish", 0.0),
    Case("extraction", "42", "Partial: \\boxed{42}. Final: \\boxed{42}.", 1.0),
    Case("extraction", "\\{1, 2\\}", "\\boxed{\\{1, 2\\}}", 1.0),
    Case("extraction", "\\frac{3}{4}", "\\boxed{\\frac{3}{4}}", 1.0),
    Case("extraction", "42", "**Answer:** 42", 1.0),
    Case("extraction", "42", "The answer is 42.", 1.0),  # a final statement (issue 8)
])

# -- adversarial: must earn nothing ------------------------------------------------------------
ADVERSARIAL = [
    ("3", "\\boxed{3} or maybe \\boxed{4}"),            # several different final answers
    ("3", "\\boxed{4}. Actually, \\boxed{3}"),
    ("3", box("3, 4")),                                   # enumeration when one is asked
    ("3", box("3 \\text{ or } 4")),
    ("3", box("1, 2, 3, 4, 5")),
    ("C", box("A, B, C, D")),
    ("2", box("\\pm 2")),                                 # plus-minus hedge
    ("2", box("x = \\pm 2")),
    ("1 + \\sqrt{2}", box("1 \\pm \\sqrt{2}")),
    ("3", box("3 = 2")),                                  # relation tricks
    ("3", box("2 = 3")),
    ("3", box("3 = 3")),
    ("2", box("2 \\approx 3")),
    ("3", box("x \\approx 3")),
    ("3", box("x \\neq 3")),
    ("3", box("x = 3 = 4")),
    ("x^2", box("x^2 = x^2")),
    ("\\frac{1}{2}", box("\\int_0^1 x\\,dx")),            # restating with unevaluated operators
    ("55", box("\\sum_{k=1}^{10} k")),
    ("1", box("\\lim_{x \\to 0} \\frac{\\sin x}{x}")),
    ("2x", box("\\frac{d}{dx} x^2")),
    ("2x", box("\\frac{d}{dx}(x^2)")),
    ("120", box("\\prod_{k=1}^{5} k")),
    ("6", box("\\gcd(12, 18)")),
    ("\\frac{1}{2^{98}}", box("\\frac{1}{2^{99}}")),      # near-misses a float tolerance accepts
    ("10^{20}", box("10^{20}+1")),
    ("100000000000000000000", box("100000000000000000001")),
    ("\\pi", box("3.14")),
    ("\\pi", box("3.141592653589793")),
    ("\\sqrt{2}", box("1.4142135623730951")),
    ("50", box("5000")),
    ("\\frac{1}{3}", box("0.333333")),
    ("e", box("2.718281828")),
    ("\\frac{1}{2004!}", box("\\frac{1}{2006!}")),
    ("1 - \\frac{1}{e}", box("1 + \\frac{1}{e}")),
    ("2021", box("\\pm 2021")),
    ("3", "\\boxed{}"),                                   # empty or unclosed boxes
    ("3", "The answer is \\boxed{3"),
    ("3", "\\boxed{ }"),
    ("3", box("x")),                                      # bare symbols
    ("3", box("n")),
    ("3", box("\\text{answer}")),
    ("x + 1", box("x")),
    ("3", box("?")),
    ("3", "no box, no answer line, just 3 at the end 3"),
    ("(1, 2)", box("(1, 2) \\text{ or } (2, 1)")),
    ("\\{1, 2\\}", box("\\{1, 2, 3, 4, 5, 6, 7, 8, 9, 10\\}")),
    ("x^2 + 2x + 1", box("x^2 + 2x + 1 + y")),
    ("y = 2x + 1", box("y = y")),
    ("4", box("2 + 2 = 4")),
    ("4", box("4 = 2 + 2")),
    ("C", box("C \\text{ or } D")),
    ("\\text{Monday}", box("\\text{Monday or Tuesday}")),
    ("12", box("12, 13")),
    ("2", box("x = 2, 3")),
    ("5", box("x^2 = 25")),
]
for reference, completion in ADVERSARIAL:
    CASES.append(Case("adversarial", reference, completion, 0.0))

# -- pathological input: reward 0 within the bound (or the right answer) -----------------------
PATHOLOGICAL = [
    ("3", box("9^{9^{9^9}}")),
    ("3", box("9^{9^{9^{9^{9}}}}")),
    ("x", box("(x+1)^{100000}")),
    ("3", box("1000000!")),
    ("3", box("(10^{1000})!")),
    ("3", box("2^{2^{2^{2^{2^{2}}}}}")),
    ("3", box("10^{10^{10}}")),
    ("3", box("\\exp(\\exp(\\exp(10)))")),
    ("3", box("\\sin(10^{1000})")),
    ("3", box("\\binom{100000}{50000}")),
    ("3", box("1e999999")),
    ("3", box("{" * 5000 + "3" + "}" * 5000)),
    ("3", "\\boxed{" + "{" * 5000 + "3" + "}" * 5000 + "}"),
    ("3", "1 + " * 200_000 + "\\boxed{4}"),
    ("3", box("(" * 3000 + "3" + ")" * 3000)),
    ("3", box("3" + "+0" * 2000)),
    ("x", box("x^{x^{x^{x^{x^{x^{x}}}}}}")),
    ("3", box("\\sqrt{" * 500 + "9" + "}" * 500)),
    ("3", box("9" * 5000)),
]
for reference, completion in PATHOLOGICAL:
    CASES.append(Case("pathological", reference, completion, 0.0))
CASES.append(Case("pathological", "3", "x" * 1_000_000 + " \\boxed{3}", 1.0))

# -- cases reported against Math-Verify (huggingface/Math-Verify issues 14, 26, 37, 41, 60) ------
add("known-issues", "n = 2, 3, 4", ["n = 1, 2, 3"], 0.0)
add("known-issues", "D = (0, 1)", ["D = (0, 1.5)"], 0.0)
add("known-issues", "19, 46, \\text{ and } 82", ["21, 36, and 82"], 0.0)
add("known-issues", "19, 46, \\text{ and } 82", ["82, 19, 46"], 1.0)
add("known-issues", "\\frac{2^{2005}+1}{3 \\cdot 2^{2006}}", ["\\frac{1}{3 \\cdot 2^{2006}}"], 0.0)
add("known-issues", "\\frac{1}{2004!}", ["\\frac{1}{2006!}"], 0.0)
add("known-issues", "\\frac{1}{2004!}", ["\\frac{1}{2004!}"], 1.0)
add("known-issues", "4", ["4\\sqrt(2)"], 0.0)
add("known-issues", "3x - y + 13 = 0", ["3x + 4y + 14 = 0"], 0.0)
add("known-issues", "2x + 4y - 3 = 0", ["y = -\\frac{1}{2}x + \\frac{3}{4}"], 1.0)
add("known-issues", "\\text{13}", ["13"], 1.0)
add("known-issues", "[\\sqrt{2}, \\infty)",
    ["m \\geq \\sqrt{2}", "m \\in [\\sqrt{2}, +\\infty)"], 1.0)
add("numbers", "1000", ["1 000"], 1.0)
add("adversarial", "0", ["5 0", "2 3 0"], 0.0)
add("matrices", MAT, ["[[1, 2], [3, 4]]"], 1.0, kind="matrix")

# -- required forms: restating "factor / expand / simplify this" earns nothing -----------------
FACTORED = "-2x(x + 5)(x - 3)"
add("forms", FACTORED, ["-2x(x+5)(x-3)", "2x(3 - x)(x + 5)", "(-2x)(x - 3)(x + 5)"], 1.0,
    kind="expression", form="factored")
add("forms", FACTORED, ["-2x^3 - 4x^2 + 30x", "-2(x^2 + 5x)(x - 3)", "-2x(x^2 + 2x - 15)"], 0.0,
    kind="expression", form="factored")
add("forms", "5(x + 1)", ["5(x+1)"], 1.0, kind="expression", form="factored")
add("forms", "5(x + 1)", ["5x + 5"], 0.0, kind="expression", form="factored")
add("forms", "(5x - 6y)(5x + 6y)", ["(5x + 6y)(5x - 6y)"], 1.0, kind="expression",
    form="factored")
add("forms", "(5x - 6y)(5x + 6y)", ["25x^2 - 36y^2"], 0.0, kind="expression", form="factored")
EXPANDED = "x^3 - 8x^2 + 11x + 2"
add("forms", EXPANDED, ["x^3-8x^2+11x+2", "2 + 11x - 8x^2 + x^3"], 1.0, kind="expression",
    form="expanded")
add("forms", EXPANDED, ["(x^2 - 6x - 1)(x - 2)", "x^3 - 6x^2 - 2x^2 + 11x + 2",
                        "x(x^2 - 8x + 11) + 2"], 0.0, kind="expression", form="expanded")
FRACTION = "-\\frac{5x - 29}{(x - 7)(x - 1)}"
add("forms", FRACTION, ["\\frac{29 - 5x}{(x - 7)(x - 1)}", "\\frac{29-5x}{x^2-8x+7}"], 1.0,
    kind="expression", form="single_fraction")
add("forms", FRACTION, ["\\frac{-4}{x - 1} - \\frac{1}{x - 7}",
                        "\\frac{(29-5x)(x+1)}{(x-7)(x-1)(x+1)}"], 0.0,
    kind="expression", form="single_fraction")

# -- evaluated numbers: restating an arithmetic question earns nothing -------------------------
add("evaluated", "-\\frac{3}{4}", ["\\frac{-3}{4}", "\\frac{3}{-4}", "-0.75", "-\\frac{6}{8}"], 1.0)
add("evaluated", "-\\frac{3}{4}", ["3 \\times (4 - 7) \\div 4", "\\frac{1}{4} - 1", "-3 \\div 4",
                                  "\\frac{1 - 4}{4}"], 0.0)
add("evaluated", "23", ["3 + 4 \\times 5", "(12 - 7) \\cdot 4 + 3", "5^2 - 2"], 0.0)
add("evaluated", "120", ["5!", "\\binom{10}{3}"], 0.0)
add("evaluated", "\\frac{2}{5} - \\frac{2}{15}i",
    ["\\frac{6 - 2i}{15}", "\\frac{2}{5} - \\frac{2i}{15}", "0.4 - \\frac{2}{15} i"], 1.0,
    kind="complex")
add("evaluated", "5 + 5i", ["(1 + 2i)(3 - i)", "5(1 + i)"], 0.0, kind="complex")
add("evaluated", "-1", ["i^2"], 0.0)
add("evaluated", "\\frac{1}{2^{98}}", ["2^{-98}", "\\frac{1}{2^{98}}"], 1.0)
add("evaluated", "(-25, 24)", ["(-2 \\cdot 8 - 9, 24)"], 0.0)
add("forms", "\\frac{79}{55}", ["\\frac{79}{55}", "-\\frac{-79}{55}"], 1.0, form="fraction")
add("forms", "\\frac{79}{55}", ["1.4\\overline{36}", "\\frac{158}{110}", "1\\frac{24}{55}"], 0.0,
    form="fraction")
add("forms", "4\\sqrt{19}", ["4\\sqrt{19}", "\\sqrt{19} \\cdot 4"], 1.0, form="radical")
add("forms", "4\\sqrt{19}", ["\\sqrt{304}", "2\\sqrt{76}", "2 \\cdot 2\\sqrt{19}"], 0.0,
    form="radical")
add("forms", "\\frac{8 + 4\\sqrt{19}}{15}", ["\\frac{4\\sqrt{19} + 8}{15}"], 1.0, form="radical")
add("forms", "\\frac{8 + 4\\sqrt{19}}{15}", ["\\frac{-4}{2 - \\sqrt{19}}"], 0.0, form="radical")
add("forms", "16\\sqrt{14}", ["4\\sqrt{7} \\cdot 2\\sqrt{8}", "8\\sqrt{56}"], 0.0, form="radical")
add("expressions", "x^2 + 2x + 1", ["f(x) = (x+1)^2", "y = (x + 1)^2", "p(x) = x^2 + 2x + 1"], 1.0)
add("expressions", "6x \\cos(3x^2)",
    ["f'(x) = 6x\\cos(3x^2)", "\\frac{dy}{dx} = 6x\\cos(3x^2)", "y' = 6x \\cos(3x^2)"], 1.0,
    kind="expression")
add("adversarial", "6x \\cos(3x^2)", ["f'(x)", "\\frac{d}{dx}\\sin(3x^2)"], 0.0, kind="expression")

# -- realistic model outputs --------------------------------------------------------------------
REALISTIC = [
    ("12", "The area is $\\boxed{12\\text{ cm}^2}$.", 1.0),
    ("1234.5", "She earns $\\boxed{\\$1,234.50}$ in total.", 1.0),
    ("42", "**Final Answer**\n\\[\n\\boxed{42}\n\\]", 1.0),
    ("B", "The correct option is $\\boxed{\\textbf{(B)}\\ 12}$", 1.0),
    ("-\\frac12", "Solving, $\\boxed{x = -\\frac{1}{2}}$.", 1.0),
    ("(\\frac12,-3)", "The vertex is $\\boxed{\\left( \\frac{1}{2}, -3 \\right)}$.", 1.0),
    ("[2,5]", "Hence $\\boxed{x \\in [2, 5]}$.", 1.0),
    ("(3,4)", "Therefore $\\boxed{a = 3, b = 4}$.", 1.0),
    ("(3,4)", "So $\\boxed{x=3 \\text{ and } y=4}$.", 1.0),
    ("1, -3", "The roots are $\\boxed{x = 1 \\text{ or } x = -3}$.", 1.0),
    ("\\frac{9\\pi}{4}", "The area is $\\boxed{\\frac{9}{4}\\pi}$.", 1.0),
    ("0.0015", "That is $\\boxed{1.5 \\times 10^{-3}}$.", 1.0),
    ("\\frac{\\sqrt{3}}{3}", "We get $\\boxed{\\frac{1}{\\sqrt{3}}}$", 1.0),
    ("\\text{no solution}", "There is $\\boxed{\\text{no solution}}$.", 1.0),
    ("y = -\\frac34 x + 2", "The line is $\\boxed{3x+4y=8}$.", 1.0),
    ("5", "The answer is $\\boxed{5}$ apples.", 1.0),
    ("\\sqrt{\\frac{3}{2}}", "$\\boxed{\\frac{\\sqrt{6}}{2}}$", 1.0),
    ("\\infty", "The limit is $\\boxed{\\infty}$.", 1.0),
    ("\\infty", "The limit is $\\boxed{-\\infty}$.", 0.0),
    ("1024", "There are $\\boxed{2^{10}}$ subsets.", 0.0),
    # "The answer is 18." after the thinking is a final answer (issue 8: answers outside boxes)
    ("18", "<think>\nLet me compute 3*6 = 18. So \\boxed{18}.\n</think>\n\nThe answer is 18.",
     1.0),
    ("18", "<think>\nLet me compute 3*6 = 18. So \\boxed{18}.\n</think>\n\nThe answer is unclear.",
     0.0),
    ("18", "<think>\n3*6 = 18\n</think>\nFinal Answer: $18$", 1.0),
    ("72", "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n"
           "Natalia sold 48+24 = <<48+24=72>>72 clips altogether.\n#### 72", 1.0),
    ("\\frac{1}{4}", "The probability is $\\boxed{0.25}$, i.e. 25%.", 1.0),
    ("\\frac{1}{4}", "The probability is $\\boxed{25\\%}$.", 1.0),
    ("\\frac{1}{4}", "The probability is $\\boxed{\\frac{1}{4} \\text{ or } 25\\%}$.", 0.0),
]
for reference, completion, expected in REALISTIC:
    CASES.append(Case("realistic", reference, completion, expected))

# -- pathological but short enough to parse: the work itself must stay bounded -----------------
HEAVY = [
    ("(0, 1)", " \\cup ".join(f"({2 * k}, {2 * k + 1})" for k in range(45))),
    ("x", "e^{e^{e^{e^{x}}}}"),
    ("x", "x^{x^{x^{x^{x}}}}"),
    ("x", "".join(f"(x+{k})^{{200}}" for k in range(1, 60))),
    ("3", "+".join(f"\\sin({k})" for k in range(1, 90))),
    ("\\{1, 2\\}", "\\{" + ",".join(f"\\sin({k}x)" for k in range(1, 40)) + "\\}"),
    ("\\{1, 2\\}", "\\{" + ",".join(str(k) for k in range(200)) + "\\}"),
    ("3", "\\frac{9999999}{1234567}^{400} \\cdot \\frac{9999999}{1234567}^{400}"),
]
for reference, answer in HEAVY:
    CASES.append(Case("pathological", reference, box(answer), 0.0))
add("tuples", "(1, -2)", ["\\langle 1, -2 \\rangle"], 1.0)
add("sets", "\\{1, 2, 3\\}", ["\\lbrace 1, 2, 3 \\rbrace"], 1.0)
CASES.append(Case("extraction", "\\boxed{5}", box("5"), 1.0))  # a boxed answer key
add("adversarial", "3", ["3 x", "3 ab"], 0.0)
add("adversarial", "5", ["5 i", "5 pi"], 0.0)
add("units", "7", ["7 m", "7 \\text{m}", "7 meters"], 1.0)
add("adversarial", "C", ["(C) or (D)", "(C) and (D)", "C. or D.", "(C) 42 (D) 17"], 0.0)
add("sets", "\\{1, 2\\}", ["x \\in \\{1, 2\\}"], 1.0)
add("evaluated", "3", ["\\lfloor 3.7 \\rfloor", "|-3|", "\\lceil 2.5 \\rceil"], 0.0)
add("evaluated", "\\sqrt{2}", ["|\\sqrt{2}|"], 0.0)


# -- answers as models write them (issue 8): every rule with its gaming attempts -----------------
from math_as_written import ACCEPT, REFUSE  # noqa: E402  (data shared with its own test)

for _table, _expected in ((ACCEPT, 1.0), (REFUSE, 0.0)):
    for _rows in _table.values():
        for _reference, _completion, _kind in _rows:
            CASES.append(Case("as-written", _reference, _completion, _expected, _kind))

"""Math answers as models write them (issue 8), as data: (reference, completion, kind) rows.

`ACCEPT` rows must score 1 and `REFUSE` rows 0, grouped by the rule they exercise; each
acceptance rule has its gaming attempts beside it in `REFUSE`. Used by
`test_math_as_written.py` and, as the corpus group `as-written`, by the benchmark.
"""

from __future__ import annotations

# (reference, completion, kind)
ACCEPT: dict[str, list[tuple[str, str, str | None]]] = {
    "final answer outside a box": [
        ("7", "So we add them.\nAnswer: **7**", None),
        ("7", "**Answer:** 7", None),
        ("7", "48/2 = 24\n#### 7", None),
        ("7", "Adding up, the answer is $7$.", None),
        ("7", "Therefore the final answer is 7.", None),
        ("7", "So, the answer is: 7", None),
        ("7", "Our answer is \\(7\\).", None),
        ("\\frac{\\sqrt3}{2}", "Final answer: $\\frac{\\sqrt3}{2}$", None),
        ("9", "Answer \\( 9 \\)", None),
        ("9", "Answer \\[\n9\n\\]", None),
        ("34", "Final Answer: The largest $n$ is 34.", None),
        ("120", "Final Answer: The volume of $ABCDEFGH$ is 120. I hope it is correct.", None),
        ("12000023", "Final Answer: The final answer is 12,000,023. I hope it is correct. "
                     "<|im_start|>user", None),
        ("x \\le 2", "Thus $x \\le 2$ is our answer.", None),
        ("odd", "Final answer: the function is odd", None),
        ("5", "Final Answer: 5 is the number of apples", None),
        ("\\text{no solution}", "Final answer: no solution", None),
        ("x \\neq 5", "The solution is $x != 5$", None),
        ("x \\ge 5", "Therefore $x \\geq 5$ is the solution.", None),
        ("14916", "Final Answer: The final answer is $14 {, }916$. I hope it is correct.", None),
        ("f(2) < f(1) < f(4)", "Hence, $\\boxed{f(4) > f(1) > f(2)}.$", None),
        ("10455", "First $\\boxed{200}$, then $\\boxed{255}$.\nFinal Answer: The final answer "
                  "is $10,455$.", None),
    ],
    "self-correction": [
        ("5", "So the answer is \\boxed{4}. Wait, that was a slip: 2 + 3 = 5, so the answer is "
              "\\boxed{5}.", None),
        ("5", "\\boxed{4}\n\nHmm, I made a mistake in the second step. Redoing it gives "
              "\\boxed{5}.", None),
        ("5", "We get \\boxed{4}. That is incorrect, because I dropped a term; the answer is "
              "\\boxed{5}.", None),
        ("5", "Partial: \\boxed{5}. Checked again: \\boxed{5}.", None),
    ],
    "a set over several boxes": [
        ("\\{3, -3\\}", "The roots are \\boxed{3} and \\boxed{-3}.", None),
        ("\\{3, -3\\}", "The roots are $\\boxed{3}$, $\\boxed{-3}$.", None),
        ("\\{1, 2, 3\\}", "\\boxed{1},\\boxed{2},\\boxed{3}", None),
        # `x = 3 or x = -3` states a solution set, as `3 \\text{ or } -3` in one box does
        ("\\{3, -3\\}", "\\boxed{3} or \\boxed{-3}", None),
        ("\\{3, -3\\}", "$x = \\boxed{3}$ or $x = \\boxed{-3}$", None),
        ("\\{1, 2, 3\\}", "\\boxed{1} and \\boxed{2} and \\boxed{3}", None),
        ("(2, 2), (6, 2)", "$$\\boxed{(2, 2)} \\quad \\text{and} \\quad \\boxed{(6, 2)}$$", None),
        ("y_1 = 3x, y_2 = 2x", "\\( y_1 = \\boxed{3x} \\) and \\( y_2 = \\boxed{2x} \\)", None),
        ("k = 45, n = 2", "$\\boxed{k = 45} \\quad \\text{and} \\quad \\boxed{n = 2}$", None),
        ("p = 5, q = 2; p = 7, q = 2", "\\boxed{(7, 2), (5, 2)}", None),
    ],
    "interval endpoints": [
        ("[0, 9)", "\\boxed{[0, 9)}", None),
        ("[0, 9)", "\\boxed{\\left[ 0, 9 \\right)}", None),
        ("[0, 9)", "\\boxed{0 \\le x < 9}", None),
        ("[0, 9)", "\\boxed{9 > x \\geq 0}", None),
        ("[0, 9)", "\\boxed{x \\in [0, 9)}", None),
        ("[0, 9)", "\\boxed{[0, 9[}", None),
        ("(0, 9)", "\\boxed{]0, 9[}", "interval"),
        ("(0, 9)", "\\boxed{0 < x < 9}", "interval"),
        ("0 \\le x < 9", "\\boxed{[0, 9)}", None),
        ("(0, 9)", "\\boxed{0 < x < 9}", None),       # an untyped pair may be an open interval
        ("(0, 9)", "\\boxed{x \\in (0, 9)}", None),
        ("(-\\infty, 3) \\cup (3, \\infty)", "\\boxed{x \\neq 3}", None),
        ("[0, 9)", "\\boxed{\\{x \\mid 0 \\le x < 9\\}}", None),
        ("[0, 9)", "\\boxed{\\left\\{ x \\in \\mathbb{R} : 0 \\le x < 9 \\right\\}}", None),
        ("(2, \\infty)", "\\boxed{\\{x : x > 2\\}}", None),
    ],
    "inequalities that do not isolate a bare variable": [
        ("x < 1", "\\boxed{-x > -1}", None),
        ("x \\le 1", "\\boxed{-x \\ge -1}", None),
        ("x > -2", "\\boxed{2 > -x}", None),
        ("(-3, 3)", "\\boxed{|x| < 3}", "interval"),
        ("0 < f(x) < 1", "\\boxed{(0, 1)}", None),
        ("(0, 1)", "\\boxed{0 < f(x) < 1}", "interval"),
        ("1 \\le |z| \\le \\frac{3}{2}",
         "\\boxed{z \\in [-\\frac{3}{2}, -1] \\cup [1, \\frac{3}{2}]}", None),
    ],
    "a chain that ends in the answer": [
        ("11", "\\boxed{x = 5 + 5 + 1 = 11}", None),
        ("x = 11", "\\boxed{x = 5 + 5 + 1 = 11}", None),
        ("2", "\\boxed{x = \\frac{4}{2} = 2}", None),
        ("z = 2", "\\boxed{z = 1 + 1 = 2}", None),
        ("x^2 + 2x + 1", "\\boxed{y = (x + 1)^2 = x^2 + 2x + 1}", None),
        ("\\frac{1}{3}", "\\boxed{x = \\frac{1}{3} \\approx 0.333}", None),  # value, then rounding
        ("\\pi", "\\boxed{\\pi \\approx 3.14}", None),
        ("-\\sqrt{2}", "\\boxed{x = -\\sqrt{2} \\approx -1.414}", None),
    ],
    "a named quantity": [
        ("1", "\\boxed{|AB| = 1}", None),
        ("|AB| = 1", "\\boxed{1}", None),
        ("f(x) = 1", "\\boxed{1}", None),
        ("1", "\\boxed{f(2) = 1}", None),
        ("\\frac{NO}{BO} = \\frac{1}{\\sqrt{6}}", "\\boxed{\\frac{\\sqrt6}{6}}", None),
        ("AB = 4, CD = 5", "\\boxed{4, 5}", None),
        ("a_3 = 2, a_{37} = 19", "\\boxed{a_{37} = 19, a_3 = 2}", None),
        ("A:B = 1", "\\boxed{1}", None),
    ],
    "thousands separators, ratios, bases, \\pm inside": [
        ("11111111100", "\\boxed{11,\\! 111,\\! 111,\\! 100}", None),
        ("32349", "\\boxed{32,\\!349}", None),
        ("7:32", "\\boxed{7:32}", None),
        ("7:32", "\\boxed{14:64}", None),
        ("S_{MBCN}:S = 7:32", "\\boxed{7:32}", None),
        ("V_1:V_2 = 11:21", "\\boxed{11 : 21}", None),
        ("12:00", "\\boxed{12:00}", None),
        ("204_5", "\\boxed{204_5}", None),
        ("204_5", "\\boxed{204_{5}}", None),
        ("204_5", "\\boxed{204}", None),
        ("\\{\\frac{-1 + \\sqrt{13}}{4}, \\frac{-1 - \\sqrt{13}}{4}\\}",
         "\\boxed{\\frac{-1 \\pm \\sqrt{13}}{4}}", None),
        ("x = \\frac{1}{2}, x = \\frac{-1 \\pm \\sqrt{13}}{4}",
         "\\boxed{\\frac{-1 - \\sqrt{13}}{4}, \\frac12, \\frac{-1 + \\sqrt{13}}{4}}", None),
        ("(\\frac15, \\frac16)", "\\boxed{\\\\left( \\frac{1}{5}, \\frac{1}{6} \\\\right)}", None),
    ],
    "units": [
        ("5 m", "\\boxed{5 m}", None),
        ("5 m", "\\boxed{5\\text{ meters}}", None),
        ("5 m", "\\boxed{500 cm}", None),                     # a correct conversion
        ("5 m", "\\boxed{5}", None),                          # a bare number, in the asked unit
        ("5", "\\boxed{5 cm}", None),
        ("12\\text{ cm}^2", "\\boxed{12 cm²}", None),
        ("12 cm^2", "\\boxed{12\\text{ cm}^2}", None),
        ("15\\mbox{ cm}^2", "\\boxed{15\\mbox{ cm}^2}", None),
        ("2 hours", "\\boxed{120 minutes}", None),
        ("30 km/h", "\\boxed{30 kph}", None),
        ("125 miles", "\\boxed{125\\textnormal{ miles}}", None),
        ("0.06 \\text{ yuan}", "\\boxed{0.06 \\text{ yuan}}", None),
        ("12 apples", "\\boxed{12 apple}", None),
        ("90^\\circ", "\\boxed{90 degrees}", None),
    ],
    "trig identities and constants of integration": [
        ("\\cos 2x", "\\boxed{\\cos^2 x - \\sin^2 x}", None),
        ("\\cos 2x", "\\boxed{1 - 2\\sin^2 x}", None),
        ("\\tan x", "\\boxed{\\frac{\\sin x}{\\cos x}}", None),
        ("\\sec^2 y", "\\boxed{\\tan^2 y + 1}", None),
        ("2 \\sin b \\cos a", "\\boxed{\\sin(a + b) - \\sin(a - b)}", None),
        ("\\ln|x| + C", "\\boxed{\\ln|x| + K}", None),
        ("\\ln|x| + C", "\\boxed{\\ln|x| + C}", None),
        ("\\ln|x| + C", "\\boxed{\\ln|2x| + D}", None),      # differs by a constant
        ("\\frac{x^3}{3} + C", "\\boxed{\\frac{x^3 + 1}{3} + c_1}", None),
        ("-\\frac{1}{2}\\cos 2x + C", "\\boxed{\\sin^2 x + K}", None),
        ("e^x + C", "Final answer: $e^x + C_1$", None),
    ],
}

REFUSE: dict[str, list[tuple[str, str, str | None]]] = {
    "final answer outside a box": [
        ("7", "The answer is not 7.", None),
        ("7", "The answer is probably 7.", None),
        ("7", "The answer is either 7 or 8.", None),
        ("7", "Final answer: 7 or 8", None),
        ("7", "I think it is 7", None),                        # no marker of a final answer
        ("7", "Therefore the sum is $7$.", None),
        ("7", "An answer is 7.", None),
        ("9", "Answer $\n 9 \n $", None),                      # an inline block never closed
        ("5", "The solution is to add 2 and 3, giving 5.", None),
        ("5", "Solution: 2 + 3 = 5", None),                    # a heading, not a final answer
        ("5", "The solution is not 5.", None),
        ("5", "The solution is $5$ or $6$.", None),
        ("f(2) < f(1) < f(4)", "\\boxed{f(1) < f(2) < f(4)}", None),
        ("f(2) < f(1) < f(4)", "\\boxed{f(2) \\le f(1) < f(4)}", None),
        ("34", "Final Answer: The largest $n$ is 35.", None),
        ("7", "$7$ is our answer? Let me check. $8$ is also possible.", None),
    ],
    "self-correction": [
        ("3", "\\boxed{4}. Actually, \\boxed{3}", None),       # a bare flip is not a retraction
        ("3", "\\boxed{4}. Wait, \\boxed{3}", None),
        ("3", "\\boxed{3} or maybe \\boxed{4}", None),
        ("5", "\\boxed{4}. Hmm, I made a mistake; it could also be \\boxed{5}.", None),
        ("5", "\\boxed{5}. That was a slip, maybe \\boxed{4}.", None),
        ("5", "either \\boxed{5} or \\boxed{6}", None),
        ("5", "\\boxed{4} or \\boxed{5}", None),
        ("5", "\\boxed{5} no no no \\boxed{4}", None),
        ("5", "It is \\boxed{5}. Then we compute something else entirely: \\boxed{9}.", None),
        ("5", "I made a mistake earlier so the answer is \\boxed{5}, \\boxed{6}", None),
    ],
    "a set over several boxes": [
        ("\\{3, -3\\}", "The roots are \\boxed{3}, \\boxed{-3} and \\boxed{4}.", None),
        ("\\{3, -3\\}", "The roots are \\boxed{3} and \\boxed{3}.", None),
        ("3", "The roots are \\boxed{3} and \\boxed{-3}.", None),
        ("\\{1, 2\\}", "\\boxed{1} for part (a), and for part (b) after much work \\boxed{2}",
         None),
        ("(1, 2)", "\\boxed{2} and \\boxed{1}", None),
        ("3", "$x = \\boxed{3}$ or $x = \\boxed{-3}$", None),     # a hedge when one is asked
        ("\\{3, -3\\}", "\\boxed{3} or \\boxed{4}", None),
        ("p = 5, q = 2; p = 7, q = 2", "\\boxed{(2, 5), (2, 7)}", None),
        ("p = 5, q = 2; p = 7, q = 2", "\\boxed{(5, 2)}", None),
    ],
    "interval endpoints": [
        ("(0, 9)", "\\boxed{[0, 9)}", None),              # `(0,9)` may be a pair; `[0,9)` is not
        ("(0, 9)", "\\boxed{[0, 9]}", None),
        ("(0, 9)", "\\boxed{(0, 9]}", None),
        ("[0, 9)", "\\boxed{(0, 9)}", "interval"),
        ("[0, 9)", "\\boxed{[0, 9]}", None),
        ("[0, 9)", "\\boxed{0 < x < 9}", None),
        ("[0, 9)", "\\boxed{0 \\le x \\le 9}", None),
        ("[0, 9)", "\\boxed{x \\in (0, 9)}", None),
        ("[0, 9)", "\\boxed{]0, 9[}", None),
        ("[0, 9)", "\\boxed{[0, 9]}", None),
        ("[0, 9)", "\\boxed{\\left( 0, 9 \\right)}", None),
        ("0 \\le x < 9", "\\boxed{(0, 9)}", None),
        ("(0, 9)", "\\boxed{0 \\le x < 9}", None),
        ("(0, 9)", "\\boxed{0 < x < 9}", "tuple"),    # a pair by the task's word: no interval
        ("(9, 0)", "\\boxed{0 < x < 9}", None),
        ("(0, \\infty)", "\\boxed{x \\geq 0}", None),
        ("x > 0", "\\boxed{[0, \\infty)}", None),
        ("(-\\infty, 3) \\cup (3, \\infty)", "\\boxed{(-\\infty, 3] \\cup (3, \\infty)}", None),
        ("[0, 9)", "\\boxed{\\{x \\mid 0 < x < 9\\}}", None),
        ("[0, 9)", "\\boxed{\\{y \\mid 0 \\le x < 9\\}}", None),
        ("[0, 9)", "\\boxed{\\{x \\mid 0 \\le x \\le 9\\}}", None),
    ],
    "inequalities that do not isolate a bare variable": [
        ("x < 1", "\\boxed{x > -1}", None),
        ("x < 1", "\\boxed{-x < -1}", None),
        ("x > 2", "\\boxed{4 < 2x}", None),                 # still to solve: the question
        ("x \\le -4", "\\boxed{9x + 3 \\le -33}", None),
        ("(-1, 2)", "\\boxed{|2x - 1| < 3}", "interval"),
        ("(-3, 3)", "\\boxed{|x| \\le 3}", "interval"),
        ("x < 1", "\\boxed{x^2 < 1}", None),
        ("x < 1", "\\boxed{x + y < 1}", None),
        ("1 \\le |z| \\le \\frac{3}{2}", "\\boxed{z \\in [1, \\frac{3}{2}]}", None),
    ],
    "a chain that ends in the answer": [
        ("11", "\\boxed{x = 5 + 5 + 1 = 7 = 11}", None),         # a false link
        ("3", "\\boxed{x = 3 = 4}", None),
        ("4", "\\boxed{x = 4 = 3}", None),
        ("4", "\\boxed{2 + 2 = 4}", None),                       # no name: a relation of numbers
        ("23", "\\boxed{x = 23 = 3 + 4 \\times 5}", None),       # ends in the question
        ("2", "\\boxed{x = 2 = y}", None),
        ("11", "\\boxed{x \\approx 11}", None),                   # an approximation alone
        ("\\frac{1}{3}", "\\boxed{x = \\frac{1}{3} \\approx 1.3}", None),    # a wrong rounding
        ("\\pi", "\\boxed{\\pi \\approx 3.15}", None),
        ("3.14", "\\boxed{\\pi \\approx 3.14}", None),                # the exact value counts
        ("\\pi", "\\boxed{3.14 \\approx \\pi}", None),
        ("7", "\\boxed{x = 3 + 4 \\approx 7}", None),
    ],
    "a named quantity": [
        ("5", "\\boxed{2x = 10}", None),                         # an equation, not a name
        ("7", "\\boxed{x = 3 + 4}", None),              # a name does not excuse undone arithmetic
        ("1024", "\\boxed{|AB| = 2^{10}}", None),
        ("5", "\\boxed{xy = 5}", None),
        ("5", "\\boxed{x + 1 = 5}", None),
        ("x = 2", "\\boxed{y = 2}", None),
        ("|AB| = 1", "\\boxed{|CD| = 1}", None),
        ("AB = 4, CD = 5", "\\boxed{4, 6}", None),
        ("7 = 11a + c", "\\boxed{11a + c}", None),
        ("2x + z = 1", "\\boxed{1}", None),
    ],
    "thousands separators, ratios, bases, \\pm inside": [
        ("32349", "\\boxed{32, 349}", None),                     # a list, not a grouping
        ("11111111100", "\\boxed{11,\\! 111,\\! 11,\\! 100}", None),
        ("7:32", "\\boxed{32:7}", None),
        ("7:32", "\\boxed{7:31}", None),
        ("7:32", "\\boxed{7/32}", None),
        ("12:00", "\\boxed{1:00}", None),
        ("204_5", "\\boxed{54}", None),
        ("204_5", "\\boxed{204_6}", None),
        ("204_5", "\\boxed{205_5}", None),
        ("\\frac{-1 + \\sqrt{13}}{4}", "\\boxed{\\frac{-1 \\pm \\sqrt{13}}{4}}", None),
        ("\\{\\frac{-1 + \\sqrt{13}}{4}, \\frac{-1 - \\sqrt{13}}{4}\\}",
         "\\boxed{\\frac{1 \\pm \\sqrt{13}}{4}}", None),
    ],
    "units": [
        ("5 m", "\\boxed{5 cm}", None),
        ("5 m", "\\boxed{5 km}", None),
        ("12 cm^2", "\\boxed{12 cm}", None),
        ("12\\text{ cm}^2", "\\boxed{12\\text{ cm}}", None),
        ("12\\text{ cm}^2", "\\boxed{12\\text{ cm}^3}", None),
        ("30 km/h", "\\boxed{30 m/s}", None),
        ("30 km/h", "\\boxed{30 km}", None),
        ("5 kg", "\\boxed{5 g}", None),
        ("5 kg", "\\boxed{5 m}", None),
        ("125 miles", "\\boxed{125 km}", None),
        ("12 apples", "\\boxed{12 oranges}", None),
        ("5 dollars", "\\boxed{5 cents}", None),
        ("2 hours", "\\boxed{2 minutes}", None),
        ("5 m", "\\boxed{50 cm}", None),                      # a wrong conversion
    ],
    "trig identities and constants of integration": [
        ("\\cos 2x", "\\boxed{\\cos^2 x + \\sin^2 x}", None),
        ("\\cos 2x", "\\boxed{2\\cos x}", None),
        ("\\tan x", "\\boxed{\\frac{\\cos x}{\\sin x}}", None),
        ("\\ln|x| + C", "\\boxed{\\ln|x|}", None),              # the constant left out
        ("\\ln|x| + C", "\\boxed{K \\ln|x|}", None),            # not added
        ("\\ln|x| + C", "\\boxed{\\ln|x| + x + K}", None),
        ("\\ln|x| + C", "\\boxed{\\ln|x| + K + L}", None),
        ("\\ln|x| + C", "\\boxed{\\ln|x + 1| + K}", None),
        ("\\ln|x| + C", "\\boxed{K}", None),
        ("\\frac{x^3}{3} + C", "\\boxed{x^2 + K}", None),
        ("x^2 + k", "\\boxed{x^2 + m}", None),                  # k is no constant of integration
    ],
}

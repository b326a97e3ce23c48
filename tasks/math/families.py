"""The catalogue of procedural math families, keyed by short name (`linear-equations`).

`math/mixed-v0` samples from this table, the registry gives each family its own env id
`math/<name>-v0`, and the docs table is checked against it by the tests.
"""

from __future__ import annotations

from verticals.generators import Generator
from verticals.tasks.math.algebra import Inequalities, LinearEquations, LinearSystems, Quadratics
from verticals.tasks.math.arithmetic import ArithmeticGenerator
from verticals.tasks.math.calculus import (
    DefiniteIntegrals,
    Derivatives,
    IndefiniteIntegrals,
    Limits,
)
from verticals.tasks.math.combinatorics import Combinatorics, Probability
from verticals.tasks.math.complex_numbers import ComplexNumbers
from verticals.tasks.math.exponents import ExponentsLogarithms, Radicals
from verticals.tasks.math.geometry import Lines
from verticals.tasks.math.linear_algebra import Determinants, Matrices, Vectors
from verticals.tasks.math.number_theory import GcdLcm, ModularArithmetic, Primes
from verticals.tasks.math.numbers import Decimals, OrderOfOperations, Percentages
from verticals.tasks.math.polynomials import Factoring, PolynomialExpansion, RationalExpressions
from verticals.tasks.math.sequences import SequencesSeries
from verticals.tasks.math.word_problems import WordProblems

_CLASSES: list[type[Generator]] = [
    ArithmeticGenerator,
    Decimals,
    OrderOfOperations,
    Percentages,
    LinearEquations,
    LinearSystems,
    Quadratics,
    Inequalities,
    PolynomialExpansion,
    Factoring,
    RationalExpressions,
    Radicals,
    ExponentsLogarithms,
    ComplexNumbers,
    SequencesSeries,
    Derivatives,
    IndefiniteIntegrals,
    DefiniteIntegrals,
    Limits,
    GcdLcm,
    ModularArithmetic,
    Primes,
    Combinatorics,
    Probability,
    Matrices,
    Determinants,
    Vectors,
    Lines,
    WordProblems,
]

#: short name -> generator class, e.g. "linear-equations" -> LinearEquations
FAMILIES: dict[str, type[Generator]] = {
    cls.name.removeprefix("math/"): cls for cls in sorted(_CLASSES, key=lambda c: c.name)
}


def family_names() -> list[str]:
    return list(FAMILIES)

"""Every procedural math family's gold answer must be judged right by the verifier, and the
gold of another seed judged wrong: the generators and the verifier speak the same LaTeX."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

from verticals.rewards.math import score

common = pytest.importorskip("verticals.tasks.math.common")


def _families() -> list[type]:
    import verticals.tasks.math as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"verticals.tasks.math.{info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if (issubclass(obj, common.MathFamily) and obj is not common.MathFamily
                    and obj.__module__ == module.__name__ and getattr(obj, "family", None)):
                found.append(obj)
    return sorted(found, key=lambda cls: cls.__name__)


FAMILIES = _families()


@pytest.mark.parametrize("family", FAMILIES, ids=lambda cls: cls.__name__)
def test_gold_scores_one_and_another_seeds_gold_scores_zero(family):
    generator = family()
    for difficulty in range(1, 6):
        for seed in range(2):
            problem = generator.sample(seed, difficulty)
            got = score(problem.oracle(), problem.answer, kind=problem.kind)
            assert got.reward == 1.0, (problem.answer, problem.kind, got.reason)
            other = generator.sample(seed + 1000, difficulty)
            if other.answer.strip() != problem.answer.strip():
                wrong = score(other.oracle(), problem.answer, kind=problem.kind)
                assert wrong.reward == 0.0, (problem.answer, other.answer, wrong.reason)

"""Math episodes: a single-turn answer, or a multi-turn chain worked with a calculator."""

from __future__ import annotations

from importlib.metadata import version

from pydantic import Field

from verticals.env import MultiTurnConfig, TextEnv
from verticals.tasks.math.calculator import CalculatorError, evaluate, format_fraction
from verticals.tools import Tool, ToolError


class MathEnv(TextEnv):
    """One prompt, one answer: the answer is judged by the math verifier."""

    def versions(self) -> dict[str, str]:
        """sympy renders the gold and checks answers, so rollouts record its version."""
        return {"sympy": version("sympy")}


class CalculatorConfig(MultiTurnConfig):
    max_turns: int = Field(default=32, ge=1, le=1000, description="Agent messages per episode.")


class CalculatorEnv(MathEnv):
    """The agent may call `calculate(expression)` any number of times, then answers."""

    Config = CalculatorConfig

    def tools(self) -> list[Tool]:
        return [
            Tool(
                name="calculate",
                description=(
                    "Evaluate an arithmetic expression exactly. Supports numbers, + - * / "
                    "** and parentheses; results are integers or fractions in lowest terms."
                ),
                parameters={
                    "type": "object",
                    "properties": {
                        "expression": {
                            "type": "string",
                            "description": "For example: (12345 * 678) / 9 - 1",
                        }
                    },
                    "required": ["expression"],
                    "additionalProperties": False,
                },
                run=self._calculate,
            )
        ]

    @staticmethod
    def _calculate(expression: str) -> str:
        try:
            return format_fraction(evaluate(expression))
        except CalculatorError as exc:
            raise ToolError(str(exc)) from None

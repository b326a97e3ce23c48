"""Tools an env offers to the agent: a JSON schema plus the function that answers it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jsonschema


class ToolError(Exception):
    """A tool refused its input; the message is shown to the agent as the tool's result."""


@dataclass
class Tool:
    """One callable tool. `parameters` is a JSON Schema object for the arguments."""

    name: str
    description: str
    parameters: dict[str, Any]
    run: Callable[..., str]
    _validator: Any = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        jsonschema.Draft202012Validator.check_schema(self.parameters)
        self._validator = jsonschema.Draft202012Validator(self.parameters)

    @property
    def schema(self) -> dict[str, Any]:
        """The OpenAI function-calling form of this tool, as trainers and chat templates take it."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.parameters,
            },
        }

    def check_arguments(self, arguments: dict[str, Any]) -> str | None:
        """Why `arguments` do not fit the schema, or None when they do."""
        error = jsonschema.exceptions.best_match(self._validator.iter_errors(arguments))
        if error is None:
            return None
        where = "/".join(str(p) for p in error.absolute_path) or "arguments"
        return f"invalid arguments for '{self.name}' at {where}: {error.message}"

    def call(self, arguments: dict[str, Any]) -> str:
        """Validate and run; raises ToolError with a message fit for the agent."""
        problem = self.check_arguments(arguments)
        if problem:
            raise ToolError(problem)
        return self.run(**arguments)

"""Errors verticals raises on purpose, each with a message that names the fix.

The CLI prints these as one line and exits non-zero; anything else is a bug.
"""

from __future__ import annotations

from typing import ClassVar

from verticals.types import ScoreStatus


class VerticalsError(Exception):
    """Base for every error a user can cause and correct."""


class UnknownEnvError(VerticalsError, KeyError):
    """An env id that no registry file declares."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ConfigError(VerticalsError, ValueError):
    """A config key that does not exist, or a value out of its allowed range."""


class RegistryError(VerticalsError):
    """A registry file (ours or a pack's) that cannot be read or does not fit the schema."""


class MissingExtraError(VerticalsError):
    """An env that needs an optional module this installation lacks; names the install."""


class TaskFileError(VerticalsError):
    """A task or dataset file that cannot be read as tasks."""


class NoVerdict(Exception):
    """Raised by a reward function that cannot judge: the episode is left unscored.

    Not a `VerticalsError`: the agent did nothing wrong and neither did the user. The env
    turns it into a `Score` whose `status` is `self.status`; trainers mask such samples.
    """

    status: ClassVar[ScoreStatus] = "infrastructure_error"


class InfrastructureError(NoVerdict):
    """Our machinery failed while scoring (a sandbox died, a container would not start)."""

    status: ClassVar[ScoreStatus] = "infrastructure_error"


class BrokenTaskError(NoVerdict):
    """The task cannot be scored by anyone (its gold is missing or unreadable)."""

    status: ClassVar[ScoreStatus] = "task_error"

"""Errors verticals raises on purpose, each with a message that names the fix.

The CLI prints these as one line and exits non-zero; anything else is a bug.
"""


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


class TaskFileError(VerticalsError):
    """A task or dataset file that cannot be read as tasks."""

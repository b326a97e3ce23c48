"""verticals: reinforcement-learning environments for language models in vertical domains.

    import verticals
    env = verticals.make("math/arithmetic-v0", difficulty=2)
    obs, info = env.reset(seed=0)
"""

from verticals.errors import ConfigError, RegistryError, UnknownEnvError, VerticalsError
from verticals.registry import make, register_with_gymnasium, registered, spec
from verticals.types import RolloutRecord, Score, Task, Trajectory

__version__ = "0.1.0"

# `gymnasium.make("verticals:<id>")` imports this module, then looks the id up: every id
# (ours and installed packs') must be registered by the time the import finishes.
register_with_gymnasium()

__all__ = [
    "ConfigError",
    "RegistryError",
    "RolloutRecord",
    "Score",
    "Task",
    "Trajectory",
    "UnknownEnvError",
    "VerticalsError",
    "__version__",
    "make",
    "registered",
    "spec",
]

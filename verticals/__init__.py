"""verticals: reinforcement-learning environments for language models in vertical domains.

    import verticals
    env = verticals.make("math/arithmetic-v0", difficulty=2)
    obs, info = env.reset(seed=0)
"""

from verticals.errors import ConfigError, RegistryError, UnknownEnvError, VerticalsError
from verticals.registry import make, registered, spec
from verticals.types import RolloutRecord, Score, Task, Trajectory

__version__ = "0.1.0"

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

"""Run untrusted programs under limits, with typed results: `verticals.sandbox`.

    from verticals import sandbox
    r = sandbox.run("print(input()[::-1])", stdin="abc")
    r.stdout, r.exit_code, r.timed_out, r.limit_hit, r.layers

Backends: "local" (default; namespaces + rlimits + unprivileged uid + seccomp, warm zygote,
no daemon) and "docker" (Docker Engine API, warm containers). See docs/sandbox.md.
"""

from verticals.sandbox.api import close_backends, execute, get_backend, run, run_many
from verticals.sandbox.local import LocalBackend, SandboxError, SandboxWarning
from verticals.sandbox.types import Limits, Program, Result

__all__ = [
    "Limits",
    "LocalBackend",
    "Program",
    "Result",
    "SandboxError",
    "SandboxWarning",
    "close_backends",
    "execute",
    "get_backend",
    "run",
    "run_many",
]

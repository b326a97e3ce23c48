"""Fixtures for the sandbox tests: one shared local backend, and a docker backend that
skips (saying why) when no engine can be reached."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from verticals.sandbox import LocalBackend, SandboxError


@pytest.fixture(scope="session")
def local_backend() -> Iterator[LocalBackend]:
    backend = LocalBackend()
    backend.start()
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def local_unshare_backend() -> Iterator[LocalBackend]:
    """The fallback used where bubblewrap is missing: unshare(1) plus the zygote's own mounts."""
    backend = LocalBackend(isolation="unshare")
    try:
        backend.start()
    except SandboxError as exc:
        pytest.skip(f"local backend without bwrap: {exc}")
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def docker_backend() -> Iterator[object]:
    if not os.environ.get("DOCKER_HOST") and not os.path.exists("/var/run/docker.sock"):
        pytest.skip("docker backend: no engine (DOCKER_HOST unset, no /var/run/docker.sock); "
                    "CI starts one with .ci/docker-engine.sh")
    from verticals.sandbox.docker_backend import DockerBackend

    try:
        backend = DockerBackend()
    except SandboxError as exc:
        pytest.skip(f"docker backend: {exc}")
    yield backend
    backend.close()


@pytest.fixture(
    params=["local", "local_unshare", pytest.param("docker", marks=pytest.mark.docker)]
)
def backend(request: pytest.FixtureRequest) -> object:
    """Each test that takes `backend` runs against both backends (and local's fallback)."""
    return request.getfixturevalue(f"{request.param}_backend")

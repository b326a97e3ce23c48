"""Fixtures shared by every test folder."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from verticals import registry

PACK_MODULE = '''
"""A tiny third-party task pack: repeat a seeded word back."""

import random

from verticals.generators import Draft, Generator, SourceConfig
from verticals.types import Score


class EchoConfig(SourceConfig):
    length: int = 5


class EchoGenerator(Generator):
    name = "tinypack/echo"
    version = "1"
    Config = EchoConfig

    def generate(self, rng: random.Random, config: EchoConfig) -> Draft:
        word = "".join(rng.choice("abcdefghij") for _ in range(config.length))
        return Draft(prompt=f"Repeat exactly: {word}", reference={"answer": word},
                     oracle=[word])


def reward(trajectory, task):
    if (trajectory.final_answer or "").strip() == task.reference["answer"]:
        return Score.full("exact echo")
    return Score.zero("not the word")
'''

PACK_REGISTRY = """
version: 1
envs:
  tinypack/echo-v0:
    env: verticals.env:TextEnv
    tasks: tinypack:EchoGenerator
    reward: tinypack:reward
    description: Repeat a seeded word.
    tags: [pack, test]
    bench:
      - {length: 3}
      - {length: 8}
"""


def write_pack(
    root: Path,
    registry_text: str = PACK_REGISTRY,
    name: str = "tinypack",
    module_text: str = PACK_MODULE,
) -> Path:
    """Lay out an installed pack as pip would: the module plus a dist-info with entry points."""
    package = root / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(module_text))
    (package / "registry.yaml").write_text(registry_text)
    dist = root / f"{name}-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[verticals.packs]\n{name} = {name}\n")
    return root


@pytest.fixture
def pack_writer():
    """`write_pack` for tests that lay a pack out themselves (e.g. for a subprocess)."""
    return write_pack


def _install_for_one_test(
    root: Path, monkeypatch: pytest.MonkeyPatch, name: str = "tinypack"
) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(root))
    registry.reload()
    yield root
    sys.modules.pop(name, None)
    monkeypatch.undo()
    registry.reload()


@pytest.fixture
def installed_pack(tmp_path, monkeypatch):
    """A pack installed for the length of one test (on sys.path, found by entry point)."""
    yield from _install_for_one_test(write_pack(tmp_path / "site"), monkeypatch)


@pytest.fixture
def broken_pack(tmp_path, monkeypatch):
    """A pack whose registry file does not fit the schema."""
    root = write_pack(tmp_path / "site", registry_text="version: 1\nenvs:\n  Bad Id: {env: 3}\n")
    yield from _install_for_one_test(root, monkeypatch)


@pytest.fixture
def install_pack(tmp_path, monkeypatch):
    """Install a pack of your own (module text, registry text, name) for one test."""
    installed: list[str] = []

    def install(name: str, module_text: str, registry_text: str) -> Path:
        root = write_pack(tmp_path / f"site-{name}", registry_text, name, module_text)
        monkeypatch.syspath_prepend(str(root))
        installed.append(name)
        registry.reload()
        return root

    yield install
    for name in installed:
        sys.modules.pop(name, None)
    monkeypatch.undo()
    registry.reload()

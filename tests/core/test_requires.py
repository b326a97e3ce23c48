"""An env that needs an optional module says what to install, and bench/check skip it."""

from __future__ import annotations

import pytest

from verticals import bench, registry
from verticals.cli import main
from verticals.errors import MissingExtraError, UnknownEnvError

#: An entry added to the example pack's registry: it needs a module nobody installs.
NEEDY_ENTRY = """  tinypack/needy-v0:
    env: verticals.env:TextEnv
    tasks: tinypack:EchoGenerator
    reward: tinypack:reward
    bench: [{length: 3}]
    requires: [{module: no_such_module_anywhere, install: "pip install 'tinypack[needy]'"}]
"""


@pytest.fixture
def needy_pack(install_pack, pack_texts):
    module, registry_text = pack_texts
    install_pack("tinypack", module, registry_text + NEEDY_ENTRY)


def test_make_names_the_install_command(needy_pack):
    with pytest.raises(MissingExtraError, match=r"no_such_module_anywhere.*tinypack\[needy\]"):
        registry.make("tinypack/needy-v0")
    assert registry.spec("tinypack/echo-v0").missing() is None


def test_a_present_module_is_no_obstacle(install_pack, pack_texts):
    module, registry_text = pack_texts
    install_pack("tinypack", module,
                 registry_text + NEEDY_ENTRY.replace("no_such_module_anywhere", "json"))
    assert registry.spec("tinypack/needy-v0").missing() is None
    registry.make("tinypack/needy-v0").close()


def test_bench_skips_it_and_says_why(needy_pack):
    report = bench.bench("tinypack/*", episodes=1)
    assert [row["id"] for row in report["envs"]] == ["tinypack/echo-v0"]
    assert report["skipped"] == [{"id": "tinypack/needy-v0", "why": registry.spec(
        "tinypack/needy-v0").missing()}]
    assert report["ok"]


def test_cli_bench_and_check_skip_it(needy_pack, capsys):
    assert main(["bench", "--pattern", "tinypack/*", "--episodes", "1", "--workers", "1",
                 "-q"]) == 0
    assert "skipped tinypack/needy-v0 needs" in capsys.readouterr().err
    assert main(["bench", "--pattern", "tinypack/needy-*", "-q"]) == 2
    assert "no env matched can run here" in capsys.readouterr().err
    assert main(["check", "tinypack/*", "--fuzz", "20", "--seeds", "1", "-q"]) == 0
    assert "skipped tinypack/needy-v0" in capsys.readouterr().err


def test_a_malformed_requires_breaks_the_pack_saying_where(install_pack, pack_texts):
    module, registry_text = pack_texts
    install_pack("tinypack", module, registry_text + NEEDY_ENTRY.replace("install: ", "setup: "))
    broken = registry.broken_packs()
    assert len(broken) == 1 and "requires" in broken[0].problem
    with pytest.raises(UnknownEnvError):
        registry.spec("tinypack/needy-v0")

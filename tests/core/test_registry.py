"""The catalogue: lookup, config validation, packs, gymnasium registration."""

from __future__ import annotations

import gymnasium
import pytest

import verticals
from verticals import registry
from verticals.errors import ConfigError, RegistryError, UnknownEnvError


def test_registered_lists_the_math_envs_sorted():
    ids = verticals.registered()
    assert "math/arithmetic-v0" in ids and "math/calculator-v0" in ids
    assert ids == sorted(ids)
    assert verticals.registered("math/calc*") == ["math/calculator-v0"]
    assert verticals.registered("nothing/*") == []


def test_unknown_id_names_the_closest_known_ids():
    with pytest.raises(UnknownEnvError) as err:
        verticals.make("math/arithmetc-v0")
    assert "did you mean math/arithmetic-v0" in str(err.value)


def test_misspelt_config_key_names_the_key_and_the_fix():
    with pytest.raises(ConfigError) as err:
        verticals.make("math/arithmetic-v0", dificulty=2)
    message = str(err.value)
    assert "'dificulty'" in message and "did you mean 'difficulty'" in message
    assert "max_turns" in message  # the allowed keys are listed


def test_bad_config_value_names_field_value_and_range():
    with pytest.raises(ConfigError) as err:
        verticals.make("math/arithmetic-v0", difficulty=9)
    message = str(err.value)
    assert "difficulty=9" in message and "less than or equal to 5" in message


def test_defaults_apply_and_overrides_win():
    assert verticals.make("math/calculator-v0").config.max_turns == 32
    assert verticals.make("math/calculator-v0", max_turns=3).config.max_turns == 3


def test_every_env_is_reachable_through_gymnasium_make():
    for env_id in verticals.registered():
        env = gymnasium.make(verticals.spec(env_id).gymnasium_id)
        observation, info = env.reset(seed=0)
        assert isinstance(observation, str) and observation
        assert info["env"] == env_id
        env.close()


def test_gymnasium_make_passes_config_through():
    env = gymnasium.make("verticals:math/arithmetic-v0", difficulty=1)
    env.reset(seed=0)
    assert env.unwrapped.task.metadata["difficulty"] == 1


def test_installed_pack_appears_with_no_code_change(installed_pack):
    assert "tinypack/echo-v0" in verticals.registered()
    entry = verticals.spec("tinypack/echo-v0")
    assert entry.origin.startswith("pack 'tinypack'")
    env = verticals.make("tinypack/echo-v0", length=4)
    observation, _ = env.reset(seed=3)
    word = observation.split(": ")[1]
    assert len(word) == 4
    _, reward, terminated, _, _ = env.step(word)
    assert reward == 1.0 and terminated


def test_pack_with_broken_registry_is_skipped_with_a_clear_warning(broken_pack):
    with pytest.warns(RuntimeWarning) as caught:
        ids = verticals.registered()
    (warning,) = [str(w.message) for w in caught if "tinypack" in str(w.message)]
    assert "invalid registry file" in warning and "pip uninstall tinypack" in warning
    assert "math/arithmetic-v0" in ids and not verticals.registered("tinypack/*")


def test_registry_schema_rejects_missing_fields_and_bad_ids():
    with pytest.raises(RegistryError, match="reward"):
        registry._read_registry_file("envs:\n  a/b-v0: {env: 'x:y', tasks: 'x:y'}\n", "test")
    with pytest.raises(RegistryError, match="not valid YAML"):
        registry._read_registry_file("envs: [unclosed", "test")
    with pytest.raises(RegistryError, match="envs"):
        registry._read_registry_file("envs:\n  NoVersion: {}\n", "test")


def test_config_schema_is_json_schema_with_defaults():
    schema = registry.config_schema("math/arithmetic-v0")
    assert schema["properties"]["difficulty"]["maximum"] == 5
    assert schema["additionalProperties"] is False


FAMILY_REGISTRY = """
version: 1
families:
  echo:
    env: verticals.env:TextEnv
    reward: tinypack:reward
    tags: [pack]
    note: Answer exactly.
    ids:
      tinypack/echo-v0: tinypack:EchoGenerator
"""


def test_a_family_line_derives_description_tags_and_bench_from_the_class():
    entry = verticals.spec("math/quadratics-v0")
    cls = entry.source_class()
    assert entry.description.startswith(cls.__doc__.split(".")[0])
    assert entry.description.endswith("Difficulty 1-5; answer in \\boxed{}.")
    assert entry.tags == ("math", "single-turn", *cls.tags)
    assert [config["difficulty"] for config in entry.bench] == [1, 2, 3, 4, 5]
    assert entry.defaults == {} and entry.group == "math"


def test_declared_fields_override_the_derived_ones():
    mixed = verticals.spec("math/mixed-v0")
    assert mixed.bench == ({}, {"difficulty": 1}, {"difficulty": 5})
    assert "by weight" in mixed.description


def test_a_pack_may_declare_families_too(install_pack):
    from conftest import PACK_MODULE

    install_pack("tinypack", PACK_MODULE, FAMILY_REGISTRY)
    entry = verticals.spec("tinypack/echo-v0")
    assert entry.group == "echo" and entry.tags == ("pack",)
    assert entry.bench == ()  # no difficulty in its config: bench plays the default once
    assert entry.description.endswith("Answer exactly.")
    env = verticals.make("tinypack/echo-v0")
    env.reset(seed=1)
    assert env.step(env.task.oracle[0])[1] == 1.0


def test_an_id_declared_as_family_and_env_is_refused():
    entry = "{env: 'a:b', tasks: 'a:b', reward: 'a:b'}"
    text = FAMILY_REGISTRY + f"envs:\n  tinypack/echo-v0: {entry}\n"
    with pytest.raises(RegistryError, match="both a family and an env"):
        registry._read_registry_file(text, "test")

"""The catalogue of environments: `make`, `registered`, `spec`.

Entries come from the package's own `registry.yaml` and from every installed pack, a
pip package that declares an entry point in the group `verticals.packs` pointing at its
registry file (a module that holds `registry.yaml`, a path, or a callable returning
one). Every file is checked against a JSON Schema before any entry is used, and every
id is registered with gymnasium so `gymnasium.make("verticals:<id>")` works too.
"""

from __future__ import annotations

import difflib
import fnmatch
import importlib
import importlib.metadata
import importlib.resources
import importlib.util
import inspect
import os
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import jsonschema
import yaml
from pydantic import BaseModel, ValidationError, create_model

if TYPE_CHECKING:
    from verticals.env import TextEnv
    from verticals.resources import Resources

from verticals.errors import ConfigError, MissingExtraError, RegistryError, UnknownEnvError

PACK_GROUP = "verticals.packs"
ENV_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*/[a-z0-9][a-z0-9_.-]*-v[0-9]+$"
OBJECT_PATH_PATTERN = r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$"

_ENTRY_PROPERTIES: dict[str, Any] = {
    "env": {"type": "string", "pattern": OBJECT_PATH_PATTERN},
    "tasks": {"type": "string", "pattern": OBJECT_PATH_PATTERN},
    "reward": {"type": "string", "pattern": OBJECT_PATH_PATTERN},
    "description": {
        "type": "string", "minLength": 1,
        "description": "Default: the first paragraph of the task source's docstring.",
    },
    "defaults": {"type": "object"},
    "tags": {"type": "array", "items": {"type": "string"}},
    "bench": {
        "type": "array",
        "items": {"type": "object"},
        "description": "Configs `verticals bench` sweeps (default: every difficulty level "
                       "when the config has a bounded `difficulty`, else one).",
    },
    "requires": {
        "type": "array",
        "description": "Optional modules the env needs, each with the command that installs "
                       "it; without them the env says so at `make` and bench/check skip it.",
        "items": {
            "type": "object",
            "required": ["module", "install"],
            "additionalProperties": False,
            "properties": {
                "module": {"type": "string", "pattern": r"^[A-Za-z_][\w.]*$"},
                "install": {"type": "string", "minLength": 1},
            },
        },
    },
}

REGISTRY_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "verticals registry file",
    "type": "object",
    "anyOf": [{"required": ["envs"]}, {"required": ["families"]}],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "integer", "const": 1},
        "envs": {
            "type": "object",
            "propertyNames": {"pattern": ENV_ID_PATTERN},
            "additionalProperties": {
                "type": "object",
                "required": ["env", "tasks", "reward"],
                "additionalProperties": False,
                "properties": _ENTRY_PROPERTIES,
            },
        },
        "families": {
            "type": "object",
            "description": "Groups of procedural families sharing an env and a reward: one "
                           "line per family (env id -> task source); the rest is derived.",
            "additionalProperties": {
                "type": "object",
                "required": ["env", "reward", "ids"],
                "additionalProperties": False,
                "properties": {
                    "env": _ENTRY_PROPERTIES["env"],
                    "reward": _ENTRY_PROPERTIES["reward"],
                    "tags": _ENTRY_PROPERTIES["tags"],
                    "note": {"type": "string", "description": "Appended to each description."},
                    "ids": {
                        "type": "object",
                        "propertyNames": {"pattern": ENV_ID_PATTERN},
                        "additionalProperties": {
                            "type": "string", "pattern": OBJECT_PATH_PATTERN
                        },
                    },
                },
            },
        },
    },
}


def load_object(path: str) -> Any:
    """Import `package.module:attribute`; a path that does not resolve is a RegistryError."""
    module_name, _, attribute = path.partition(":")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in attribute.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise RegistryError(f"cannot load '{path}' named in a registry file: {exc}") from None
    return obj


@dataclass(frozen=True)
class EnvSpec:
    """One registry entry: what an env id is made of.

    Only `env`, `tasks` and `reward` must be written down. The description, tags and
    bench configs default to what the task source's class says (its docstring, its
    `tags`, its config's difficulty range), read when first asked for.
    """

    id: str
    env: str
    tasks: str
    reward: str
    declared_description: str | None = None
    defaults: dict[str, Any] = field(default_factory=dict)
    declared_tags: tuple[str, ...] = ()
    declared_bench: tuple[dict[str, Any], ...] | None = None
    origin: str = "verticals"
    note: str = ""
    #: The `families:` group the entry was declared in, if any.
    group: str | None = None
    #: (module, install command) pairs of optional modules the env cannot run without.
    requires: tuple[tuple[str, str], ...] = ()

    @property
    def gymnasium_id(self) -> str:
        """The id to pass to `gymnasium.make`; the `verticals:` prefix imports us first."""
        return f"verticals:{self.id}"

    def source_class(self) -> type:
        return load_object(self.tasks)

    @property
    def description(self) -> str:
        """One line for `verticals list`: declared, or the source's docstring."""
        if self.declared_description:
            return self.declared_description
        source = self.source_class()
        text = _first_paragraph(source.__doc__) or source.__name__
        return f"{text} {self.note}".strip() if self.note else text

    @property
    def tags(self) -> tuple[str, ...]:
        """Declared tags, then the source class's own `tags`, without repeats."""
        own = tuple(getattr(self.source_class(), "tags", ()))
        return tuple(dict.fromkeys((*self.declared_tags, *own)))

    @property
    def bench(self) -> tuple[dict[str, Any], ...]:
        """Configs `verticals bench` sweeps: declared, or every difficulty level."""
        if self.declared_bench is not None:
            return self.declared_bench
        levels = _difficulty_levels(self.config_model())
        return tuple({"difficulty": level} for level in levels)

    def missing(self) -> str | None:
        """What to install before this env can run, or None when it can run here."""
        for module, install in self.requires:
            if importlib.util.find_spec(module.partition(".")[0]) is None:
                return f"{self.id} needs the '{module}' module: {install}"
        return None

    def env_class(self) -> type:
        return load_object(self.env)

    def source(self, resources: Resources | None = None) -> Any:
        """A new task source, drawing shared resources from `resources` (or the default)."""
        return load_object(self.tasks)(resources=resources)

    def reward_fn(self) -> Any:
        return load_object(self.reward)

    def config_model(self) -> type[BaseModel]:
        """The env's config model: the task source's fields plus the episode bounds."""
        return _config_model(self.id, self.tasks, self.env)

    def config(self, **overrides: Any) -> BaseModel:
        """Validate `defaults` plus `overrides`; a bad key or value names the fix."""
        model = self.config_model()
        values = {**self.defaults, **overrides}
        unknown = sorted(set(values) - set(model.model_fields))
        if unknown:
            raise ConfigError(_unknown_keys_message(self.id, unknown, list(model.model_fields)))
        try:
            return model(**values)
        except ValidationError as exc:
            raise ConfigError(_invalid_config_message(self.id, exc, model)) from None


@cache
def _config_model(env_id: str, tasks: str, env: str) -> type[BaseModel]:
    source_config = load_object(tasks).Config
    episode_config = load_object(env).Config
    name = "".join(p.capitalize() for p in env_id.replace("/", "-").split("-")) + "Config"
    return create_model(name, __base__=(source_config, episode_config))


def _unknown_keys_message(env_id: str, unknown: list[str], known: list[str]) -> str:
    parts = []
    for key in unknown:
        close = difflib.get_close_matches(key, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        parts.append(f"'{key}'{hint}")
    return (
        f"unknown config key {', '.join(parts)} for {env_id}; "
        f"allowed keys: {', '.join(sorted(known))}"
    )


def _invalid_config_message(env_id: str, exc: ValidationError, model: type[BaseModel]) -> str:
    lines = []
    for error in exc.errors():
        key = ".".join(str(p) for p in error["loc"])
        info = model.model_fields.get(str(error["loc"][0])) if error["loc"] else None
        allowed = f"; {info.description}" if info and info.description else ""
        lines.append(f"{key}={error.get('input')!r}: {error['msg']}{allowed}")
    return f"bad config for {env_id}: " + " | ".join(lines)


def _first_paragraph(doc: str | None) -> str:
    """The first paragraph of a docstring, on one line."""
    paragraph = inspect.cleandoc(doc or "").split("\n\n", 1)[0]
    return " ".join(paragraph.split())


def _difficulty_levels(model: type[BaseModel]) -> list[int]:
    """Every level of a bounded integer `difficulty` field, or none."""
    info = model.model_fields.get("difficulty")
    if info is None:
        return []
    low = high = None
    for bound in info.metadata:
        low = getattr(bound, "ge", low)
        high = getattr(bound, "le", high)
    if not isinstance(low, int) or not isinstance(high, int) or high - low > 20:
        return []
    return list(range(low, high + 1))


def _read_registry_file(text: str, origin: str) -> dict[str, EnvSpec]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{origin}: registry file is not valid YAML: {exc}") from None
    try:
        jsonschema.validate(data, REGISTRY_SCHEMA)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "top level"
        raise RegistryError(f"{origin}: invalid registry file at {where}: {exc.message}") from None
    specs: dict[str, EnvSpec] = {}
    for name, group in (data.get("families") or {}).items():
        for env_id, tasks in group["ids"].items():
            specs[env_id] = EnvSpec(
                id=env_id, env=group["env"], tasks=tasks, reward=group["reward"],
                declared_tags=tuple(group.get("tags") or ()), origin=origin,
                note=group.get("note", ""), group=name,
            )
    for env_id, entry in (data.get("envs") or {}).items():
        if env_id in specs:
            raise RegistryError(f"{origin}: {env_id} is both a family and an env entry")
        bench = entry.get("bench")
        specs[env_id] = EnvSpec(
            id=env_id,
            env=entry["env"],
            tasks=entry["tasks"],
            reward=entry["reward"],
            declared_description=(entry.get("description") or "").strip() or None,
            defaults=dict(entry.get("defaults") or {}),
            declared_tags=tuple(entry.get("tags") or ()),
            declared_bench=tuple(bench) if bench is not None else None,
            origin=origin,
            requires=tuple((r["module"], r["install"]) for r in entry.get("requires") or ()),
        )
    return specs


def _pack_registry_text(obj: Any) -> str:
    """The registry text an entry point names: a module, a path, or a callable."""
    if callable(obj) and not isinstance(obj, ModuleType):
        obj = obj()
    if isinstance(obj, ModuleType):
        return (importlib.resources.files(obj) / "registry.yaml").read_text(encoding="utf-8")
    if isinstance(obj, dict):
        return yaml.safe_dump(obj)
    if isinstance(obj, str | os.PathLike):
        return Path(obj).read_text(encoding="utf-8")
    raise RegistryError(f"entry point gives {type(obj).__name__}, not a registry file")


@dataclass(frozen=True)
class BrokenPack:
    """An installed pack whose registry could not be used, and why."""

    name: str
    origin: str
    problem: str
    distribution: str = ""

    @property
    def advice(self) -> str:
        return (f"skipping {self.problem} (fix the pack's registry file, or uninstall it: "
                f"pip uninstall {self.distribution or self.name})")


_broken: list[BrokenPack] = []
_warned: set[str] = set()


def _warn_about_broken_packs() -> None:
    """Warn once per broken pack, when the catalogue is first used (not at import)."""
    for pack in _broken:
        if pack.origin not in _warned:
            _warned.add(pack.origin)
            warnings.warn(f"verticals: {pack.advice}", RuntimeWarning, stacklevel=3)


def runnable(env_ids: list[str]) -> tuple[list[str], list[dict[str, str]]]:
    """`env_ids` split into those that can run here and those that cannot, the latter as
    `{"id", "why"}` (what to install, from their registry entry's `requires:`)."""
    ready, skipped = [], []
    for env_id in env_ids:
        missing = spec(env_id).missing()
        if missing:
            skipped.append({"id": env_id, "why": missing})
        else:
            ready.append(env_id)
    return ready, skipped


def broken_packs() -> list[BrokenPack]:
    """Installed packs that were skipped because their registry could not be used."""
    _catalogue()
    return list(_broken)


def _pack_specs(entry_point: importlib.metadata.EntryPoint, origin: str) -> dict[str, EnvSpec]:
    try:
        pack_text = _pack_registry_text(entry_point.load())
    except RegistryError:
        raise
    except Exception as exc:
        raise RegistryError(f"{origin}: cannot load its registry: {exc}") from None
    return _read_registry_file(pack_text, origin)


@cache
def _catalogue() -> dict[str, EnvSpec]:
    """Our registry plus every installed pack's; a broken pack is skipped with a warning."""
    text = (importlib.resources.files("verticals") / "registry.yaml").read_text(encoding="utf-8")
    specs = _read_registry_file(text, "verticals")
    _broken.clear()
    for entry_point in importlib.metadata.entry_points(group=PACK_GROUP):
        origin = f"pack '{entry_point.name}' ({entry_point.value})"
        try:
            pack = _pack_specs(entry_point, origin)
            taken = [env_id for env_id in pack if env_id in specs]
            if taken:
                raise RegistryError(f"{origin}: env id {taken[0]} is already registered by "
                                    f"{specs[taken[0]].origin}")
        except RegistryError as exc:
            dist = entry_point.dist.name if entry_point.dist else entry_point.name
            _broken.append(BrokenPack(entry_point.name, origin, str(exc), dist))
            continue
        specs.update(pack)
    _register_with_gymnasium(specs)
    return specs


def register_with_gymnasium() -> None:
    """Make every id known to `gymnasium.make("verticals:<id>")` (done at import)."""
    _catalogue()


def _register_with_gymnasium(specs: dict[str, EnvSpec]) -> None:
    import gymnasium

    for env_id in specs:
        if env_id not in gymnasium.registry:
            gymnasium.register(id=env_id, entry_point="verticals.registry:_gymnasium_entry",
                               kwargs={"env_id": env_id}, disable_env_checker=False)


def _gymnasium_entry(env_id: str, render_mode: str | None = None, **config: Any) -> Any:
    return make(env_id, render_mode=render_mode, **config)


def reload() -> None:
    """Forget the catalogue so that newly installed packs are seen."""
    _catalogue.cache_clear()
    _warned.clear()
    _config_model.cache_clear()


def registered(pattern: str | None = None) -> list[str]:
    """Sorted env ids, optionally filtered by a glob such as `math/*`."""
    ids = sorted(_catalogue())
    _warn_about_broken_packs()
    if pattern:
        ids = [i for i in ids if fnmatch.fnmatchcase(i, pattern)]
    return ids


def family_specs(group: str) -> list[EnvSpec]:
    """The entries declared under `families: {group: ...}`, sorted by id."""
    return [entry for _, entry in sorted(_catalogue().items()) if entry.group == group]


def spec(env_id: str) -> EnvSpec:
    """The registry entry for `env_id`; an unknown id names the closest known ones."""
    catalogue = _catalogue()
    _warn_about_broken_packs()
    if env_id in catalogue:
        return catalogue[env_id]
    close = difflib.get_close_matches(env_id, list(catalogue), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownEnvError(
        f"unknown env id '{env_id}'{hint} (`verticals list` shows all {len(catalogue)})"
    )


def make(
    env_id: str,
    *,
    render_mode: str | None = None,
    resources: Resources | None = None,
    **config: Any,
) -> TextEnv:
    """Build the env `env_id` with `config` over its registry defaults.

    `resources` is the pool (`verticals.resources.Resources`) the env and its task source
    share heavy things from; the process's default pool when None.
    """
    entry = spec(env_id)
    missing = entry.missing()
    if missing:
        raise MissingExtraError(missing)
    try:
        validated = entry.config(**config)
        env_class = entry.env_class()
        source = entry.source(resources)
        reward = entry.reward_fn()
    except RegistryError as exc:  # a pack naming something that is not there
        raise RegistryError(f"{env_id} (from {entry.origin}): {exc}") from None
    env = env_class(
        env_id=env_id,
        source=source,
        reward=reward,
        config=validated,
        render_mode=render_mode,
        resources=resources,
    )
    return env


def config_schema(env_id: str) -> dict[str, Any]:
    """The JSON Schema of `env_id`'s config, defaults included."""
    return spec(env_id).config_model().model_json_schema()


__all__ = [
    "REGISTRY_SCHEMA",
    "BrokenPack",
    "EnvSpec",
    "broken_packs",
    "config_schema",
    "family_specs",
    "load_object",
    "make",
    "register_with_gymnasium",
    "registered",
    "reload",
    "runnable",
    "spec",
]

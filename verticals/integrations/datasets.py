"""Envs as training datasets: one row per task, prompts only, no hidden gold.

A row holds what a trainer shows the model (`prompt`, as chat messages) and what a reward
needs to re-create the task (`env`, `task_id`, `task_seed`, `config`). The gold answer
never leaves the process that scores: `episode(row)` makes the task again from its seed
and checks that it is the same task (its id names the generator version and config).

    from verticals.integrations.datasets import dataset
    ds = dataset("math/arithmetic-v0", n=1000, difficulty=2)      # a datasets.Dataset
    mixed = dataset(["math/arithmetic-v0", "math/primes-v0"], n=1000)
    by_glob = dataset({"math/linear-*": {"difficulty": 1}}, n=5000)

`write_jsonl`, `write_parquet` (rows in verl's shape) and `write_hf` write them to disk;
`verticals export ID --format jsonl|parquet|hf` is the same from the command line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from verticals import registry
from verticals.env import TextEnv
from verticals.errors import BrokenTaskError, UnknownEnvError, VerticalsError
from verticals.types import Message, Task

if TYPE_CHECKING:
    import datasets as hf_datasets

#: The columns every row has, in order.
COLUMNS = ("prompt", "env", "task_id", "task_seed", "config")

#: verl's `agent_name` for envs that end on the first answer (verl's own single-turn loop).
VERL_SINGLE_TURN_AGENT = "single_turn_agent"
#: The `agent_name` our verl agent loop is registered under (`verticals.integrations.verl`).
VERL_AGENT = "verticals_agent"

EnvSpecLike = str | Iterable[str] | Mapping[str, Mapping[str, Any]]


def resolve(envs: EnvSpecLike, **config: Any) -> list[tuple[str, dict[str, Any]]]:
    """(env id, config) pairs named by an id, a glob, a list of them, or {id or glob: config}.

    `config` applies to every env; a mapping's own config is merged over it. Unknown ids and
    globs that match nothing raise, naming what is registered.
    """
    if isinstance(envs, str):
        items: list[tuple[str, dict[str, Any]]] = [(envs, {})]
    elif isinstance(envs, Mapping):
        items = [(name, dict(cfg or {})) for name, cfg in envs.items()]
    else:
        items = [(name, {}) for name in envs]
    if not items:
        raise VerticalsError("no env ids given")
    pairs: list[tuple[str, dict[str, Any]]] = []
    for name, own in items:
        merged = {**config, **own}
        if any(ch in name for ch in "*?["):
            ids = registry.registered(name)
            if not ids:
                raise UnknownEnvError(f"no env id matches '{name}' (`verticals list` shows all)")
        else:
            ids = [registry.spec(name).id]
        for env_id in ids:
            registry.spec(env_id).config(**merged)  # a bad key fails here, naming the fix
            pairs.append((env_id, merged))
    return pairs


def config_json(config: Mapping[str, Any]) -> str:
    """The canonical JSON text of a config, as rows store it (one column type for all envs)."""
    return json.dumps(dict(config), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def prompt_messages(task: Task) -> list[Message]:
    """The task's prompt as {role, content} messages with string content."""
    return [
        {"role": str(m.get("role", "user")), "content": str(m.get("content") or "")}
        for m in task.prompt_messages()
    ]


def row_for(env: TextEnv, task: Task, config: Mapping[str, Any], task_seed: int) -> dict[str, Any]:
    """One dataset row: the prompt and what re-creates the task; nothing hidden."""
    return {
        "prompt": prompt_messages(task),
        "env": env.env_id,
        "task_id": task.id,
        "task_seed": int(task_seed),
        "config": config_json(config),
    }


def rows(envs: EnvSpecLike, n: int, seed: int = 0, **config: Any) -> list[dict[str, Any]]:
    """`n` rows over the named envs, taken in turn (row i is env i mod k, seed seed + i // k)."""
    if n < 0:
        raise VerticalsError(f"n must be at least 0, not {n}")
    if seed < 0:
        raise VerticalsError(f"seed must be at least 0, not {seed}")
    pairs = resolve(envs, **config)
    made = [registry.make(env_id, **cfg) for env_id, cfg in pairs]
    out = []
    try:
        for i in range(n):
            k = i % len(pairs)
            task_seed = seed + i // len(pairs)
            out.append(row_for(made[k], made[k].make_task(task_seed), pairs[k][1], task_seed))
    finally:
        for env in made:
            env.close()
    return out


def dataset(envs: EnvSpecLike, n: int, seed: int = 0, **config: Any) -> hf_datasets.Dataset:
    """A `datasets.Dataset` of `n` tasks (see `rows`): columns `prompt`, `env`, `task_id`,
    `task_seed`, `config` (JSON text). Pass it to a trainer with one of our reward adapters."""
    import datasets as hf_datasets

    return hf_datasets.Dataset.from_list(rows(envs, n, seed, **config))


# --- re-creating tasks on the scoring side -------------------------------------------


class EnvPool:
    """Envs kept per (env id, config), so a reward re-creates tasks without rebuilding envs.

    Not thread-safe: give each thread or process its own (the adapters keep one per process).
    """

    def __init__(self) -> None:
        self._envs: dict[tuple[str, str], TextEnv] = {}

    def get(self, env_id: str, config: str | Mapping[str, Any] | None) -> TextEnv:
        text = config if isinstance(config, str) else config_json(config or {})
        key = (env_id, text or "{}")
        if key not in self._envs:
            self._envs[key] = registry.make(env_id, **json.loads(key[1]))
        return self._envs[key]

    def close(self) -> None:
        for env in self._envs.values():
            env.close()
        self._envs.clear()


def start_episode(
    env: TextEnv, task_seed: int, task_id: str | None = None
) -> tuple[str, dict[str, Any]]:
    """`env.reset` on the row's task, checking it is the task the row was made from.

    Raises BrokenTaskError when the task id differs (another generator version or config
    made the row): scoring a different task would be a silent wrong reward.
    """
    observation, info = env.reset(seed=int(task_seed))
    if task_id is not None and info["task_id"] != task_id:
        raise BrokenTaskError(
            f"row {task_id} is not reproduced here (this install makes {info['task_id']}); "
            "the generator or config changed since the dataset was made"
        )
    return observation, info


# --- writers ---------------------------------------------------------------------------


def is_multi_turn(env_id: str, config: str | Mapping[str, Any] = "{}") -> bool:
    """Whether the env offers tools (so an episode takes more than one message)."""
    cfg = json.loads(config) if isinstance(config, str) else dict(config)
    env = registry.make(env_id, **cfg)
    try:
        return bool(env.tool_schemas())
    finally:
        env.close()


def verl_row(
    row: Mapping[str, Any], index: int, split: str = "train", multi_turn: bool | None = None
) -> dict[str, Any]:
    """A row in verl's RLHFDataset shape. `reward_model.ground_truth` holds the task id,
    not the answer: `verticals.integrations.verl.compute_score` re-creates the task.
    Multi-turn envs name our agent loop in `agent_name`, single-turn ones verl's own."""
    env_id = row["env"]
    if multi_turn is None:
        multi_turn = is_multi_turn(env_id, row["config"])
    return {
        "data_source": env_id,
        "prompt": [dict(m) for m in row["prompt"]],
        "ability": env_id.split("/", 1)[0],
        "reward_model": {"style": "rule", "ground_truth": row["task_id"]},
        "extra_info": {
            "env": env_id,
            "task_id": row["task_id"],
            "task_seed": int(row["task_seed"]),
            "config": row["config"],
            "index": index,
            "split": split,
        },
        "agent_name": VERL_AGENT if multi_turn else VERL_SINGLE_TURN_AGENT,
    }


def verl_rows(rows_: Iterable[Mapping[str, Any]], split: str = "train") -> list[dict[str, Any]]:
    """`verl_row` over many rows, asking each (env, config) once whether it is multi-turn."""
    kinds: dict[tuple[str, str], bool] = {}
    out = []
    for i, row in enumerate(rows_):
        key = (row["env"], row["config"])
        if key not in kinds:
            kinds[key] = is_multi_turn(*key)
        out.append(verl_row(row, i, split, kinds[key]))
    return out


def write_jsonl(rows_: Iterable[Mapping[str, Any]], path: str | Path) -> int:
    """One row per line (UTF-8, sorted keys); returns the count."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows_:
            handle.write(json.dumps(dict(row), sort_keys=True, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_parquet(
    rows_: Iterable[Mapping[str, Any]], path: str | Path, split: str = "train"
) -> int:
    """A parquet file in verl's shape (`data_source`, `prompt`, `ability`, `reward_model`,
    `extra_info`, `agent_name`), ready for `data.train_files`; returns the count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    converted = verl_rows(rows_, split)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(converted), path)
    return len(converted)


def write_hf(rows_: Iterable[Mapping[str, Any]], path: str | Path) -> int:
    """A `datasets` folder (`save_to_disk`), loaded back with `datasets.load_from_disk`."""
    import datasets as hf_datasets

    materialised = list(rows_)
    hf_datasets.Dataset.from_list(materialised).save_to_disk(str(path))
    return len(materialised)


WRITERS = {"jsonl": write_jsonl, "parquet": write_parquet, "hf": write_hf}


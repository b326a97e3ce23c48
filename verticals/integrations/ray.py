"""Episodes on a Ray cluster: actors hold envs, records stream into the usual rollouts file.

    from verticals.integrations.ray import write_rollouts_on_ray
    summary = write_rollouts_on_ray(jobs, "runs/x", address="auto")

Each actor is one CPU holding a `verticals.runner._Worker`, so a world, an index or a
sandbox is built once per actor, not per episode. Jobs go out in small chunks, two per
actor in flight; records come back as chunks finish and are appended by
`verticals.runner.write_rollouts`, so resume, retried and rejected files behave as in a
local run. An actor that dies (its node lost, its process killed) is replaced and its
chunks are played again: no episode is lost. Needs the `ray` extra.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import uuid
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from verticals import registry
from verticals.errors import VerticalsError
from verticals.runner import Job, RunSummary, _Worker, write_rollouts

#: Chunks each actor has in flight, so it never waits for the driver between chunks.
IN_FLIGHT = 2


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise VerticalsError(
            f"Ray is not installed: pip install 'verticals[ray]' ({exc})"
        ) from None
    return ray


def connect(address: str | None = None) -> None:
    """Join the cluster at `address` ("auto": the running one; None: it, or a new local one)."""
    ray = _ray()
    _probe(address)
    if ray.is_initialized():
        return
    try:
        ray.init(address=address or None, log_to_driver=False, include_dashboard=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise VerticalsError(f"cannot reach a Ray cluster at '{address}': {exc}") from None


def _probe(address: str | None, timeout_s: float = 5.0) -> None:
    """Fail in seconds, not minutes, when nothing listens at a HOST:PORT address.

    Ray itself retries an unreachable address for minutes before it gives up.
    """
    if not address or address in ("auto", "local"):
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise VerticalsError(
            f"Ray address '{address}' is not HOST:PORT, ray://HOST:PORT or 'auto'"
        )
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s).close()
    except OSError as exc:
        raise VerticalsError(
            f"no Ray cluster answers at {address} ({exc.strerror or exc}); start one with "
            "`ray start --head`, or use --ray alone for a local one"
        ) from None


class EpisodeWorker:
    """The actor: one `_Worker` (envs and policies kept across chunks)."""

    def __init__(self, policy_options: dict[str, Any]) -> None:
        self._worker = _Worker(policy_options)

    def play(self, jobs: list[Job]) -> list[str]:
        return [self._worker.play(job).model_dump_json() for job in jobs]

    def close(self) -> None:
        self._worker.close()


def _chunks(jobs: list[Job], size: int) -> deque[list[Job]]:
    return deque(jobs[i : i + size] for i in range(0, len(jobs), size))


def play_jobs_on_ray(
    jobs: list[Job],
    *,
    workers: int | None = None,
    policy_options: dict[str, Any] | None = None,
    on_record: Callable[[str], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    address: str | None = None,
    chunk_size: int | None = None,
    name_prefix: str | None = None,
    max_failures: int | None = None,
    on_worker_lost: Callable[[str], None] | None = None,
) -> list[str]:
    """`verticals.runner.play_jobs` on Ray: `workers` actors (default: the cluster's CPUs).

    Actors are named `{name_prefix}-{i}` (a fresh prefix by default) so that operators
    can find them. More than `max_failures` lost actors (default 3 per worker) end the
    run with an error rather than replacing actors forever; `on_worker_lost` hears of each.
    """
    ray = _ray()
    from ray.exceptions import RayTaskError

    connect(address)
    if not jobs:
        return []
    cpus = int(ray.cluster_resources().get("CPU", 1))
    workers = max(1, min(workers or cpus, len(jobs)))
    size = chunk_size or max(1, min(16, len(jobs) // (workers * 4) or 1))
    prefix = name_prefix or f"verticals-{uuid.uuid4().hex[:8]}"
    max_failures = max_failures if max_failures is not None else 3 * workers
    remote = ray.remote(num_cpus=1, max_restarts=0)(EpisodeWorker)
    options = policy_options or {}
    spawned = 0

    def spawn() -> Any:
        nonlocal spawned
        actor = remote.options(name=f"{prefix}-{spawned}").remote(options)
        spawned += 1
        return actor

    todo = _chunks(jobs, size)
    actors = [spawn() for _ in range(workers)]
    pending: dict[Any, tuple[Any, list[Job]]] = {}
    lines: list[str] = []
    failures = 0

    def feed(actor: Any) -> None:
        while todo and sum(1 for a, _ in pending.values() if a is actor) < IN_FLIGHT:
            chunk = todo.popleft()
            pending[actor.play.remote(chunk)] = (actor, chunk)

    try:
        for actor in actors:
            feed(actor)
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            ref = done[0]
            actor, chunk = pending.pop(ref)
            try:
                batch = ray.get(ref)
            except RayTaskError as exc:  # our code raised: the user's mistake (bad id...)
                cause = exc.as_instanceof_cause()
                raise (cause if isinstance(cause, VerticalsError) else exc) from None
            except ray.exceptions.RayError as exc:  # the actor or its node died: replay
                failures += 1
                if failures > max_failures:
                    raise VerticalsError(
                        f"{failures} Ray workers were lost; last: {type(exc).__name__}"
                    ) from None
                if on_worker_lost:
                    on_worker_lost(f"{type(exc).__name__}: {str(exc)[:200]}")
                todo.appendleft(chunk)
                for other_ref, (other, other_chunk) in list(pending.items()):
                    if other is actor:  # its other chunk is lost with it
                        pending.pop(other_ref)
                        todo.appendleft(other_chunk)
                replacement = spawn()
                actors[actors.index(actor)] = replacement
                with contextlib.suppress(Exception):  # the actor may be gone already
                    ray.kill(actor, no_restart=True)
                feed(replacement)
                continue
            for line in batch:
                lines.append(line)
                if on_record:
                    on_record(line)
            if on_progress:
                on_progress(len(batch))
            feed(actor)
    finally:
        for actor in actors:
            with contextlib.suppress(Exception):  # the actor may be gone already
                ray.get(actor.close.remote(), timeout=30)
            with contextlib.suppress(Exception):  # the actor may be gone already
                ray.kill(actor, no_restart=True)
    return lines


def ray_player(address: str | None = None, workers: int | None = None,
               **ray_options: Any) -> Callable[..., list[str]]:
    """A `player` for `verticals.runner.write_rollouts` that plays on Ray.

    `workers` here wins over the one `write_rollouts` passes (its local process count);
    None means one actor per CPU of the cluster.
    """

    actors = workers

    def player(todo: list[Job], *, workers: int = 0,
               policy_options: dict[str, Any] | None = None,
               on_record: Callable[[str], None] | None = None,
               on_progress: Callable[[int], None] | None = None) -> list[str]:
        return play_jobs_on_ray(todo, workers=actors, policy_options=policy_options,
                                on_record=on_record, on_progress=on_progress,
                                address=address, **ray_options)

    return player


def write_rollouts_on_ray(
    jobs: list[Job],
    out_dir: str | Path,
    *,
    address: str | None = None,
    workers: int | None = None,
    policy_options: dict[str, Any] | None = None,
    on_progress: Callable[[int], None] | None = None,
    **ray_options: Any,
) -> RunSummary:
    """`verticals.runner.write_rollouts` with the episodes played on Ray (resume included)."""
    return write_rollouts(jobs, out_dir, policy_options=policy_options, on_progress=on_progress,
                          player=ray_player(address, workers, **ray_options))


def cmd_run_ray(args: argparse.Namespace, *, console: Any, errors: Any,
                progress: Callable[[bool], Any], parse_config: Callable[[Any], dict]) -> int:
    """`verticals run ... --ray [ADDRESS]`: as `verticals run`, the episodes on Ray."""
    from verticals.policies import make_policy

    registry.spec(args.id)
    config = parse_config(args.config)
    registry.spec(args.id).config(**config)
    make_policy(args.policy)
    jobs = [Job.of(args.id, args.seed + i, args.policy, config) for i in range(args.n)]
    options = {k: v for k, v in (("base_url", args.base_url), ("model", args.model),
                                 ("temperature", args.temperature),
                                 ("max_tokens", args.max_tokens)) if v is not None}
    address = None if args.ray in ("", "local") else args.ray
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with progress(not args.quiet) as bar_progress:
            bar = bar_progress.add_task(f"{args.id} ({args.policy}) on Ray", total=len(jobs))
            summary = write_rollouts_on_ray(
                jobs, out, address=address, workers=args.ray_workers, policy_options=options,
                on_progress=lambda k: bar_progress.advance(bar, k),
                on_worker_lost=lambda why: errors.print(
                    f"a Ray worker was lost ({why}); its episodes are played again"))
    except OSError as exc:
        raise VerticalsError(f"cannot write rollouts to {out}: {exc.strerror or exc}") from None
    from verticals.cli import report_run

    return report_run(summary, out, " (Ray)")

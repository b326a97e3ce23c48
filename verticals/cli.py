"""The `verticals` command: list, show, run, export, bench.

Every error a user can cause prints one line (`error: ...`) and exits with status 2;
tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from verticals import registry
from verticals.errors import VerticalsError

console = Console()
if not console.is_terminal:  # piped or in CI: no terminal width to fit, so do not squeeze
    console = Console(width=160)
errors = Console(stderr=True, soft_wrap=True)  # one error, one line: never wrapped


def _parse_config(pairs: Sequence[str] | None) -> dict[str, Any]:
    """`-c key=value` pairs; values are read as YAML so `3`, `true`, `[1, 2]` get types."""
    config: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise VerticalsError(f"config '{pair}' is not key=value (e.g. -c difficulty=3)")
        try:
            config[key.strip()] = yaml.safe_load(value)
        except yaml.YAMLError:
            config[key.strip()] = value
    return config


def _progress(enabled: bool) -> Progress:
    return Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=errors, disable=not enabled, transient=False,
    )


def cmd_list(args: argparse.Namespace) -> int:
    ids = registry.registered(args.pattern)
    broken = registry.broken_packs()
    if args.json:
        rows = [{"id": i, "tags": list(registry.spec(i).tags),
                 "description": registry.spec(i).description} for i in ids]
        rows += [{"broken_pack": b.name, "problem": b.problem} for b in broken]
        print(json.dumps(rows, indent=2))
        return 0
    table = Table(title=f"{len(ids)} environments")
    table.add_column("id", no_wrap=True)
    for column in ("tags", "description"):
        table.add_column(column, overflow="fold")
    for env_id in ids:
        entry = registry.spec(env_id)
        table.add_row(env_id, ", ".join(entry.tags), entry.description)
    for pack in broken:
        table.add_row(f"[red]{pack.name} (broken pack)", "", pack.problem)
    console.print(table)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    entry = registry.spec(args.id)
    config = _parse_config(args.config)
    env = registry.make(args.id, **config)
    observation, info = env.reset(seed=args.seed)
    console.rule(f"[bold]{entry.id}")
    console.print(entry.description)
    console.print(f"tags: {', '.join(entry.tags)}   gymnasium id: {entry.gymnasium_id}")
    console.print(f"from: {entry.origin}")
    console.rule("config schema")
    console.print_json(json.dumps(registry.config_schema(args.id)))
    console.rule(f"sample task (seed {args.seed}): {info['task_id']}")
    console.print(observation, markup=False, highlight=False)
    if info["tools"]:
        console.rule("tools")
        console.print_json(json.dumps(info["tools"]))
    console.rule("metadata")
    console.print_json(json.dumps(info["metadata"], default=str))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from verticals.policies import make_policy
    from verticals.runner import Job, write_rollouts

    registry.spec(args.id)
    config = _parse_config(args.config)
    registry.spec(args.id).config(**config)  # fail fast on a bad config
    make_policy(args.policy)  # fail fast on an unknown policy
    jobs = [Job.of(args.id, args.seed + i, args.policy, config) for i in range(args.n)]
    options = {k: v for k, v in (("base_url", args.base_url), ("model", args.model),
                                 ("temperature", args.temperature),
                                 ("max_tokens", args.max_tokens)) if v is not None}
    try:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        with _progress(not args.quiet) as progress:
            bar = progress.add_task(f"{args.id} ({args.policy})", total=len(jobs))
            summary = write_rollouts(jobs, args.out, workers=args.workers,
                                     policy_options=options,
                                     on_progress=lambda k: progress.advance(bar, k))
    except OSError as exc:
        raise VerticalsError(f"cannot write rollouts to {args.out}: "
                             f"{exc.strerror or exc}") from None
    return report_run(summary, Path(args.out))


def report_run(summary: Any, out: Path, engine: str = "") -> int:
    """Print what a run did (resume, set-aside lines, the table); 1 if nothing was scored.

    Shared by `verticals run` and its `--ray` form, which differ only in who plays.
    """
    if summary.skipped:
        errors.print(f"resumed: {summary.skipped} scored episodes were already in {out}")
    if summary.retried:
        errors.print(f"played again: {summary.retried} unscored episodes "
                     f"(the old records are in {out / 'rollouts.retried.jsonl'})")
    if summary.rejected:
        errors.print(f"set aside: {summary.rejected} unreadable lines "
                     f"(kept in {out / 'rollouts.rejected.jsonl'})")
    table = Table(title=f"rollouts in {out / 'rollouts.jsonl'}{engine}")
    for column in ("env", "config", "policy", "episodes", "mean reward", "unscored",
                   "truncated", "errors"):
        table.add_column(column)
    for row in summary.envs:
        mean = "-" if row["mean_reward"] is None else f"{row['mean_reward']:.3f}"
        table.add_row(row["env"], json.dumps(row["config"]) if row["config"] else "default",
                      row["policy"], str(row["episodes"]), mean, str(row["unscored"]),
                      str(row["truncated"]), str(row["errors"]))
    console.print(table)
    if summary.episodes and summary.unscored_now == summary.episodes:
        errors.print(f"error: no episode could be scored; the first said: "
                     f"{summary.first_problem}", markup=False, highlight=False)
        return 1
    if summary.unscored_now:
        errors.print(f"{summary.unscored_now} episodes were left unscored; run the same "
                     "command again to retry them")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Tasks as JSON lines (`--format tasks`), or training datasets without hidden gold."""
    config = _parse_config(args.config)
    out = Path(args.out)
    if args.format != "tasks":
        from verticals.integrations import datasets as training

        if args.with_reference:
            raise VerticalsError("--with-reference only goes with --format tasks: training "
                                 "rows never carry the gold (rewards re-create it)")
        rows = training.rows(args.id, args.n, args.seed, **config)
        try:
            count = training.WRITERS[args.format](rows, out)
        except OSError as exc:
            raise VerticalsError(f"cannot write {out}: {exc.strerror or exc}") from None
        errors.print(f"wrote {count} rows of {args.id} ({args.format}) to {out}")
        return 0
    env = registry.make(args.id, **config)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as handle:
            for i in range(args.n):
                task = env.make_task(args.seed + i)
                data = task.model_dump(mode="json") if args.with_reference else task.public()
                handle.write(json.dumps(data, sort_keys=True, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise VerticalsError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        env.close()
    errors.print(f"wrote {args.n} tasks of {args.id} to {out}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from verticals.bench import bench

    if not registry.registered(args.pattern):
        raise VerticalsError(f"no env id matches '{args.pattern}' (`verticals list` shows all)")
    if args.report:
        from verticals.report import need_matplotlib

        need_matplotlib()  # before the episodes are played, not after
    records: list[dict[str, Any]] = []
    with _progress(not args.quiet) as progress:
        bar = progress.add_task("bench", total=None)
        report = bench(
            args.pattern, episodes=args.episodes, workers=args.workers, seed=args.seed,
            on_total=lambda n: progress.update(bar, total=n),
            on_progress=lambda k: progress.advance(bar, k),
            records=records if args.report else None,
        )
    _say_skipped(report["skipped"], played=len(report["envs"]))
    table = Table(title=f"verticals bench ({args.episodes} episodes per config and policy)")
    table.add_column("env", no_wrap=True)
    for column in ("configs", "episodes/s", "oracle reward", "null reward", "unscored"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("status")
    for row in report["envs"]:
        table.add_row(row["id"], str(row["configs"]), f"{row['episodes_per_s']:,.0f}",
                      _reward_cell(row["oracle_reward"]), _reward_cell(row["null_reward"]),
                      str(row["unscored"]), "ok" if row["ok"] else "[red]FAIL")
    console.print(table)
    for row in report["envs"]:
        for failure in row["failures"][:3]:
            errors.print(f"[red]{row['id']}[/]: {failure['policy']} seed {failure['seed']} "
                         f"config {failure['config']}: "
                         f"{_failure_verdict(failure)} "
                         f"({failure['reason']})", markup=True, highlight=False)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        errors.print(f"figures written to {args.json}")
    if args.report:
        from verticals.report import write_report_from_records

        written = write_report_from_records(
            records, args.report, f"verticals bench ({args.episodes} episodes per config "
                                  "and policy)")
        errors.print(f"report written to {written}", highlight=False)
    return 0 if report["ok"] else 1


def _say_skipped(skipped: list[dict[str, str]], played: int) -> None:
    """A line for each env left out for a missing module; an error when none was left."""
    for entry in skipped:
        errors.print(f"skipped {entry['why']}", markup=False, highlight=False)
    if not played:
        raise VerticalsError("no env matched can run here: install what the lines above name")


def cmd_check(args: argparse.Namespace) -> int:
    from verticals.conformance import CheckOptions, junit_xml, report_table, run_checks
    from verticals.conformance.output import failure_lines
    from verticals.conformance.run import select_checks

    env_ids = registry.registered(args.pattern)
    if not env_ids:
        raise VerticalsError(f"no env id matches '{args.pattern}' (`verticals list` shows all)")
    env_ids, skipped = registry.runnable(env_ids)
    _say_skipped(skipped, played=len(env_ids))
    if args.fuzz < 0 or args.seeds < 1:
        raise VerticalsError("--fuzz must be at least 0 and --seeds at least 1")
    names = select_checks(args.only.split(",") if args.only else None)
    outputs = {flag: Path(path).resolve() for flag, path in
               (("--json", args.json), ("--junit", args.junit)) if path}
    options = CheckOptions(seeds=args.seeds, fuzz=args.fuzz, seed=args.seed,
                           step_timeout=args.step_timeout)
    with _progress(not args.quiet) as progress:
        bar = progress.add_task("check", total=len(env_ids) * len(names))
        report = run_checks(env_ids, options, names,
                            on_result=lambda result: progress.advance(bar, 1))
    console.print(report_table(report))
    for line in failure_lines(report):
        errors.print(line, markup=False, highlight=False)
    fuzz = report.fuzz_totals()
    if fuzz:
        errors.print(f"fuzz: {fuzz.get('actions', 0):,} actions; {fuzz.get('exceptions', 0)} "
                     f"exceptions, {fuzz.get('hangs', 0)} hangs, {fuzz.get('invalid', 0)} bad "
                     f"replies, {fuzz.get('unscored', 0)} unscored, "
                     f"{fuzz.get('leaked_processes', 0)} leaked processes, "
                     f"{fuzz.get('leaked_files', 0)} leaked files", highlight=False)
    texts = {"--json": lambda: json.dumps(report.as_dict(), indent=2) + "\n",
             "--junit": lambda: junit_xml(report)}
    for flag, path in outputs.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(texts[flag](), encoding="utf-8")
        except OSError as exc:
            raise VerticalsError(f"cannot write {flag} {path}: {exc.strerror or exc}") from None
        errors.print(f"{flag[2:]} written to {path}")
    return 0 if report.ok else 1


def cmd_new(args: argparse.Namespace) -> int:
    from verticals.scaffold import create_pack, module_name

    root = create_pack(args.name, args.dir)
    errors.print(f"created the pack {args.name} in {root}", highlight=False)
    console.print(f"""next:
  cd {root}
  pip install -e '.[test]'
  verticals list '{args.name}/*'
  verticals bench --pattern '{args.name}/*'
  verticals check '{args.name}/*'
  python -m pytest
edit {module_name(args.name)}/tasks.py, rewards.py and envs.py to make it yours""",
                  markup=False, highlight=False)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from verticals.report import write_report

    target = write_report(args.run_dir, args.output, title=args.title)
    errors.print(f"report written to {target}", highlight=False)
    return 0


def _failure_verdict(failure: dict[str, Any]) -> str:
    if failure["reward"] is None:
        return f"no verdict [{failure['status']}]"
    return f"reward {failure['reward']}"


def _reward_cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def build_parser() -> argparse.ArgumentParser:
    from verticals import __version__
    from verticals.runner import default_workers

    parser = argparse.ArgumentParser(
        prog="verticals",
        description="RL environments for language models, with verifiable rewards.",
    )
    parser.add_argument("--version", action="version", version=f"verticals {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="list registered environments")
    p.add_argument("pattern", nargs="?", help="glob such as 'math/*'")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_list)

    def add_config(p: argparse.ArgumentParser) -> None:
        p.add_argument("-c", "--config", action="append", metavar="KEY=VALUE",
                       help="config override, repeatable (e.g. -c difficulty=5)")

    p = sub.add_parser("show", help="describe an env: config schema and one sample task")
    p.add_argument("id")
    p.add_argument("--seed", type=int, default=0)
    add_config(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("run", help="play episodes and write rollouts (resumable)")
    p.add_argument("id")
    p.add_argument("--policy", default="oracle", help="oracle, null or openai")
    p.add_argument("-n", type=int, default=10, help="episodes (seeds SEED..SEED+N-1)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True, help="folder for rollouts.jsonl and summary.json")
    p.add_argument("--workers", type=int, default=default_workers())
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--base-url", help="openai policy: endpoint (or $VERTICALS_OPENAI_BASE_URL)")
    p.add_argument("--model", help="openai policy: model name (or $VERTICALS_OPENAI_MODEL)")
    p.add_argument("--temperature", type=float, help="openai policy: sampling temperature")
    p.add_argument("--max-tokens", type=int, help="openai policy: tokens per reply")
    add_config(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("export", help="write tasks, or training datasets (jsonl, parquet, hf)")
    p.add_argument("id", help="env id; with a training format also a glob such as 'math/*'")
    p.add_argument("-n", type=int, default=100, help="tasks (rows, over all matched envs)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=("tasks", "jsonl", "parquet", "hf"), default="tasks",
                   help="tasks: Task JSON lines; jsonl/parquet/hf: training rows (prompt, env, "
                        "task_id, task_seed, config); parquet in verl's shape; hf: save_to_disk")
    p.add_argument("--out", required=True, help="FILE.jsonl, FILE.parquet or a folder (hf)")
    p.add_argument("--with-reference", action="store_true", help="include the hidden gold")
    add_config(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("bench", help="oracle and null policies on every env (the main job)")
    p.add_argument("--pattern", default=None, help="glob of env ids, e.g. 'math/*'")
    p.add_argument("--episodes", type=int, default=10, help="episodes per config and policy")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=default_workers())
    p.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    p.add_argument("--report", metavar="PATH",
                   help="also write the HTML report of the episodes (as `verticals report`)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_bench)
    _add_scale_commands(sub)

    p = sub.add_parser("check", help="the conformance kit: is every env sound? (JUnit too)")
    p.add_argument("pattern", nargs="?", help="glob of env ids, e.g. 'mypack/*' (default: all)")
    p.add_argument("--junit", metavar="PATH", help="write JUnit XML: one testcase per env x check")
    p.add_argument("--json", metavar="PATH", help="write the report as JSON")
    p.add_argument("--fuzz", type=int, default=2000, metavar="N",
                   help="random and malformed actions, spread over the envs (default 2000)")
    p.add_argument("--seeds", type=int, default=3, help="oracle/null episodes per bench config")
    p.add_argument("--seed", type=int, default=0, help="first task seed (fuzz and probes too)")
    p.add_argument("--only", metavar="CHECKS", help="comma-separated checks to run")
    p.add_argument("--step-timeout", type=float, default=60.0, metavar="S",
                   help="seconds one reset or step may take before it counts as a hang")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("new", help="scaffold an installable task pack (passes `check`)")
    p.add_argument("name", help="pack name: env-id prefix and distribution name, e.g. acme-tasks")
    p.add_argument("--dir", default=".", help="folder to create the pack in (default: here)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("report", help="one offline HTML page with plots from a run's rollouts")
    p.add_argument("run_dir", help="a `verticals run --out` folder (or a rollouts.jsonl file)")
    p.add_argument("-o", "--output", help="the HTML file (default: RUN_DIR/report.html)")
    p.add_argument("--title", help="the page's title")
    p.set_defaults(func=cmd_report)
    return parser


# --- serve, eval and `run --ray` (issue 13) ----------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise VerticalsError(
            f"`verticals serve` needs the serve extra: pip install 'verticals[serve]' ({exc})"
        ) from None
    from verticals.serve import Limits, serve

    if not registry.registered(args.pattern):
        raise VerticalsError(f"no env id matches '{args.pattern}' (`verticals list` shows all)")
    limits = Limits(max_sessions=args.max_sessions, idle_timeout_s=args.idle_timeout,
                    max_payload_bytes=args.max_payload, request_timeout_s=args.request_timeout)
    token = args.token or os.environ.get("VERTICALS_SERVE_TOKEN") or None
    ids = registry.registered(args.pattern)
    errors.print(f"serving {len(ids)} env(s) on http://{args.host}:{args.port} "
                 f"(WebSocket /ws){' with a bearer token' if token else ''}")
    serve(args.pattern, host=args.host, port=args.port, limits=limits, token=token,
          log_level=args.log_level)
    return 0


def cmd_run_or_ray(args: argparse.Namespace) -> int:
    """`verticals run`, on a Ray cluster when `--ray` is given."""
    if args.ray is None:
        return cmd_run(args)
    from verticals.integrations.ray import cmd_run_ray

    return cmd_run_ray(args, console=console, errors=errors, progress=_progress,
                       parse_config=_parse_config)


def cmd_eval(args: argparse.Namespace) -> int:
    from verticals.evaluation.command import cmd_eval as run_eval

    return run_eval(args, console=console, errors=errors, progress=_progress,
                    parse_config=_parse_config)


def _add_scale_commands(sub: Any) -> None:
    """The serve and eval commands, and `run --ray`."""
    run = sub.choices["run"]
    run.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                     help="play on Ray (needs the ray extra): alone, the running local cluster "
                          "or a new one; 'auto', the running cluster only; HOST:PORT or "
                          "ray://HOST:PORT, that cluster")
    run.add_argument("--ray-workers", type=int, default=None, metavar="N",
                     help="with --ray: actors to start (default: one per CPU of the cluster)")
    run.set_defaults(func=cmd_run_or_ray)

    p = sub.add_parser("serve", help="serve envs over OpenEnv's protocol (HTTP + WebSocket)")
    p.add_argument("pattern", nargs="?", help="glob of env ids to serve (default: all)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--max-sessions", type=int, default=64, help="open sessions at once")
    p.add_argument("--idle-timeout", type=float, default=300.0,
                   help="seconds a session may sit idle before it is closed")
    p.add_argument("--max-payload", type=int, default=1 << 20, help="bytes per request")
    p.add_argument("--request-timeout", type=float, default=60.0,
                   help="seconds one reset or step may take")
    p.add_argument("--token", help="require 'Authorization: Bearer TOKEN' "
                                   "(or $VERTICALS_SERVE_TOKEN)")
    p.add_argument("--log-level", default="warning")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="evaluate an OpenAI-compatible model: pass@k and pass^k")
    p.add_argument("id", help="env id or glob, e.g. 'math/*'")
    p.add_argument("--model", required=True)
    p.add_argument("--base-url", help="endpoint (or $VERTICALS_OPENAI_BASE_URL)")
    p.add_argument("-n", type=int, default=10, help="tasks per env (seeds SEED..SEED+N-1)")
    p.add_argument("-k", type=int, default=1, help="attempts per task")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True, help="folder for attempts.jsonl and report.json")
    p.add_argument("--concurrency", type=int, default=8, help="requests in flight at once")
    p.add_argument("--retries", type=int, default=4, help="retries of a 429/5xx/timeout")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    p.add_argument("--temperature", type=float, default=1.0)
    p.add_argument("--max-tokens", type=int, default=2048)
    p.add_argument("--backoff", type=float, default=1.0,
                   help="first retry's wait in seconds, doubled each retry (Retry-After wins)")
    p.add_argument("--threshold", type=float, default=1.0,
                   help="reward at or above which an attempt passes")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--report", metavar="PATH",
                   help="also write the HTML report of the attempts (as `verticals report`)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("-c", "--config", action="append", metavar="KEY=VALUE",
                   help="config override, repeatable (e.g. -c difficulty=5)")
    p.set_defaults(func=cmd_eval)


def _check_counts(args: argparse.Namespace) -> None:
    for name, flag in (("n", "-n"), ("episodes", "--episodes"), ("workers", "--workers")):
        if getattr(args, name, 1) < 1:
            raise VerticalsError(f"{flag} must be at least 1")
    if getattr(args, "seed", 0) < 0:
        raise VerticalsError("--seed must be a non-negative integer (task seeds start at 0)")


def _one_line_warning(message: Warning | str, category: type[Warning], *_: Any,
                      **__: Any) -> None:
    errors.print(f"warning: {message}", markup=False, highlight=False)


def main(argv: Sequence[str] | None = None) -> int:
    with warnings.catch_warnings():
        warnings.showwarning = _one_line_warning
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _check_counts(args)
        return args.func(args)
    except VerticalsError as exc:
        errors.print(f"error: {exc}", markup=False, highlight=False)
        return 2
    except BrokenPipeError:  # `verticals list --json | head`: the reader left, not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        errors.print("interrupted; `verticals run` resumes where it stopped")
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""Episodes on a two-node local Ray cluster equal the local runner's, survive a lost worker,
and resume like a local run."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("ray", reason="needs the ray extra: pip install -e '.[ray]'")

import ray
from ray.cluster_utils import Cluster

from verticals.cli import main
from verticals.integrations.ray import play_jobs_on_ray, write_rollouts_on_ray
from verticals.runner import Job, play_jobs, write_rollouts

JOBS = [Job.of(env, seed, policy) for env in ("math/arithmetic-v0", "math/calculator-v0")
        for seed in range(6) for policy in ("oracle", "null")]


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    ray.init(address=cluster.address, log_to_driver=False)
    yield cluster
    ray.shutdown()
    cluster.shutdown()


def comparable(lines: list[str]) -> list[dict]:
    records = [json.loads(line) for line in lines]
    for record in records:
        record.pop("timings")
    return sorted(records, key=lambda r: (r["env"], r["seed"], r["policy"]))


def test_two_nodes_equal_the_local_runner(cluster):
    assert len([n for n in ray.nodes() if n["Alive"]]) == 2
    remote = play_jobs_on_ray(JOBS, workers=2, chunk_size=2)
    assert comparable(remote) == comparable(play_jobs(JOBS))


def test_a_killed_worker_loses_no_episode(cluster):
    killed = []

    def kill_one(line: str) -> None:
        if not killed:
            actor = ray.get_actor("killtest-0")
            ray.kill(actor, no_restart=True)
            killed.append(actor)

    lost = []
    remote = play_jobs_on_ray(JOBS, workers=2, chunk_size=1, on_record=kill_one,
                              name_prefix="killtest", on_worker_lost=lost.append)
    assert killed and len(lost) == 1  # the kill was seen, and its chunks played again
    assert comparable(remote) == comparable(play_jobs(JOBS))  # each job once, none lost


def test_resume_and_same_rollouts_file(cluster, tmp_path):
    write_rollouts(JOBS[:5], tmp_path)
    summary = write_rollouts_on_ray(JOBS, tmp_path, workers=2)
    assert summary.skipped == 5 and summary.episodes == len(JOBS) - 5
    lines = (tmp_path / "rollouts.jsonl").read_text().splitlines()
    assert comparable(lines) == comparable(play_jobs(JOBS))


def test_cli_run_with_ray(cluster, tmp_path, capsys):
    out = tmp_path / "run"
    code = main(["run", "math/gcd-lcm-v0", "-n", "6", "--out", str(out), "--ray",
                 cluster.address, "--ray-workers", "2", "-q"])
    assert code == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["envs"][0]["episodes"] == 6 and summary["envs"][0]["mean_reward"] == 1.0
    assert "(Ray)" in capsys.readouterr().out


def test_an_unreachable_address_fails_fast(tmp_path, capsys):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once closed
    code = main(["run", "math/gcd-lcm-v0", "-n", "2", "--out", str(tmp_path),
                 "--ray", f"127.0.0.1:{port}", "-q"])
    assert code == 2 and "no Ray cluster answers" in capsys.readouterr().err

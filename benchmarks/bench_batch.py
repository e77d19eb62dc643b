"""Batch throughput and peak memory: 1,000 cases in knowledge mode, local vs Celery (2 workers).

The input is the development vignettes (`tests/reasoning/vignettes.jsonl`) repeated under new
ids up to `--cases`. Each mode runs the real `batch` command in a child process, timed from
start to exit (so start-up, reading, the results file and metrics are included); peak memory
is each process's maximum resident set size from `wait4`. Celery needs `redis-server` on PATH.

    .venv/bin/python benchmarks/bench_batch.py [--cases 1000] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VIGNETTES = REPO / "tests" / "reasoning" / "vignettes.jsonl"
CLI = [sys.executable, "-m", "consilium"]


def make_input(path: Path, count: int) -> Path:
    source = [json.loads(line) for line in VIGNETTES.read_text().splitlines() if line.strip()]
    with path.open("w") as handle:
        for i in range(count):
            record = dict(source[i % len(source)])
            record["id"] = f"{record['id']}-{i:05d}"
            handle.write(json.dumps(record) + "\n")
    return path


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB, stdout) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.PIPE)
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[3:])} failed with exit code {process.returncode}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024, output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_celery(cases: Path, out: Path, env: dict[str, str], concurrency: int) -> None:
    port = free_port()
    env = {**env, "CONSILIUM_REDIS_URL": f"redis://127.0.0.1:{port}/0"}
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    workers = []
    try:
        time.sleep(0.5)
        for name in ("w1", "w2"):
            log = (out.parent / f"{name}.log").open("wb")
            workers.append(subprocess.Popen([*CLI, "worker", "--hostname", f"{name}@%h"],
                                            env=env, cwd=REPO, stdout=log, stderr=log))
        deadline = time.monotonic() + 60
        while not all("ready" in (out.parent / f"{n}.log").read_text() for n in ("w1", "w2")):
            if time.monotonic() > deadline:
                raise SystemExit("celery workers did not start")
            time.sleep(0.1)
        wall, rss, output = run_child(
            [*CLI, "batch", str(cases), "--out", str(out), "--backend", "celery",
             "--concurrency", str(concurrency), "--json"], env)
        report("celery, 2 workers", wall, rss, output)
    finally:
        peaks = []
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
            _, _, usage = os.wait4(worker.pid, 0)
            peaks.append(usage.ru_maxrss / 1024)
        server.terminate()
        server.wait()
    print(f"  worker peak RSS: {', '.join(f'{p:.0f} MiB' for p in peaks)}")


def report(label: str, wall: float, rss: float, output: str) -> None:
    summary = json.loads(output)
    done = summary["ran"]
    print(f"{label}: {done} cases in {wall:.1f} s = {done / wall:.1f} cases/s; "
          f"coordinator peak RSS {rss:.0f} MiB; errors {summary['errors']}; "
          f"top-1 {summary['metrics']['top1']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--skip-celery", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cases = make_input(root / "cases.jsonl", args.cases)
        env = {**os.environ, "XDG_STATE_HOME": str(root / "state"), "PYTHONPATH": str(REPO)}
        env.pop("CONSILIUM_MODEL", None)
        print(f"{args.cases} cases, knowledge engine, {os.cpu_count()} CPUs, "
              f"concurrency {args.concurrency}")
        wall, rss, output = run_child([*CLI, "batch", str(cases), "--out", str(root / "local"),
                                       "--concurrency", str(args.concurrency), "--json"], env)
        report("local", wall, rss, output)
        if args.skip_celery:
            return
        if shutil.which("redis-server") is None:
            print("celery: skipped (redis-server not installed)")
            return
        (root / "celery").mkdir()
        bench_celery(cases, root / "celery" / "run", env, args.concurrency * 2)


if __name__ == "__main__":
    main()

"""How many learners one server holds: ``python -m opsbook_devtools.loadtest 10 30 60`` (as root,
with ``configurable-http-proxy`` on the PATH, as ``make test-hub`` sets up; ``make loadtest``
runs it).

For each N, N accounts each get a server on a real JupyterHub (:mod:`opsbook_devtools.hub`). Each
learner's kernel runs chapter 2 (its code cells), then moves the GMV calculator's slider (a change
that redraws a chart) every ``--every`` seconds, each learner at its own moment, for
``--seconds``. Reported per N:

- the response to a change: from sending it through the hub's proxy until the kernel is idle
  again with the new chart sent (p50, p95, the slowest);
- the CPU one learner uses (server and kernel, in % of one core) and the memory one learner holds
  (their resident memory), and how busy the whole machine was.
"""

import argparse
import asyncio
import json
import os
import pwd
import random
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from opsbook.core.paths import NOTEBOOKS_DIR
from opsbook_devtools.hub import Hub, Kernel, make_accounts, remove_accounts

CHAPTER = NOTEBOOKS_DIR / "02_four_powers.ipynb"
CHANGE = "calc.set(aov={value})"  # the chapter's calculator: numbers and chart redrawn
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def chapter_code() -> str:
    cells = json.loads(CHAPTER.read_text("utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def _processes_of(uids: set[int]) -> dict[int, list[Path]]:
    found: dict[int, list[Path]] = {uid: [] for uid in uids}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                uid = entry.stat().st_uid
            except FileNotFoundError:
                continue
            if uid in found:
                found[uid].append(entry)
    return found


def usage(uids: set[int]) -> dict[int, tuple[float, float]]:
    """Per account: CPU seconds used so far and resident memory (GB) of its processes."""
    result = {}
    for uid, processes in _processes_of(uids).items():
        cpu = memory = 0.0
        for process in processes:
            try:
                fields = (process / "stat").read_text().rsplit(")", 1)[1].split()
                cpu += (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
                memory += int((process / "statm").read_text().split()[1]) * PAGE / 1024**3
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
        result[uid] = (cpu, memory)
    return result


def machine_busy() -> tuple[float, float]:
    """Busy and total CPU seconds of the machine so far (all cores)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICK, sum(values) / TICK


async def learner(hub: Hub, user: str, seconds: float, every: float, plan: dict, times: list):
    async with plan["opening"]:  # a few kernels start and run the chapter at a time
        kernel = await Kernel.open(hub, user)
        said, _ = await kernel.execute(chapter_code())
        assert "Traceback" not in said, said
    plan["ready"].append(user)
    if len(plan["ready"]) == plan["learners"]:
        plan["all_ready"].set()
    await plan["go"].wait()
    end = time.monotonic() + seconds
    await asyncio.sleep(random.uniform(0, every))
    value = 100
    while time.monotonic() < end:
        began = time.monotonic()
        value = 100 + (value + 7) % 60
        said, took = await kernel.execute(CHANGE.format(value=value))
        assert "Traceback" not in said, said
        times.append(took)
        await asyncio.sleep(max(0.0, every - (time.monotonic() - began)))
    return kernel  # closed once its use is measured


async def drive(hub: Hub, users: list[str], seconds: float, every: float) -> dict:
    times: list[float] = []
    plan = {"opening": asyncio.Semaphore(4), "ready": [], "learners": len(users),
            "all_ready": asyncio.Event(), "go": asyncio.Event()}  # fmt: skip
    tasks = [asyncio.create_task(learner(hub, u, seconds, every, plan, times)) for u in users]
    waiting = asyncio.create_task(plan["all_ready"].wait())
    done, _ = await asyncio.wait({waiting, *tasks}, return_when=asyncio.FIRST_COMPLETED)
    for task in done - {waiting}:
        task.result()  # a learner that failed before the start: its error, now
    uids = {pwd.getpwnam(u).pw_uid for u in users}
    before, busy_before = usage(uids), machine_busy()
    started = time.monotonic()
    plan["go"].set()
    kernels = await asyncio.gather(*tasks)
    window = time.monotonic() - started
    after, busy_after = usage(uids), machine_busy()
    await asyncio.gather(*(kernel.close() for kernel in kernels))
    cpu = [(after[u][0] - before[u][0]) / window * 100 for u in uids]
    memory = [after[u][1] for u in uids]
    busy = (busy_after[0] - busy_before[0]) / (busy_after[1] - busy_before[1]) * 100
    ordered = sorted(times)
    return {
        "learners": len(users),
        "changes": len(times),
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        "max_ms": ordered[-1] * 1000,
        "cpu_per_learner_pct": statistics.mean(cpu),
        "memory_per_learner_gb": statistics.mean(memory),
        "machine_busy_pct": busy,
    }


def measure(learners: int, seconds: float, every: float) -> dict:
    users = [f"opsbook-load{n}" for n in range(1, learners + 1)]
    opened = make_accounts(users)
    folder = Path(tempfile.mkdtemp(prefix="opsbook-load-"))
    os.chmod(folder, 0o755)
    hub = Hub(folder, users)
    try:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(hub.start, users))
        return asyncio.run(drive(hub, users, seconds, every))
    finally:
        hub.stop()
        remove_accounts(users, None, opened)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m opsbook_devtools.loadtest", description=__doc__
    )
    parser.add_argument(
        "learners", type=int, nargs="+", help="the numbers of learners, e.g. 10 30 60"
    )
    parser.add_argument("--seconds", type=float, default=60, help="how long they work")
    parser.add_argument("--every", type=float, default=5, help="seconds between changes")
    args = parser.parse_args(argv)
    print(f"{'learners':>8} {'changes':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
          f"{'CPU/learner':>12} {'GB/learner':>11} {'machine busy':>13}")  # fmt: skip
    for n in args.learners:
        r = measure(n, args.seconds, args.every)
        print(f"{r['learners']:>8} {r['changes']:>8} {r['p50_ms']:>8.0f} {r['p95_ms']:>8.0f} "
              f"{r['max_ms']:>8.0f} {r['cpu_per_learner_pct']:>11.1f}% "
              f"{r['memory_per_learner_gb']:>11.2f} {r['machine_busy_pct']:>12.0f}%",
              flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

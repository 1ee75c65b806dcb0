#!/usr/bin/env python3
"""F1 of WEB-WORKLOADS.md with aiofiles, the peer of `./jasyncio bench --wl files --dir D`.

N tasks (100) each read a file of KB KiB (1024) line by line with aiofiles and write a transformed copy
(each line upper-cased), on one asyncio loop, while a ticker task sleeps 10 ms at a time and records
how late it wakes. The input files are the ones the Java workload makes (the same generator is here,
so either may run first). Prints one JSON line, as the Java side does:
{"wl":"files","peer":"aiofiles","files":100,"file_bytes":...,"runs_s":[...],"mb_per_s":[...],
 "ticker_max_late_ms":...,"runtime":"..."}
aiofiles hops to a thread for every line read and every write, so a run of the full contract takes a
minute or more here; --kb shrinks every file (MB/s stays comparable: the cost is per line).
"""
import argparse
import asyncio
import importlib.metadata
import json
import os
import platform
import sys
import time

import aiofiles


def content(i, size):
    """The same bytes as F1Files.content in the Java bench."""
    levels = ["INFO", "WARN", "DEBUG", "ERROR"]
    parts = []
    length = 0
    n = 0
    while length < size:
        ms = (n * 37 + i * 11) % 1000
        line = (f"2026-12-06T01:{n // 60 % 60:02d}:{n % 60:02d}.{ms // 100}{ms // 10 % 10}{ms % 10}Z "
                f"{levels[(n + i) % 4]} [worker-{(n * 7 + i) % 32}] request {i * 100_000 + n} "
                f"served in {(n * 13 + i) % 500} ms\n")
        parts.append(line)
        length += len(line)
        n += 1
    return "".join(parts)[:size].encode("ascii")


def name(kind, kb, i):
    """The same names as F1Files: in-1024k-000.log, out-1024k-000.log (py-out-... here)."""
    return f"{kind}-{kb}k-{i:03d}.log"


def prepare(d, files, size):
    os.makedirs(d, exist_ok=True)
    for i in range(files):
        p = os.path.join(d, name("in", size // 1024, i))
        data = content(i, size)
        if not os.path.exists(p) or os.path.getsize(p) != len(data):
            with open(p, "wb") as f:
                f.write(data)
    return files * size


async def copy(d, kb, i):
    async with aiofiles.open(os.path.join(d, name("in", kb, i)), "r") as fin, \
            aiofiles.open(os.path.join(d, name("py-out", kb, i)), "w") as fout:
        async for line in fin:
            await fout.write(line.upper())


async def ticker(state):
    loop = asyncio.get_running_loop()
    nxt = loop.time()
    while True:
        nxt += 0.01
        await asyncio.sleep(max(0.0, nxt - loop.time()))
        state["worst"] = max(state["worst"], loop.time() - nxt)


async def main(a):
    total = prepare(a.dir, a.files, a.kb * 1024)
    runs, worst = [], 0.0
    for r in range(a.reps):
        state = {"worst": 0.0}
        t = asyncio.create_task(ticker(state))
        t0 = time.perf_counter()
        await asyncio.gather(*(copy(a.dir, a.kb, i) for i in range(a.files)))
        s = time.perf_counter() - t0
        t.cancel()
        try:
            await t
        except asyncio.CancelledError:
            pass
        for i in range(a.files):
            if os.path.getsize(os.path.join(a.dir, name("py-out", a.kb, i))) != a.kb * 1024:
                sys.exit(f"{name('py-out', a.kb, i)} has the wrong size")
        warm = r < a.warmup
        print(f"aiofiles files run {r + 1}/{a.reps}{' (warm-up)' if warm else ''}: {s:.3f} s, "
              f"{total / 1e6 / s:.2f} MB/s, ticker late max {state['worst'] * 1000:.2f} ms", file=sys.stderr)
        if not warm:
            runs.append(s)
            worst = max(worst, state["worst"])
    print(json.dumps({"wl": "files", "peer": "aiofiles", "files": a.files, "file_bytes": a.kb * 1024,
                      "runs_s": [round(x, 4) for x in runs],
                      "mb_per_s": [round(total / 1e6 / x, 2) for x in runs],
                      "ticker_max_late_ms": round(worst * 1000, 2),
                      "runtime": f"CPython {platform.python_version()}, aiofiles {importlib.metadata.version('aiofiles')}"}))


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dir", required=True)
    p.add_argument("--files", type=int, default=100)
    p.add_argument("--kb", type=int, default=1024)
    p.add_argument("--reps", type=int, default=1)
    p.add_argument("--warmup", type=int, default=0)
    asyncio.run(main(p.parse_args()))

"""D2 of WEB-WORKLOADS.md with asyncpg: 100 tasks share a counter and run `SELECT $1::int + 1` through
pool.fetchval on a pool of 10 connections until N queries are done; prints one JSON line like
`./jasyncio bench --wl db-query` does (warm-up runs left out).

    python3 bench/db/d2_asyncpg.py --dsn postgresql://user:pw@127.0.0.1:5432/db [--n 100000] [--reps 5] [--warmup 1] [--no-reset]

By default the pool resets each connection on release as asyncpg does out of the box (one more round
trip: `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL;`); --no-reset passes a
no-op `reset=` to create_pool, which leaves one round trip per query, as jasyncio's pool does for a
clean connection.
"""
import argparse
import asyncio
import json
import platform
import sys
import time

import asyncpg


async def one_run(pool, n):
    counter = 0

    async def worker():
        nonlocal counter
        while counter < n:
            q = counter
            counter += 1
            got = await pool.fetchval("SELECT $1::int + 1", q)
            if got != q + 1:
                raise RuntimeError(f"SELECT {q} + 1 returned {got!r}")

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(100)))
    return time.perf_counter() - t0


async def main(args):
    kwargs = {}
    if args.no_reset:
        async def no_reset(con):
            pass
        kwargs["reset"] = no_reset
    pool = await asyncpg.create_pool(args.dsn, min_size=10, max_size=10, **kwargs)
    runs = []
    try:
        for i in range(args.reps):
            s = await one_run(pool, args.n)
            runs.append(s)
            tag = " (warm-up)" if i < args.warmup else ""
            print(f"asyncpg db-query n={args.n} run {i + 1}/{args.reps}{tag}: {s:.3f} s ({args.n / s:.0f} queries/s)",
                  file=sys.stderr)
    finally:
        await pool.close()
    timed = runs[min(args.warmup, len(runs) - 1):]
    print(json.dumps({
        "wl": "db-query", "n": args.n, "runs_s": [round(s, 4) for s in timed],
        "rate": [round(args.n / s, 1) for s in timed],
        "reset": not args.no_reset,
        "runtime": f"asyncpg {asyncpg.__version__} on asyncio ({type(asyncio.get_running_loop()).__name__}), "
                   f"Python {platform.python_version()}",
    }))


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--dsn", required=True)
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--no-reset", action="store_true")
    asyncio.run(main(p.parse_args()))

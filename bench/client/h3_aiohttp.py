"""H3 (WEB-WORKLOADS.md client contract) for aiohttp: one ClientSession, C chains sharing a counter, each GETs
the URL, reads the whole body, checks status 200 and 13 bytes, until N are done; batches until the warm-up
time has passed, then timed runs. Prints {"client":"aiohttp","n":N,"conc":C,"runs_s":[...],"rps":[...]}."""
import argparse
import asyncio
import json
import time

import aiohttp


async def batch(session, url, n, conc):
    left = [n]

    async def chain():
        while left[0] > 0:
            left[0] -= 1
            async with session.get(url) as resp:
                body = await resp.read()
                if resp.status != 200 or len(body) != 13:
                    raise SystemExit(f"GET {url}: status {resp.status}, {len(body)} bytes")

    await asyncio.gather(*(chain() for _ in range(conc)))


async def main(a):
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as session:
        start = time.perf_counter()
        while time.perf_counter() - start < a.warmup_s:
            await batch(session, a.url, a.n, a.conc)
        runs = []
        cpu = []
        for _ in range(a.runs):
            c0 = time.process_time()
            t0 = time.perf_counter()
            await batch(session, a.url, a.n, a.conc)
            runs.append(time.perf_counter() - t0)
            cpu.append(round((time.process_time() - c0) * 1e6 / a.n, 2))
    print(json.dumps({"client": "aiohttp", "n": a.n, "conc": a.conc, "runs_s": [round(r, 3) for r in runs],
                      "rps": [round(a.n / r) for r in runs], "cpu_us_per_req": cpu}), flush=True)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--n", type=int, default=10000)
    p.add_argument("--conc", type=int, default=100)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup-s", type=float, default=5)
    asyncio.run(main(p.parse_args()))

"""H3 (WEB-WORKLOADS.md client contract) for a Python client, aiohttp or httpx: one session (100 connections),
C chains sharing a counter, each GETs the URL, reads the whole body, checks status 200 and 13 bytes, until N
are done; batches until the warm-up time has passed, then timed runs.
Prints {"client":NAME,"n":N,"conc":C,"runs_s":[...],"rps":[...],"cpu_us_per_req":[...]}."""
import argparse
import asyncio
import contextlib
import json
import time


def aiohttp_client():
    """An open session and an async get(url) -> (status, body) for aiohttp's ClientSession."""
    import aiohttp

    @contextlib.asynccontextmanager
    async def opened():
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as session:
            async def get(url):
                async with session.get(url) as resp:
                    return resp.status, await resp.read()
            yield get
    return opened()


def httpx_client():
    """The same for httpx's AsyncClient."""
    import httpx

    @contextlib.asynccontextmanager
    async def opened():
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        async with httpx.AsyncClient(limits=limits, timeout=None) as client:
            async def get(url):
                resp = await client.get(url)
                return resp.status_code, resp.content
            yield get
    return opened()


async def batch(get, url, n, conc):
    left = [n]

    async def chain():
        while left[0] > 0:
            left[0] -= 1
            status, body = await get(url)
            if status != 200 or len(body) != 13:
                raise SystemExit(f"GET {url}: status {status}, {len(body)} bytes")

    await asyncio.gather(*(chain() for _ in range(conc)))


async def main(a):
    opened = aiohttp_client() if a.client == "aiohttp" else httpx_client()
    async with opened as get:
        start = time.perf_counter()
        while time.perf_counter() - start < a.warmup_s:
            await batch(get, a.url, a.n, a.conc)
        runs = []
        cpu = []
        for _ in range(a.runs):
            c0 = time.process_time()
            t0 = time.perf_counter()
            await batch(get, a.url, a.n, a.conc)
            runs.append(time.perf_counter() - t0)
            cpu.append(round((time.process_time() - c0) * 1e6 / a.n, 2))
    print(json.dumps({"client": a.client, "n": a.n, "conc": a.conc, "runs_s": [round(r, 3) for r in runs],
                      "rps": [round(a.n / r) for r in runs], "cpu_us_per_req": cpu}), flush=True)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--client", choices=["aiohttp", "httpx"], required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--n", type=int, default=10000)
    p.add_argument("--conc", type=int, default=100)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup-s", type=float, default=5)
    asyncio.run(main(p.parse_args()))

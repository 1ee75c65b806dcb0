"""Interop checks of jasyncio's HTTP server with Python's aiohttp and httpx clients.

    python3 python_clients.py PORT

The server runs the app of InteropTest. Prints one line per check; exits 1 at the first failure.
"""
import asyncio
import json
import sys

import aiohttp
import httpx

BASE = f"http://127.0.0.1:{int(sys.argv[1])}"


def check(cond, what):
    if not cond:
        print(f"FAIL {what}", flush=True)
        sys.exit(1)
    print(f"ok {what}", flush=True)


async def with_aiohttp():
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{BASE}/users/7?name=ada") as r:
            check(r.status == 200 and await r.json() == {"id": 7, "name": "ada"}, "aiohttp GET json")
        async with s.post(f"{BASE}/users", json={"id": 3, "name": "lin"}) as r:
            check(r.status == 201 and await r.json() == {"id": 3, "name": "lin"}, "aiohttp POST json")

        async def gen():
            for i in range(5):
                yield f"part{i};".encode()
        async with s.post(f"{BASE}/echo", data=gen()) as r:  # chunked request body
            check(await r.text() == "part0;part1;part2;part3;part4;", "aiohttp chunked upload")
        async with s.get(f"{BASE}/stream") as r:
            chunks = [c async for c in r.content.iter_any()]
            check(b"".join(chunks) == b"".join(f"line {i}\n".encode() for i in range(20)), "aiohttp streamed response")
        async with s.get(f"{BASE}/events") as r:
            body = await r.text()
            check(r.headers["Content-Type"] == "text/event-stream" and body.count("event: tick") == 3, "aiohttp SSE")
        async with s.post(f"{BASE}/echo", data=b"x" * (2 * 1024 * 1024)) as r:
            check(r.status == 413, "aiohttp body over the limit is 413")

        async def one(i):
            async with s.get(f"{BASE}/users/{i}") as r:
                return (await r.json())["id"]
        ids = await asyncio.gather(*(one(i) for i in range(200)))
        check(ids == list(range(200)), "aiohttp 200 concurrent requests over a pool")
        async with s.head(f"{BASE}/") as r:
            check(r.status == 200 and r.headers["Content-Length"] == "13", "aiohttp HEAD")
        async with s.get(f"{BASE}/boom") as r:
            check(r.status == 500 and "secret" not in await r.text(), "aiohttp 500 without the stack trace")


async def with_httpx_async():
    async with httpx.AsyncClient(base_url=BASE) as c:
        r = await c.get("/users/9", params={"name": "grace hopper"})
        check(r.json() == {"id": 9, "name": "grace hopper"}, "httpx async GET with query")
        rs = await asyncio.gather(*(c.get(f"/users/{i}") for i in range(50)))
        check([x.json()["id"] for x in rs] == list(range(50)), "httpx async 50 concurrent")
        async with c.stream("GET", "/stream") as r:
            data = b"".join([b async for b in r.aiter_bytes()])
            check(data.count(b"line") == 20, "httpx async streamed response")


def with_httpx_sync():
    with httpx.Client(base_url=BASE) as c:
        r = c.post("/users", content=json.dumps({"id": 1, "name": "x"}), headers={"Content-Type": "application/json"})
        check(r.status_code == 201, "httpx sync POST")
        r = c.request("PUT", "/users/1")
        check(r.status_code == 405 and "GET" in r.headers["Allow"], "httpx 405 with Allow")
        r = c.get("/nope")
        check(r.status_code == 404 and r.json() == {"detail": "Not Found"}, "httpx 404 detail")
        r = c.post("/echo", content=iter([b"a", b"bc"]))  # a generator: chunked
        check(r.text == "abc", "httpx chunked upload")


asyncio.run(with_aiohttp())
asyncio.run(with_httpx_async())
with_httpx_sync()
print("ALL OK", flush=True)

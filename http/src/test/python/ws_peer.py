"""Interop peer for the WebSocket tests: Python websockets (the asyncio implementation) as a server
or as a client of ours.

  python3 ws_peer.py server            echo server on 127.0.0.1, prints "PORT <n>", runs until stdin closes
  python3 ws_peer.py client URL        runs the client checks against URL (an echo server), prints "OK"
"""
import asyncio
import os
import sys

from websockets.asyncio.client import connect
from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosedError
from websockets.frames import CloseCode


async def echo(ws):
    async for msg in ws:
        await ws.send(msg)


async def run_server():
    async with serve(echo, "127.0.0.1", 0, max_size=2**20) as server:
        port = server.sockets[0].getsockname()[1]
        print("PORT", port, flush=True)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)  # until the test closes our stdin


async def run_client(url):
    checks = 0
    for compression in ("deflate", None):
        async with connect(url, compression=compression, max_size=2**21) as ws:
            negotiated = ws.response.headers.get("Sec-WebSocket-Extensions")
            assert (negotiated is not None) == (compression is not None), negotiated
            for n in (0, 1, 125, 126, 65535, 65536, 500_000):
                text = "é" * (n // 2) + "x" * (n % 2)
                await ws.send(text)
                assert await ws.recv() == text, f"text of {n}"
                data = os.urandom(n)
                await ws.send(data)
                assert await ws.recv() == data, f"binary of {n}"
                checks += 2
            await ws.send(["frag", "ment", "ed ✓"])  # a fragmented message
            assert await ws.recv() == "fragmented ✓"
            latency = await (await ws.ping(b"are you there"))
            assert latency >= 0
            checks += 2
    # Over the limit: our server must close with 1009.
    async with connect(url, compression=None, max_size=2**22) as ws:
        await ws.send(b"x" * (2**20 + 1))
        try:
            await ws.recv()
            raise AssertionError("no close after a message over the limit")
        except ConnectionClosedError as e:
            assert e.rcvd.code == CloseCode.MESSAGE_TOO_BIG, e
            checks += 1
    print("OK", checks, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "server":
        asyncio.run(run_server())
    else:
        asyncio.run(run_client(sys.argv[2]))

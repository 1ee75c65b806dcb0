"""H4 peer: Python websockets' echo server (the asyncio implementation), one process, one loop, on
127.0.0.1:PORT at /ws (any path). Prints READY once listening; stops on SIGTERM.

  python3 bench/ws_python_server.py PORT
"""
import asyncio
import signal
import sys

from websockets.asyncio.server import serve


async def echo(ws):
    async for msg in ws:
        await ws.send(msg)


async def main(port):
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with serve(echo, "127.0.0.1", port, compression=None):
        print("READY", flush=True)
        await stop


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))

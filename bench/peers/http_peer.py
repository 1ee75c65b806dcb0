"""Python peers for H1/H2 (WEB-WORKLOADS.md server contract): GET / and GET /json on 127.0.0.1:PORT,
one process, one event loop, prints READY once listening, stops on SIGTERM.

    python3 http_peer.py aiohttp|uvicorn|fastapi PORT

aiohttp: aiohttp.web. uvicorn: a bare ASGI app on uvicorn (httptools if installed, uvloop if installed,
no access log). fastapi: FastAPI on the same uvicorn settings.
"""
import asyncio
import json
import sys

peer, port = sys.argv[1], int(sys.argv[2])
HELLO = b"Hello, World!"


def ready():
    print("READY", flush=True)


if peer == "aiohttp":
    from aiohttp import web

    async def hello(request):
        return web.Response(body=HELLO, content_type="text/plain")

    async def js(request):
        return web.json_response({"message": "Hello, World!"})

    async def main():
        app = web.Application()
        app.router.add_get("/", hello)
        app.router.add_get("/json", js)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port, backlog=4096).start()
        ready()
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(15, stop.set)
        await stop.wait()
        await runner.cleanup()

    asyncio.run(main())
else:
    import uvicorn

    if peer == "uvicorn":
        async def app(scope, receive, send):
            if scope["type"] != "http":
                return
            if scope["path"] == "/json":
                body, ctype = json.dumps({"message": "Hello, World!"}, separators=(",", ":")).encode(), b"application/json"
            else:
                body, ctype = HELLO, b"text/plain"
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
    else:
        from fastapi import FastAPI
        from fastapi.responses import PlainTextResponse
        app = FastAPI()

        @app.get("/", response_class=PlainTextResponse)
        async def hello():
            return "Hello, World!"

        @app.get("/json")
        async def js():
            return {"message": "Hello, World!"}

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets)
            ready()

    Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                          backlog=4096)).run()

"""A test peer for jasyncio's HTTP client: aiohttp.web on 127.0.0.1, a free port, printed as "PORT n".

Routes: /hello, /users/{id} (JSON, ?delay=s), /echo (method, headers, body), /gzip, /deflate, /lines?n=,
/redirect/{n}, /redirect-to?url=, /cookies/set?name=&value=, /cookies, /status/{code}, /slow?delay=,
/upload (counts a streamed body), /stream-slow (headers now, body late).
"""
import asyncio
import gzip
import json
import sys
import zlib

from aiohttp import web


async def hello(request):
    return web.Response(text="Hello, World!")


async def user(request):
    delay = float(request.query.get("delay", "0"))
    if delay:
        await asyncio.sleep(delay)
    uid = int(request.match_info["id"])
    return web.json_response({"id": uid, "name": f"user{uid}"})


async def echo(request):
    body = await request.read()
    return web.json_response({
        "method": request.method,
        "path": request.path_qs,
        "headers": {k: v for k, v in request.headers.items()},
        "body": body.decode("utf-8", "replace"),
    })


TEXT = ("jasyncio " * 2000).encode()


async def gz(request):
    return web.Response(body=gzip.compress(TEXT), headers={"Content-Encoding": "gzip", "Content-Type": "text/plain"})


async def deflate(request):
    return web.Response(body=zlib.compress(TEXT), headers={"Content-Encoding": "deflate", "Content-Type": "text/plain"})


async def lines(request):
    n = int(request.query.get("n", "5"))
    resp = web.StreamResponse(headers={"Content-Type": "text/plain"})
    await resp.prepare(request)
    for i in range(n):
        await resp.write(f"line {i}\n".encode())
        await asyncio.sleep(0.01)
    await resp.write_eof()
    return resp


async def redirect(request):
    n = int(request.match_info["n"])
    if n <= 0:
        return web.Response(text="arrived")
    raise web.HTTPFound(f"/redirect/{n - 1}")


async def redirect_to(request):
    raise web.HTTPFound(request.query["url"])


async def set_cookie(request):
    resp = web.Response(text="set")
    resp.set_cookie(request.query["name"], request.query["value"])
    return resp


async def cookies(request):
    return web.json_response(dict(request.cookies))


async def status(request):
    code = int(request.match_info["code"])
    return web.Response(status=code, text=f"status {code}")


async def slow(request):
    await asyncio.sleep(float(request.query.get("delay", "5")))
    return web.Response(text="late")


async def stream_slow(request):
    resp = web.StreamResponse(headers={"Content-Type": "text/plain"})
    await resp.prepare(request)
    await resp.write(b"first\n")
    await asyncio.sleep(float(request.query.get("delay", "5")))
    await resp.write(b"second\n")
    await resp.write_eof()
    return resp


async def upload(request):
    total = 0
    chunks = 0
    async for data in request.content.iter_any():
        total += len(data)
        chunks += 1
    return web.json_response({"bytes": total, "chunked": request.headers.get("Transfer-Encoding", "")})


def main():
    app = web.Application()
    app.router.add_get("/hello", hello)
    app.router.add_get("/users/{id}", user)
    app.router.add_route("*", "/echo", echo)
    app.router.add_get("/gzip", gz)
    app.router.add_get("/deflate", deflate)
    app.router.add_get("/lines", lines)
    app.router.add_get("/redirect/{n}", redirect)
    app.router.add_route("*", "/redirect-to", redirect_to)
    app.router.add_get("/cookies/set", set_cookie)
    app.router.add_get("/cookies", cookies)
    app.router.add_route("*", "/status/{code}", status)
    app.router.add_get("/slow", slow)
    app.router.add_get("/stream-slow", stream_slow)
    app.router.add_post("/upload", upload)

    async def start():
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        print(f"PORT {port}", flush=True)
        await asyncio.Event().wait()

    try:
        asyncio.run(start())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())

/**
 * The HTTP/1.1 server: an app with routes whose handlers are coroutines (FastAPI's and aiohttp.web's job).
 */
package io.jasyncio.http.server;

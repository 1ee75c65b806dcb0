/**
 * The HTTP/1.1 client: a {@code ClientSession} with a connection pool (aiohttp's and httpx's job).
 */
package io.jasyncio.http.client;
